"""A short `make soak` (scripts/soak.py) in the test suite: the harness runs, and nothing acknowledged is lost
or stored twice when gunicorn is killed and PostgreSQL crashes under load (issue 7, points 1 and 2).

The figures (submissions per second, latency, memory over ten minutes) come from `make soak`, not from here.
The run uses a PostgreSQL cluster of its own, so it runs in the PostgreSQL pass of CI (where the server
programs are installed) and is skipped on SQLite.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from soak_harness import postgres_binaries  # noqa: E402

EXPECTED_CHECKS = {
    "no database connection left open",
    "every acknowledged submission is stored",
    "no submission is stored twice",
    "each Idempotency-Key names its observation",
    "one 'submitted' timeline event each",
    "one audit entry per submission",
    "every acknowledged transition holds",
    "rollups equal raw counts",
    "keyword counts equal raw counts",
}
STEADY_ONLY = {"at most one database connection per worker"}


@pytest.fixture(scope="module")
def soak_results(tmp_path_factory):
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        pytest.skip("the soak runs in the PostgreSQL pass (DATABASE_URL=postgres://…)")
    if postgres_binaries() is None:
        pytest.fail("the soak needs PostgreSQL's server programs (Debian package postgresql)")
    output = tmp_path_factory.mktemp("soak") / "results.json"
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    process = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "soak.py"), "--capacity-duration", "0", "--duration", "12",
         "--fault-duration", "30",
         "--clients", "6", "--workers", "2", "--json", str(output)],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600,
    )
    assert output.exists(), process.stdout[-3000:] + process.stderr[-3000:]
    return process, json.loads(output.read_text())


def test_the_run_passes_every_check(soak_results):
    process, results = soak_results

    assert process.returncode == 0, process.stderr[-3000:]
    for phase, expected in (("steady", EXPECTED_CHECKS | STEADY_ONLY), ("faults", EXPECTED_CHECKS)):
        checks = results[phase]["checks"]
        assert set(checks) == expected
        assert [label for label, (passed, _) in checks.items() if not passed] == []


def test_steady_load_submits_reads_and_triages_without_errors(soak_results):
    _, results = soak_results
    steady = results["steady"]

    assert steady["submissions"] > 0
    assert set(steady["latency"]) == {"submit", "read_detail", "read_timeline", "read_list", "read_stats", "triage"}
    assert steady["refused_personal_data"] == steady["outcomes"].get("submit 422", 0)
    assert steady["retries"] == {}
    assert steady["unexpected"] == []
    assert 0 < steady["max_connections"] <= 2  # one per worker


def test_faults_were_felt_and_the_load_went_on_after_them(soak_results):
    _, results = soak_results
    fault = results["faults"]

    assert [item["fault"] for item in fault["faults"]] == [
        "gunicorn killed (SIGKILL) and started again", "PostgreSQL stopped (immediate) and started again"]
    assert sum(fault["retries"].values()) > 0
    assert fault["submissions_after_faults"] > 0
    assert fault["unexpected"] == []
