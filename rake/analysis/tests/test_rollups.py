"""The rollup equals the raw observations after any sequence of changes made through the services."""

import datetime
from collections import Counter
from itertools import product

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.analysis import listener, rollups, selectors
from rake.analysis.grains import GRAINS
from rake.analysis.models import ALL, ObservationRollup
from rake.core.errors import ServiceError
from rake.observations import events, services
from rake.observations.models import Observation, Status

COUNTED = {Status.ACCEPTED, Status.USED, Status.CLOSED}
PHENOMENA = ["homelessness", "homelessness.hostels", "homelessness.rough_sleeping", "livelihood",
             "livelihood.debt", "mental_health"]
CLIENT_GROUPS = ["children", "young_people", "older_people"]
SUPPORT_NEEDS = [1, 2, 3]
MUNICIPALITIES = {"15": ["179", "077"], "06": ["609", "050"]}
DATES = ["2025-01-10", "2025-03-31", "2025-04-01", "2025-11-20"]


def expected_cube():
    """The rollup as it should be, written independently of rake.analysis.rollups: object by object."""
    cube = Counter()
    for observation in Observation.objects.filter(status__in=COUNTED):
        links = list(observation.phenomena.all())
        phenomena = sorted({p.national_code for p in links})
        sub_themes = sorted({p.code for p in links if p.parent_id})
        groups = sorted(g.code for g in observation.client_groups.all())
        needs = sorted(str(n.code) for n in observation.support_needs.all())
        single = {"municipality": observation.municipality_code, "polarity": observation.polarity,
                  "observation_type": observation.observation_type.code if observation.observation_type_id else ""}
        multi = {"phenomenon": phenomena, "sub_theme": sub_themes, "client_group": groups, "support_need": needs}
        for grain in GRAINS:
            head = (grain.name, observation.county_code,
                    single["municipality"] if "municipality" in grain.single else ALL,
                    observation.observed_on.replace(day=1),
                    single["polarity"] if "polarity" in grain.single else ALL,
                    single["observation_type"] if "observation_type" in grain.single else ALL)
            choices = [[ALL, *multi[name]] if name in grain.multi else [ALL]
                       for name in ("phenomenon", "sub_theme", "client_group", "support_need")]
            for tail in product(*choices):
                cube[head + tail] += 1
    return dict(cube)


# Every table of one or two dimensions, with and without a filter: read from the rollup (or, when no grain
# holds it, from the raw tables) it equals one GROUP BY over the raw tables.
QUERIES = [((), {})] + [((name,), {}) for name in selectors.GROUP_BY] + [
    ((a, b), {}) for i, a in enumerate(selectors.GROUP_BY) for b in selectors.GROUP_BY[i + 1:]] + [
    (("phenomenon",), {"county": "15"}), (("client_group",), {"phenomenon": "homelessness"}),
    (("support_need", "period"), {"phenomenon": "livelihood", "since": datetime.date(2025, 3, 1)}),
    (("sub_theme",), {"phenomenon": "homelessness", "until": datetime.date(2025, 3, 1)}),
    (("polarity", "observation_type"), {"phenomenon": "homelessness"}),
    (("municipality",), {"phenomenon": "mental_health", "counties": {"15"}}),
    (("client_group",), {"polarity": "negative"}), (("period",), {"support_need": 2, "polarity": "mixed"}),
]


def assert_queries_equal_raw():
    for group_by, filters in QUERIES:
        for period in ("month", "quarter"):
            assert selectors.observation_counts(group_by=group_by, period=period, **filters) == \
                selectors.raw_observation_counts(group_by=group_by, period=period, **filters), (group_by, filters)


def assert_rollup_is_raw():
    assert rollups.rollup_counts() == expected_cube()
    assert not ObservationRollup.objects.filter(count__lte=0).exists()
    # And the margins against a plain GROUP BY over the observations table.
    counted = Observation.objects.filter(status__in=COUNTED).order_by()
    by_county = dict(counted.values_list("county_code").annotate(n=Count("id")))
    from_rollup = Counter()
    for row in ObservationRollup.objects.filter(grain="ps", phenomenon=ALL, sub_theme=ALL):
        from_rollup[row.county_code] += row.count
    assert dict(from_rollup) == by_county
    by_phenomenon = dict(counted.values_list("phenomena__national_code").annotate(n=Count("id", distinct=True))
                         .exclude(phenomena__national_code=None))
    from_rollup = Counter()
    for row in ObservationRollup.objects.filter(grain="ps", sub_theme=ALL).exclude(phenomenon=ALL):
        from_rollup[row.phenomenon] += row.count
    assert dict(from_rollup) == by_phenomenon


