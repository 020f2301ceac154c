#!/usr/bin/env python3
"""What disclosure control costs the users (issue 14, ADR 0012): how much of the protected release is published.

For the database that DATABASE_URL / RAKE_VAR_DIR point at (the same settings as manage.py), over every
county-year with counted observations:

- the lattice: the stored release's cells (the non-empty cells of every table of rake.analysis.release.LATTICE;
  empty cells are published as 0 and not counted), how many are small (1 … k−1), hidden, published;
- the rake-exchange/2 document (rake.exchange.export.national_export_document, one per year for the counties
  with observations that year): its cells, and how many carry a number;
- the year × phenomenon table: the five national phenomena of each county-year (an empty one is published as 0);
- observations per county-year (min / median / max).

Before reading, it does what `manage.py refresh_releases` would do (computes the releases that are missing or
out of date, nothing else), so it may be run on a live or a demo database; `--no-refresh` refuses instead
when a release is out of date. It writes nothing else: the exchange documents are built from the stored
releases and not saved.

    RAKE_VAR_DIR=/tmp/demo4k python scripts/disclosure_cost.py [--per-county-year]
                                                             [--write docs/benchmarks.md --title "…"]

scripts/bench_stats.py calls measure() and render() on its 1 M benchmark database.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTION = "statistics-disclosure-demo"


def county_years():
    """The county-years refresh_releases computes: every one with counted observations (from the rollups)."""
    from rake.analysis.models import ObservationRollup

    months = ObservationRollup.objects.filter(grain="ps").values_list("county_code", "month").distinct().order_by()
    return sorted({(county, (datetime.date.fromisoformat(month) if isinstance(month, str) else month).year)
                   for county, month in months})


def _share(published, total):
    return published / total if total else 1.0


def measure(*, refresh=True):
    """The cost of disclosure control over every county-year with counted observations (a JSON-able dict)."""
    from django.conf import settings

    from rake.analysis.models import ProtectedRelease, ReleaseVersion
    from rake.analysis.release import LATTICE_VERSION, decode_key, refresh_releases
    from rake.exchange.export import national_export_document
    from rake.taxonomy.models import Phenomenon

    result = {"threshold": settings.RAKE_SUPPRESSION_THRESHOLD, "refreshed": None}
    if refresh:
        began = time.perf_counter()
        result["refreshed"] = refresh_releases()
        result["refresh_s"] = round(time.perf_counter() - began, 1)
    wanted = county_years()
    threshold = settings.RAKE_SUPPRESSION_THRESHOLD
    versions = {(county, year): count for county, year, count in
                ReleaseVersion.objects.values_list("county_code", "year", "count")}
    releases = {(release.county_code, release.year): release for release in ProtectedRelease.objects.all()}
    stale = [cy for cy in wanted if cy not in releases
             or (releases[cy].version, releases[cy].threshold, releases[cy].lattice_version)
             != (versions.get(cy, 0), threshold, LATTICE_VERSION)]
    if stale:
        raise SystemExit(f"disclosure_cost: {len(stale)} county-years have no up-to-date release (first "
                         f"{stale[0]}); run `manage.py refresh_releases` or leave out --no-refresh")

    rows = {}
    for county, year in wanted:
        release = releases[(county, year)]
        cells = [(decode_key(key), value) for key, value in release.cells]
        by_phenomenon = {pairs[0][1]: value for (period, pairs), value in cells
                         if period == str(year) and len(pairs) == 1 and pairs[0][0] == "phenomenon"}
        rows[(county, year)] = {
            "county": county, "year": year, "observations": release.observations,
            "lattice": len(cells), "lattice_published": sum(value is not None for _key, value in cells),
            "primary": release.primary, "hidden": release.hidden,
            "phenomena": len(Phenomenon.NATIONAL_CODES),
            "phenomena_published": sum(by_phenomenon.get(code, 0) is not None for code in Phenomenon.NATIONAL_CODES),
            "exchange": 0, "exchange_published": 0,
        }
    tables = defaultdict(lambda: [0, 0])  # exchange table id → [cells, published]
    by_year = defaultdict(list)
    for county, year in wanted:
        by_year[year].append(county)
    began = time.perf_counter()
    for year, counties in sorted(by_year.items()):
        document = national_export_document(year=year, counties=counties, instance="disclosure_cost")
        for table in document["tables"]:
            for cell in table["cells"]:
                published = cell["count"] is not None
                row = rows[(cell["county"], year)]
                row["exchange"] += 1
                row["exchange_published"] += published
                tables[table["id"]][0] += 1
                tables[table["id"]][1] += published
    result["exchange_s"] = round(time.perf_counter() - began, 1)
    result["county_years"] = list(rows.values())
    result["exchange_tables"] = {name: {"cells": cells, "published": published}
                                 for name, (cells, published) in tables.items()}
    return result


def _percent(value):
    return f"{100 * value:.1f} %"


def _yes(ok):
    return "yes" if ok else "**no**"


def _spread(values, fmt):
    if not values:
        return "–", "–", "–"
    return fmt(min(values)), fmt(statistics.median(values)), fmt(max(values))


def summary(result):
    """Totals and per-county-year spreads of the measure() result, for the table and the bench's checks."""
    rows = result["county_years"]
    totals = {name: sum(row[name] for row in rows) for name in (
        "observations", "lattice", "lattice_published", "primary", "hidden", "phenomena", "phenomena_published",
        "exchange", "exchange_published")}
    counties = sorted({row["county"] for row in rows})
    no_published = sorted((row["county"], row["year"]) for row in rows if not row["exchange_published"])
    return {
        "totals": totals, "counties": counties, "years": sorted({row["year"] for row in rows}),
        "phenomena_80": sum(_share(row["phenomena_published"], row["phenomena"]) >= 0.8 for row in rows),
        "no_exchange_published": no_published,
    }


