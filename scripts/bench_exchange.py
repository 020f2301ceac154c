"""Why rake-exchange/1 cells are quarters, not months (ADR 0008): suppression of one county-year's cube.

For each size of county (observations in a year) and each granularity, draws synthetic counts for the
export's cube (phenomenon × period × polarity × observation type), suppresses them with
rake.privacy.suppression.suppress exactly as the export does (the dimensions and the month → quarter →
year hierarchy of rake.analysis.selectors) and reports the share of non-empty cells hidden and the time
suppression takes. Nothing touches a database.

    .venv/bin/python scripts/bench_exchange.py                 # prints the Markdown table of ADR 0008
    .venv/bin/python scripts/bench_exchange.py --seeds 1 --sizes 1000

The counts are a multinomial draw of N observations with a fixed skew (homelessness and livelihood
common, `other` rare; needs common, good practices rare), spread evenly over the months of the year.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

YEAR = 2025
THRESHOLD = 5
SIZES = (20000, 5000, 1000, 300)
PHENOMENA = {"homelessness": 0.35, "livelihood": 0.30, "mental_health": 0.15, "substance_use": 0.15, "other": 0.05}
POLARITIES = {"negative": 0.70, "positive": 0.20, "mixed": 0.10}
TYPES = {"need": 0.70, "shortcoming": 0.25, "good_practice": 0.05}


def periods(granularity):
    if granularity == "month":
        return [f"{YEAR}-{month:02d}" for month in range(1, 13)]
    return [f"{YEAR}Q{quarter}" for quarter in range(1, 5)]


def synthetic_counts(size, granularity, rng):
    """{(phenomenon, period, polarity, type): n} of the non-empty cells."""
    keys, weights = [], []
    for phenomenon, p_weight in PHENOMENA.items():
        for period in periods(granularity):
            for polarity, q_weight in POLARITIES.items():
                for kind, t_weight in TYPES.items():
                    keys.append((phenomenon, period, polarity, kind))
                    weights.append(p_weight * q_weight * t_weight)
    weights = np.array(weights) / sum(weights)
    draws = rng.multinomial(size, weights)
    return {key: int(n) for key, n in zip(keys, draws) if n}


def measure(size, granularity, seed):
    from rake.analysis.selectors import _dimensions  # the export's own dimensions and period hierarchy
    from rake.exchange.export import GROUP_BY
    from rake.privacy.suppression import suppress

    counts = synthetic_counts(size, granularity, np.random.default_rng(seed))
    dimensions = _dimensions(GROUP_BY, counts)
    start = time.perf_counter()
    table = suppress(counts, dimensions, THRESHOLD)
    seconds = time.perf_counter() - start
    hidden = sum(1 for key in counts if table.is_suppressed(key))
    return {"cells": len(counts), "hidden": hidden, "seconds": seconds}


def run(sizes=SIZES, seeds=3):
    rows = []
    for size in sizes:
        row = {"size": size}
        for granularity in ("month", "quarter"):
            results = [measure(size, granularity, seed) for seed in range(seeds)]
            row[granularity] = {
                "cells": round(statistics.fmean(r["cells"] for r in results)),
                "hidden": statistics.fmean(r["hidden"] / r["cells"] for r in results),
                "seconds": statistics.fmean(r["seconds"] for r in results),
                "max": max(r["seconds"] for r in results),
            }
        rows.append(row)
    return rows


def markdown(rows, seeds):
    lines = [
        f"Suppression of one county-year's cube ({len(PHENOMENA)} phenomena × periods × {len(POLARITIES)} "
        f"polarities × {len(TYPES)} types, threshold {THRESHOLD}); mean of {seeds} seeds (max time in brackets), "
        f"{os.cpu_count()} CPUs. `scripts/bench_exchange.py`",
        "",
        "| observations in the county-year | month: hidden cells | month: time | quarter: hidden cells "
        "| quarter: time |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        cells = []
        for granularity in ("month", "quarter"):
            result = row[granularity]
            cells += [f"{result['hidden']:.0%} of {result['cells']}",
                      f"{result['seconds']:.2f} s (max {result['max']:.2f})"]
        lines.append(f"| {row['size']:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    print(markdown(run(args.sizes, args.seeds), args.seeds))


if __name__ == "__main__":
    main()
