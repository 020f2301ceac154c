"""The attacker's view: everything a viewer may ask the statistics API, combined, must not pin a small count.

The attacker knows what ADR 0012 says any reader can know: every number the API answers, that an empty
cell is answered as 0 and a hidden one is at least 1, that a period is the sum of its months and a
single-valued dimension's values sum to their total (when all of them were asked), that observations
mentioning a phenomenon or client group are among the observations of their total, and that every
observation has a phenomenon. The relations are worked out here from the answers alone (their keys and
windows), not from the release's own tables, and solved as integer programmes: a hidden count of 1 … k−1
that can be pinned to one value, or shown to be below k, fails the test. The data are made at random
(fixed seeds) through the same services the application uses.
"""

import datetime
import random
from itertools import product

import pytest
from django.urls import reverse

from rake.analysis.tests.helpers import accepted_observation
from rake.observations.models import Observation
from rake.privacy.tests.attacker import Attacker

URL = reverse("api:stats-observations")
PHENOMENA = ["homelessness", "livelihood", "mental_health", "substance_use", "other", "homelessness.hostels"]
MUNICIPALITIES = ["179", "077", "172", "182"]  # Jyväskylä, Hankasalmi, Joutsa, Jämsä (county 15)
GROUPS = ["children", "young_people", "older_people"]
SHAPES = [[], ["phenomenon"], ["polarity"], ["observation_type"], ["client_group"], ["support_need"], ["sub_theme"],
          ["municipality"], ["phenomenon", "polarity"], ["phenomenon", "observation_type"],
          ["phenomenon", "client_group"], ["phenomenon", "support_need"], ["phenomenon", "municipality"],
          ["polarity", "client_group"], ["polarity", "support_need"]]


def _random_county(reporter, coordinator, seed, n):
    rng = random.Random(seed)
    for _ in range(n):
        year = rng.choice([2024, 2025, 2025])
        accepted_observation(
            reporter, coordinator,
            observed_on=datetime.date(year, rng.choice([1, 2, 4, 5, 7, 9, 11]), rng.randint(1, 28)).isoformat(),
            municipality=rng.choice(MUNICIPALITIES + [None]),
            phenomena=rng.sample(PHENOMENA[:5], rng.choice([1, 1, 1, 2])) if rng.random() > 0.2 else [PHENOMENA[5]],
            polarity=rng.choice(["negative", "negative", "positive", "mixed"]),
            observation_type=rng.choice(["need", "need", "service_effect", "good_practice"]),
            client_groups=rng.sample(GROUPS, rng.choice([0, 1, 1, 2])),
            support_needs=rng.sample([1, 3, 5], rng.choice([0, 1])),
        )


def _facts():
    """Each counted observation of county 15 as the values a statistics row can select on."""
    facts = []
    for observation in Observation.objects.filter(county_code="15", status="accepted").prefetch_related(
            "phenomena", "client_groups", "support_needs"):
        phenomena = {p.national_code for p in observation.phenomena.all()}
        facts.append({
            "month": observation.observed_on.replace(day=1),
            "municipality": observation.municipality_code or "",
            "polarity": observation.polarity, "observation_type": observation.observation_type.code,
            "phenomenon": phenomena, "sub_theme": {p.code for p in observation.phenomena.all() if p.parent_id},
            "client_group": {g.code for g in observation.client_groups.all()},
            "support_need": {str(n.code) for n in observation.support_needs.all()},
        })
    return facts


def _months(key):
    year = int(key[:4])
    if len(key) == 4:
        return [datetime.date(year, m, 1) for m in range(1, 13)]
    if key[4] == "H":
        first = 1 if key[5] == "1" else 7
        return [datetime.date(year, m, 1) for m in range(first, first + 6)]
    if key[4] == "Q":
        first = (int(key[5]) - 1) * 3 + 1
        return [datetime.date(year, m, 1) for m in range(first, first + 3)]
    return [datetime.date(year, int(key[5:]), 1)]


def _matches(fact, selection, months):
    if fact["month"] not in months:
        return False
    for name, value in selection.items():
        value = str(value)
        if isinstance(fact[name], set):
            if value not in fact[name]:
                return False
        elif fact[name] != value:
            return False
    return True


