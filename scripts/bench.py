#!/usr/bin/env python3
"""make bench: measure observation submission and the triage list, write docs/benchmarks.md.

Each database is measured in a child process on a temporary database of its own (a SQLite file in a
temporary directory; a scratch PostgreSQL database that is dropped afterwards), so nothing the
developer has is touched. The figures replace only this script's section of docs/benchmarks.md;
other sections (added by later benchmarks) are kept.

    python scripts/bench.py [--database sqlite|postgresql|both] [--observations 20000] [--submissions 200]
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from benchdoc import write_section  # noqa: E402
SECTION = "observations"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# A slow case stops repeating after this many seconds (but runs at least three times).
CASE_BUDGET_S = 6
MARK_START = f"<!-- bench:{SECTION}:start -->"
MARK_END = f"<!-- bench:{SECTION}:end -->"


# --- measuring (child process) ---------------------------------------------------------------------

def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timing(values_ms):
    return {"n": len(values_ms), "p50_ms": round(percentile(values_ms, 0.5), 2),
            "p95_ms": round(percentile(values_ms, 0.95), 2), "mean_ms": round(statistics.fmean(values_ms), 2)}


def child(args):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from rake.accounts.models import Membership, Organisation, Role, User
    from rake.demo import generator as demo
    from rake.observations.models import Observation

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    result = {"vendor": connection.vendor, "database_version": database_version(connection),
              "migrate_s": round(time.perf_counter() - started, 1)}

    organisation = Organisation.objects.create(name="Bench county", county_code="15")
    reporter = User.objects.create(username="bench-reporter")
    coordinator = User.objects.create(username="bench-coordinator")
    Membership.objects.create(user=reporter, organisation=organisation, role=Role.REPORTER)
    Membership.objects.create(user=coordinator, organisation=organisation, role=Role.COORDINATOR)
    token = Token.objects.create(user=reporter).key

    # Realistic request bodies: the demo generator's texts and classifications, in county 15.
    pool = [dict(item.data, county="15", municipality="179") for item in demo.build_plan(
        count=max(args.submissions, 200), municipalities={})]
    for body in pool:
        body.pop("observed_on", None)

    def post(client, body, key=None):
        headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
        if key:
            headers["HTTP_IDEMPOTENCY_KEY"] = key
        began = time.perf_counter()
        response = client.post("/api/v1/observations", data=json.dumps(body), content_type="application/json",
                               **headers)
        elapsed = (time.perf_counter() - began) * 1000
        if response.status_code != 201:
            raise SystemExit(f"bench: POST returned {response.status_code}: {response.content[:300]!r}")
        return elapsed

    def series(label, make_key, same_body=False):
        client = Client()
        post(client, pool[0], make_key(-1))  # warm-up
        latencies = []
        began = time.perf_counter()
        for index in range(args.submissions):
            body = pool[0] if same_body else pool[index % len(pool)]
            latencies.append(post(client, body, make_key(index)))
        wall = time.perf_counter() - began
        result[label] = dict(timing(latencies), per_second=round(args.submissions / wall, 1))

    n_before = Observation.objects.count()
    series("submit_plain", lambda i: None)
    series("submit_idempotency_key", lambda i: f"bench-{uuid.uuid4()}")
    replay_key = f"bench-replay-{uuid.uuid4()}"
    series("submit_replay", lambda i: replay_key, same_body=True)
    created = Observation.objects.count() - n_before
    expected = 2 * (args.submissions + 1) + 1
    result["submit_created_check"] = {"created": created, "expected": expected}

    result["operations"] = _operation_costs(token, Token.objects.create(user=coordinator).key, pool,
                                            args.submissions)

    # Concurrent submissions: threads with their own connections, each with its own Idempotency-Key.
    threads_n, per_thread = 4, max(10, args.submissions // 8)
    before = Observation.objects.count()
    errors = []

    def worker(number):
        try:
            client = Client()
            for index in range(per_thread):
                post(client, pool[(number * per_thread + index) % len(pool)], f"bench-c{number}-{index}-{uuid.uuid4()}")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(threads_n)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    result["submit_concurrent"] = {
        "threads": threads_n, "requests": threads_n * per_thread, "per_second": round(threads_n * per_thread / wall, 1),
        "created": Observation.objects.count() - before, "errors": errors[:3],
    }

    # The triage list on N synthetic observations of the coordinator's county.
    began = time.perf_counter()
    _bulk_observations(args.observations, reporter, pool)
    result["generate_s"] = round(time.perf_counter() - began, 1)
    result["observations_total"] = Observation.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result["triage"] = _triage_timings(coordinator, args.repeats)

    client = Client()
    client.force_login(coordinator)
    api = []
    budget = time.perf_counter() + CASE_BUDGET_S
    while len(api) < args.repeats and (len(api) < 3 or time.perf_counter() < budget):
        began = time.perf_counter()
        response = client.get("/api/v1/observations", {"status": "submitted,clarification_requested"})
        api.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    result["triage_api"] = timing(api)
    Path(args.json).write_text(json.dumps(result), encoding="utf-8")


OPERATIONS = ("cheapest", "submit", "detail", "timeline", "own list", "accept")


def _operation_costs(reporter_token, coordinator_token, pool, repeats):
    """{operation: CPU and wall ms per request, SQL statements} for the API operations of the soak's mixed
    load. CPU is this process's (Django, DRF, the services, the database driver), not the database's: what
    a gunicorn worker spends per request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    as_reporter = {"HTTP_AUTHORIZATION": f"Token {reporter_token}"}
    as_coordinator = {"HTTP_AUTHORIZATION": f"Token {coordinator_token}"}

    def submit(index):
        return client.post("/api/v1/observations", data=json.dumps(pool[index % len(pool)]),
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY=f"bench-{uuid.uuid4()}",
                           **as_reporter)

    own = [submit(index).json()["id"] for index in range(repeats + 1)]
    calls = {
        "cheapest": (lambda index: client.get("/api/v1/observations/0", **as_reporter), 404),
        "submit": (submit, 201),
        "detail": (lambda index: client.get(f"/api/v1/observations/{own[index]}", **as_reporter), 200),
        "timeline": (lambda index: client.get(f"/api/v1/observations/{own[index]}/timeline", **as_reporter), 200),
        "own list": (lambda index: client.get("/api/v1/observations?mine=1&page_size=20", **as_reporter), 200),
        "accept": (lambda index: client.post(f"/api/v1/observations/{own[index]}/transition",
                                             data=json.dumps({"action": "accept"}),
                                             content_type="application/json", **as_coordinator), 200),
    }
    costs = {}
    # A running server has read its copies of reference data long before: not counted as a request's work.
    client.get(f"/api/v1/observations/{own[0]}", **as_reporter)
    for name in OPERATIONS:
        call, expected = calls[name]
        with CaptureQueriesContext(connection) as queries:
            call(repeats)  # warm-up, and the statements of one request
        statements = [q["sql"] for q in queries.captured_queries
                      if q["sql"] not in ("BEGIN", "COMMIT", "SELECT 1")
                      and not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
        cpu, wall = time.process_time(), time.perf_counter()
        for index in range(repeats):
            response = call(index)
            if response.status_code != expected:
                raise SystemExit(f"bench: {name} returned {response.status_code}: {response.content[:300]!r}")
        costs[name] = {"cpu_ms": round((time.process_time() - cpu) * 1000 / repeats, 2),
                       "wall_ms": round((time.perf_counter() - wall) * 1000 / repeats, 2),
                       "statements": len(statements), "n": repeats}
    return costs


def database_version(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0]
        cursor.execute("SELECT sqlite_version()")
        return "SQLite " + cursor.fetchone()[0]


def _bulk_observations(count, reporter, pool):
    """Bulk-insert observations with phenomena, client groups and support needs (no services: speed)."""
    import datetime
    import random

    from django.utils import timezone

    from rake.demo import loader as bulk

    rng = random.Random(7)
    taxonomy = bulk.Taxonomy()
    statuses = ["submitted"] * 10 + ["clarification_requested"] * 4 + ["accepted"] * 30 + ["used"] * 25 + \
        ["closed"] * 22 + ["rejected"] * 7 + ["quarantined"] * 2
    now = timezone.now()
    span = (now - timezone.make_aware(datetime.datetime(2024, 1, 1))).total_seconds()
    batch = 2000
    # Secondary indexes dropped and built again for a large load, fast connection settings (see bulk).
    with bulk.loading(count):
        for start in range(0, count, batch):
            rows = []
            for _ in range(min(batch, count - start)):
                body = rng.choice(pool)
                submitted = now - datetime.timedelta(seconds=span * rng.random())
                rows.append(bulk.Row({
                    "status": rng.choice(statuses), "county_code": "15", "municipality_code": body["municipality"],
                    "observation_type_id": taxonomy.types[body["observation_type"]], "polarity": body["polarity"],
                    "description": body["description"], "frequency": body["frequency"],
                    "affected_estimate": body["affected_estimate"], "trend": body["trend"],
                    "language": body["language"], "observed_on": submitted.date(), "submitted_at": submitted,
                    "created_by_id": reporter.pk,
                }, body["phenomena"], body["client_groups"], body["support_needs"]))
            bulk.insert(rows, taxonomy)


def _triage_timings(coordinator, repeats):
    import datetime

    from django.utils import timezone

    from rake.observations.selectors import observation_list

    today = timezone.localdate()
    cases = {
        "queue (submitted + clarification, newest first)": {"status": "submitted,clarification_requested"},
        "all statuses, newest first": {},
        "phenomenon = homelessness (incl. sub-themes)": {"phenomenon": "homelessness"},
        "text search “asunto”": {"q": "asunto"},
        "last 90 days, sorted by observation date": {"since": today - datetime.timedelta(days=90), "until": today,
                                                      "sort": "-observed"},
    }
    results = {}
    for label, filters in cases.items():
        times = []
        budget = time.perf_counter() + CASE_BUDGET_S
        while len(times) < repeats and (len(times) < 3 or time.perf_counter() < budget):
            user = type(coordinator).objects.get(pk=coordinator.pk)  # a fresh permission cache, as per request
            began = time.perf_counter()
            observations = observation_list(user=user, filters=filters)
            count = observations.count()
            page = list(observations[:50])
            for observation in page:  # what the list shows of each row
                list(observation.phenomenon_links.all())
            times.append((time.perf_counter() - began) * 1000)
        results[label] = dict(timing(times), rows=count)
    return results


# --- orchestration (parent process) ------------------------------------------------------------------

def postgres_available():
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect(_libpq(POSTGRES_URL), connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


def _libpq(url):
    return url.replace("postgres://", "postgresql://", 1)


def run_child(label, env_overrides, args):
    with tempfile.TemporaryDirectory(prefix="rake-bench-") as tmp:
        out = Path(tmp) / "result.json"
        # One benchmark client is one user: the per-user API throttle would measure itself, not Rake.
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.base", DEBUG="0",
                   RAKE_THROTTLE_USER="1000000/min", RAKE_VAR_DIR=tmp,
                   LOG_LEVEL="ERROR", PYTHONPATH=str(ROOT))
        env.pop("DATABASE_URL", None)
        env.update(env_overrides)
        command = [sys.executable, str(Path(__file__).resolve()), "--child", "--json", str(out),
                   "--observations", str(args.observations), "--submissions", str(args.submissions),
                   "--repeats", str(args.repeats)]
        print(f"bench: measuring on {label} …", flush=True)
        began = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True)
        result = json.loads(out.read_text(encoding="utf-8"))
        result["elapsed_s"] = round(time.perf_counter() - began, 1)
        return result