@pytest.fixture
def people(db):
    return {
        "15": (MemberFactory(username="r15", role=Role.REPORTER, county="15"),
               MemberFactory(username="c15", role=Role.COORDINATOR, county="15")),
        "06": (MemberFactory(username="r06", role=Role.REPORTER, county="06"),
               MemberFactory(username="c06", role=Role.COORDINATOR, county="06")),
    }


classification = st.fixed_dictionaries({
    "phenomena": st.lists(st.sampled_from(PHENOMENA), min_size=1, max_size=3, unique=True),
    "client_groups": st.lists(st.sampled_from(CLIENT_GROUPS), max_size=2, unique=True),
    "support_needs": st.lists(st.sampled_from(SUPPORT_NEEDS), max_size=2, unique=True),
    "polarity": st.sampled_from(["negative", "positive", "mixed"]),
    "observation_type": st.sampled_from(["need", "service_effect", "good_practice"]),
})
create = st.tuples(st.just("create"), st.sampled_from(["15", "06"]), st.integers(0, 1), st.sampled_from(DATES),
                   classification, st.booleans(), st.booleans())
act = st.tuples(st.sampled_from(["accept", "classify", "reject", "quarantine", "release", "close", "mark_used",
                                 "request_clarification", "answer", "hard_delete", "delete_draft"]),
                st.integers(0, 50), classification)
operations = st.lists(st.one_of(create, create, act, act, act), min_size=1, max_size=20)


def run(people, operation, made):
    kind = operation[0]
    if kind == "create":
        _, county, municipality, observed_on, data, submit, accept = operation
        reporter = people[county][0]
        payload = dict(data, description="Asiakkaat odottavat päätöstä liian kauan.", observed_on=observed_on,
                       county=county, municipality=MUNICIPALITIES[county][municipality])
        observation, _created = services.observation_create(user=reporter, data=payload, submit=submit)
        made.append(observation.pk)
        if submit and accept:
            services.observation_accept(user=people[county][1], observation=observation)
        return
    _, index, data = operation
    if not made:
        return
    pk = made[index % len(made)]
    observation = Observation.objects.filter(pk=pk).first()
    if observation is None:
        return
    reporter, coordinator = people[observation.county_code]
    calls = {
        "accept": lambda: services.observation_accept(user=coordinator, observation=observation,
                                                      classification=data if index % 2 else None),
        "classify": lambda: services.observation_classify(user=coordinator, observation=observation,
                                                          classification=data),
        "reject": lambda: services.observation_reject(user=coordinator, observation=observation, reason="Ei."),
        "quarantine": lambda: services.observation_quarantine(user=coordinator, observation=observation),
        "release": lambda: services.observation_release(user=coordinator, observation=observation),
        "close": lambda: services.observation_close(user=coordinator, observation=observation),
        "mark_used": lambda: services.observation_mark_used(user=coordinator, observation=observation),
        "request_clarification": lambda: services.observation_request_clarification(
            user=coordinator, observation=observation, question="Missä kunnassa?"),
        "answer": lambda: services.observation_answer_clarification(user=reporter, observation=observation,
                                                                    answer="Jyväskylässä."),
        "hard_delete": lambda: services.observation_hard_delete(user=coordinator, observation=observation,
                                                                reason="Kaksoiskappale."),
        "delete_draft": lambda: services.observation_delete_draft(user=reporter, observation=observation),
    }
    try:
        calls[kind]()
    except ServiceError:
        pass  # not possible in this state: nothing changed


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(operations=operations)
def test_rollup_equals_the_raw_count_after_any_sequence_of_changes(people, operations):
    with transaction.atomic():
        made = []
        for operation in operations:
            run(people, operation, made)
            assert_rollup_is_raw()
        assert_queries_equal_raw()
        # The rebuild reproduces the incremental state.
        incremental = rollups.rollup_counts()
        event(f"counted observations at the end: {min(Observation.objects.filter(status__in=COUNTED).count(), 3)}+")
        call_command("rebuild_rollups", verbosity=0)
        assert rollups.rollup_counts() == incremental
        transaction.set_rollback(True)


