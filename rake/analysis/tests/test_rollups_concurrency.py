"""Concurrent changes to observations that share rollup rows lose no update (real transactions, threads)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.analysis.models import ALL, ObservationRollup
from rake.observations import services

from .test_rollups import assert_rollup_is_raw


def run_concurrently(calls):
    barrier = threading.Barrier(len(calls), timeout=60)

    def run(call):
        try:
            barrier.wait()
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


# serialized_rollback, as in test_idempotency: the reference data and content types come back without
# clashing with the serialized rollback of the other transactional tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_acceptances_and_reclassifications():
    reporter = MemberFactory(username="r-conc", role=Role.REPORTER, county="15")
    coordinator = MemberFactory(username="c-conc", role=Role.COORDINATOR, county="15")
    payload = {"description": "Asiakkaat odottavat päätöstä liian kauan.", "observed_on": "2025-04-02",
               "phenomena": ["homelessness", "livelihood"], "client_groups": ["children"],
               "observation_type": "need", "polarity": "negative"}
    observations = [services.observation_create(user=reporter, data=payload)[0] for _ in range(6)]
    accepted = services.observation_accept(user=coordinator, observation=observations[0])

    calls = [lambda o=o: services.observation_accept(user=coordinator, observation=o) for o in observations[1:]]
    calls.append(lambda: services.observation_classify(user=coordinator, observation=accepted,
                                                       classification={"phenomena": ["mental_health"]}))
    run_concurrently(calls)

    assert_rollup_is_raw()
    total = ObservationRollup.objects.get(grain="ps", phenomenon=ALL, sub_theme=ALL)
    assert total.count == 6
