#!/usr/bin/env python3
"""make bench: the statistics endpoint and the dashboard page at scale (issues 4, 14), into docs/benchmarks.md.

For each database: migrate, `generate_benchmark_data --observations N` (default 1,000,000), rebuild the
rollups, then compute the protected release of every county-year (`refresh_releases --all`, ADR 0012) and
time it. Then, for every query the dashboard makes and one query per further table of the release's lattice,
time `GET /api/v1/stats/observations` through Django's test client as two users, each beside the same
aggregate computed by one raw SQL GROUP BY over the observation tables
(rake.analysis.selectors.raw_observation_counts), in the same run:

- a coordinator of every county: exact live numbers from the rollups, the last 12 months (no real
  coordinator sees more than their own counties; this is the largest such question);
- a national user: the protected release only, the last full calendar year (a protected role may ask
  whole calendar periods and the lattice's tables only; anything else is 400 `query_not_allowed`, and a
  400 — or any answer but 200 — stops the bench: it is a failure, not a figure).

Then the whole dashboard page as a national user, a viewer and the coordinator, and what disclosure control
costs the users (scripts/disclosure_cost.py: how much of the lattice, the rake-exchange/2 document and the
year × phenomenon table is published).

The benchmark databases are kept between runs (var/bench-stats/ for SQLite, the PostgreSQL database
`rake_bench_stats`): generating a million observations takes minutes, and the generator continues where
it left off. `--fresh` drops them first.

    python scripts/bench_stats.py [--database sqlite|postgresql|both] [--observations 1000000]
                                  [--repeats 30] [--fresh]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from bench import POSTGRES_URL, _libpq, machine_info, measure_databases, timing  # noqa: E402
from benchdoc import write_section  # noqa: E402
import disclosure_cost  # noqa: E402

SECTION = "statistics"
PG_NAME = "rake_bench_stats"
SQLITE_DIR = ROOT / "var" / "bench-stats"
TARGET_P95_MS, TARGET_RATIO, PAGE_TARGET_P95_MS = 50, 0.15, 300
# DESIGN §7: no request a signed-in role can make costs more than a couple of seconds at 1 M observations.
REQUEST_LIMIT_S = 2


# --- measuring (child process) ---------------------------------------------------------------------

def dashboard_queries(county, since, until):
    """(label, API query parameters) for every table of the national dashboard over since..until."""
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


def lattice_queries(county, since, until):
    """(label, parameters) for the lattice's tables (rake.analysis.release.LATTICE) no dashboard table reads."""
    window = {"since": since, "until": until}
    return [
        ("phenomena by half-year", {"group_by": "phenomenon,period", "period": "half", **window}),
        ("phenomenon × polarity", {"group_by": "phenomenon,polarity", **window}),
        ("phenomenon × observation type", {"group_by": "phenomenon,observation_type", **window}),
        ("homelessness by support need", {"group_by": "support_need", "phenomenon": "homelessness", **window}),
        (f"phenomenon × municipality in county {county}", {"group_by": "phenomenon,municipality",
                                                            "county": county, **window}),
        ("client group × polarity", {"group_by": "polarity,client_group", **window}),
        ("support need × polarity", {"group_by": "polarity,support_need", **window}),
    ]


def heaviest_questions(county):
    """(label, parameters) of the costliest questions a coordinator may ask over all the data (three dimensions,
    two of them multi-valued: the bounds of rake.analysis.selectors), and the issue-15 question beyond them."""
    return [
        ("phenomenon × client group × month", {"group_by": "phenomenon,client_group,period", "period": "month"}),
        ("sub-theme × support need × month", {"group_by": "sub_theme,support_need,period", "period": "month"}),
        ("client group × support need × municipality", {"group_by": "client_group,support_need,municipality"}),
        (f"county {county}: phenomenon × client group × support need × month (beyond the bounds)",
         {"county": county, "group_by": "phenomenon,client_group,support_need,period", "period": "month"}),
    ]


