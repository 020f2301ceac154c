"""The attacker's view: every output a role without raw access can reach, combined, must not pin a small count.

The outputs, each harvested by its own function and all attacked together:

- the statistics API as a viewer of county 15: every shape, shifted and overlapping windows, every period
  grain, filters beside breakdowns (`_viewer_api`);
- the statistics API as a national user: each county on its own, rows per county (`group_by=county`) and the
  whole country (`_national_api`);
- the dashboard's CSV downloads of the viewer and of the national user, with their previous-period column and
  rates per 10,000 inhabitants (`_downloads`);
- the figures of published reports, which are public: each county for a year, a half-year and a quarter
  (`_reports`).

The attacker knows what ADR 0012 says any reader can know, and nothing of the microdata: every number
published, that an empty cell is published as 0 (an answer's missing row is 0) and a hidden one is at least 1,
that a period or window is the sum of its parts, that a single-valued dimension's values sum to their total
(the whole country over its counties, a county over its municipalities, polarities, observation types: the
values any answer over the whole window shows), that observations mentioning a phenomenon, sub-theme, client
group or support need are among their total's, and that every observation has a phenomenon. The relations are
worked out here from the published keys and windows alone, not from the release's own tables; each is checked
against the true counts before it is used, and together they are solved as integer programmes: a hidden count
of 1 … k−1 that can be pinned to one value, or shown to be below k, fails the test. The data are made at
random (fixed seeds) through the same services the application uses, in three counties.
"""

import calendar
import csv
import datetime
import functools
import io
import operator
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.analysis.dashboard import Labels, period_keys, period_row_label
from rake.analysis.rollups import COUNTED_STATUSES
from rake.analysis.selectors import known_values
from rake.analysis.tests.helpers import LEGENDS, accepted_observation
from rake.areas.models import Area
from rake.areas.selectors import area_effective_year, area_list, county_population, municipality_population
from rake.core.dates import today
from rake.exchange.export import national_export_document
from rake.demo.generator import COUNTIES as DEMO_COUNTIES
from rake.demo.generator import START as DEMO_START
from rake.observations.models import Observation
from rake.privacy.tests.attacker import Attacker
from rake.publishing.content import build_figures
from rake.core.periods import parse_period
from rake.taxonomy.models import ObservationType, Phenomenon, SupportNeed

URL = reverse("api:stats-observations")
THRESHOLD = 5
PHENOMENA = ["homelessness", "livelihood", "mental_health", "substance_use", "other", "homelessness.hostels"]
# Sub-themes the data mention: several of one phenomenon, so that its table can fall back to "other sub-themes".
SUB_THEMES = ["homelessness.hostels", "homelessness.eviction_threat", "homelessness.rough_sleeping",
              "livelihood.debt", "livelihood.food_aid"]
# Municipalities of each county (rake/areas/data/municipalities.csv): Jyväskylä, Hankasalmi, Joutsa, Jämsä;
# Tampere, Nokia, Orivesi; Lappeenranta, Imatra, Lemi.
COUNTIES = {"15": ["179", "077", "172", "182"], "08": ["837", "536", "562"], "11": ["405", "153", "416"]}
MUNICIPALITIES = COUNTIES["15"]
OBSERVATIONS = {"15": 70, "08": 40, "11": 25}
GROUPS = ["children", "young_people", "older_people"]
SHAPES = [[], ["phenomenon"], ["polarity"], ["observation_type"], ["client_group"], ["support_need"], ["sub_theme"],
          ["municipality"], ["phenomenon", "polarity"], ["phenomenon", "observation_type"],
          ["phenomenon", "client_group"], ["phenomenon", "support_need"], ["phenomenon", "municipality"],
          ["polarity", "client_group"], ["polarity", "support_need"]]
FILTERS = {"phenomenon": PHENOMENA[:5], "polarity": ["negative", "positive", "mixed"],
           "observation_type": ["need", "service_effect", "good_practice"]}
SINGLE = ("county", "municipality", "polarity", "observation_type")  # one value per observation
# A county-year's other-sub-themes cell: the observations with any of the sub-themes ("a|b") its release hides;
# and a shown row of other sub-themes, the sum of those cells over the counties and years of its range.
ANY_SUB_THEME, OTHER_ROW = "any_sub_theme", "other_sub_themes"
MULTI = ("phenomenon", "sub_theme", "client_group", "support_need")  # several values per observation


# --- data -------------------------------------------------------------------------------------------------

def _random_county(reporter, coordinator, seed, n, municipalities=MUNICIPALITIES):
    rng = random.Random(seed)
    for _ in range(n):
        year = rng.choice([2024, 2025, 2025])
        accepted_observation(
            reporter, coordinator,
            observed_on=datetime.date(year, rng.choice([1, 2, 4, 5, 7, 9, 11]), rng.randint(1, 28)).isoformat(),
            municipality=rng.choice(municipalities + [None]),
            phenomena=rng.sample(PHENOMENA[:5], rng.choice([1, 1, 1, 2])) if rng.random() > 0.3 else
            rng.sample(SUB_THEMES, rng.choice([1, 1, 2])),
            polarity=rng.choice(["negative", "negative", "positive", "mixed"]),
            observation_type=rng.choice(["need", "need", "service_effect", "good_practice"]),
            client_groups=rng.sample(GROUPS, rng.choice([0, 1, 1, 2])),
            support_needs=rng.sample([1, 3, 5], rng.choice([0, 1])),
        )


