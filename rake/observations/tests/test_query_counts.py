"""What the hot API requests cost in queries (ADR 0010): a change that adds queries to them fails here.

Speed itself is measured by `make soak` and `make bench`; these counts are what the speed was built on.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rake.observations.models import Observation, Status
from rake.observations.tests.factories import ObservationFactory

pytestmark = pytest.mark.django_db


def statements(queries):
    """The SQL run, without transaction control and the connection's health check."""
    return [q["sql"] for q in queries.captured_queries
            if q["sql"] not in ("BEGIN", "COMMIT", "SELECT 1") and not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


def test_a_submission_with_a_key_is_one_read_and_seven_writes(reporter_api, payload):
    body = payload(client_groups=["young_people"], support_needs=[3])
    reporter_api.post("/api/v1/observations", body, format="json")  # the reference data is read once

    with CaptureQueriesContext(connection) as queries:
        response = reporter_api.post("/api/v1/observations", body, format="json", HTTP_IDEMPOTENCY_KEY="count-1")

    assert response.status_code == 201
    sql = statements(queries)
    # The token with the user and memberships; then the observation, its phenomena, client groups, support
    # needs, timeline event, key and audit entry. The reporter's remembered choices were set by the first one.
    assert len(sql) == 8, sql
    assert sum(s.startswith("INSERT") for s in sql) == 7
    assert Observation.objects.count() == 2


def test_a_retry_is_answered_from_its_key(reporter_api, payload):
    first = reporter_api.post("/api/v1/observations", payload(), format="json", HTTP_IDEMPOTENCY_KEY="k")

    retry = reporter_api.post("/api/v1/observations", payload(), format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert retry.status_code == 201 and retry["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    assert Observation.objects.count() == 1


def test_a_transition_does_not_read_the_classification_it_does_not_use(coordinator_api, reporter):
    observation = ObservationFactory(reporter=reporter)

    with CaptureQueriesContext(connection) as queries:
        response = coordinator_api.post(f"/api/v1/observations/{observation.pk}/transition",
                                        {"action": "reject", "reason": "Ei rakenteellinen ilmiö."}, format="json")

    assert response.status_code == 200
    assert Observation.objects.get(pk=observation.pk).status == Status.REJECTED
    sql = statements(queries)
    assert not any("observations_observation_client_groups" in s or "observations_observation_related" in s
                   for s in sql), sql


def test_the_own_list_is_one_count_one_page_and_four_reads_of_codes_without_distinct(reporter_api, payload):
    for _ in range(3):
        reporter_api.post("/api/v1/observations", payload(client_groups=["young_people"]), format="json")
    reporter_api.get("/api/v1/observations?mine=1&page_size=20")  # the process's copy of reference data

    with CaptureQueriesContext(connection) as queries:
        response = reporter_api.get("/api/v1/observations?mine=1&page_size=20")

    assert response.status_code == 200 and response.json()["count"] == 3
    sql = statements(queries)
    # The token; the count and the page; the codes of the ordered phenomena, client groups, support needs, links.
    assert len(sql) == 7, sql
    assert not any("DISTINCT" in s for s in sql), sql


def test_a_detail_read_is_the_observation_its_four_relations_and_the_audit_entry(reporter_api, payload):
    pk = reporter_api.post("/api/v1/observations", payload(), format="json").json()["id"]
    reporter_api.get(f"/api/v1/observations/{pk}")  # the process's copy of reference data

    with CaptureQueriesContext(connection) as queries:
        response = reporter_api.get(f"/api/v1/observations/{pk}")

    assert response.status_code == 200 and response.json()["id"] == pk
    assert len(statements(queries)) == 7, statements(queries)


def test_an_accept_reads_what_the_statistics_need_once(coordinator_api, reporter_api, payload):
    pk = reporter_api.post("/api/v1/observations", payload(), format="json").json()["id"]

    with CaptureQueriesContext(connection) as queries:
        response = coordinator_api.post(f"/api/v1/observations/{pk}/transition", {"action": "accept"}, format="json")

    assert response.status_code == 200 and response.json()["status"] == Status.ACCEPTED
    sql = statements(queries)
    # The token; the observation read, locked, and read again under the lock; whether it has phenomena; the
    # snapshot before (it did not count: one read); the update, timeline event and audit entry; the
    # snapshot after (the row, its phenomena, client groups, support needs); one upsert per count table.
    # + 1: the county-year's release version is raised (one upsert).
    # + 2: the privacy guard's current acknowledgements and the messages the reporter reads, scanned again before
    # accepting (guard.require_confirmation).
    assert len(sql) == 18, sql
    assert sum(s.startswith("INSERT INTO \"analysis_") for s in sql) == 3, sql  # rollup, keywords, release version
