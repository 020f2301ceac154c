#!/usr/bin/env python3
"""make bench: the statistics endpoint and the dashboard page at scale (issue 4), into docs/benchmarks.md.

For each database: migrate, `generate_benchmark_data --observations N` (default 1,000,000), rebuild the
rollups, then time, for every query the dashboard makes, `GET /api/v1/stats/observations` through
Django's test client beside the same aggregate computed by one raw SQL GROUP BY over the observation
tables (rake.analysis.selectors.raw_observation_counts), in the same run; and the whole dashboard page.

The benchmark databases are kept between runs (var/bench-stats/ for SQLite, the PostgreSQL database
`rake_bench_stats`): generating a million observations takes minutes, and the generator continues where
it left off. `--fresh` drops them first.

    python scripts/bench_stats.py [--database sqlite|postgresql|both] [--observations 1000000]
                                  [--repeats 30] [--fresh]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from bench import POSTGRES_URL, _libpq, machine_info, measure_databases, timing  # noqa: E402
from benchdoc import write_section  # noqa: E402

SECTION = "statistics"
PG_NAME = "rake_bench_stats"
SQLITE_DIR = ROOT / "var" / "bench-stats"
TARGET_P95_MS, TARGET_RATIO, PAGE_TARGET_P95_MS = 50, 0.15, 300


# --- measuring (child process) ---------------------------------------------------------------------

def dashboard_queries(county, since, until):
    """(label, API query parameters) for every table of the national dashboard, last 12 months."""
    window = {"since": since, "until": until}
    return [
        ("by phenomenon", {"group_by": "phenomenon", **window}),
        ("by sub-theme of homelessness", {"group_by": "sub_theme", "phenomenon": "homelessness", **window}),
        ("by polarity", {"group_by": "polarity", **window}),
        ("by observation type", {"group_by": "observation_type", **window}),
        ("by client group", {"group_by": "client_group", **window}),
        ("by support need", {"group_by": "support_need", **window}),
        ("over time (month)", {"group_by": "period", "period": "month", **window}),
        ("county comparison", {"group_by": "county", **window}),
        (f"by municipality in county {county}", {"group_by": "municipality", "county": county, **window}),
        ("homelessness by client group", {"group_by": "client_group", "phenomenon": "homelessness", **window}),
        ("homelessness by county and quarter", {"group_by": "county,period", "period": "quarter",
                                                "phenomenon": "homelessness", **window}),
    ]


def _timed(function, repeats, budget_s=8):
    function()  # warm-up
    values, began = [], time.perf_counter()
    while len(values) < repeats and (len(values) < 3 or time.perf_counter() - began < budget_s):
        start = time.perf_counter()
        function()
        values.append((time.perf_counter() - start) * 1000)
    return timing(values)


def child(args):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from rake.accounts.models import Role
    from rake.accounts.services import membership_grant, organisation_get_or_create, user_get_or_create
    from rake.analysis.api import parse_stats_params
    from rake.analysis.selectors import raw_observation_counts
    from rake.observations.models import Observation

    result = {"vendor": connection.vendor}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    result["migrate_s"] = round(time.perf_counter() - started, 1)
    before = Observation.objects.count()
    started = time.perf_counter()
    call_command("generate_benchmark_data", observations=args.observations, no_rollups=True, verbosity=1)
    result["generate_s"] = round(time.perf_counter() - started, 1)
    result["generated"] = Observation.objects.count() - before  # 0 when a kept database had the data
    started = time.perf_counter()
    call_command("rebuild_rollups", verbosity=0)
    result["rebuild_s"] = round(time.perf_counter() - started, 1)
    from rake.analysis.models import ObservationRollup

    result["observations"] = Observation.objects.count()
    result["rollup_rows"] = ObservationRollup.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            result["database_version"] = cursor.fetchone()[0].split(",")[0]
            cursor.execute("ANALYZE")
    else:
        import sqlite3

        result["database_version"] = f"SQLite {sqlite3.sqlite_version}"

    national_org = organisation_get_or_create(name="Bench national", county_code="", is_national=True)
    national = user_get_or_create(username="bench-national", password=None, email="bench-national@example.com")
    membership_grant(user=national, organisation=national_org, role=Role.NATIONAL)
    busiest = (Observation.objects.order_by().values_list("county_code").annotate(n=django.db.models.Count("id"))
               .order_by("-n").first()[0])
    latest = Observation.objects.order_by("-observed_on").values_list("observed_on", flat=True).first()
    until = latest.replace(day=1)
    since = until.replace(year=until.year - 1, month=until.month) if until.month == 12 else \
        until.replace(year=until.year - 1, month=until.month + 1)
    since_s, until_s = f"{since:%Y-%m}", f"{until:%Y-%m}"
    result["window"] = f"{since_s} – {until_s}"
    result["busiest_county"] = busiest

    client = Client()
    client.force_login(national)
    queries = []
    for label, params in dashboard_queries(busiest, since_s, until_s):
        def api(params=params):
            response = client.get("/api/v1/stats/observations", params)
            assert response.status_code == 200, response.content[:300]
            return response

        rows = len(api().json()["rows"])
        parsed = parse_stats_params(params)
        county = parsed.pop("county", None)
        raw_kwargs = dict(parsed, county=county) if county else parsed
        endpoint = _timed(api, args.repeats)
        raw = _timed(lambda: raw_observation_counts(**raw_kwargs), max(5, args.repeats // 3))
        queries.append({"label": label, "params": params, "rows": rows, "endpoint": endpoint, "raw": raw})
        print(f"bench_stats: {connection.vendor} {label}: endpoint p95 {endpoint['p95_ms']} ms, "
              f"raw p95 {raw['p95_ms']} ms", flush=True)
    result["queries"] = queries

    pages = {}
    try:
        url = reverse("analysis:dashboard")
    except NoReverseMatch:
        url = None
    if url:
        page_cases = [("national, whole country", national, {"since": since_s, "until": until_s}),
                      ("national, homelessness in the busiest county",
                       national, {"since": since_s, "until": until_s, "county": busiest,
                                  "phenomenon": "homelessness"})]
        for label, user, params in page_cases:
            page_client = Client()
            page_client.force_login(user)

            def page(page_client=page_client, params=params):
                response = page_client.get(url, params)
                assert response.status_code == 200, response.status_code
                return response

            pages[label] = _timed(page, args.repeats)
            print(f"bench_stats: {connection.vendor} dashboard {label}: p95 {pages[label]['p95_ms']} ms", flush=True)
    result["pages"] = pages
    Path(args.json).write_text(json.dumps(result), encoding="utf-8")
    return 0


# --- orchestration (parent process) ------------------------------------------------------------------

def run_child(label, env_overrides, args):
    with tempfile.TemporaryDirectory(prefix="rake-bench-stats-") as tmp:
        out = Path(tmp) / "result.json"
        # One benchmark client is one user: the per-user API throttle would measure itself, not Rake.
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.base", DEBUG="0",
                   RAKE_THROTTLE_USER="1000000/min", LOG_LEVEL="ERROR",
                   PYTHONPATH=str(ROOT))
        env.pop("DATABASE_URL", None)
        env.update(env_overrides)
        command = [sys.executable, str(Path(__file__).resolve()), "--child", "--json", str(out),
                   "--observations", str(args.observations), "--repeats", str(args.repeats)]
        print(f"bench_stats: measuring on {label} …", flush=True)
        began = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True)
        result = json.loads(out.read_text(encoding="utf-8"))
        result["elapsed_s"] = round(time.perf_counter() - began, 1)
        return result


def run_sqlite(args):
    if args.fresh and SQLITE_DIR.exists():
        for path in SQLITE_DIR.glob("*"):
            path.unlink()
    SQLITE_DIR.mkdir(parents=True, exist_ok=True)
    return run_child("SQLite", {"RAKE_VAR_DIR": str(SQLITE_DIR)}, args)


def run_postgres(args):
    import psycopg

    with psycopg.connect(_libpq(POSTGRES_URL), autocommit=True) as conn:
        if args.fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{PG_NAME}"')
    base = POSTGRES_URL.rsplit("/", 1)[0]
    with tempfile.TemporaryDirectory(prefix="rake-bench-stats-var-") as var:
        return run_child("PostgreSQL", {"DATABASE_URL": f"{base}/{PG_NAME}", "RAKE_VAR_DIR": var}, args)


def _verdict(ok):
    return "yes" if ok else "**no**"


def _generation(result):
    """What generating the data cost in this run, or that the data came from an earlier run."""
    generated = result.get("generated", 0)
    if not generated:
        return "data kept from an earlier run; not generated now"
    rate = generated / result["generate_s"] if result["generate_s"] else float("inf")
    return f"created {generated:,} observations in {result['generate_s']} s ({rate:,.0f} per second)"


def render(results, args, machine, started):
    lines = [
        "## Statistics and dashboards at scale (issue 4)",
        "",
        f"Generated by `make bench` (`python scripts/bench_stats.py --observations {args.observations} "
        f"--repeats {args.repeats}`) on {started}. Machine: {machine.get('cpu', '?')}, {machine.get('cores')} cores, "
        f"{machine.get('memory_gib', '?')} GiB; load average at the start {machine.get('load', '?')}.",
        "",
        "How: each query is what the national dashboard asks for the last 12 months (a national user: every "
        "county, suppressed). *Endpoint* is the whole `GET /api/v1/stats/observations` through Django's test "
        "client (authentication, parsing, the rollup query, suppression, JSON). *Raw* is the same aggregate by one "
        "SQL GROUP BY over the observation tables with their relation tables "
        "(`rake.analysis.selectors.raw_observation_counts`, no HTTP, no suppression), measured in the same run. "
        f"Targets on PostgreSQL: endpoint p95 ≤ {TARGET_P95_MS} ms and ≤ {TARGET_RATIO} × the raw query's p95; "
        f"dashboard page p95 ≤ {PAGE_TARGET_P95_MS} ms.",
        "",
    ]
    for name, result in results.items():
        lines += [
            f"### {name} ({result['database_version']}), {result['observations']:,} observations",
            "",
            f"Set-up: migrate {result['migrate_s']} s; `generate_benchmark_data` {_generation(result)}; "
            f"`rebuild_rollups` {result['rebuild_s']} s → "
            f"{result['rollup_rows']:,} rollup rows. Window {result['window']}; busiest county "
            f"{result['busiest_county']}.",
            "",
            "| query | rows | endpoint p50 ms | endpoint p95 ms | raw p50 ms | raw p95 ms | endpoint/raw (p95) |"
            + (" meets target |" if result["vendor"] == "postgresql" else ""),
            "|---|---:|---:|---:|---:|---:|---:|" + ("---|" if result["vendor"] == "postgresql" else ""),
        ]
        for query in result["queries"]:
            endpoint, raw = query["endpoint"], query["raw"]
            ratio = endpoint["p95_ms"] / raw["p95_ms"] if raw["p95_ms"] else float("inf")
            row = (f"| {query['label']} | {query['rows']} | {endpoint['p50_ms']} | {endpoint['p95_ms']} | "
                   f"{raw['p50_ms']} | {raw['p95_ms']} | {ratio:.3f} |")
            if result["vendor"] == "postgresql":
                row += f" {_verdict(endpoint['p95_ms'] <= TARGET_P95_MS and ratio <= TARGET_RATIO)} |"
            lines.append(row)
        lines.append("")
        if result["pages"]:
            lines += ["| dashboard page (whole render) | n | p50 ms | p95 ms | meets target |",
                      "|---|---:|---:|---:|---|"]
            for label, page in result["pages"].items():
                lines.append(f"| {label} | {page['n']} | {page['p50_ms']} | {page['p95_ms']} | "
                             f"{_verdict(page['p95_ms'] <= PAGE_TARGET_P95_MS)} |")
            lines.append("")
        else:
            lines += ["The dashboard page is not there yet; not measured.", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--observations", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--fresh", action="store_true", help="drop the kept benchmark databases first")
    parser.add_argument("--write", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        return child(args)

    started = time.strftime("%Y-%m-%d %H:%M %Z")
    machine = machine_info()
    results = measure_databases(args.database, lambda: run_sqlite(args), lambda: run_postgres(args),
                                label="bench_stats")
    write_section(args.write, SECTION, render(results, args, machine, started))
    print(f"bench_stats: wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