def _random_counties(reporter, coordinator, seed):
    """County 15 through the given members, 08 and 11 through their own."""
    _random_county(reporter, coordinator, seed, OBSERVATIONS["15"])
    for county in ("08", "11"):
        _random_county(MemberFactory(username=f"reporter-{county}", role=Role.REPORTER, county=county),
                       MemberFactory(username=f"coordinator-{county}", role=Role.COORDINATOR, county=county),
                       seed * 100 + int(county), OBSERVATIONS[county], COUNTIES[county])


class Truth:
    """The true count of a cell, from the counted observations: one bit set of observations per value."""

    def __init__(self):
        self.masks, self.by_month, self.known = defaultdict(int), defaultdict(int), {}
        self.sums = {}  # cell → the cells it is the sum of (Harvest.sums: the rows of other sub-themes)
        observations = Observation.objects.filter(status__in=COUNTED_STATUSES).select_related(
            "observation_type").prefetch_related("phenomena", "client_groups", "support_needs")
        for bit, observation in enumerate(observations):
            values = {
                "county": {observation.county_code}, "municipality": {observation.municipality_code or ""},
                "polarity": {observation.polarity}, "observation_type": {observation.observation_type.code},
                "phenomenon": {p.national_code for p in observation.phenomena.all()},
                "sub_theme": {p.code for p in observation.phenomena.all() if p.parent_id},
                "client_group": {g.code for g in observation.client_groups.all()},
                "support_need": {str(n.code) for n in observation.support_needs.all()},
            }
            for name, codes in values.items():
                for code in codes:
                    self.masks[(name, code)] |= 1 << bit
            self.by_month[observation.observed_on.replace(day=1)] |= 1 << bit

    def __call__(self, cell):
        if cell in self.sums:
            return sum(map(self, self.sums[cell]))
        if cell not in self.known:
            selection, months = cell
            mask = 0
            for month in months:
                mask |= self.by_month[month]
            for name, value in selection:
                if name == ANY_SUB_THEME:  # observations with at least one of these sub-themes
                    mask &= functools.reduce(operator.or_, (self.masks[("sub_theme", code)]
                                                            for code in value.split("|")), 0)
                else:
                    mask &= self.masks[(name, value)]
            self.known[cell] = bin(mask).count("1")
        return self.known[cell]


# --- months and cells ---------------------------------------------------------------------------------------