def _window(since, until):
    months, month = [], since
    while month <= until:
        months.append(month)
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def _harvest(client):
    """Every question the viewer may ask over 2024–2025, with shifted windows, filters beside breakdowns and
    every period grain: ([(selection, months, count | None)], number refused, families). A family is
    everything one breakdown answered: {(total's cell, dimension): [part cells]}, complete (a missing row is 0)."""
    answers, refused, families = [], 0, {}
    windows = [(datetime.date(y, 1, 1), datetime.date(y, 12, 1)) for y in (2024, 2025)]
    windows += [(datetime.date(2024, 1, 1), datetime.date(2025, 12, 1))]
    windows += [(datetime.date(2025, m, 1), datetime.date(2025, m + s, 1)) for m in (1, 2, 4, 7) for s in (0, 1, 2, 5)
                if m + s <= 12]
    filter_values = {"phenomenon": PHENOMENA[:5], "polarity": ["negative", "positive", "mixed"],
                     "observation_type": ["need", "service_effect", "good_practice"]}
    questions = []
    for group_by in SHAPES:
        for since, until in windows:
            questions.append(({"group_by": ",".join(group_by)}, since, until))
        for period in ("month", "quarter", "half", "year"):
            questions.append(({"group_by": ",".join(group_by + ["period"]), "period": period},
                              datetime.date(2024, 1, 1), datetime.date(2025, 12, 1)))
        for name, values in filter_values.items():
            if name in group_by:
                continue
            for value in values:
                questions.append(({"group_by": ",".join(group_by), name: value}, windows[1][0], windows[1][1]))
    for params, since, until in questions:
        params = {**params, "county": "15", "since": since.strftime("%Y-%m"), "until": until.strftime("%Y-%m")}
        response = client.get(URL, params)
        if response.status_code == 400:
            assert response.json()["code"] == "query_not_allowed", response.content
            refused += 1
            continue
        assert response.status_code == 200, response.content
        fixed = {name: params[name] for name in filter_values if name in params}
        group_by = [name for name in params["group_by"].split(",") if name]
        for name in group_by:  # every breakdown of this answer starts a family, empty ones included
            if name == "period":
                families.setdefault((_cell(fixed, _window(since, until)), "period:" + params["period"]), [])
        for row in response.json()["rows"]:
            selection = dict(fixed)
            months = _window(since, until)
            for name, value in row.items():
                if name in ("count", "suppressed", "county"):
                    continue
                if name == "period":
                    months = _months(value)
                else:
                    selection[name] = value
            answers.append((selection, months, row["count"]))
            for name in group_by:
                if name == "period":
                    rest = selection
                    families.setdefault((_cell(rest, _window(since, until)), "period:" + params["period"]), []).append(
                        _cell(selection, months))
                else:
                    rest = {key: value for key, value in selection.items() if key != name}
                    families.setdefault((_cell(rest, months), name), []).append(_cell(selection, months))
    return answers, refused, families


SINGLE = {"polarity": ["negative", "positive", "mixed"], "observation_type": ["need", "service_effect", "good_practice"],
          "municipality": MUNICIPALITIES + [""]}
MULTI = ("phenomenon", "sub_theme", "client_group", "support_need")


def _cell(selection, months):
    return (tuple(sorted((name, str(value)) for name, value in selection.items())), tuple(sorted(months)))


def _attack(answers, families, facts, threshold=5):
    """[(cell, true count, low, high)] for hidden cells of 1 … k−1 whose bounds the attacker can narrow below k."""
    known, hidden = {}, set()
    for selection, months, count in answers:
        cell = _cell(selection, months)
        if count is None:
            hidden.add(cell)
        else:
            known[cell] = count
    attacker = Attacker(known, hidden)
    for (total, name), parts in families.items():
        parts = list(dict.fromkeys(parts))  # the same breakdown may have been asked twice
        if total not in known and total not in hidden:
            continue  # nobody asked for that total
        if name.startswith("period:") or name in SINGLE:
            attacker.equal(parts, [total])  # the parts of a breakdown tile its total (months; one value each)
        else:
            for part in parts:
                attacker.at_most([part], [total])  # a part lies within its total
            if name == "phenomenon":
                attacker.at_most([total], parts)  # every observation has a phenomenon

    def true(cell):
        return sum(1 for fact in facts if _matches(fact, dict(cell[0]), set(cell[1])))

    # What the attacker is told to know must hold for the true counts, or the attack proves nothing.
    for plus, minus in attacker.equalities:
        assert sum(map(true, plus)) == sum(map(true, minus)), ("equal", plus, minus)
    for plus, minus in attacker.orderings:
        assert sum(map(true, plus)) <= sum(map(true, minus)), ("at most", plus, minus)
    weak = []
    for cell in attacker.hidden:
        count = true(cell)
        if not 1 <= count < threshold:
            continue
        low, high = attacker.bounds(cell)
        assert low <= count <= high, (cell, count, low, high)
        if high < threshold:
            weak.append((cell, count, low, high))
    return weak


@pytest.mark.parametrize("seed", [1, 2])
def test_no_small_count_can_be_pinned_by_combining_every_question(api_as, viewer, reporter, coordinator, seed):
    _random_county(reporter, coordinator, seed, 70)
    facts = _facts()
    answers, refused, families = _harvest(api_as(viewer))
    assert refused and answers
    for selection, months, count in answers:
        true = sum(1 for fact in facts if _matches(fact, selection, set(months)))
        if count is None:
            assert true >= 1, (selection, months)  # an empty cell is answered 0, never hidden
        else:
            assert count == true, (selection, months)  # a published number is the true count
    assert not _attack(answers, families, facts)


def test_questions_that_cut_a_published_period_are_refused(api_as, viewer, reporter, coordinator):
    _random_county(reporter, coordinator, 3, 10)
    client = api_as(viewer)
    for params in ({"group_by": "polarity", "since": "2025-02", "until": "2025-03"},
                   {"group_by": "phenomenon,period", "period": "quarter", "since": "2025-02", "until": "2025-12"},
                   {"group_by": "client_group,period", "period": "quarter"},
                   {"group_by": "polarity,observation_type"},
                   {"group_by": "phenomenon", "polarity": "negative", "observation_type": "need"}):
        response = client.get(URL, {"county": "15", **params})
        assert response.status_code == 400 and response.json()["code"] == "query_not_allowed", params
