"""Reads of observations: filters, the audited single read, timelines, counts and link candidates."""

import datetime

import pytest
from django.db import connection

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.core.errors import NotFound
from rake.core.models import AuditEntry
from rake.observations import selectors, services
from rake.observations.models import Status
from rake.observations.tests.factories import ObservationFactory

pytestmark = pytest.mark.django_db


def pks(queryset):
    return {obs.pk for obs in queryset}


@pytest.fixture
def county_observations(reporter, other_reporter):
    """Observations of Keski-Suomi that differ in one thing each."""
    return {
        "crisis": ObservationFactory(reporter=reporter, phenomena=["mental_health.crisis"], municipality="179",
                                     observed_on="2024-02-10",
                                     description="Kriisipalveluihin ei pääse iltaisin Jyväskylässä."),
        "debt": ObservationFactory(reporter=other_reporter, phenomena=["livelihood.debt", "mental_health"],
                                   municipality="182", observed_on="2024-06-30",
                                   description="Velkaneuvontaan jonotetaan kuukausia."),
        "eviction": ObservationFactory(reporter=reporter, phenomena=["homelessness.eviction_threat"],
                                       observed_on="2025-01-05", status=Status.ACCEPTED,
                                       description="Häätöuhka koskee yhä useampaa lapsiperhettä."),
        "rejected": ObservationFactory(reporter=other_reporter, phenomena=["other"], observed_on="2025-02",
                                       status=Status.REJECTED, description="Bostadslösheten bland unga ökar."),
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"crisis", "debt", "eviction", "rejected"}),
        ({"status": "accepted"}, {"eviction"}),
        ({"status": "submitted,rejected"}, {"crisis", "debt", "rejected"}),
        ({"status": ["accepted", "rejected"]}, {"eviction", "rejected"}),
        ({"phenomenon": "mental_health"}, {"crisis", "debt"}),  # the national code matches its sub-themes
        ({"phenomenon": "mental_health.crisis"}, {"crisis"}),
        ({"phenomenon": "homelessness"}, {"eviction"}),
        ({"phenomenon": "livelihood.debt"}, {"debt"}),
        ({"phenomenon": "substance_use"}, set()),
        ({"county": "15"}, {"crisis", "debt", "eviction", "rejected"}),
        ({"county": "06"}, set()),
        ({"municipality": "179"}, {"crisis"}),
        ({"since": datetime.date(2024, 6, 30)}, {"debt", "eviction", "rejected"}),
        ({"until": datetime.date(2024, 6, 30)}, {"crisis", "debt"}),
        ({"since": datetime.date(2024, 3, 1), "until": datetime.date(2025, 1, 31)}, {"debt", "eviction"}),
        ({"q": "velkaneuvontaan"}, {"debt"}),
        ({"q": "Bostadslösheten"}, {"rejected"}),
        ({"q": "ei löydy mitään tällaista"}, set()),
    ],
)
def test_list_filters(coordinator, county_observations, filters, expected):
    result = selectors.observation_list(user=coordinator, filters=filters)

    assert pks(result) == {county_observations[name].pk for name in expected}


def test_search_by_number(coordinator, county_observations):
    target = county_observations["debt"]

    assert target.pk in pks(selectors.observation_list(user=coordinator, filters={"q": str(target.pk)}))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="word forms are matched by PostgreSQL full-text search")
def test_search_matches_other_word_forms_on_postgresql(coordinator, county_observations):
    # "bostadslöshet" is not a substring of "Bostadslösheten", but it is the same word.
    result = selectors.observation_list(user=coordinator, filters={"q": "bostadslöshet ungas"})

    assert pks(result) == {county_observations["rejected"].pk}


def test_county_phenomenon_is_found_by_its_national_code(coordinator, reporter):
    from rake.taxonomy.models import Phenomenon

    Phenomenon.objects.create(code="ks.winter_shelter", county_code="15", national_code="homelessness",
                              label_fi="Talvisuoja", label_sv="Vinterhärbärge", label_en="Winter shelter")
    own = ObservationFactory(reporter=reporter, phenomena=["ks.winter_shelter"])

    assert pks(selectors.observation_list(user=coordinator, filters={"phenomenon": "homelessness"})) == {own.pk}


