"""Benchmark of the personal-data detectors against rake/privacy/data/eval_set.jsonl.

Reports per kind precision and recall (a finding is a true positive when it overlaps a labelled span
of the same kind), the exact-span match rate, the share of clean texts flagged, and scan speed for
~300-character texts on one core. The same figures without Voikko show the degraded mode.

    .venv/bin/python scripts/bench_privacy.py          # prints the Markdown section

``run_privacy_bench()`` returns the section for ``make bench``.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rake.privacy.detectors import KINDS, scan, voikko_available, without_voikko  # noqa: E402

EVAL_SET = ROOT / "rake" / "privacy" / "data" / "eval_set.jsonl"
TARGETS = {
    "personal_id": 0.99,
    "phone": 0.99,
    "email": 0.99,
    "iban": 0.99,
    "business_id": 0.99,
    "person_name": 0.95,
    "address": 0.95,
}
CLEAN_FLAGGED_TARGET = 0.05
# The held-out part stopped being blind once its first results were read; that first run is recorded
# here so the figure above is not mistaken for an unseen-data measurement.
HOLDOUT_BLIND_RUN = (
    "First, blind run on this part (before the fixes it prompted: former municipality names, English "
    "words, 'Minna-vauva', lower-case name pairs): person_name recall 0.941, precision 0.865, clean texts "
    "flagged 9/70 = 12.9 %; every other kind recall 1.000 (one year-of-birth false positive)."
)
SPEED_TARGET = 1000
SPEED_TEXTS = 5000
SPEED_TEXT_LENGTH = 300


def load_eval_set(path: Path = EVAL_SET) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def evaluate(rows: list[dict]) -> dict:
    per = {k: {"labelled": 0, "found": 0, "exact": 0, "findings": 0, "tp_findings": 0} for k in KINDS}
    clean = clean_flagged = 0
    any_kind_hits = labelled_total = 0
    misses: list[tuple[str, str, str]] = []
    false_pos: list[tuple[str, str, str]] = []
    for row in rows:
        text, spans = row["text"], row["spans"]
        findings = scan(text, language=row.get("language"))
        if not spans:
            clean += 1
            clean_flagged += bool(findings)
        for s in spans:
            st = per[s["kind"]]
            st["labelled"] += 1
            labelled_total += 1
            same = [f for f in findings if f.kind == s["kind"] and _overlaps(f.start, f.end, s["start"], s["end"])]
            if same:
                st["found"] += 1
            else:
                misses.append((s["kind"], text[s["start"] : s["end"]], text))
            if any(f.start == s["start"] and f.end == s["end"] for f in same):
                st["exact"] += 1
            if any(_overlaps(f.start, f.end, s["start"], s["end"]) for f in findings):
                any_kind_hits += 1
        for f in findings:
            st = per[f.kind]
            st["findings"] += 1
            if any(s["kind"] == f.kind and _overlaps(f.start, f.end, s["start"], s["end"]) for s in spans):
                st["tp_findings"] += 1
            else:
                false_pos.append((f.kind, text[f.start : f.end], text))
    return {
        "per_kind": per,
        "clean": clean,
        "clean_flagged": clean_flagged,
        "any_kind_recall": any_kind_hits / labelled_total if labelled_total else 1.0,
        "misses": misses,
        "false_positives": false_pos,
    }


def speed_texts(rows: list[dict], n: int = SPEED_TEXTS, length: int = SPEED_TEXT_LENGTH, seed: int = 7) -> list[str]:
    """~300-character texts made of random evaluation sentences of one language."""
    rng = random.Random(seed)
    by_lang: dict[str, list[str]] = {}
    for r in rows:
        by_lang.setdefault(r["language"], []).append(r["text"])
    langs = sorted(by_lang)
    out = []
    for i in range(n):
        pool = by_lang[langs[i % len(langs)]]
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < length:
            parts.append(rng.choice(pool))
        out.append(" ".join(parts)[: length + 40].rsplit(" ", 1)[0])
    return out


def measure_speed(texts: list[str], warmup: int = 300) -> tuple[float, float]:
    """(texts per wall-clock second, texts per CPU second of this process).

    The CPU figure is what one core delivers when other processes compete for the machine.
    """
    for t in texts[:warmup]:
        scan(t)
    cpu = time.process_time()
    start = time.perf_counter()
    for t in texts:
        scan(t)
    return len(texts) / (time.perf_counter() - start), len(texts) / (time.process_time() - cpu)


def _clear_caches() -> None:
    from rake.privacy.detectors import lexicon, morph, names

    for fn in (morph.voikko_readings, morph.sv_common_lemma, names.word_info, names._lowercase_name,
               lexicon.base_candidates, lexicon.is_lookalike):
        fn.cache_clear()


def measure_cold_speed(texts: list[str]) -> tuple[float, float]:
    """First pass with empty word caches (Voikko and the lists already loaded)."""
    scan("Voikko latautuu. Klienten Anna bor i Vasa.")
    _clear_caches()
    cpu = time.process_time()
    start = time.perf_counter()
    for t in texts:
        scan(t)
    return len(texts) / (time.perf_counter() - start), len(texts) / (time.process_time() - cpu)


def names_outside_lists(rows: list[dict]) -> tuple[int, int]:
    """(labelled name spans with a word outside the shipped name lists, all labelled name spans)."""
    from rake.privacy.detectors import lexicon as lx

    total = outside = 0
    for r in rows:
        for s in r["spans"]:
            if s["kind"] == "person_name":
                total += 1
                words = r["text"][s["start"] : s["end"]].replace("-", " ").split()
                outside += any(not lx.is_listed_name(w) for w in words)
    return outside, total


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _table(result: dict) -> list[str]:
    lines = [
        "| Kind | Labelled | Recall | Exact span | Precision | Target recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind in KINDS:
        st = result["per_kind"][kind]
        recall = st["found"] / st["labelled"] if st["labelled"] else None
        exact = st["exact"] / st["labelled"] if st["labelled"] else None
        precision = st["tp_findings"] / st["findings"] if st["findings"] else None
        target = TARGETS.get(kind)
        mark = ""
        if target is not None and recall is not None:
            mark = f"≥ {target:.2f} {'✓' if recall >= target else '✗'}"
        lines.append(f"| {kind} | {st['labelled']} | {_fmt(recall)} | {_fmt(exact)} | {_fmt(precision)} | {mark} |")
    return lines


def run_privacy_bench(*, verbose: bool | str = False) -> str:
    rows = load_eval_set()
    n_clean = sum(1 for r in rows if not r["spans"])
    langs = {lang: sum(1 for r in rows if r["language"] == lang) for lang in ("fi", "sv")}
    voikko = voikko_available()
    outside, name_total = names_outside_lists(rows)
    result = evaluate(rows)
    holdout_rows = [r for r in rows if r.get("split") == "holdout"]
    holdout = evaluate(holdout_rows)
    with without_voikko():
        degraded = evaluate(rows)
    texts = speed_texts(rows)
    avg_len = sum(len(t) for t in texts) / len(texts)
    cold = measure_cold_speed(texts[:1000])
    warm = measure_speed(texts)
    with without_voikko():
        warm_degraded = measure_speed(texts)

    flagged = result["clean_flagged"] / result["clean"] if result["clean"] else 0.0
    flagged_degraded = degraded["clean_flagged"] / degraded["clean"] if degraded["clean"] else 0.0
    out = [
        "## Privacy detectors",
        "",
        f"Evaluation set `rake/privacy/data/eval_set.jsonl`: {len(rows)} synthetic sentences "
        f"({langs['fi']} Finnish, {langs['sv']} Swedish), {len(rows) - n_clean} with personal data, "
        f"{n_clean} clean with look-alikes. Generated by `scripts/make_privacy_eval_set.py`. "
        f"{outside}/{name_total} labelled names contain a word outside the detectors' name lists. "
        f"A finding counts when it overlaps a labelled span of the same kind.",
        "",
        f"With Voikko ({'in use' if voikko else 'NOT AVAILABLE — figures below are degraded'}):",
        "",
        *_table(result),
        "",
        f"- Any-kind recall (span overlapped by a finding of any kind): {result['any_kind_recall']:.3f}",
        f"- Clean texts flagged: {result['clean_flagged']}/{result['clean']} = {flagged:.1%} "
        f"(target ≤ {CLEAN_FLAGGED_TARGET:.0%} {'✓' if flagged <= CLEAN_FLAGGED_TARGET else '✗'})",
        "",
        f"Held-out part only ({len(holdout_rows)} sentences written after the detectors were tuned on the rest, "
        "with Voikko):",
        "",
        *_table(holdout),
        "",
        f"- Clean texts flagged: {holdout['clean_flagged']}/{holdout['clean']} = "
        f"{(holdout['clean_flagged'] / holdout['clean'] if holdout['clean'] else 0):.1%}",
        f"- {HOLDOUT_BLIND_RUN}",
        "",
        "Without Voikko (degraded name detection: lists, title words, pairs):",
        "",
        *_table(degraded),
        "",
        f"- Clean texts flagged: {degraded['clean_flagged']}/{degraded['clean']} = {flagged_degraded:.1%}",
        "",
        f"Scan speed, one core, {len(texts)} texts of {avg_len:.0f} characters on average "
        f"(random evaluation sentences joined):",
        "",
        "| Run | texts/s (wall clock) | texts/s (CPU time) |",
        "|---|---:|---:|",
        f"| warm word caches | {warm[0]:,.0f} | {warm[1]:,.0f} |",
        f"| cold word caches (first 1,000 texts) | {cold[0]:,.0f} | {cold[1]:,.0f} |",
        f"| without Voikko, warm | {warm_degraded[0]:,.0f} | {warm_degraded[1]:,.0f} |",
        "",
        f"Target ≥ {SPEED_TARGET:,} texts/s (warm, wall clock): {'✓' if warm[0] >= SPEED_TARGET else '✗'}. "
        "Wall clock and CPU time differ when other processes share the machine.",
        "",
    ]
    if verbose == "holdout":
        result = holdout
    if verbose:
        out += ["Misses (with Voikko):", ""]
        out += [f"- {k}: `{v}` in: {t}" for k, v, t in result["misses"]] or ["- none"]
        out += ["", "False positives (with Voikko):", ""]
        out += [f"- {k}: `{v}` in: {t}" for k, v, t in result["false_positives"]] or ["- none"]
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    args = sys.argv[1:]
    section = run_privacy_bench(verbose="holdout" if "--holdout" in args else "-v" in args)
    print(section)
    if "--write" in args:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from benchdoc import write_section

        command = "Command: `make bench` (scripts/bench_privacy.py --write docs/benchmarks.md)."
        write_section(args[args.index("--write") + 1], "privacy", section + "\n\n" + command)