def _next(month, step=1):
    index = month.year * 12 + month.month - 1 + step
    return datetime.date(index // 12, index % 12 + 1, 1)


def _window(since, until):
    months, month = [], since.replace(day=1)
    while month <= until:
        months.append(month)
        month = _next(month)
    return months


WHOLE = tuple(_window(datetime.date(2024, 1, 1), datetime.date(2025, 12, 1)))  # every month with data
GRAIN_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def _months(key):
    """The months of a period key: '2025', '2025H1', '2025Q2', '2025-04'."""
    year = int(key[:4])
    if len(key) == 4:
        return _window(datetime.date(year, 1, 1), datetime.date(year, 12, 1))
    if key[4] == "H":
        first = 1 if key[5] == "1" else 7
        return _window(datetime.date(year, first, 1), datetime.date(year, first + 5, 1))
    if key[4] == "Q":
        first = (int(key[5]) - 1) * 3 + 1
        return _window(datetime.date(year, first, 1), datetime.date(year, first + 2, 1))
    return [datetime.date(year, int(key[5:]), 1)]


def _grain_of(key):
    """The grain of a period key."""
    return "year" if len(key) == 4 else {"H": "half", "Q": "quarter"}.get(key[4], "month")


def _calendar(months, grain):
    """Whether the months are one whole calendar period of the grain."""
    size = GRAIN_MONTHS[grain]
    return len(months) == size and (months[0].month - 1) % size == 0 and months[-1] == _next(months[0], size - 1)


def _pieces(months, grain):
    """The window's months by period of the grain (the rows of a breakdown by period)."""
    pieces = []
    for month in months:
        if pieces and (month.month - 1) // GRAIN_MONTHS[grain] == (pieces[-1][0].month - 1) // GRAIN_MONTHS[grain] \
                and month.year == pieces[-1][0].year:
            pieces[-1].append(month)
        else:
            pieces.append([month])
    return pieces


def _split(months):
    """Parts a window is the sum of: a calendar period's sub-periods (year → halves → quarters → months), any
    other window's longest whole periods."""
    months = sorted(months)
    for grain, smaller in (("year", "half"), ("half", "quarter"), ("quarter", "month")):
        if _calendar(months, grain):
            return _pieces(months, smaller)
    parts, index = [], 0
    while index < len(months):
        for grain in ("year", "half", "quarter", "month"):
            size = GRAIN_MONTHS[grain]
            if index + size <= len(months) and _calendar(months[index:index + size], grain):
                parts.append(months[index:index + size])
                index += size
                break
    return parts if len(parts) > 1 else None


_parents = {}


def _sub_theme_parent(code):
    """A sub-theme's national phenomenon (public taxonomy)."""
    if not _parents:
        _parents.update(Phenomenon.objects.filter(parent__isnull=False).values_list("code", "parent__code"))
    return _parents.get(code)


def _cell(selection, months):
    """A cell's key: (sorted (dimension, value) pairs, sorted months). A sub-theme's observations all mention its
    phenomenon, so that phenomenon beside it says nothing more and is left out."""
    selection = {name: str(value) for name, value in selection.items()}
    if "sub_theme" in selection and selection.get("phenomenon") == _sub_theme_parent(selection["sub_theme"]):
        del selection["phenomenon"]
    return tuple(sorted(selection.items())), tuple(sorted(months))


def _with(cell, **values):
    selection, months = cell
    return _cell({**dict(selection), **values}, months)


def _without(cell, name):
    selection, months = cell
    return tuple(pair for pair in selection if pair[0] != name), months


@dataclass
class Harvest:
    """What the attacker collected.

    answers: [(cell, count | None, source)]. families: {(total cell, dimension or "period:<grain>"): [part
    cells]}, each everything one breakdown showed, so complete (a missing part is 0). stated: {(fixed pairs,
    dimensions, months)}: an answer or table showed every cell of these dimensions with these fixed values over
    these months, so a cell of it that it did not show is 0."""

    answers: list = field(default_factory=list)
    families: dict = field(default_factory=dict)
    stated: set = field(default_factory=set)
    refused: int = 0
    sizes: Counter = field(default_factory=Counter)  # (source, "answers" or "cells") → number
    sums: dict = field(default_factory=dict)  # shown row of other sub-themes → its county-year cells
    counties: tuple = tuple(COUNTIES)  # the counties with data, the viewer's first
    unknowns: set = field(default_factory=set)  # cells never shown that a shown number is the sum of

    def other_sub_themes(self, fixed, phenomenon, months, count, source):
        """A shown row of other sub-themes: the sum, over the counties and years of the range, of each
        county-year's observations with any of the phenomenon's sub-themes hidden in that year (two or more;
        with one there is no such cell). Which are hidden the attacker reads from the harvest's year tables."""
        row = _cell({**fixed, OTHER_ROW: phenomenon}, months)
        hidden = defaultdict(set)
        for (selection, cell_months), value, _source in self.answers:
            names = dict(selection)
            if value is None and set(names) == {"county", "sub_theme"} and \
                    _sub_theme_parent(names["sub_theme"]) == phenomenon and _calendar(list(cell_months), "year"):
                hidden[(names["county"], cell_months)].add(names["sub_theme"])
        counties = [fixed["county"]] if "county" in fixed else list(self.counties)
        parts = []
        for county in counties:
            for year_months in _pieces(list(months), "year"):
                codes = hidden.get((county, tuple(year_months)), set())
                if len(codes) >= 2:
                    parts.append(_cell({"county": county, ANY_SUB_THEME: "|".join(sorted(codes))}, year_months))
        assert parts, (row, "a row of other sub-themes with no county-year behind it")
        self.sums[row] = parts
        self.unknowns.update(parts)
        self.add(row, count, source)

    def add(self, cell, count, source):
        self.answers.append((cell, count, source))
        self.sizes[(source, "cells")] += 1

    def family(self, total, name, part=None):
        parts = self.families.setdefault((total, name), [])
        if part is not None:
            parts.append(part)

    def state(self, fixed, dimensions, months):
        if "sub_theme" in dimensions and "phenomenon" in fixed:
            return  # a phenomenon's sub-themes only: another phenomenon's sub-theme is left out, not 0
        self.stated.add((frozenset(_cell(fixed, months)[0]), frozenset(dimensions), tuple(sorted(months))))

    def says_zero(self, cell):
        """Whether an answer that would have shown this cell left it out (so it is 0)."""
        selection, months = cell
        for size in range(len(selection) + 1):
            for fixed in combinations(selection, size):
                rest = frozenset(name for name, _value in selection if (name, _value) not in fixed)
                if (frozenset(fixed), rest, months) in self.stated:
                    return True
        return False


# --- source: the statistics API ---------------------------------------------------------------------------

def _questions():
    """(params, since, until) of every question of one scope over 2024–2025: each shape over whole years and
    shifted windows, by each period grain, and beside each filter."""
    windows = [(datetime.date(y, 1, 1), datetime.date(y, 12, 1)) for y in (2024, 2025)]
    windows += [(WHOLE[0], WHOLE[-1])]
    windows += [(datetime.date(2025, m, 1), datetime.date(2025, m + s, 1)) for m in (1, 2, 4, 7) for s in (0, 1, 2, 5)
                if m + s <= 12]
    questions = []
    for group_by in SHAPES:
        for since, until in windows:
            questions.append(({"group_by": ",".join(group_by)}, since, until))
        for period in ("month", "quarter", "half", "year"):
            questions.append(({"group_by": ",".join(group_by + ["period"]), "period": period}, WHOLE[0], WHOLE[-1]))
        for name, values in FILTERS.items():
            if name in group_by:
                continue
            for value in values:
                questions.append(({"group_by": ",".join(group_by), name: value}, windows[1][0], windows[1][1]))
    return questions


def _ask(harvest, client, params, since, until, source):
    """One question to the statistics API; its rows join the harvest. False when it is refused."""
    params = {**params, "since": since.strftime("%Y-%m"), "until": until.strftime("%Y-%m")}
    harvest.sizes[(source, "answers")] += 1
    response = client.get(URL, params)
    if response.status_code == 400:
        assert response.json()["code"] == "query_not_allowed", response.content
        harvest.refused += 1
        return False
    assert response.status_code == 200, response.content
    window = _window(since, until)
    fixed = {name: params[name] for name in ("county", *FILTERS) if name in params}
    group_by = [name for name in params["group_by"].split(",") if name]
    dimensions = {name for name in group_by if name != "period"}
    if "municipality" in dimensions and "county" not in fixed:
        dimensions.add("county")  # a municipality's row names its county
    for months in _pieces(window, params["period"]) if "period" in group_by else [window]:
        harvest.state(fixed, dimensions, months)
    if "period" in group_by:  # every breakdown by period starts a family, empty ones included
        harvest.family(_cell(fixed, window), "period:" + params["period"])
    for row in response.json()["rows"]:
        selection, months = dict(fixed), window
        for name, value in row.items():
            if name in ("count", "suppressed", "rate"):
                continue
            if name == "period":
                months = _months(value)
            else:
                selection[name] = value
        cell = _cell(selection, months)
        harvest.add(cell, row["count"], source)
        for name in group_by:
            if name == "period":
                harvest.family(_cell(selection, window), "period:" + params["period"], cell)
            elif name != "county" or "municipality" not in group_by:
                harvest.family(_without(cell, name), name, cell)
    return True


def _viewer_api(harvest, client):
    """Every question of a county's viewer; the questions answered (the others are refused)."""
    allowed = []
    for params, since, until in _questions():
        if _ask(harvest, client, {**params, "county": "15"}, since, until, "viewer API"):
            allowed.append((params, since, until))
    return allowed


def _national_api(harvest, client, allowed):
    """The questions a viewer may ask, as a national user: for each other county (the viewer's answers are the
    viewer's), with rows per county, and for the whole country (a sum over the counties, hidden when any
    county's cell is)."""
    for params, since, until in allowed:
        for county in harvest.counties[1:]:
            assert _ask(harvest, client, {**params, "county": county}, since, until, "national API per county")
        if "municipality" not in params["group_by"]:  # rows of municipalities name their county already
            by_county = ",".join(["county", *filter(None, params["group_by"].split(","))])
            assert _ask(harvest, client, {**params, "group_by": by_county}, since, until, "national API by county")
        assert _ask(harvest, client, params, since, until, "national API whole country")


# --- source: the dashboard's downloads ----------------------------------------------------------------------

DIMENSIONS = {"by-phenomenon": "phenomenon", "by-sub-theme": "sub_theme", "over-time": "period",
              "by-polarity": "polarity", "by-observation-type": "observation_type",
              "by-client-group": "client_group", "by-support-need": "support_need", "by-county": "county",
              "by-municipality": "municipality"}
OTHER_SUB_THEMES = "Other sub-themes"
PREVIOUS = re.compile(r"^Previous period \((\w+) (\d{4}) – (\w+) (\d{4})\)$")
MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}


