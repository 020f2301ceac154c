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

DATA_CHECKS = {
    "no database connection left once the server stopped",
    "every acknowledged submission is stored",
    "no submission is stored twice",
    "each Idempotency-Key names its observation",
    "one 'submitted' timeline event each",
    "one audit entry per submission",
    "every acknowledged transition holds",
    "rollups equal raw counts",
    "keyword counts equal raw counts",
}
ANSWER_CHECKS = {"every answer was the right one", "each kind of operation succeeded"}
EXPECTED_CHECKS = {
    # The 12-second mixed run is too short to judge memory (MEMORY_JUDGED_FROM_S).
    "steady": DATA_CHECKS | ANSWER_CHECKS | {"at most one database connection per worker"},
    "faults": DATA_CHECKS | ANSWER_CHECKS | {
        "both faults happened, and submissions went on after them",
        "a lost answer to a submission was given from its key",
        "a lost answer to a transition found the work done",
    },
}


@pytest.fixture(scope="module")
def soak_results(tmp_path_factory):
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        pytest.skip("the soak runs in the PostgreSQL pass (DATABASE_URL=postgres://…)")
    if postgres_binaries() is None:
        pytest.fail("the soak needs PostgreSQL's server programs (Debian package postgresql)")
    output = tmp_path_factory.mktemp("soak") / "results.json"
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "soak.py"), "--capacity-duration", "0", "--duration", "12",
         "--fault-duration", "30", "--clients", "6", "--workers", "2", "--json", str(output)],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        # SIGTERM, not SIGKILL: the soak then stops its gunicorn and its cluster before it exits.
        process.terminate()
        stdout, stderr = process.communicate(timeout=60)
    assert output.exists(), stdout[-3000:] + stderr[-3000:]
    return process.returncode, stderr, json.loads(output.read_text())


def test_the_run_passes_every_check(soak_results):
    returncode, stderr, results = soak_results

    assert returncode == 0, stderr[-3000:]
    for phase, expected in EXPECTED_CHECKS.items():
        checks = results[phase]["checks"]
        assert set(checks) == expected
        assert [label for label, (passed, _) in checks.items() if not passed] == []


def test_the_faults_were_felt(soak_results):
    _, _, results = soak_results
    fault = results["faults"]

    assert [item["fault"] for item in fault["faults"]] == [
        "gunicorn killed (SIGKILL) and started again", "PostgreSQL stopped (immediate) and started again"]
    # Beyond the dropped answers, the kill and the crash made clients retry.
    assert sum(n for reason, n in fault["retries"].items() if reason != "answer dropped on purpose") > 0
    assert results["steady"]["retries"] == {}


def test_the_cpu_of_the_mixed_run_is_split_between_server_database_and_clients(soak_results):
    _, _, results = soak_results
    shares = results["steady"]["cpu_share"]

    assert set(shares) == {"gunicorn", "PostgreSQL", "clients"}
    assert all(share > 0 for share in shares.values())
    assert sum(shares.values()) <= 1.05  # of all cores (a little over for the moments around the edges)