def _timed(function, repeats, budget_s=8):
    function()  # warm-up
    values, began = [], time.perf_counter()
    while len(values) < repeats and (len(values) < 3 or time.perf_counter() - began < budget_s):
        start = time.perf_counter()
        function()
        values.append((time.perf_counter() - start) * 1000)
    return timing(values)


def _ok(response, what):
    """The response when it is 200; anything else stops the bench (a refused question is no figure)."""
    if response.status_code != 200:
        raise SystemExit(f"bench_stats: {what} answered {response.status_code}: {response.content[:300]!r}")
    return response


def child(args):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from rake.accounts.models import Role
    from rake.accounts.services import membership_grant, organisation_get_or_create, user_get_or_create
    from rake.analysis import release as release_module
    from rake.analysis.api import parse_stats_params
    from rake.analysis.selectors import raw_observation_counts
    from rake.analysis.services import stats_scope
    from rake.demo import benchmark, generator
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

    # The protected release of every county-year: what `manage.py refresh_releases --all` runs.
    computed = []

    def progress(done, total, county, year, seconds):
        computed.append({"county": county, "year": year, "seconds": round(seconds, 2)})
        print(f"bench_stats: {connection.vendor} release {done}/{total} county {county}, {year}: {seconds:.1f} s",
              flush=True)

    started = time.perf_counter()
    release_module.refresh_releases(every=True, progress=progress)
    result["refresh_s"] = round(time.perf_counter() - started, 1)
    result["releases"] = computed
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # Users: a national user (protected), a viewer of the busiest county (protected) and a coordinator of every
    # county (exact numbers: raw access to each county it sees).
    busiest = (Observation.objects.order_by().values_list("county_code").annotate(n=Count("id"))
               .order_by("-n").first()[0])
    national_org = organisation_get_or_create(name="Bench national", county_code="", is_national=True)
    national = user_get_or_create(username="bench-national", password=None, email="bench-national@example.com")
    membership_grant(user=national, organisation=national_org, role=Role.NATIONAL)
    organisations = generator.county_organisations(benchmark.COUNTIES, "bench")
    coordinator = user_get_or_create(username="bench-coordinator-all", password=None,
                                     email="bench-coordinator-all@example.com")
    for organisation in organisations.values():
        membership_grant(user=coordinator, organisation=organisation, role=Role.COORDINATOR)
    viewer = user_get_or_create(username=f"bench-viewer-{busiest}", password=None,
                                email=f"bench-viewer-{busiest}@example.com")
    membership_grant(user=viewer, organisation=organisations[busiest], role=Role.VIEWER)
    for user, protected in ((national, True), (coordinator, False), (viewer, True)):
        if stats_scope(user)[1] != protected:
            raise SystemExit(f"bench_stats: {user.username} is {'not ' if protected else ''}protected")

    latest = Observation.objects.order_by("-observed_on").values_list("observed_on", flat=True).first()
    until = latest.replace(day=1)
    since = until.replace(year=until.year - 1, month=until.month) if until.month == 12 else \
        until.replace(year=until.year - 1, month=until.month + 1)
    since_s, until_s = f"{since:%Y-%m}", f"{until:%Y-%m}"
    year = latest.year - 1  # the last full calendar year
    year_since, year_until = f"{year}-01", f"{year}-12"
    result["window"] = f"{since_s} – {until_s}"
    result["year"] = year
    result["busiest_county"] = busiest

    def time_queries(user, role, queries):
        client = Client()
        client.force_login(user)
        measured = []
        for label, params in queries:
            def api(params=params):
                return _ok(client.get("/api/v1/stats/observations", params), f"{label} as {role} ({params})")

            rows = api().json()["rows"]
            parsed = parse_stats_params(params)
            county = parsed.pop("county", None)
            raw_kwargs = dict(parsed, county=county) if county else parsed
            endpoint = _timed(api, args.repeats)
            raw = _timed(lambda: raw_observation_counts(**raw_kwargs), max(5, args.repeats // 3))
            measured.append({"label": label, "params": params, "rows": len(rows),
                             "hidden": sum(1 for row in rows if row.get("count") is None),
                             "endpoint": endpoint, "raw": raw})
            print(f"bench_stats: {connection.vendor} {role} {label}: endpoint p95 {endpoint['p95_ms']} ms, "
                  f"raw p95 {raw['p95_ms']} ms", flush=True)
        return measured

    result["queries"] = {
        "unprotected": time_queries(coordinator, "coordinator of every county",
                                    dashboard_queries(busiest, since_s, until_s)
                                    + lattice_queries(busiest, since_s, until_s)),
        "protected": time_queries(national, "national", dashboard_queries(busiest, year_since, year_until)
                                  + lattice_queries(busiest, year_since, year_until)),
    }

    # Bounded work (issue 15): the heaviest questions a role with raw access may ask, over all the data, and the
    # issue's question past the bounds. Each is answered 200 or refused 400 query_too_large; either is timed.
    heavy_client = Client()
    heavy_client.force_login(coordinator)
    heaviest = []
    for label, params in heaviest_questions(busiest):
        def ask(params=params):
            return heavy_client.get("/api/v1/stats/observations", params)

        response = ask()
        if response.status_code not in (200, 400) or \
                response.status_code == 400 and response.json().get("code") != "query_too_large":
            raise SystemExit(f"bench_stats: {label} answered {response.status_code}: {response.content[:300]!r}")
        answer = response.json()
        heaviest.append({"label": label, "params": params, "status": response.status_code,
                         "rows": len(answer.get("rows", ())), "code": answer.get("code", ""),
                         "timing": _timed(ask, max(5, args.repeats // 6))})
        print(f"bench_stats: {connection.vendor} heaviest {label}: {response.status_code}, "
              f"p95 {heaviest[-1]['timing']['p95_ms']} ms", flush=True)
    result["heaviest"] = heaviest

    # The first protected read in a new server process parses the stored releases it needs.
    cold_client = Client()
    cold_client.force_login(national)
    params = {"group_by": "phenomenon", "since": year_since, "until": year_until}

    def cold():
        release_module._parsed.clear()
        _ok(cold_client.get("/api/v1/stats/observations", params), "the first protected read")

    result["cold_read"] = _timed(cold, 10)

    url = reverse("analysis:dashboard")
    page_cases = [
        ("national, whole country (default range, widened to whole years)", national, {}),
        ("national, homelessness in the busiest county", national, {"county": busiest, "phenomenon": "homelessness"}),
        (f"viewer of county {busiest} (default range, widened to whole years)", viewer, {}),
        (f"viewer of county {busiest}, homelessness", viewer, {"phenomenon": "homelessness"}),
        ("coordinator of every county, whole country (last 12 months, exact)", coordinator, {}),
    ]
    pages = {}
    for label, user, page_params in page_cases:
        page_client = Client()
        page_client.force_login(user)

        def page(page_client=page_client, page_params=page_params, label=label):
            return _ok(page_client.get(url, page_params), f"the dashboard page, {label}")

        pages[label] = _timed(page, args.repeats)
        print(f"bench_stats: {connection.vendor} dashboard {label}: p95 {pages[label]['p95_ms']} ms", flush=True)
    result["pages"] = pages

    # Where the time of one warm request goes: its SQL statements, grouped by their text's start.
    def sql_profile(user, path, params, what):
        client = Client()
        client.force_login(user)
        _ok(client.get(path, params), what)  # warm
        kinds, statements = {}, []

        def timed_statement(execute, sql, params, many, context):
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                kind = kinds.setdefault(" ".join(sql.split())[:90], [0, 0.0])
                kind[0] += 1
                kind[1] += (time.perf_counter() - began) * 1000
                statements.append(sql)

        with connection.execute_wrapper(timed_statement):
            began = time.perf_counter()
            _ok(client.get(path, params), what)
            elapsed = (time.perf_counter() - began) * 1000
        costliest = max(kinds.items(), key=lambda item: item[1][1], default=("", [0, 0.0]))
        return {"request": what, "ms": round(elapsed, 1), "statements": len(statements),
                "sql_ms": round(sum(kind[1] for kind in kinds.values()), 1), "costliest": costliest[0],
                "costliest_n": costliest[1][0], "costliest_ms": round(costliest[1][1], 1)}

    api_path = "/api/v1/stats/observations"
    result["sql_profiles"] = [
        sql_profile(national, api_path, params, f"API, national: by phenomenon, {year}"),
        sql_profile(coordinator, api_path, {"group_by": "phenomenon", "since": since_s, "until": until_s},
                    "API, coordinator of every county: by phenomenon, last 12 months"),
        sql_profile(national, url, {}, "dashboard page, national, whole country"),
        sql_profile(viewer, url, {}, f"dashboard page, viewer of county {busiest}"),
        sql_profile(coordinator, url, {}, "dashboard page, coordinator of every county"),
    ]

    started = time.perf_counter()
    result["disclosure"] = disclosure_cost.measure(refresh=False)
    result["disclosure_s"] = round(time.perf_counter() - started, 1)
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
        started, machine = time.strftime("%Y-%m-%d %H:%M %Z"), machine_info()
        began = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True)
        result = json.loads(out.read_text(encoding="utf-8"))
        result["elapsed_s"] = round(time.perf_counter() - began, 1)
        result["started"], result["machine"] = started, machine
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


def _query_met(query):
    endpoint, raw = query["endpoint"], query["raw"]
    ratio = endpoint["p95_ms"] / raw["p95_ms"] if raw["p95_ms"] else float("inf")
    return ratio, endpoint["p95_ms"] <= TARGET_P95_MS and ratio <= TARGET_RATIO


def _query_table(queries, protected):
    lines = ["| query | rows | " + ("hidden rows | " if protected else "")
             + "endpoint p50 ms | endpoint p95 ms | raw p50 ms | raw p95 ms | endpoint/raw (p95) | meets target |",
             "|---|---:|" + ("---:|" if protected else "") + "---:|---:|---:|---:|---:|---|"]
    for query in queries:
        endpoint, raw = query["endpoint"], query["raw"]
        ratio, met = _query_met(query)
        lines.append(f"| {query['label']} | {query['rows']} | " + (f"{query['hidden']} | " if protected else "")
                     + f"{endpoint['p50_ms']} | {endpoint['p95_ms']} | {raw['p50_ms']} | {raw['p95_ms']} | "
                     f"{ratio:.3f} | {_verdict(met)} |")
    return lines


def _releases_text(result):
    releases = result["releases"]
    if not releases:
        return "no county-year has counted observations"
    slowest = max(releases, key=lambda item: item["seconds"])
    observations = {(row["county"], row["year"]): row["observations"] for row in result["disclosure"]["county_years"]}
    seconds = [item["seconds"] for item in releases]
    by_year = {}
    for item in releases:
        by_year[item["year"]] = by_year.get(item["year"], 0) + item["seconds"]
    worst_year = max(by_year, key=by_year.get)
    return (f"{len(releases)} county-years in {result['refresh_s']} s (per county-year median "
            f"{statistics.median(seconds):.1f} s); the slowest county {slowest['county']}, {slowest['year']} "
            f"({observations.get((slowest['county'], slowest['year']), 0):,} observations) {slowest['seconds']:.1f} s; "
            f"all counties of {worst_year} together {by_year[worst_year]:.1f} s")


def _targets_text(result):
    """Which targets the run meets, in words."""
    parts = []
    for key, label in (("unprotected", "coordinator (exact)"), ("protected", "national (protected)")):
        queries = result["queries"][key]
        met = sum(_query_met(query)[1] for query in queries)
        fast = sum(query["endpoint"]["p95_ms"] <= TARGET_P95_MS for query in queries)
        parts.append(f"{label}: {met} of {len(queries)} queries meet both (p95 ≤ {TARGET_P95_MS} ms: {fast})")
    pages = result["pages"]
    met = sum(page["p95_ms"] <= PAGE_TARGET_P95_MS for page in pages.values())
    parts.append(f"dashboard pages: {met} of {len(pages)}")
    if result.get("heaviest"):
        worst = max(result["heaviest"], key=lambda item: item["timing"]["p95_ms"])
        within = "within" if worst["timing"]["p95_ms"] <= REQUEST_LIMIT_S * 1000 else "**over**"
        parts.append(f"the heaviest statistics question {within} {REQUEST_LIMIT_S} s "
                     f"({worst['label']}: p95 {worst['timing']['p95_ms']} ms)")
    slowest = max((item["seconds"] for item in result["releases"]), default=0)
    within = "within" if slowest <= REQUEST_LIMIT_S else "**over**"
    parts.append(f"computing one county-year's release {within} DESIGN §7's couple of seconds "
                 f"({REQUEST_LIMIT_S} s): the slowest took {slowest:.1f} s (no read waits for it: an out-of-date "
                 f"release is served as stored and computed after the response, or by `refresh_releases`; only a "
                 f"county-year's first release, or one of another threshold or lattice, is computed on the read)")
    return "; ".join(parts) + "."


def machine_text(machine):
    return (f"{machine.get('cpu', '?')}, {machine.get('cores')} cores, {machine.get('memory_gib', '?')} GiB; load "
            f"average at the start {machine.get('load', '?')}; a fixed pure-Python workload took "
            f"{machine.get('speed_ms', '?')} ms on one core (`bench.host_speed_ms`; lower is a faster host)")


def render(results):
    lines = [
        "## Statistics and dashboards at scale (issues 4, 14)",
        "",
        "Generated by `make bench` (`python scripts/bench_stats.py`; each database's figures below name their own "
        "run: a run of one database with `--database` keeps the other's figures from its last run).",
        "",
        "How: after the data and the rollups, the protected release of every county-year is computed "
        "(`rake.analysis.release.refresh_releases(every=True)`, what `manage.py refresh_releases --all` runs) and "
        "timed. Each query is a table of the dashboard, or one of the release's lattice that no dashboard table "
        "reads, asked by two users: a **coordinator of every county** (unprotected: exact live numbers from the "
        "rollups, over the last 12 months; a real coordinator sees only their own counties, so this is the largest "
        "such question) and a **national user** (protected, ADR 0012: only the stored protected release, so only "
        "whole calendar periods — here the last full calendar year — and the lattice's tables; any other answer "
        "than 200, such as 400 `query_not_allowed`, stops the bench). *Endpoint* is the whole "
        "`GET /api/v1/stats/observations` through Django's test client (authentication, parsing, the rollups or "
        "the release, JSON). *Raw* is the same aggregate, exact, by one SQL GROUP BY over the observation tables "
        "with their relation tables (`rake.analysis.selectors.raw_observation_counts`, no HTTP), measured in the "
        "same run. *Hidden rows* are rows with `count` null. The dashboard page is timed whole (every table and "
        "the previous period's) as each user opens it; for protected users the page widens the range to whole "
        f"calendar years. Targets on PostgreSQL: endpoint p95 ≤ {TARGET_P95_MS} ms and ≤ {TARGET_RATIO} × the raw "
        f"query's p95; dashboard page p95 ≤ {PAGE_TARGET_P95_MS} ms (on SQLite the column says whether the same "
        "figures would meet them).",
        "",
    ]
    for name, result in results.items():
        lines += [
            f"### {name} ({result['database_version']}), {result['observations']:,} observations",
            "",
            f"Measured by `python scripts/bench_stats.py --database {result['run']['database']} --observations "
            f"{result['run']['observations']} --repeats {result['run']['repeats']}`, started on {result['started']}. "
            f"Machine: {machine_text(result['machine'])}.",
            "",
            f"Set-up: migrate {result['migrate_s']} s; `generate_benchmark_data` {_generation(result)}; "
            f"`rebuild_rollups` {result['rebuild_s']} s → {result['rollup_rows']:,} rollup rows; protected releases: "
            f"{_releases_text(result)}. Busiest county {result['busiest_county']}. Whole run {result['elapsed_s']} s.",
            "",
            f"Targets met — {_targets_text(result)}",
            "",
            f"Coordinator of every county (exact), window {result['window']}:",
            "",
            *_query_table(result["queries"]["unprotected"], protected=False),
            "",
            f"National user (protected release), {result['year']}:",
            "",
            *_query_table(result["queries"]["protected"], protected=True),
            "",
            f"The first protected read in a new server process parses the stored releases it reads (here the "
            f"national answer by phenomenon for {result['year']}): p50 {result['cold_read']['p50_ms']} ms, "
            f"p95 {result['cold_read']['p95_ms']} ms ({result['cold_read']['n']} runs).",
            "",
            "| dashboard page (whole render) | n | p50 ms | p95 ms | meets target |",
            "|---|---:|---:|---:|---|",
        ]
        for label, page in result["pages"].items():
            lines.append(f"| {label} | {page['n']} | {page['p50_ms']} | {page['p95_ms']} | "
                         f"{_verdict(page['p95_ms'] <= PAGE_TARGET_P95_MS)} |")
        if result.get("heaviest"):
            lines += ["", "The heaviest questions a coordinator may ask, over all the data (issue 15: at most three "
                      "dimensions, two of them multi-valued, 10,000 rows and `RAKE_STATS_QUERY_SECONDS` of counting; "
                      "anything more is 400 `query_too_large`):", "",
                      "| question | answer | rows | n | p50 ms | p95 ms | within a couple of seconds |",
                      "|---|---|---:|---:|---:|---:|---|"]
            for item in result["heaviest"]:
                answer = "200" if item["status"] == 200 else f"400 `{item['code']}`"
                timing = item["timing"]
                lines.append(f"| {item['label']} | {answer} | {item['rows']} | {timing['n']} | {timing['p50_ms']} | "
                             f"{timing['p95_ms']} | {_verdict(timing['p95_ms'] <= REQUEST_LIMIT_S * 1000)} |")
        if result.get("sql_profiles"):
            lines += ["", "Where one warm request's time goes (one run each, every SQL statement timed): the "
                      "statements, the time spent in them, and the kind of statement (its text's start) that took "
                      "most of it.", "",
                      "| request | ms | SQL statements | ms in SQL | costliest kind of statement | times | ms |",
                      "|---|---:|---:|---:|---|---:|---:|"]
            for profile in result["sql_profiles"]:
                lines.append(f"| {profile['request']} | {profile['ms']} | {profile['statements']} | "
                             f"{profile['sql_ms']} | `{profile['costliest']}…` | {profile['costliest_n']} | "
                             f"{profile['costliest_ms']} |")
        lines += [
            "",
            f"#### What disclosure control costs at {result['observations']:,} observations",
            "",
            f"(`scripts/disclosure_cost.py` on this database, {result['disclosure_s']} s.)",
            "",
            disclosure_cost.render(result["disclosure"]),
        ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--observations", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--fresh", action="store_true", help="drop the kept benchmark databases first")
    parser.add_argument("--write", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--results", default=str(ROOT / "var" / "bench-stats-results.json"),
                        help="where the measured figures are kept (JSON) for each database, by its last run")
    parser.add_argument("--from-results", action="store_true",
                        help="measure nothing: write the section again from the kept figures")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        return child(args)

    kept_path = Path(args.results)
    kept = json.loads(kept_path.read_text(encoding="utf-8")) if kept_path.exists() else {}
    if not args.from_results:
        run = {"database": args.database, "observations": args.observations, "repeats": args.repeats}
        measured = measure_databases(args.database, lambda: run_sqlite(args), lambda: run_postgres(args),
                                     label="bench_stats")
        for name, result in measured.items():
            kept[name] = dict(result, run=run)
        kept_path.parent.mkdir(parents=True, exist_ok=True)
        kept_path.write_text(json.dumps(kept), encoding="utf-8")
    if not kept:
        raise SystemExit(f"bench_stats: no figures in {kept_path}")
    results = {name: kept[name] for name in ("SQLite", "PostgreSQL") if name in kept}
    write_section(args.write, SECTION, render(results))
    print(f"bench_stats: wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