@functools.cache
def _codes_by_label(name, year):
    """{label: code} of a dimension as the English downloads name its rows (people read labels, not codes);
    the period keys of 2020–2030 for "period". A download's row is taken back to its code by its label."""
    with translation.override("en"):
        if name == "period":
            keys = [key for grain in ("month", "quarter", "half", "year")
                    for key in period_keys(datetime.date(2020, 1, 1), datetime.date(2030, 12, 1), grain)]
            return {period_row_label(key): key for key in keys}
        if name in ("phenomenon", "sub_theme"):
            codes = list(Phenomenon.objects.values_list("code", flat=True))
        elif name == "polarity":
            codes = ["negative", "positive", "mixed", ""]
        elif name == "observation_type":
            codes = list(ObservationType.objects.values_list("code", flat=True)) + [""]
        elif name in ("county", "municipality"):
            kind = Area.Kind.COUNTY if name == "county" else Area.Kind.MUNICIPALITY
            codes = [area.code for area in area_list(kind=kind, year=year)] + ([""] if name == "municipality" else [])
        elif name == "support_need":  # numbered: the labels know them as numbers, the downloads had text
            codes = list(SupportNeed.objects.values_list("code", flat=True)) + [""]
        else:
            codes = known_values(name) + [""]
        labels = Labels(year=year)
        found = {}
        for code in codes:
            label = str(labels.label(name, code)[0])
            assert found.setdefault(label, str(code)) == str(code), (name, label)  # a label names one row
        return found