def _accepted(people, county="15", **data):
    reporter, coordinator = people[county]
    payload = {"description": "Asiakkaat odottavat päätöstä liian kauan.", "observed_on": "2025-04-02",
               "phenomena": ["homelessness"], "observation_type": "need", "polarity": "negative",
               "county": county}
    payload.update(data)
    observation, _ = services.observation_create(user=reporter, data=payload)
    return services.observation_accept(user=coordinator, observation=observation)


def test_walkthrough_of_the_counted_statuses(people):
    observation = _accepted(people, phenomena=["homelessness.hostels", "livelihood"], client_groups=["children"],
                            support_needs=[2], municipality="179")
    rows = ObservationRollup.objects.filter(county_code="15")
    # ps: (ALL + 2 national phenomena) × (ALL + 1 sub-theme); pc, pn: (ALL + 2) × (ALL + 1 group or need);
    # cp, np: ALL + 1 group or need; pt, mp: ALL + 2 phenomena.
    assert {grain.name: rows.filter(grain=grain.name).count() for grain in GRAINS} == {
        "ps": 6, "pc": 6, "pn": 6, "cp": 2, "np": 2, "pt": 3, "mp": 3}
    assert set(rows.values_list("count", flat=True)) == {1}
    base = rows.get(grain="pt", phenomenon=ALL)
    assert (base.municipality_code, base.month, base.polarity, base.observation_type) == (
        ALL, datetime.date(2025, 4, 1), "negative", "need")
    assert rows.get(grain="mp", phenomenon=ALL).municipality_code == "179"
    assert rows.get(grain="ps", phenomenon=ALL, sub_theme=ALL).polarity == ALL
    _, coordinator = people["15"]
    services.observation_classify(user=coordinator, observation=observation,
                                  classification={"phenomena": ["mental_health"], "client_groups": []})
    assert set(rows.exclude(phenomenon=ALL).values_list("phenomenon", flat=True)) == {"mental_health"}
    assert_rollup_is_raw()
    services.observation_quarantine(user=coordinator, observation=observation)
    assert not rows.exists()
    services.observation_release(user=coordinator, observation=observation)
    assert rows.filter(grain="ps", phenomenon=ALL, sub_theme=ALL).get().count == 1
    services.observation_mark_used(user=coordinator, observation=observation)
    services.observation_close(user=coordinator, observation=observation)
    assert_rollup_is_raw()
    services.observation_hard_delete(user=coordinator, observation=observation, reason="Testi.")
    assert not ObservationRollup.objects.exists()


def test_rejected_and_pending_observations_are_not_counted(people):
    reporter, coordinator = people["15"]
    payload = {"description": "Asiakkaat odottavat päätöstä liian kauan.", "observed_on": "2025-04-02",
               "phenomena": ["homelessness"], "observation_type": "need", "polarity": "negative"}
    pending, _ = services.observation_create(user=reporter, data=payload)
    rejected, _ = services.observation_create(user=reporter, data=payload)
    services.observation_reject(user=coordinator, observation=rejected, reason="Ei sosiaalista raportointia.")
    assert not ObservationRollup.objects.exists()
    services.observation_accept(user=coordinator, observation=pending)
    services.observation_request_clarification(user=coordinator, observation=pending, question="Missä?")
    assert not ObservationRollup.objects.exists()


def test_a_failed_service_changes_nothing(people):
    observation = _accepted(people)
    before = rollups.rollup_counts()
    _, coordinator = people["15"]
    with pytest.raises(ServiceError):
        services.observation_classify(user=coordinator, observation=observation,
                                      classification={"phenomena": ["no-such-phenomenon"]})
    assert rollups.rollup_counts() == before


def test_rebuild_after_direct_database_edits(people):
    observation = _accepted(people)
    _accepted(people, county="06", phenomena=["livelihood"])
    Observation.objects.filter(pk=observation.pk).update(status=Status.REJECTED)  # bypasses the services
    assert rollups.rollup_counts() != expected_cube()
    call_command("rebuild_rollups", verbosity=0)
    assert_rollup_is_raw()
    assert rollups.rebuild() == len(expected_cube())
    assert_rollup_is_raw()


def test_listener_is_registered():
    assert listener.listener in events._listeners
