#!/usr/bin/env python3
"""make bench: a report PDF for a county-year with 20,000 observations (issue 5), into docs/benchmarks.md.

A child process on a temporary SQLite database: migrate, insert N synthetic counted observations
(rake.demo.loader, rake.demo.benchmark) in ONE county and one year, rebuild the rollups, then time what publishing a
report does: build_figures + build_content + render_html + render_pdf, p50/p95 over a few runs. The PDF's
pages are also rendered to PNG files (pypdfium2) in --pages (default /tmp/report-pages/) so that a person
can look at them as a reader would.

    python scripts/bench_report.py [--observations 20000] [--repeats 5] [--pages /tmp/report-pages]
                                   [--write docs/benchmarks.md]
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from bench import machine_info, timing  # noqa: E402
from benchdoc import write_section  # noqa: E402

SECTION = "report-pdf"
COUNTY, YEAR = "15", 2025
TARGET_S = 5.0

SECTIONS = {
    "summary": ("Asunnottomuus ja toimeentulon vaikeudet olivat vuoden yleisimmät havainnot. Nuorten asunnottomuus "
                "kasvoi edellisestä vuodesta, ja palvelut eivät ehdi vastata tarpeeseen.\n\n"
                "Hyviä käytäntöjä raportoitiin erityisesti yhteistyöstä asumisneuvonnan kanssa."),
    "method": ("Sosiaalityöntekijät kirjasivat havainnot Rakeen, ja koordinaattorit luokittelivat ja hyväksyivät ne. "
               "Luvut ovat hyväksyttyjä havaintoja."),
    "phenomena": {"homelessness": "Nuoret odottavat tuettua asumista kuukausia.",
                  "livelihood": "Toimeentulotuen käsittelyajat pitenivät."},
    "good_practices": "Asumisneuvonnan ja aikuissosiaalityön yhteinen tiimi auttoi nuoria nopeasti. Mallia kannattaa jatkaa.",
    "proposals": "Lisätään tuetun asumisen paikkoja nuorille ja lyhennetään toimeentulotuen käsittelyaikoja.",
    "addressee": "Sosiaali- ja terveyslautakunta",
}
QUOTES = [{"phenomenon": "homelessness", "text": "Nuori asui viikon porraskäytävässä ennen kuin sai paikan.",
           "observation_id": 1}]


# --- measuring (child process) ---------------------------------------------------------------------

def _insert(count):
    import datetime

    from rake.demo import benchmark, loader

    rng = random.Random(5)
    taxonomy = loader.Taxonomy()
    municipalities = benchmark.municipalities()
    codes = municipalities.get((COUNTY, YEAR), [])
    today = datetime.date(YEAR + 1, 3, 1)
    rows = []
    for index in range(count):
        values = benchmark.synthetic(rng, index, municipalities=municipalities, today=today)
        day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        values.update(county_code=COUNTY, municipality_code=rng.choice(codes) if codes else "",
                      observed_on=day, observed_precision="day", status=rng.choice(["accepted", "used", "closed"]))
        rows.append(benchmark.row(values, taxonomy))
    with loader.loading(len(rows)):
        for start in range(0, len(rows), 5000):
            loader.insert(rows[start:start + 5000], taxonomy)


def child(args):
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from rake.analysis.rollups import rebuild
    from rake.observations.models import Observation
    from rake.publishing.content import build_content, build_figures
    from rake.publishing.periods import parse_period
    from rake.publishing.rendering import render_html, render_pdf

    result = {}
    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    _insert(args.observations)
    rebuild()
    result["setup_s"] = round(time.perf_counter() - began, 1)
    result["observations"] = Observation.objects.filter(county_code=COUNTY).count()
    period = parse_period(str(YEAR))
    steps = {"build_figures": [], "build_content": [], "render_html": [], "render_pdf": [], "total": []}
    pdf = b""
    for _run in range(args.repeats + 1):  # the first run warms up (templates, fonts) and is not counted
        times = {}
        start = time.perf_counter()
        figures = build_figures(county=COUNTY, period=period, language="fi")
        times["build_figures"] = time.perf_counter()
        content = build_content(county=COUNTY, period=period, language="fi", audience="board",
                                title=f"Sosiaalinen raportti {YEAR}", sections=SECTIONS, quotes=QUOTES,
                                figures=figures, version=1, published_at=timezone.now())
        times["build_content"] = time.perf_counter()
        html = render_html(content)
        times["render_html"] = time.perf_counter()
        pdf = render_pdf(content)
        times["render_pdf"] = time.perf_counter()
        if _run == 0:
            continue
        previous = start
        for name in ("build_figures", "build_content", "render_html", "render_pdf"):
            steps[name].append((times[name] - previous) * 1000)
            previous = times[name]
        steps["total"].append((times["render_pdf"] - start) * 1000)
    result["steps"] = {name: timing(values) for name, values in steps.items()}
    result["pdf_bytes"] = len(pdf)
    result["html_bytes"] = len(html.encode("utf-8"))
    pages = Path(args.pages)
    pages.mkdir(parents=True, exist_ok=True)
    (pages / "report.pdf").write_bytes(pdf)
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    result["pages"] = len(document)
    for index in range(len(document)):
        document[index].render(scale=1.5).to_pil().save(pages / f"page-{index + 1:02d}.png")
    document.close()
    Path(args.json).write_text(json.dumps(result), encoding="utf-8")
    return 0


# --- orchestration (parent process) ------------------------------------------------------------------

def render(result, args, machine, started):
    total = result["steps"]["total"]
    lines = [
        "## Report PDF (issue 5)",
        "",
        f"Generated by `make bench` (`python scripts/bench_report.py --observations {args.observations} "
        f"--repeats {args.repeats}`) on {started}. Machine: {machine.get('cpu', '?')}, {machine.get('cores')} "
        f"cores, {machine.get('memory_gib', '?')} GiB; load average at the start {machine.get('load', '?')}.",
        "",
        f"How: a temporary SQLite database with {result['observations']:,} counted observations in county "
        f"{COUNTY} in {YEAR} (set-up {result['setup_s']} s), rollups rebuilt; then what publishing a Finnish "
        f"county-year report does, timed over {total['n']} runs after one warm-up: the suppressed figures "
        "(rake.publishing.content.build_figures), the content snapshot, the HTML and the PDF (WeasyPrint). "
        f"The PDF has {result['pages']} pages ({result['pdf_bytes'] / 1024:.0f} KiB). Target: the whole "
        f"p95 ≤ {TARGET_S:g} s.",
        "",
        "| step | n | p50 ms | p95 ms |",
        "|---|---:|---:|---:|",
    ]
    for name, values in result["steps"].items():
        label = "**total**" if name == "total" else f"`{name}`"
        lines.append(f"| {label} | {values['n']} | {values['p50_ms']} | {values['p95_ms']} |")
    lines += ["", f"Meets the target: {'yes' if total['p95_ms'] <= TARGET_S * 1000 else '**no**'}.", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pages", default="/tmp/report-pages")
    parser.add_argument("--write", default=None, help="docs/benchmarks.md to write the section into")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        return child(args)

    started = time.strftime("%Y-%m-%d %H:%M %Z")
    machine = machine_info()
    with tempfile.TemporaryDirectory(prefix="rake-bench-report-") as tmp:
        out = Path(tmp) / "result.json"
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.base", DEBUG="0", LOG_LEVEL="ERROR",
                   PYTHONPATH=str(ROOT), RAKE_VAR_DIR=tmp)
        env.pop("DATABASE_URL", None)
        print(f"bench_report: {args.observations} observations in county {COUNTY}, {YEAR} …", flush=True)
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "--json", str(out),
                        "--observations", str(args.observations), "--repeats", str(args.repeats),
                        "--pages", args.pages], env=env, cwd=ROOT, check=True)
        result = json.loads(out.read_text(encoding="utf-8"))
    total = result["steps"]["total"]
    print(f"bench_report: total p50 {total['p50_ms']} ms, p95 {total['p95_ms']} ms; "
          f"{result['pages']} pages rendered to {args.pages}")
    if args.write:
        write_section(args.write, SECTION, render(result, args, machine, started))
        print(f"bench_report: wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