def _logged_in(user):
    client = Client()
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _number(text):
    return None if text == ".." else int(text)


def _download(harvest, client, slug, params, source):
    """One table of the dashboard as CSV: its counts and its previous period's join the harvest; the rate is
    hidden exactly where the count is and is the count per 10,000 inhabitants."""
    response = client.get(reverse("analysis:dashboard_download", args=[slug, "csv"]), params)
    assert response.status_code == 200, (slug, params, response.content)
    harvest.sizes[(source, "answers")] += 1
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = lines[0], lines[1:]
    legend = []
    if [] in body:
        legend, body = body[body.index([]) + 1:], body[:body.index([])]
    notes = [line for line in legend if line != [LEGENDS["en"]]]  # a coarser grain says so under the legend
    assert legend[:len(legend) - len(notes)] == ([[LEGENDS["en"]]] if any(".." in line for line in body) else []), \
        (slug, params, lines)
    assert len(notes) <= 1 and all(note[0].startswith(("By “", "Where most sub-themes")) for note in notes), notes
    harvest.sizes[("coarser", slug)] += len(notes)
    # A protected role's range is widened to whole calendar years; the previous period is as long, just before.
    since = datetime.date(int(params["since"][:4]), 1, 1)
    window = _window(since, datetime.date(int(params["until"][:4]), 12, 1))
    shift = -len(window)
    previous = [_next(month, shift) for month in window]
    column = {name: index for index, name in enumerate(header)}
    previous_heading = next(name for name in header if name.startswith("Previous period"))
    first_month, first_year, last_month, last_year = PREVIOUS.match(previous_heading).groups()
    assert (datetime.date(int(first_year), MONTHS[first_month], 1),
            datetime.date(int(last_year), MONTHS[last_month], 1)) == (previous[0], previous[-1]), (
        slug, params, previous_heading)
    rate_heading = next((name for name in header if name.startswith("Per 10,000 inhabitants")), None)
    name = DIMENSIONS[slug]
    codes = _codes_by_label(name, area_effective_year(window[-1].year))
    grain = params["period"]
    if name == "period" and body:  # mostly hidden by the grain asked, the table comes by a longer one
        grain = _grain_of(codes[body[0][0]])
        assert (grain != params["period"]) == bool(notes), (slug, params, lines)
    fixed = {"county": params["county"]} if params.get("county") else {}
    if params.get("phenomenon"):
        fixed["phenomenon"] = params["phenomenon"]
    dimensions = set() if name == "period" else {name} | ({"county"} if name == "municipality" else set())
    for months in (window, previous):
        if name == "period":
            harvest.family(_cell(fixed, months), "period:" + grain)
        else:
            harvest.state(fixed, dimensions, months)  # every code of either column is a row
    for line in body:
        if name == "period":
            key = codes[line[0]]
            cells = (_cell(fixed, _months(key)), _cell(fixed, [_next(month, shift) for month in _months(key)]))
        elif name == "sub_theme" and line[0] == OTHER_SUB_THEMES:  # the row of other sub-themes
            count = _number(line[column["Observations"]])
            assert count is not None and notes, line  # shown only with a number, and explained
            harvest.other_sub_themes({"county": params["county"]} if params["county"] else {}, params["phenomenon"],
                                     window, count, source)
            continue
        else:
            code = codes[line[0]]
            selection = {**fixed, name: code}
            if name == "municipality":
                selection["county"] = params["county"]
            cells = (_cell(selection, window), _cell(selection, previous))
        count, earlier = _number(line[column["Observations"]]), _number(line[column[previous_heading]])
        for cell, value, total_months, label in ((cells[0], count, window, source),
                                                 (cells[1], earlier, previous, source + " (previous period)")):
            harvest.add(cell, value, label)
            total = _cell(fixed, total_months)
            harvest.family(total, "period:" + grain if name == "period" else name, cell)
        change, percent = line[column["Change"]], line[column["Change %"]]
        if count is not None and earlier:
            assert (int(change), int(percent)) == (count - earlier, round(100 * (count - earlier) / earlier)), line
        else:
            assert change == percent == "", line
        if rate_heading is not None:
            rate = line[column[rate_heading]]
            if count is None:
                assert rate == "..", (slug, params, line)
                continue
            assert rate != "..", (slug, params, line)
            year = window[-1].year
            found = municipality_population(code, year) if name == "municipality" and code else \
                county_population(code, year) if name == "county" else None
            if found:
                assert f"31 Dec {found[1]}" in rate_heading, rate_heading
            assert (float(rate) if rate else None) == (round(count * 10_000 / found[0], 1) if found else None), line


