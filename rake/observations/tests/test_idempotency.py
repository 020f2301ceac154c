"""Idempotency-Key: a retried submission never creates a duplicate, also when the retries race."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.observations.models import IdempotencyKey, Observation, TimelineEvent
from rake.observations.tests.factories import observation_payload

URL = "/api/v1/observations"


def submit(client, body, key):
    return client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
class TestRetries:
    def test_retry_returns_the_same_observation(self, reporter_api, payload):
        body = payload()

        first = submit(reporter_api, body, "3f1c9a6e-retry")
        second = submit(reporter_api, body, "3f1c9a6e-retry")
        third = submit(reporter_api, body, "3f1c9a6e-retry")

        assert first.status_code == second.status_code == third.status_code == 201
        assert first.json() == second.json() == third.json()
        assert "Idempotent-Replayed" not in first
        assert second["Idempotent-Replayed"] == third["Idempotent-Replayed"] == "true"
        assert Observation.objects.count() == 1
        assert TimelineEvent.objects.count() == 1

    def test_same_key_with_a_different_body_is_409(self, reporter_api, payload):
        submit(reporter_api, payload(), "key-1")

        response = submit(reporter_api, payload(description="Toinen teksti"), "key-1")

        assert response.status_code == 409
        assert response.json()["code"] == "idempotency_key_reused"
        assert Observation.objects.count() == 1

    def test_same_key_for_a_draft_and_a_submission_is_409(self, reporter_api, payload):
        submit(reporter_api, payload(status="draft"), "key-1")

        assert submit(reporter_api, payload(), "key-1").status_code == 409

    def test_different_users_may_use_the_same_key(self, api_as, reporter, other_reporter, payload):
        first = submit(api_as(reporter), payload(), "shared-key")
        second = submit(api_as(other_reporter), payload(), "shared-key")

        assert first.status_code == second.status_code == 201
        assert first.json()["id"] != second.json()["id"]
        assert "Idempotent-Replayed" not in second
        assert Observation.objects.count() == 2

    def test_a_refused_request_does_not_use_up_the_key(self, reporter_api, payload):
        refused = submit(reporter_api, payload(polarity=""), "key-1")
        accepted = submit(reporter_api, payload(), "key-1")

        assert refused.status_code == 400
        assert accepted.status_code == 201
        assert "Idempotent-Replayed" not in accepted
        assert IdempotencyKey.objects.get().observation_id == accepted.json()["id"]

    def test_without_a_key_each_request_creates(self, reporter_api, payload):
        submit_twice = [reporter_api.post(URL, payload(), format="json") for _ in range(2)]

        assert [r.status_code for r in submit_twice] == [201, 201]
        assert Observation.objects.count() == 2


def run_concurrently(requests):
    """Run the callables at once (all threads released together); each thread closes its DB connection."""
    barrier = threading.Barrier(len(requests), timeout=60)

    def run(request):
        try:
            barrier.wait()
            return request()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(run, requests))


def client_for(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def poster(client, body, key):
    def post():
        response = submit(client, body, key)
        return response.status_code, response.json(), response.get("Idempotent-Replayed")

    return post


# Threads need committed data, so these tests run in real transactions; serialized_rollback restores the
# reference data (areas, taxonomy) that the flush after a transactional test removes.
concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@concurrent
def test_50_concurrent_submissions_create_exactly_50():
    users = [MemberFactory(role=Role.REPORTER, county="15") for _ in range(50)]
    requests = [poster(client_for(user), observation_payload(description=f"Samanaikainen havainto {i}"), f"key-{i}")
                for i, user in enumerate(users)]

    results = run_concurrently(requests)

    assert [status for status, _, _ in results] == [201] * 50
    assert len({created["id"] for _, created, _ in results}) == 50
    assert all(replayed is None for _, _, replayed in results)
    assert Observation.objects.count() == 50
    assert set(Observation.objects.values_list("created_by", flat=True)) == {u.pk for u in users}
    assert IdempotencyKey.objects.count() == 50


@concurrent
def test_10_concurrent_retries_with_the_same_key_create_one():
    user = MemberFactory(role=Role.REPORTER, county="15")
    body = observation_payload()
    requests = [poster(client_for(user), body, "same-key") for _ in range(10)]

    results = run_concurrently(requests)

    assert [status for status, _, _ in results] == [201] * 10
    assert len({created["id"] for _, created, _ in results}) == 1
    assert sorted(replayed or "" for _, _, replayed in results) == [""] + ["true"] * 9
    assert Observation.objects.count() == 1
    assert TimelineEvent.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