def run_postgres(args):
    import psycopg

    name = f"rake_bench_{os.getpid()}"
    with psycopg.connect(_libpq(POSTGRES_URL), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        base = POSTGRES_URL.rsplit("/", 1)[0]
        return run_child("PostgreSQL", {"DATABASE_URL": f"{base}/{name}"}, args)
    finally:
        with psycopg.connect(_libpq(POSTGRES_URL), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure_databases(choice, run_sqlite, run_postgres, *, label):
    """{"SQLite": result, "PostgreSQL": result} for `--database sqlite|postgresql|both`; with "both",
    PostgreSQL is skipped (with a message) when it is not reachable at $BENCH_POSTGRES_URL."""
    results = {}
    if choice in ("sqlite", "both"):
        results["SQLite"] = run_sqlite()
    if choice in ("postgresql", "both"):
        if postgres_available():
            results["PostgreSQL"] = run_postgres()
        elif choice == "postgresql":
            raise SystemExit(f"{label}: PostgreSQL is not reachable at {POSTGRES_URL}")
        else:
            print(f"{label}: PostgreSQL not reachable at {POSTGRES_URL}; measuring SQLite only")
    return results


def host_speed_ms(runs=5):
    """Milliseconds for a fixed pure-Python workload on one core, the median of `runs`, recorded with each
    report so that runs made apart can be compared. It follows this shared host's speed: on 2026-12-04 it
    read 47–48 ms at the start of soaks that made 173 submissions a second, and 32.8 ms before one of 229."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        total = 0
        for number in range(300_000):
            total += len(str(number * 7)) & 3
        times.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(times), 1)


def speed_text(machine):
    return (f"a fixed pure-Python workload took {machine['speed_ms']} ms on one core at the start "
            "(`bench.host_speed_ms`; lower is a faster host)") if machine.get("speed_ms") else ""


def machine_info():
    info = {"python": platform.python_version(), "platform": platform.platform(), "cores": os.cpu_count(),
            "speed_ms": host_speed_ms()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
        info["load"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        pass
    try:
        import django

        info["django"] = django.get_version()
    except ImportError:
        pass
    return info


def render(results, args, machine, started):
    lines = [
        MARK_START,
        "## Observations: API submissions and the triage list (issue 2)",
        "",
        f"Generated by `make bench` (`python scripts/bench.py --observations {args.observations} "
        f"--submissions {args.submissions} --repeats {args.repeats}`) on {started} "
        f"in {sum(r['elapsed_s'] for r in results.values()):.0f} s.",
        "",
        f"Machine: {machine.get('cpu', '?')}, {machine.get('cores')} cores, {machine.get('memory_gib', '?')} GiB, "
        f"{machine.get('platform')}; Python {machine.get('python')}, Django {machine.get('django', '?')}; "
        f"load average at the start {machine.get('load', '?')}; {speed_text(machine)}. "
        "Figures from a shared 2-core machine vary between runs, at times by a factor of two (the host's "
        "other work); compare figures of one run with each other, and orders of magnitude across runs.",
        "",
        "How: requests go through Django's test client (the whole middleware, DRF, validation, services and "
        "database writes, but no HTTP socket) as one API client with a token, each request its own transaction; "
        "bodies are the demo generator's realistic texts and classifications. Each database is a fresh "
        "temporary one (SQLite in WAL mode with IMMEDIATE transactions; PostgreSQL on localhost).",
        "",
        "### `POST /api/v1/observations`",
        "",
        "| database | variant | requests/s | p50 ms | p95 ms |",
        "|---|---|---:|---:|---:|",
    ]
    variants = [("submit_plain", "no Idempotency-Key"), ("submit_idempotency_key", "a new Idempotency-Key each"),
                ("submit_replay", "replay of one key (201, `Idempotent-Replayed`)")]
    for name, result in results.items():
        for key, label in variants:
            row = result[key]
            lines.append(f"| {name} | {label} | {row['per_second']} | {row['p50_ms']} | {row['p95_ms']} |")
        concurrent = result["submit_concurrent"]
        lines.append(f"| {name} | {concurrent['threads']} threads at once, own keys | {concurrent['per_second']} "
                     f"| – | – |")
    lines += ["", "Checks: "]
    checks = []
    for name, result in results.items():
        check = result["submit_created_check"]
        concurrent = result["submit_concurrent"]
        checks.append(f"{name}: sequential runs created {check['created']} observations (expected "
                      f"{check['expected']}: replays create none); {concurrent['requests']} concurrent requests "
                      f"created {concurrent['created']}"
                      + (f", errors: {concurrent['errors']}" if concurrent["errors"] else ", no errors") + ".")
    lines[-1] += " ".join(checks)
    lines += [
        "",
        "### What each API operation costs a worker",
        "",
        "The operations of `make soak`'s mixed load, each repeated as many times as the submissions above, "
        "right after them (a few hundred observations in the database). CPU is the Python process's own "
        "(middleware, DRF, services, the database driver; not the database server's): under `make soak` the "
        "gunicorn workers use most of the machine's CPU (its \"CPU used\" figures); statements exclude "
        "transaction control and the connection's health check. The accepts update the statistics rollups and keyword counts.",
        "",
        "| database | operation | CPU ms per request | wall ms per request | SQL statements |",
        "|---|---|---:|---:|---:|",
    ]
    for name, result in results.items():
        for operation in OPERATIONS:
            row = result["operations"][operation]
            lines.append(f"| {name} | {operation} | {row['cpu_ms']} | {row['wall_ms']} | {row['statements']} |")
    lines += [
        "",
        f"### Triage list selector (`observation_list`) on {args.observations:,} observations in one county",
        "",
        "Time for the selector's count plus the first page of 50 rows with their phenomena (what the "
        f"coordinator's queue and `GET /api/v1/observations` evaluate), {args.repeats} runs each (a slow case "
        f"stops after {CASE_BUDGET_S} s, at least 3 runs: see n).",
        "",
        "| database | filter | matching rows | n | p50 ms | p95 ms |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, result in results.items():
        for label, row in result["triage"].items():
            lines.append(f"| {name} | {label} | {row['rows']:,} | {row['n']} | {row['p50_ms']} | {row['p95_ms']} |")
        api = result["triage_api"]
        lines.append(f"| {name} | whole `GET /api/v1/observations?status=submitted,clarification_requested` "
                     f"(serialised) | – | {api['n']} | {api['p50_ms']} | {api['p95_ms']} |")
    lines += ["", "Set-up per database: " + "; ".join(
        f"{name} ({result['database_version']}): migrate {result['migrate_s']} s, bulk insert of "
        f"{args.observations:,} observations {result['generate_s']} s" for name, result in results.items()) + ".",
        MARK_END]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both",
                        help="both (default) measures PostgreSQL too when it is reachable at $BENCH_POSTGRES_URL")
    parser.add_argument("--observations", type=int, default=20000)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        return child(args)

    started_at = time.strftime("%Y-%m-%d %H:%M %Z")
    machine = machine_info()
    results = measure_databases(args.database, lambda: run_child("SQLite", {}, args), lambda: run_postgres(args),
                                label="bench")
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    section = render(results, args, machine, started_at)
    body = section.replace(MARK_START + "\n", "").replace(MARK_END, "")
    write_section(output, SECTION, body)
    for name, result in results.items():
        print(f"bench: {name}: {result['submit_plain']['per_second']} submissions/s, "
              f"{result['submit_idempotency_key']['per_second']} with Idempotency-Key, "
              f"queue p95 {result['triage']['queue (submitted + clarification, newest first)']['p95_ms']} ms "
              f"({result['elapsed_s']} s)")
    print(f"bench: wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