def _downloads(harvest, client, scopes, ranges, phenomena, source):
    """Every table of the dashboard for each scope (a county, or "" for the whole country), range and phenomenon;
    the over-time table by every period grain."""
    for county in scopes:
        for since, until in ranges:
            for phenomenon in phenomena:
                params = {"since": since, "until": until, "county": county}
                if phenomenon:
                    params["phenomenon"] = phenomenon
                for slug in DIMENSIONS:
                    if slug == "by-sub-theme" and not phenomenon or slug == "by-county" and county != "" or \
                            slug == "by-municipality" and county == "":
                        continue
                    grains = ("month", "quarter", "half", "year") if slug == "over-time" else ("month",)
                    for grain in grains:
                        _download(harvest, client, slug, {**params, "period": grain}, source)


# --- source: published reports ------------------------------------------------------------------------------

def _reports(harvest, source="reports"):
    """Every count in the figures of each county's report for 2025, its first half and its second quarter."""
    for county in harvest.counties:
        for key in ("2025", "2025H1", "2025Q2"):
            period = parse_period(key)
            figures = build_figures(county=county, period=period, language="fi")
            harvest.sizes[(source, "answers")] += 1
            window = _window(period.since, period.until)
            previous = [_next(month, -len(window)) for month in window]
            assert (figures["period"]["since"], figures["period"]["previous_since"]) == (
                window[0].isoformat(), previous[0].isoformat())
            fixed = {"county": county}
            totals = figures["totals"]
            # A rate per 10,000 is shown only beside a published count: hidden with it, never alone.
            rated = [totals] + next(table["rows"] for table in figures["tables"] if table["slug"] == "by-phenomenon")
            for row in rated:
                assert (row.get("rate") is None) >= (row["count"] is None), (county, key, row)
            harvest.add(_cell(fixed, window), totals["count"], source)
            harvest.add(_cell(fixed, previous), totals["previous"], source)
            slugs = {table["slug"] for table in figures["tables"]}
            if "by-polarity" in slugs:
                harvest.add(_cell({**fixed, "polarity": "negative"}, window), totals["negative"], source)
            if totals["top_phenomenon"]:
                harvest.add(_cell({**fixed, "phenomenon": totals["top_phenomenon"]["code"]}, window),
                            totals["top_phenomenon"]["count"], source)
            for table in figures["tables"]:
                name = table["dimension"]
                if name == "period":
                    harvest.family(_cell(fixed, window), "period:" + table["grain"])
                    for row in table["rows"]:
                        cell = _cell(fixed, _months(row["code"]))
                        harvest.add(cell, row["count"], source)
                        harvest.family(_cell(fixed, window), "period:" + table["grain"], cell)
                    continue
                harvest.state(fixed, {name}, window)
                if table["split"]:
                    harvest.state(fixed, {name, "polarity"}, window)
                for row in table["rows"]:
                    if row.get("merged"):  # other sub-themes of the row's phenomenon
                        harvest.other_sub_themes(fixed, row["phenomenon"], window, row["count"], source)
                        continue
                    cell = _cell({**fixed, name: row["code"]}, window)
                    harvest.add(cell, row["count"], source)
                    harvest.family(_cell(fixed, window), name, cell)
                    if table["previous"]:  # shown for this period's rows only: no family
                        harvest.add(_cell({**fixed, name: row["code"]}, previous), row["previous"], source)
                    if table["split"]:
                        harvest.family(cell, "polarity")
                        for polarity, shown in row["cells"].items():
                            part = _with(cell, polarity=polarity)
                            harvest.add(part, shown["count"], source)
                            harvest.family(cell, "polarity", part)
                            harvest.family(_cell({**fixed, "polarity": polarity}, window), name, part)


def _exchange(harvest, client, source="exchange"):
    """Every cell of the rake-exchange/2 documents a national user exports for 2024 and 2025."""
    for year in (2024, 2025):
        response = client.get(reverse("api:exports-national"), {"year": year})
        assert response.status_code == 200, response.content
        document = response.json()
        harvest.sizes[(source, "answers")] += 1
        for table in document["tables"]:
            name = table["dimensions"][2] if len(table["dimensions"]) > 2 else None
            periods = [str(year)] if table["id"] != "half_phenomenon" else [f"{year}H1", f"{year}H2"]
            for county in harvest.counties:
                for period in periods:
                    if name:  # the table lists every non-empty cell of the county and period: the rest are 0
                        harvest.state({"county": county}, {name}, _months(period))
                        harvest.family(_cell({"county": county}, _months(period)), name)
            for row in table["cells"]:
                fixed = {"county": row["county"]}
                months = _months(row["period"])
                if name is None:
                    harvest.add(_cell(fixed, months), row["count"], source)
                    continue
                value = str(row[name])
                if name in ("polarity", "observation_type") and value == "not_given":
                    value = ""
                cell = _cell({**fixed, name: value}, months)
                harvest.add(cell, row["count"], source)
                harvest.family(_cell(fixed, months), name, cell)


