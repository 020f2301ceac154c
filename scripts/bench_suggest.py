"""Phenomenon suggestions: macro-F1 of the top suggestion on a held-out labelled set (DESIGN §4.4).

Trains on rake/analysis/data/suggest_train.jsonl (1,500 texts made by the demo generator,
rake/demo/texts.py, and 387 hand-written ones) together with
rake/analysis/data/suggest_train_varied.jsonl (500 hand-written, varied notes: 250 Finnish and 250
Swedish, 100 per phenomenon, most without their phenomenon's obvious keyword, with slang and indirect
descriptions). The demo texts, repeats of a few templates, count DEMO_WEIGHT each. Evaluates on
rake/analysis/data/suggest_eval.jsonl: 320 hand-written Finnish and Swedish texts whose sentences
appear in neither the demo templates nor the training file. Also reports the lexicon alone (a cold
start), the training texts alone (no lexicon), a learning curve and the speed.

Cross-validation (cross_validate below), the yardstick for choosing the model's hyperparameters and
features (rake/analysis/suggest.py) instead of the evaluation sets: 5 folds over the varied training
file, each fold's notes scored by a model trained on the other four plus suggest_train.jsonl, whose texts
(the demo generator's repeats of a few templates and the other hand-written ones) are always in
training. Notes that nearly repeat each other (lemma overlap ≥ NEAR_DUPLICATE) share a fold, so a copy
cannot leak into its own test fold; a Finnish note and a Swedish note about the same situation share
almost no features (the lemmas differ), so they are not grouped. Folds are balanced by phenomenon and
language. The figure is the macro-F1 of the top suggestion over all out-of-fold predictions, for the
current model and for the lexicon alone.

A second, independent held-out set, rake/analysis/data/suggest_eval_fresh.jsonl (300 texts, 150 Finnish
and 150 Swedish, 60 per phenomenon), was written later as a check on the first one, which is built from
only 140 distinct clauses and was partly looked at while the model was developed. The model was not
tuned on the fresh set. Both sets are scored separately and together, overall, per phenomenon and per
language. No database needed.

    python scripts/bench_suggest.py [--write docs/benchmarks.md]
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()  # the suggester reads the national codes from the taxonomy's model; no database is opened

from rake.analysis import suggest  # noqa: E402
from rake.privacy.detectors import morph  # noqa: E402

DATA = ROOT / "rake" / "analysis" / "data"
# As in the service: a feature teaches only when at least k training texts contain it (ADR 0013).
K = suggest.min_texts()
DEMO_WEIGHT = 0.2  # a demo text counts as a fifth of a hand-written one: they repeat a few templates
FOLDS = 5
NEAR_DUPLICATE = 0.5  # Jaccard overlap of two notes' lemmas above which they share a fold


def load(name):
    with open(DATA / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(model, rows):
    """(macro-F1, {code: (precision, recall, f1, support)}, accuracy, texts per second)."""
    start = time.perf_counter()
    predicted = []
    for row in rows:
        top = suggest.rank(model, row["text"], row.get("language"), limit=1)
        predicted.append(top[0][0] if top else None)
    elapsed = time.perf_counter() - start
    macro, per_class, accuracy = score(rows, predicted)
    return macro, per_class, accuracy, len(rows) / elapsed if elapsed else float("inf")


def score(rows, predicted):
    """(macro-F1, {code: (precision, recall, f1, support)}, accuracy) of top suggestions against labels."""
    per_class = {}
    for code in suggest.CODES:
        tp = sum(1 for r, p in zip(rows, predicted) if p == code and r["label"] == code)
        fp = sum(1 for r, p in zip(rows, predicted) if p == code and r["label"] != code)
        fn = sum(1 for r, p in zip(rows, predicted) if p != code and r["label"] == code)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[code] = (precision, recall, f1, tp + fn)
    macro = sum(v[2] for v in per_class.values()) / len(per_class)
    accuracy = sum(1 for r, p in zip(rows, predicted) if p == r["label"]) / len(rows)
    return macro, per_class, accuracy


def example(row, features):
    """(features, label, weight) for suggest.train: a demo text counts DEMO_WEIGHT."""
    return features, row["label"], DEMO_WEIGHT if row.get("source") == "demo" else 1.0


def folds(rows, features, k=FOLDS):
    """The fold (0…k-1) of each row: near-duplicates (lemma Jaccard ≥ NEAR_DUPLICATE) grouped together,
    groups dealt round-robin in (phenomenon, language) order so every fold gets its share of each."""
    lemmas = [{f for f in feats if not f.startswith("~")} for feats in features]
    parent = list(range(len(rows)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            union = lemmas[i] | lemmas[j]
            if union and len(lemmas[i] & lemmas[j]) / len(union) >= NEAR_DUPLICATE:
                parent[root(j)] = root(i)
    groups = {}
    for i in range(len(rows)):
        groups.setdefault(root(i), []).append(i)
    ordered = sorted(groups.values(), key=lambda members: (rows[members[0]]["label"], rows[members[0]]["language"],
                                                           rows[members[0]]["text"]))
    assignment = [0] * len(rows)
    for n, members in enumerate(ordered):
        for i in members:
            assignment[i] = n % k
    return assignment, sum(1 for members in groups.values() if len(members) > 1)


def cross_validate(base_rows, varied_rows, k=FOLDS):
    """Out-of-fold macro-F1 on the varied notes (see the module's docstring): {model name: (macro-F1,
    macro-F1 fi, macro-F1 sv)}, and how many groups of near-duplicates were kept together."""
    base = [example(r, suggest.text_features(r["text"], r["language"])) for r in base_rows]
    features = [suggest.text_features(r["text"], r["language"]) for r in varied_rows]
    assignment, grouped = folds(varied_rows, features, k)
    lexicon_model = suggest.train([])
    predicted = {"current model": [None] * len(varied_rows), "lexicon only": [None] * len(varied_rows)}
    for fold in range(k):
        held_out = [i for i in range(len(varied_rows)) if assignment[i] == fold]
        model = suggest.train(base + [example(varied_rows[i], features[i])
                                      for i in range(len(varied_rows)) if assignment[i] != fold], min_texts=K)
        for name, fitted in (("current model", model), ("lexicon only", lexicon_model)):
            for i in held_out:
                probs = fitted.scores(features[i])
                predicted[name][i] = None if probs is None else suggest.CODES[int(probs.argmax())]
    result = {}
    for name, guesses in predicted.items():
        by_language = []
        for language in ("fi", "sv"):
            pairs = [(r, p) for r, p in zip(varied_rows, guesses) if r["language"] == language]
            by_language.append(score([r for r, _ in pairs], [p for _, p in pairs])[0])
        result[name] = (score(varied_rows, guesses)[0], *by_language)
    return result, grouped


def predictions(model, rows):
    out = []
    for row in rows:
        top = suggest.rank(model, row["text"], row.get("language"), limit=1)
        out.append(top[0][0] if top else None)
    return out


def confusions(model, rows, limit=5):
    """The most common (true label, top suggestion) pairs where the two differ."""
    pairs = Counter((r["label"], p) for r, p in zip(rows, predictions(model, rows)) if p != r["label"])
    return pairs.most_common(limit)


def compare_sets(model, sets):
    """Markdown tables: each evaluation set overall, per language and per phenomenon."""
    lines = ["| Set | Texts | Macro-F1 | Accuracy | Macro-F1, fi | Macro-F1, sv |",
             "|---|---:|---:|---:|---:|---:|"]
    scores = {}
    for name, rows in sets.items():
        macro, per_class, accuracy, _ = scores[name] = evaluate(model, rows)
        by_language = [evaluate(model, [r for r in rows if r["language"] == lang])[0] for lang in ("fi", "sv")]
        lines.append(f"| {name} | {len(rows)} | {macro:.3f} | {accuracy:.3f} | {by_language[0]:.3f} | "
                     f"{by_language[1]:.3f} |")
    lines += ["", "F1 per phenomenon (texts per set in brackets):", "",
              "| Phenomenon | " + " | ".join(sets) + " |", "|---|" + "---:|" * len(sets)]
    for code in suggest.CODES:
        cells = [f"{scores[name][1][code][2]:.3f} ({scores[name][1][code][3]})" for name in sets]
        lines.append(f"| {code} | " + " | ".join(cells) + " |")
    return lines


def run_suggest_bench(*, verbose: bool = False) -> str:
    base_rows = load("suggest_train.jsonl")
    varied_rows = load("suggest_train_varied.jsonl")
    train_rows = base_rows + varied_rows
    eval_rows = load("suggest_eval.jsonl")
    fresh_rows = load("suggest_eval_fresh.jsonl")
    train_texts = {r["text"] for r in train_rows}
    assert not train_texts & {r["text"] for r in eval_rows}, "the evaluation texts must be kept out of training"
    assert not train_texts & {r["text"] for r in fresh_rows}, "the fresh texts must be kept out of training"
    assert not {r["text"] for r in eval_rows} & {r["text"] for r in fresh_rows}, "the two sets must not overlap"

    lexicon_model = suggest.train([])
    start = time.perf_counter()
    examples = [example(r, suggest.text_features(r["text"], r["language"])) for r in train_rows]
    featurise = time.perf_counter() - start
    start = time.perf_counter()
    trained = suggest.train(examples, min_texts=K)
    fit = time.perf_counter() - start
    # Training speed at 10,000 texts (features cached per observation, as in the running service).
    big = (examples * (10_000 // len(examples) + 1))[:10_000]
    start = time.perf_counter()
    suggest.train(big, min_texts=K)
    fit_10k = time.perf_counter() - start

    cold_rate = evaluate(trained, eval_rows)[3]  # first pass: every word lemmatised afresh
    start = time.perf_counter()
    cross, grouped = cross_validate(base_rows, varied_rows)
    cross_seconds = time.perf_counter() - start
    results = {"lexicon only (cold start)": evaluate(lexicon_model, eval_rows)}
    for n in (100, 500):
        results[f"{n} training texts + lexicon"] = evaluate(suggest.train(examples[:n], min_texts=K), eval_rows)
    results[f"trained on {len(train_rows)} texts + lexicon"] = evaluate(trained, eval_rows)
    results[f"trained on {len(train_rows)} texts + lexicon, every feature (no k)"] = evaluate(
        suggest.train(examples), eval_rows)
    results[f"{len(train_rows)} training texts, no lexicon"] = evaluate(
        suggest.train(examples, lexicon=False, min_texts=K), eval_rows)
    for language in ("fi", "sv"):
        subset = [r for r in eval_rows if r["language"] == language]
        results[f"trained + lexicon, {language} only"] = evaluate(trained, subset)

    languages = Counter(r["language"] for r in eval_rows)
    lines = [
        "## Phenomenon suggestions",
        "",
        f"Held-out set: {len(eval_rows)} hand-written texts ({languages['fi']} Finnish, {languages['sv']} Swedish; "
        "64 per national phenomenon) in rake/analysis/data/suggest_eval.jsonl, each one or two of 140 "
        "hand-written clauses (14 per phenomenon and language) with a neutral opening or closing sentence, "
        "written with indirect, varied vocabulary and none of the demo templates' or the training file's "
        "sentences. Training set "
        f"(rake/analysis/data/suggest_train.jsonl and suggest_train_varied.jsonl): {len(train_rows)} texts, "
        f"{sum(r.get('source') == 'demo' for r in train_rows)} from the demo generator (each counting "
        f"{DEMO_WEIGHT}), {sum(r.get('source') == 'hand' for r in train_rows)} hand-written and "
        f"{len(varied_rows)} hand-written varied notes ({sum(r['language'] == 'fi' for r in varied_rows)} "
        "Finnish, the rest Swedish; slang, indirect wording, most without the obvious keyword). "
        f"Hyperparameters, features and the lexicon's weight are chosen by {FOLDS}-fold cross-validation on the "
        "varied notes, not on the evaluation sets (the other training texts always in training; near-duplicate "
        f"notes in one fold: {grouped} such groups). Measured now, macro-F1 of the out-of-fold predictions: "
        + "; ".join(f"{name} {overall:.3f} (Finnish {fi:.3f}, Swedish {sv:.3f})"
                    for name, (overall, fi, sv) in cross.items())
        + ". Optimistic, since the lexicon's slang and indirect terms were written by the author of the "
        "varied notes. "
        "Metric: the top suggestion against the primary phenomenon's national code. "
        f"As in the service, a feature teaches only when at least k = {K} training texts contain it (ADR 0013); "
        "the row \"every feature (no k)\" shows what that costs.",
        f"Voikko: {'yes' if morph.voikko_installed() else 'no'}; simplemma: "
        f"{'yes' if morph.simplemma_available() else 'no'}.",
        "",
        "| Model | Macro-F1 | Accuracy | Suggestions/s (warm word cache) |",
        "|---|---:|---:|---:|",
    ]
    for name, (macro, _, accuracy, rate) in results.items():
        lines.append(f"| {name} | {macro:.3f} | {accuracy:.3f} | {rate:,.0f} |")
    for name in ("lexicon only (cold start)", f"trained on {len(train_rows)} texts + lexicon"):
        lines += ["", f"Per phenomenon, {name}:", "", "| Phenomenon | Precision | Recall | F1 | Texts |",
                  "|---|---:|---:|---:|---:|"]
        for code, (p, r, f1, n) in results[name][1].items():
            lines.append(f"| {code} | {p:.3f} | {r:.3f} | {f1:.3f} | {n} |")
    lines += ["", f"Speed on unseen texts (every word lemmatised afresh, one process): {cold_rate:,.0f} "
              "suggestions/s.",
              f"Training: lemmatising {len(train_rows)} texts took {featurise:.2f} s (once per text; "
              f"cached per observation); fitting took {fit * 1000:.0f} ms, and {fit_10k * 1000:.0f} ms "
              "for 10,000 texts.",
              f"Cross-validation ({FOLDS} folds, {len(varied_rows)} notes) took {cross_seconds:.1f} s."]
    target = results[f"trained on {len(train_rows)} texts + lexicon"][0]
    lines.append(f"Target macro-F1 ≥ 0.80 on this set: {'met' if target >= 0.80 else 'NOT met'} ({target:.3f}).")

    fresh_languages = Counter(r["language"] for r in fresh_rows)
    fresh_labels = Counter(r["label"] for r in fresh_rows)
    low, high = min(fresh_labels.values()), max(fresh_labels.values())
    per_label = str(low) if low == high else f"{low}–{high}"
    sets = {"existing": eval_rows, "fresh": fresh_rows, "both": eval_rows + fresh_rows}
    lines += [
        "", "### A second, fresh held-out set", "",
        f"rake/analysis/data/suggest_eval_fresh.jsonl: {len(fresh_rows)} texts ({fresh_languages['fi']} Finnish, "
        f"{fresh_languages['sv']} Swedish; {per_label} per national phenomenon, half of each in either language), "
        "written by hand on 2026-11-22 by an AI helper working on "
        "the project, as an independent check on the set above, which is built from only 140 distinct clauses "
        "and was partly looked at during development. Every text is distinct and written as its own 1–4 sentences in "
        "the registers of social workers, counsellors, outreach and school social workers (terse notes, longer "
        "descriptions, good-practice reports, service gaps); most avoid their phenomenon's obvious keyword, and "
        "about one text in six is deliberately ambiguous between two phenomena (e.g. rent arrears heading to "
        "eviction, gambling that empties the food money), labelled by the primary phenomenon a coordinator "
        "would pick. Many Swedish texts describe the same kinds of situations as Finnish ones, in their own "
        "wording. No sentence occurs in the demo templates, the training file or the first set. The texts were "
        "written without looking at the model's predictions. The model was not tuned on this set: a later round "
        "of work (a varied training file, Swedish compound splitting, stem prefixes, slang and indirect terms in "
        "the lexicon, the lexicon's weight) was chosen on its own cross-validation, without reading this set's "
        "texts or per-text predictions; this script was run twice during that round, for aggregate "
        "figures only.",
        "",
        f"Trained on {len(train_rows)} texts + lexicon:",
        "",
        *compare_sets(trained, sets),
        "",
        "Lexicon only (cold start):",
        "",
        *compare_sets(lexicon_model, sets),
        "",
        "Most common confusions on the fresh set (true phenomenon → top suggestion, trained + lexicon):",
        "",
    ]
    lines += [f"- {true} → {predicted}: {count}" for (true, predicted), count in confusions(trained, fresh_rows)]
    fresh = evaluate(trained, fresh_rows)[0]
    both = evaluate(trained, eval_rows + fresh_rows)[0]
    lines += ["", f"Target macro-F1 ≥ 0.80 on the fresh set: {'met' if fresh >= 0.80 else 'NOT met'} ({fresh:.3f}); "
              f"on both sets together: {'met' if both >= 0.80 else 'NOT met'} ({both:.3f}), a figure lifted by the "
              "first set, whose texts are less varied."]
    if verbose:
        for name, rows in (("existing", eval_rows), ("fresh", fresh_rows)):
            for row, predicted in zip(rows, predictions(trained, rows)):
                if predicted != row["label"]:
                    print(name, row["label"], predicted, row["text"], file=sys.stderr)
    return "\n".join(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    section = run_suggest_bench(verbose="-v" in args)
    print(section)
    if "--write" in args:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from benchdoc import write_section

        command = "Command: `make bench` (scripts/bench_suggest.py --write docs/benchmarks.md)."
        write_section(args[args.index("--write") + 1], "suggestions", section + "\n\n" + command)
