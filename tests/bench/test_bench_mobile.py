"""The phone benchmark of the reporter's form counts what a first visit fetches and judges it against the
targets (scripts/bench_mobile.py)."""

import sys
from argparse import Namespace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from bench_mobile import render, totals  # noqa: E402

BASE = "http://127.0.0.1:8123"


def response(kind, path, size, *, cached=False, encoding="br"):
    return {"type": kind, "url": BASE + path, "encoding": encoding, "cached": cached, "bytes": size}


def visit(responses, fcp_ms):
    return {"fcp_ms": fcp_ms, "responses": responses, "html_bytes": 30_000, "html_gzip_bytes": 5_000}


FIRST = [response("Document", "/observations/new/", 31_000, encoding=""),
         response("Stylesheet", "/static/rake/rake.css", 4_000),
         response("Script", "/static/rake/rake.js", 1_500),
         response("Other", "/static/rake/favicon.svg", 700)]
LATER = [response("Document", "/observations/new/", 31_000, encoding=""),
         response("Stylesheet", "/static/rake/rake.css", 0, cached=True)]


def test_bytes_are_counted_by_kind_and_cached_files_are_not():
    assert totals(FIRST) == {"HTML": 31_000, "CSS": 4_000, "JS": 1_500, "other": 700}
    assert totals(LATER) == {"HTML": 31_000, "CSS": 0, "JS": 0, "other": 0}


def test_the_report_judges_size_and_first_paint_against_the_targets():
    args = Namespace(runs=3, port=8123)
    light = render([visit(FIRST, fcp) for fcp in (600, 700, 2000)], [visit(LATER, 300)] * 3, args, {}, "now")
    assert "| HTML + CSS + JS, first visit | 35.6 KB | ≤ 60 KB ✓ |" in light
    assert "700 ms (600–2000) | ≤ 1500 ms ✓" in light
    assert "| `/observations/new/` | Document | – | 30.3 |" in light
    heavy = [response("Script", "/static/big.js", 40_000)] + FIRST
    slow = render([visit(heavy, fcp) for fcp in (1600, 1700, 900)], [visit(LATER, 300)] * 3, args, {}, "now")
    assert "≤ 60 KB ✗" in slow and "≤ 1500 ms ✗" in slow