# --- the attack ---------------------------------------------------------------------------------------------

def _check_published(harvest, truth, threshold=THRESHOLD, consistent=True):
    """Every published number is the true count and never a small one, a hidden one is not empty, and a cell is
    shown the same way (a number or "..") by every output that shows it."""
    truth.sums = harvest.sums
    shown = {}
    for cell, count, source in harvest.answers:
        if count is None:
            assert truth(cell) >= 1, (source, cell)  # an empty cell is published as 0, never hidden
        else:
            assert count == truth(cell), (source, cell, count, truth(cell))
            assert not 1 <= count < threshold, (source, cell, count)
        first = shown.setdefault(cell, (count, source))
        assert first[0] == count or not consistent, (cell, first, (count, source))


def _relations(harvest, known, hidden):
    """(equalities, orderings, zeros): what the attacker knows, as (plus cells, minus cells), over cells whose
    value they have (published, hidden, or 0 by an answer that left them out: the zeros)."""
    equalities, orderings = {}, {}
    zero = {}
    kinds = Counter()

    def valued(cell):
        if cell in known or cell in hidden:
            return True
        if cell not in zero:
            zero[cell] = harvest.says_zero(cell)
        return zero[cell]

    def equal(parts, total, kind):
        key = (frozenset(parts), total)
        if key not in equalities and valued(total) and all(map(valued, parts)):
            equalities[key] = (list(parts), [total])
            kinds[kind] += 1

    def at_most(part, wholes, kind):
        key = (part, frozenset(wholes))
        if key not in orderings and valued(part) and all(map(valued, wholes)):
            orderings[key] = ([part], list(wholes))
            kinds[kind] += 1

    for (total, name), parts in harvest.families.items():
        parts = list(dict.fromkeys(parts))  # the same breakdown may have been asked twice
        if name.startswith("period:") or name in SINGLE:
            equal(parts, total, "breakdown: parts = total")  # periods; one value each
        else:
            for part in parts:
                at_most(part, [total], "breakdown: part ≤ total")  # a value of a multi-valued dimension
            if name == "phenomenon":
                at_most(total, parts, "breakdown: total ≤ Σ phenomena")  # every observation has a phenomenon

    def domain(name, scope):
        """The values of a dimension any observation of the scope has over the whole window (the others are 0)."""
        parts = harvest.families.get((_cell(dict(scope), WHOLE), name))
        return None if parts is None else sorted({dict(part[0])[name] for part in parts})

    for row, parts in harvest.sums.items():
        equal(parts, row, "other sub-themes = Σ county-years")
    for cell in list(known) + sorted(hidden, key=str):
        selection, months = cell
        names = dict(selection)
        if ANY_SUB_THEME in names:  # each of its sub-themes lies within it, and together they cover it
            county = {"county": names["county"]}
            codes = [_cell({**county, "sub_theme": code}, months) for code in names[ANY_SUB_THEME].split("|")]
            for part in codes:
                at_most(part, [cell], "sub-theme ≤ other sub-themes")
            at_most(cell, codes, "other sub-themes ≤ Σ sub-themes")
            parent = _sub_theme_parent(names[ANY_SUB_THEME].split("|")[0])
            at_most(cell, [_cell({**county, "phenomenon": parent}, months)], "other sub-themes ≤ phenomenon")
            continue
        if OTHER_ROW in names:
            continue  # known through its county-years only
        scope = [pair for pair in selection if pair[0] == "county"]
        if set(months) <= set(WHOLE):
            for name in SINGLE:
                if name in names or name == "municipality" and not scope:
                    continue
                values = domain(name, scope)
                if values is not None:  # a total is the sum of its values: counties, municipalities, …
                    equal([_with(cell, **{name: value}) for value in values], cell, f"Σ {name} = total")
            values = domain("phenomenon", scope)
            if values is not None and "phenomenon" not in names and "sub_theme" not in names:
                at_most(cell, [_with(cell, phenomenon=value) for value in values], "total ≤ Σ phenomena")
        for name in MULTI:
            if name in names:
                at_most(cell, [_without(cell, name)], f"{name} ≤ total")  # mentioning one is among the total
        if "sub_theme" in names:
            at_most(cell, [_with(_without(cell, "sub_theme"), phenomenon=_sub_theme_parent(names["sub_theme"]))],
                    "sub-theme ≤ its phenomenon")
        parts = _split(months)
        if parts:
            equal([(selection, tuple(part)) for part in parts], cell, "Σ periods = window")
    harvest.sizes.update({("relations", kind): number for kind, number in kinds.items()})
    return list(equalities.values()), list(orderings.values()), [cell for cell, is_zero in zero.items() if is_zero]


