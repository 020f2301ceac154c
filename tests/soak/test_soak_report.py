"""The soak's capacity target is a ratio of two rates of the same run (scripts/soak.py, issue 16)."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from soak import render, submission_ratio  # noqa: E402

LATENCY = {"n": 100, "p50_ms": 20.0, "p95_ms": 60.0, "p99_ms": 80.0}


def results(submissions_per_s, floor_per_s):
    steady = {"seconds": 60, "submissions": 6000, "submissions_per_s": 100.0, "operations_per_s": 130.0,
              "latency": {"submit": LATENCY}, "retries": {}, "checks": {}}
    return {
        "args": {"capacity_duration": 60, "capacity_runs": 3, "duration": 60, "fault_duration": 0, "clients": 16,
                 "workers": 4},
        "started_at": "2026-12-08 00:00 UTC", "took_s": 200, "database": "PostgreSQL",
        "floor": {"operations_per_s": floor_per_s, "latency": {"read_missing": LATENCY}, "checks": {}},
        "capacity": {"submissions_per_s": submissions_per_s, "runs": [submissions_per_s] * 3,
                     "latency": {"submit": LATENCY}, "checks": {}},
        "steady": steady,
    }


@pytest.mark.parametrize("submissions, floor, ratio", [(220.3, 479.0, 0.46), (250.0, 400.0, 0.62),
                                                       (10.0, 0.0, None)])
def test_the_ratio_of_submissions_to_the_cheapest_request(submissions, floor, ratio):
    assert submission_ratio(submissions, floor) == ratio


def test_the_report_judges_the_ratio_not_a_fixed_rate():
    below = render(results(220.3, 479.0), machine={})
    assert "220.3 / 479.0 = 0.46 × (target ≥ 0.5 ✗)" in below
    assert "≥ 0.5 × the cheapest request's rate ✗" in below
    above = render(results(250.0, 400.0), machine={})
    assert "250.0 / 400.0 = 0.62 × (target ≥ 0.5 ✓)" in above
    assert "≥ 0.5 × the cheapest request's rate ✓" in above
    for text in (below, above):
        assert "300" not in text
