"""The soak's checks fail when what they name is broken (scripts/soak_harness.child_check, soak.answer_checks)."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from soak import answer_checks  # noqa: E402
from soak_harness import child_check  # noqa: E402

from rake.analysis.models import ObservationRollup, TermCount  # noqa: E402
from rake.observations import services  # noqa: E402
from rake.observations.models import Observation  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture
def soak_record(reporter, coordinator, payload):
    """Two submissions with keys through the services, one accepted: what the clients would have recorded."""
    acknowledged, final = {}, {}
    for key in ("k1", "k2"):
        observation, _ = services.observation_create(user=reporter, data=payload(), idempotency_key=key)
        acknowledged[key] = [observation.pk, reporter.username]
    first = Observation.objects.get(pk=acknowledged["k1"][0])
    services.observation_accept(user=coordinator, observation=first)
    final[str(first.pk)] = "accepted"
    return {"acknowledged": acknowledged, "final_status": final}


def failed(record):
    return sorted(label for label, (passed, _) in child_check(record).items() if not passed)


def test_a_true_record_passes_every_check(soak_record):
    assert failed(soak_record) == []


def test_an_acknowledged_submission_that_is_missing_fails(soak_record):
    soak_record["acknowledged"]["k3"] = [10**9, "reporter"]

    assert "every acknowledged submission is stored" in failed(soak_record)


def test_a_stored_submission_nobody_acknowledged_fails(soak_record):
    del soak_record["acknowledged"]["k2"]

    assert failed(soak_record) == ["no submission is stored twice"]


def test_a_key_naming_another_observation_fails(soak_record):
    acknowledged = soak_record["acknowledged"]
    acknowledged["k1"], acknowledged["k2"] = acknowledged["k2"], acknowledged["k1"]

    assert failed(soak_record) == ["each Idempotency-Key names its observation"]


def test_a_transition_that_did_not_hold_fails(soak_record):
    pk = next(iter(soak_record["final_status"]))
    soak_record["final_status"][pk] = "rejected"

    assert failed(soak_record) == ["every acknowledged transition holds"]


def test_rollups_that_drifted_from_the_raw_counts_fail(soak_record):
    ObservationRollup.objects.filter(pk=ObservationRollup.objects.order_by("pk").first().pk).update(count=99)

    assert failed(soak_record) == ["rollups equal raw counts"]


def test_keyword_counts_that_drifted_from_the_raw_counts_fail(soak_record):
    TermCount.objects.filter(pk=TermCount.objects.order_by("pk").first().pk).update(count=99)

    assert failed(soak_record) == ["keyword counts equal raw counts"]


def test_a_wrong_answer_or_an_operation_that_never_succeeded_fails():
    summary = {"unexpected": {"triage": 2}, "latency": {"submit": {"n": 10}}}

    checks = answer_checks(summary, ["submit", "triage"])

    assert not checks["every answer was the right one"][0]
    assert not checks["each kind of operation succeeded"][0]
    assert all(passed for passed, _ in answer_checks({"unexpected": {}, "latency": {"submit": {"n": 1}}},
                                                     ["submit"]).values())


def test_a_side_effect_written_twice_fails(soak_record):
    from rake.core.audit import audit_record
    from rake.observations.models import TimelineEvent

    observation = Observation.objects.get(pk=soak_record["acknowledged"]["k2"][0])
    TimelineEvent.objects.create(observation=observation, kind="submitted")
    audit_record(action="observation.create", obj=observation)

    assert failed(soak_record) == ["one 'submitted' timeline event each", "one audit entry per submission"]