def _attack(harvest, truth, threshold=THRESHOLD):
    """[(cell, true count, low, high)] for hidden cells of 1 … k−1 whose bounds the attacker can narrow below k."""
    known, hidden = {}, set()
    for cell, count, _source in harvest.answers:
        if count is None:
            hidden.add(cell)
        else:
            known[cell] = count
    hidden -= set(known)  # published elsewhere: then the attacker knows it
    hidden |= harvest.unknowns - set(known)
    truth.sums = harvest.sums
    equalities, orderings, zeros = _relations(harvest, known, hidden)
    # What the attacker is told to know must hold for the true counts, or the attack proves nothing.
    for cell in zeros:
        assert truth(cell) == 0, ("left out, so 0", cell)
    for plus, minus in equalities:
        assert sum(map(truth, plus)) == sum(map(truth, minus)), ("equal", plus, minus)
    for plus, minus in orderings:
        assert sum(map(truth, plus)) <= sum(map(truth, minus)), ("at most", plus, minus)
    attacker = Attacker(known, hidden)
    for plus, minus in equalities:
        attacker.equal(plus, minus)
    for plus, minus in orderings:
        attacker.at_most(plus, minus)
    small = [cell for cell in attacker.hidden if 1 <= truth(cell) < threshold]
    weak = []
    for cell, (low, high) in attacker.below(small, threshold).items():
        assert low <= truth(cell) <= high, (cell, truth(cell), low, high)
        weak.append((cell, truth(cell), low, high))
    harvest.sizes[("attack", "hidden")] = len(attacker.hidden)
    harvest.sizes[("attack", "small hidden")] = len(small)
    harvest.sizes[("attack", "equalities")] = len(equalities)
    harvest.sizes[("attack", "orderings")] = len(orderings)
    harvest.sizes.update({("attack", name): value for name, value in attacker.stats.items()})
    return weak


def _harvest_everything(viewer_api, national_api, viewer_pages, national_pages, counties=tuple(COUNTIES)):
    """Every output a viewer of county 15, a national user and the public can reach, in one harvest: the API,
    the dashboard's downloads, the reports' figures and the national exchange. `counties`: those with data,
    county 15 first."""
    harvest = Harvest(counties=counties)
    allowed = _viewer_api(harvest, viewer_api)
    assert harvest.refused and allowed
    _national_api(harvest, national_api, allowed)
    # Ranges a protected role gets widened to 2025 (previous period 2024) and to 2024–2025 (the API asks the
    # latter's phenomena by breakdown already).
    _downloads(harvest, viewer_pages, ["15"], [("2025-03", "2025-05")], [None, *PHENOMENA[:5]], "viewer downloads")
    _downloads(harvest, viewer_pages, ["15"], [("2024-06", "2025-02")], [None], "viewer downloads")
    _downloads(harvest, national_pages, ["", *counties[1:]], [("2025-03", "2025-05")], [None, "homelessness"],
               "national downloads")
    _reports(harvest)
    _exchange(harvest, national_api)
    return harvest


@pytest.mark.parametrize("seed", [1, 2])
def test_no_small_count_can_be_pinned_by_combining_every_output(api_as, viewer, national, reporter, coordinator,
                                                                seed):
    _random_counties(reporter, coordinator, seed)
    truth = Truth()
    harvest = _harvest_everything(api_as(viewer), api_as(national), _logged_in(viewer), _logged_in(national))
    _check_published(harvest, truth)
    # Tables mostly hidden fell back to a coarser grain, and the attack had those outputs too.
    assert harvest.sums and harvest.sizes[("coarser", "over-time")], dict(harvest.sizes)
    assert not _attack(harvest, truth)


def test_the_demo_data_publish_most_of_the_exchange_and_no_small_count_can_be_pinned(api_as, viewer, national):
    """The demo (about 4,000 observations through the services; the slowest test of the suite): in every full
    calendar year the rake-exchange/2 document publishes at least half of its cells, every county has
    published cells and year × phenomenon is at least 80 % published for every county (issue 14); and the
    attack over every output, as above, pins nothing."""
    call_command("seed_demo", stdout=io.StringIO())
    for year in range(DEMO_START.year, today().year):
        document = national_export_document(year=year, counties=sorted(DEMO_COUNTIES))
        cells = [cell for table in document["tables"] for cell in table["cells"]]
        published = [cell for cell in cells if cell["count"] is not None]
        assert len(published) >= len(cells) / 2, (year, len(published), len(cells))
        for county in DEMO_COUNTIES:
            assert any(cell["county"] == county for cell in published), (year, county)
            phenomena = [cell for table in document["tables"] if table["id"] == "phenomenon"
                         for cell in table["cells"] if cell["county"] == county]
            shown = [cell for cell in phenomena if cell["count"] is not None]
            assert len(shown) >= 0.8 * len(phenomena), (year, county, shown, phenomena)
    truth = Truth()
    counties = ("15", *sorted(set(DEMO_COUNTIES) - {"15"}))
    harvest = _harvest_everything(api_as(viewer), api_as(national), _logged_in(viewer), _logged_in(national),
                                  counties=counties)
    _check_published(harvest, truth)
    assert not _attack(harvest, truth)


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