def render(result, *, per_county_year=False, seconds=None):
    """Markdown: the cost table (and, with per_county_year, one row per county-year). `seconds`:
    {(county, year): seconds to compute its release}, shown when given."""
    rows = result["county_years"]
    if not rows:
        return "No county-year has counted observations: nothing to measure.\n"
    info = summary(result)
    totals = info["totals"]
    k = result["threshold"]
    lines = [
        f"{len(rows)} county-years ({len(info['counties'])} counties × {info['years'][0]}–{info['years'][-1]}); "
        f"k = {k}. Cells are the non-empty cells (empty ones are published as 0); the year × phenomenon table "
        "counts all five national phenomena of a county-year.",
        "",
        "| | all county-years | per county-year: min | median | max |",
        "|---|---:|---:|---:|---:|",
        "| counted observations | {:,} | {} | {} | {} |".format(
            totals["observations"], *_spread([row["observations"] for row in rows], lambda v: f"{v:,.0f}")),
    ]
    for label, name in (("lattice cells published", "lattice"), ("rake-exchange/2 cells published", "exchange"),
                        ("year × phenomenon published", "phenomena")):
        published, total = totals[f"{name}_published"], totals[name]
        lines.append("| {} | {:,} / {:,} ({}) | {} | {} | {} |".format(
            label, published, total, _percent(_share(published, total)),
            *_spread([_share(row[f"{name}_published"], row[name]) for row in rows], _percent)))
    lines.append("| lattice cells small (1 … {}) | {:,} ({}) | {} | {} | {} |".format(
        k - 1, totals["primary"], _percent(_share(totals["primary"], totals["lattice"])),
        *_spread([_share(row["primary"], row["lattice"]) for row in rows], _percent)))
    complementary = totals["hidden"] - totals["primary"]
    lines.append("| lattice cells hidden to protect them (complementary) | {:,} ({}) | {} | {} | {} |".format(
        complementary, _percent(_share(complementary, totals["lattice"])),
        *_spread([_share(row["hidden"] - row["primary"], row["lattice"]) for row in rows], _percent)))
    lines += ["", "| rake-exchange/2 table | cells | published |", "|---|---:|---:|"]
    for name, table in result["exchange_tables"].items():
        lines.append(f"| {name} | {table['cells']:,} | {table['published']:,} "
                     f"({_percent(_share(table['published'], table['cells']))}) |")
    exchange_share = _share(totals["exchange_published"], totals["exchange"])
    missing = info["no_exchange_published"]
    missing_text = f" (none in {', '.join(f'{c} {y}' for c, y in missing)})" if missing else ""
    lines += ["", "Issue 14's aims for rake-exchange/2: at least half of all its cells published — "
              f"{_yes(exchange_share >= 0.5)} ({_percent(exchange_share)}); published cells in every county-year "
              f"— {_yes(not missing)}{missing_text}; year × phenomenon at least 80 % published in every county-year "
              f"— {_yes(info['phenomena_80'] == len(rows))} ({info['phenomena_80']} of {len(rows)})."]
    if per_county_year:
        lines += ["", "| county | year | counted observations | lattice published | exchange published "
                  "| year × phenomenon |" + (" compute s |" if seconds else ""),
                  "|---|---|---:|---:|---:|---:|" + ("---:|" if seconds else "")]
        for row in rows:
            line = (f"| {row['county']} | {row['year']} | {row['observations']:,} | "
                    f"{row['lattice_published']}/{row['lattice']} | {row['exchange_published']}/{row['exchange']} | "
                    f"{row['phenomena_published']}/{row['phenomena']} |")
            if seconds:
                line += f" {seconds.get((row['county'], row['year']), '–')} |"
            lines.append(line)
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-county-year", action="store_true", help="also one row per county-year")
    parser.add_argument("--no-refresh", action="store_true",
                        help="do not compute missing or out-of-date releases; refuse instead")
    parser.add_argument("--write", help="write the table into this Markdown file (e.g. docs/benchmarks.md)")
    parser.add_argument("--section", default=SECTION, help="the file's section to (re)write (default %(default)s)")
    parser.add_argument("--title", default="Disclosure control: what is published",
                        help="the section's heading with --write")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.db import connection

    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    began = time.perf_counter()
    result = measure(refresh=not args.no_refresh)
    elapsed = time.perf_counter() - began
    table = render(result, per_county_year=args.per_county_year)
    print(table, end="")
    refreshed = result["refreshed"]
    print(f"\n({connection.vendor}; {refreshed if refreshed is not None else 'no'} releases computed first; "
          f"{elapsed:.1f} s)", file=sys.stderr)
    if args.write:
        sys.path.insert(0, str(ROOT / "scripts"))
        from benchdoc import write_section

        command = "python scripts/disclosure_cost.py" + (" --per-county-year" if args.per_county_year else "")
        where = os.environ.get("DATABASE_URL") and "DATABASE_URL=…" or \
            f"RAKE_VAR_DIR={os.environ.get('RAKE_VAR_DIR', 'var')}"
        body = "\n".join([
            f"### {args.title}",
            "",
            f"Generated by `{where} {command} --write {args.write}` on {started} "
            f"({connection.vendor}; releases computed first: {refreshed if refreshed is not None else 'not asked'}).",
            "",
            table,
        ])
        write_section(args.write, args.section, body, after="statistics")
        print(f"disclosure_cost: wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