def test_multiple_phenomena_do_not_duplicate_rows(coordinator, reporter, county_observations):
    # Both of its phenomena match "mental_health" (one by its code, one by its national code).
    both = ObservationFactory(reporter=reporter, phenomena=["mental_health", "mental_health.crisis"])

    listed = selectors.observation_list(user=coordinator, filters={"phenomenon": "mental_health"})
    result = list(listed)

    assert len(result) == len({obs.pk for obs in result}) == listed.count() == 3
    assert both.pk in pks(result)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("observed", ["crisis", "debt", "eviction", "rejected"]),
        ("-observed", ["rejected", "eviction", "debt", "crisis"]),
        ("status", ["eviction", "rejected", "crisis", "debt"]),
    ],
)
def test_sorting(coordinator, county_observations, sort, expected):
    result = selectors.observation_list(user=coordinator, filters={"sort": sort})
    order = {obs.pk: name for name, obs in county_observations.items()}

    names = [order[obs.pk] for obs in result]
    if sort == "status":  # ties keep the newest submission first; only the status order is fixed
        assert [county_observations[n].status for n in names] == sorted(county_observations[n].status
                                                                        for n in names)
    else:
        assert names == expected


def test_default_order_is_newest_submission_first(coordinator, county_observations):
    result = list(selectors.observation_list(user=coordinator))

    assert [obs.submitted_at for obs in result] == sorted((obs.submitted_at for obs in result), reverse=True)


def test_mine(reporter, coordinator, county_observations):
    ObservationFactory(reporter=coordinator)

    mine = selectors.observation_list(user=coordinator, filters={"mine": True})

    assert len(pks(mine)) == 1
    assert pks(selectors.observation_list(user=reporter)) == {county_observations[n].pk for n in ("crisis", "eviction")}


# --- the single read is audited (services.observation_read); the selector only reads --------------


def test_read_is_audited(coordinator, observation):
    found = services.observation_read(user=coordinator, pk=observation.pk)

    assert found == observation
    entry = AuditEntry.objects.get(action="observation.read")
    assert (entry.outcome, entry.object_type, entry.object_id, entry.actor_username) == (
        "success", "observations.observation", str(observation.pk), "coordinator")


def test_denied_read_is_audited_and_looks_like_not_found(other_coordinator, observation):
    with pytest.raises(NotFound):
        services.observation_read(user=other_coordinator, pk=observation.pk)

    entry = AuditEntry.objects.get(action="observation.read")
    assert entry.outcome == "denied"
    assert entry.actor_username == "other-coordinator"


@pytest.mark.parametrize("pk", [10**9, "abc", None, "1; DROP TABLE"])
def test_get_missing_is_not_found(coordinator, pk):
    with pytest.raises(NotFound):
        services.observation_read(user=coordinator, pk=pk)
    with pytest.raises(NotFound):
        selectors.observation_get(user=coordinator, pk=pk)
    assert not AuditEntry.objects.exists()


def test_the_selector_reads_without_writing(coordinator, other_coordinator, observation):
    assert selectors.observation_get(user=coordinator, pk=observation.pk) == observation
    with pytest.raises(NotFound):
        selectors.observation_get(user=other_coordinator, pk=observation.pk)
    assert not AuditEntry.objects.filter(action="observation.read").exists()


# --- timeline, counts, candidates ---------------------------------------------------------


def test_timeline_hides_coordinator_only_events_from_the_reporter(reporter, coordinator, analyst, make_observation):
    observation = make_observation()
    related = make_observation()
    services.observation_link(user=coordinator, observation=observation, other_id=related.pk)
    services.observation_request_clarification(user=coordinator, observation=observation, question="Milloin?")
    services.observation_quarantine(user=coordinator, observation=observation, reason="Nimi tekstissä")

    for_coordinator = [e.kind for e in selectors.observation_timeline(user=coordinator, observation=observation)]
    for_reporter = [e.kind for e in selectors.observation_timeline(user=reporter, observation=observation)]
    for_analyst = [e.kind for e in selectors.observation_timeline(user=analyst, observation=observation)]

    assert for_coordinator == ["submitted", "linked", "request_clarification", "quarantine"]
    assert for_reporter == for_analyst == ["submitted", "request_clarification"]


def test_status_counts(coordinator, other_coordinator, county_observations, make_observation):
    make_observation(submit=False)

    assert selectors.observation_status_counts(user=coordinator) == {"submitted": 2, "accepted": 1, "rejected": 1}
    assert selectors.observation_status_counts(user=other_coordinator) == {}


def test_link_candidates_share_a_phenomenon_in_the_county(coordinator, reporter, make_observation):
    observation = make_observation(phenomena=["homelessness"])
    same = make_observation(phenomena=["livelihood", "homelessness"])
    make_observation(phenomena=["livelihood"])  # no shared phenomenon
    make_observation(phenomena=["homelessness"], submit=False)  # a draft
    make_observation(phenomena=["homelessness"], status=Status.QUARANTINED)
    ObservationFactory(reporter=MemberFactory(role=Role.REPORTER, county="06"), phenomena=["homelessness"])
    linked = make_observation(phenomena=["homelessness"])
    services.observation_link(user=coordinator, observation=observation, other_id=linked.pk)

    assert pks(selectors.observation_link_candidates(user=coordinator, observation=observation)) == {same.pk}
