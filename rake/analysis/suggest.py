"""Phenomenon suggestions for new observations (DESIGN §4.4): never applied, only shown in triage.

A multinomial naive Bayes over lemmatised unigrams and bigrams, counting each feature once per text.
Besides the lemmas, a text's features are the parts of compounds (Finnish from Voikko; Swedish split
here where simplemma knows both parts, "missbruksvården" → "missbruk", "vård"), lexicon terms a longer
word begins or ends with, and the first PREFIX letters of longer lemmas, so that slang or inflections
the lemmatisers do not know ("pirii", "soffsurfandet") still meet their stem. The cold-start lexicon
(data/phenomenon_lexicon.json) is a second likelihood mixed in with a weight that shrinks as training
texts accumulate (see train()): with no training texts the lexicon alone decides; as
coordinator-classified observations accumulate, they outweigh it. The lexicon lists plain terms and the
indirect wording and slang of the field ("pullot", "piri", "sohvasurffaus", "pundare", "självskada",
"inte råd"). Its weight and the features are chosen by the 5-fold cross-validation on the varied
hand-written training notes in scripts/bench_suggest.py (cross_validate), not on the held-out sets; the
script prints the figure. Labels and suggestions
are national codes only, so county-specific phenomena and sub-themes train their national phenomenon.

Suggestions learn only from what the asking user may read (ADR 0013): a model is trained per scope, the
counties whose observations the user may read (`scope_of(user)`), so a word typed in another county never
changes them; and a feature that fewer than k classified observations of the scope contain (k =
RAKE_SUPPRESSION_THRESHOLD, as for keywords, ADR 0007) is left out, so a rare word — a name — teaches
nothing. The lexicon is public and always counts.

Each scope's model is cached per process and keyed by a cheap version of its training data (count,
latest modification, latest phenomenon link of the scope's classified observations) and k; a change
retrains. Features are cached per county and observation (id, modified_at), so retraining after one new
classification only lemmatises that one text.
"""

from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from rake.taxonomy.models import Phenomenon

from . import text as textlib
from .rollups import COUNTED_STATUSES as CLASSIFIED_STATUSES  # a coordinator classified these

CODES = Phenomenon.NATIONAL_CODES
LEXICON_PATH = Path(__file__).parent / "data" / "phenomenon_lexicon.json"
LEXICON_WEIGHT = 4.0
LEXICON_TEXTS = 10_000  # the lexicon weighs as much as this many classified texts
ALPHA = 0.2  # additive smoothing
BACKGROUND_MASS = 5000.0  # pseudo-count mass of the background in the data likelihood
MIN_PART = 5  # shortest lexicon term matched inside a longer (compound) word
MAX_TEXT = 20_000
MIN_SV_PART = 4  # shortest part of a split Swedish compound
SV_COMPOUNDS = True
PREFIX = 6  # if set, the first PREFIX letters of longer lemmas are a feature too (unknown inflections)
# The newest classified observations of each county trained on; bounds memory and the first training of a
# process.
MAX_TRAINING_TEXTS = 20_000
MAX_MODELS = 32  # scopes whose models a process keeps (a county instance has one or a few)


@lru_cache(maxsize=1)
def lexicon_features() -> dict[str, dict[str, str]]:
    """{language: {feature: code}} from the lexicon, lemmatised like the texts."""
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {}
    for language in ("fi", "sv"):
        terms: dict[str, str] = {}
        for code, entries in data[language].items():
            if code not in CODES:
                raise ValueError(f"unknown national code in the lexicon: {code}")
            for entry in entries:
                phrase = entry.replace("_", " ")
                _, per_word = textlib.lemmas(phrase, language)
                if not per_word:
                    continue
                if len(per_word) == 1:
                    feats = [per_word[0][0]]
                else:  # a phrase: its bigrams only
                    bases = [forms[0] for forms in per_word]
                    feats = [f"{a}_{b}" for a, b in zip(bases, bases[1:])]
                for feat in feats:
                    terms.setdefault(feat, code)
        out[language] = terms
    return out


@lru_cache(maxsize=1)
def _lexicon_parts() -> frozenset[str]:
    terms = set()
    for language_terms in lexicon_features().values():
        terms.update(t for t in language_terms if "_" not in t and len(t) >= MIN_PART)
    return frozenset(terms)


@lru_cache(maxsize=200_000)
def _parts_in(word: str) -> tuple[str, ...]:
    """Lexicon terms a longer word begins or ends with ("alkoholmissbruk" → "missbruk", "alkohol")."""
    if "_" in word or len(word) <= MIN_PART:
        return ()
    parts = _lexicon_parts()
    found = []
    for i in range(MIN_PART, len(word) - 2):
        if word[:i] in parts:
            found.append(word[:i])
        if word[-i:] in parts:
            found.append(word[-i:])
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=200_000)
def _sv_compound_parts(word: str) -> tuple[str, ...]:
    """The parts of a Swedish compound that simplemma knows as words ("missbruksvård" → "missbruk",
    "vård"), since simplemma does not split compounds; a linking "s" is dropped."""
    if len(word) < 2 * MIN_SV_PART or "_" in word or not textlib.morph.simplemma_available():
        return ()
    import simplemma

    found = []
    for i in range(MIN_SV_PART, len(word) - MIN_SV_PART + 1):
        head, modifier = word[i:], word[:i]
        if not simplemma.is_known(head, lang="sv"):
            continue
        if simplemma.is_known(modifier, lang="sv"):
            found += [modifier, head]
        elif modifier.endswith("s") and len(modifier) > MIN_SV_PART and simplemma.is_known(modifier[:-1], lang="sv"):
            found += [modifier[:-1], head]
    return tuple(dict.fromkeys(textlib.sv_lemma(f) for f in found))


def text_features(text: str, language: str | None = None) -> tuple[str, ...]:
    language = language if language in ("fi", "sv") else textlib.guess_language(text)
    feats = textlib.features(text, language)
    extra = []
    for feat in feats:
        extra.extend(_parts_in(feat))
        if language == "sv" and SV_COMPOUNDS:
            extra.extend(_sv_compound_parts(feat))
        if PREFIX and "_" not in feat and len(feat) > PREFIX:
            extra.append("~" + feat[:PREFIX])
    return tuple(dict.fromkeys([*feats, *extra]))  # each feature once per text


@dataclass
class Model:
    vocabulary: dict[str, int]
    log_prior: np.ndarray  # (classes,)
    log_likelihood: np.ndarray  # (classes, vocabulary)
    trained_on: int

    def scores(self, feats) -> np.ndarray | None:
        idx = [self.vocabulary[f] for f in feats if f in self.vocabulary]
        if not idx:
            return None
        logits = self.log_prior + self.log_likelihood[:, idx].sum(axis=1)
        # Naive Bayes is overconfident on long texts; temper so the shown confidence means something.
        logits = logits / max(1.0, math.sqrt(len(idx)) / 2)
        logits -= logits.max()
        probs = np.exp(logits)
        return probs / probs.sum()


def _log_likelihood(counts: np.ndarray) -> np.ndarray:
    smoothed = counts + ALPHA
    return np.log(smoothed) - np.log(smoothed.sum(axis=1, keepdims=True))


def _count(rows, cols, size, weights=None) -> np.ndarray:
    flat = np.asarray(rows, dtype=np.int64) * size + np.asarray(cols, dtype=np.int64)
    return np.bincount(flat, weights=weights, minlength=len(CODES) * size).reshape(len(CODES), size).astype(float)


def _data_log_likelihood(counts: np.ndarray) -> np.ndarray:
    """Dirichlet smoothing toward the words' overall frequency: a word seen in a few texts only moves
    towards its phenomenon as evidence accumulates, instead of counting as proof at once."""
    if not BACKGROUND_MASS:
        return _log_likelihood(counts)
    background = (counts.sum(axis=0) + ALPHA) / (counts.sum() + ALPHA * counts.shape[1])
    return np.log(counts + BACKGROUND_MASS * background) - np.log(counts.sum(axis=1, keepdims=True)
                                                                  + BACKGROUND_MASS)


def train(examples, *, lexicon: bool = True, min_texts: int = 1) -> Model:
    """examples: iterable of (features, national code) or (features, national code, weight), the weight
    (1 if not given) counting a text as that many texts. Returns a fitted Model. A feature that fewer than
    `min_texts` examples contain is left out of what the examples teach (the lexicon still counts).

    Two naive Bayes likelihoods over one vocabulary, one from the lexicon's pseudo-counts and one from
    the training texts, mixed in log space with the lexicon's share LEXICON_TEXTS / (LEXICON_TEXTS + n)
    for n training texts (weighted): the lexicon alone with none, about half at LEXICON_TEXTS, little at ten
    times that.
    """
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    weights: list[float] = []
    class_counts = np.zeros(len(CODES))
    index = {c: i for i, c in enumerate(CODES)}
    n = 0
    for example in examples:
        feats, code = example[0], example[1]
        weight = float(example[2]) if len(example) > 2 else 1.0
        ci = index.get(code)
        if ci is None or weight <= 0:
            continue
        n += weight
        class_counts[ci] += weight
        for f in dict.fromkeys(feats):
            j = vocabulary.setdefault(f, len(vocabulary))
            rows.append(ci)
            cols.append(j)
            weights.append(weight)
    if min_texts > 1 and vocabulary:
        rows, cols, weights, vocabulary = _common_features(rows, cols, weights, vocabulary, min_texts)
    lex_rows, lex_cols = [], []
    if lexicon:
        for terms in lexicon_features().values():
            for feat, code in terms.items():
                lex_rows.append(index[code])
                lex_cols.append(vocabulary.setdefault(feat, len(vocabulary)))
    size = max(1, len(vocabulary))
    share = (LEXICON_TEXTS / (LEXICON_TEXTS + n)) if lex_rows else 0.0
    log_likelihood = np.zeros((len(CODES), size))
    if share:
        lex_counts = np.zeros((len(CODES), size))
        lex_counts += LEXICON_WEIGHT * _count(lex_rows, lex_cols, size)
        lex_log = _log_likelihood(lex_counts)
        lex_log[:, lex_counts.sum(axis=0) == 0] = 0.0  # a word the lexicon lacks says nothing either way
        log_likelihood += share * lex_log
    if n:
        counts = _count(rows, cols, size, weights)
        log_likelihood += (1 - share) * _data_log_likelihood(counts)
    # Class prior from the training labels, flattened so a skewed county does not drown small classes.
    prior = (class_counts + 5.0) ** 0.5
    log_prior = np.log(prior / prior.sum())
    return Model(vocabulary, log_prior, log_likelihood, round(n))


def _common_features(rows, cols, weights, vocabulary, min_texts):
    """The (row, column, weight) triples and the vocabulary without the features fewer than `min_texts`
    examples contain: gone from the vocabulary too, so that they weigh nothing and leave the others'
    smoothing as if they had never been seen."""
    cols = np.asarray(cols, dtype=np.int64)
    keep = np.bincount(cols, minlength=len(vocabulary)) >= min_texts  # each feature once per example
    if keep.all():
        return rows, cols, weights, vocabulary
    index = np.cumsum(keep) - 1
    kept = keep[cols]
    vocabulary = {f: int(index[j]) for f, j in vocabulary.items() if keep[j]}
    return np.asarray(rows)[kept], index[cols[kept]], np.asarray(weights)[kept], vocabulary


def rank(model: Model, text: str, language: str | None = None, limit: int = 3) -> list[tuple[str, float]]:
    probs = model.scores(text_features(text, language))
    if probs is None:
        return []
    order = np.argsort(-probs, kind="stable")[: max(0, limit)]
    return [(CODES[i], round(float(probs[i]), 4)) for i in order]


# --- training on classified observations ------------------------------------------------------------

_lock = threading.Lock()
_models: OrderedDict[frozenset[str] | None, tuple[object, Model]] = OrderedDict()  # scope → (version, model)
_doc_features: dict[str, dict[tuple[int, object], tuple[str, ...]]] = {}  # county → (id, modified) → features


def scope_of(user) -> frozenset[str]:
    """The counties whose classified observations teach the suggestions `user` sees: those whose texts the
    user may read."""
    return frozenset(user.permissions.raw_text_counties())


def min_texts() -> int:
    """k: a feature teaches only when at least this many classified observations of the scope contain it."""
    from django.conf import settings

    return max(1, int(settings.RAKE_SUPPRESSION_THRESHOLD))


def _classified(scope: Iterable[str] | None = None):
    from rake.observations.models import Observation

    observations = Observation.objects.filter(status__in=CLASSIFIED_STATUSES)
    return observations if scope is None else observations.filter(county_code__in=sorted(scope))


def training_version(scope: Iterable[str] | None = None):
    """A cheap fingerprint of the scope's training data (None: every county)."""
    from django.db.models import Count, Max

    from rake.observations.models import ObservationPhenomenon

    row = _classified(scope).aggregate(n=Count("id"), latest=Max("modified_at"))
    links = ObservationPhenomenon.objects.filter(observation__status__in=CLASSIFIED_STATUSES, position=0)
    if scope is not None:
        links = links.filter(observation__county_code__in=sorted(scope))
    link = links.aggregate(n=Count("id"), latest=Max("id"))
    return (row["n"], row["latest"], link["n"], link["latest"])


def training_examples(scope: Iterable[str] | None = None):
    """(features, national code) of the newest MAX_TRAINING_TEXTS classified observations with a primary
    phenomenon of each county in `scope` (None: every county)."""
    from rake.observations.models import ObservationPhenomenon

    counties = sorted(scope) if scope is not None else sorted(
        _classified().order_by().values_list("county_code", flat=True).distinct())
    for county in counties:
        cache = _doc_features.setdefault(county, {})
        links = (ObservationPhenomenon.objects
                 .filter(observation__status__in=CLASSIFIED_STATUSES, observation__county_code=county, position=0)
                 .values_list("observation_id", "observation__modified_at", "observation__description",
                              "observation__language", "phenomenon__national_code")
                 .order_by("-observation_id")[:MAX_TRAINING_TEXTS])
        seen = set()
        for pk, modified, description, language, code in links.iterator(chunk_size=2000):
            key = (pk, modified)
            seen.add(key)
            feats = cache.get(key)
            if feats is None:
                feats = cache[key] = text_features(description or "", language)
            yield feats, code
        for key in [k for k in cache if k not in seen]:
            del cache[key]


def current_model(scope: Iterable[str] | None) -> Model:
    """The model trained on the classified observations of the counties in `scope` (None: every county, for
    the command line; a user's scope is `scope_of(user)`)."""
    key = None if scope is None else frozenset(scope)  # empty: a user reading no county learns the lexicon only
    k = min_texts()
    version = (k, training_version(key))
    cached = _models.get(key)
    if cached is None or cached[0] != version:
        with _lock:
            cached = _models.get(key)
            if cached is None or cached[0] != version:
                _models.pop(key, None)
                cached = _models[key] = (version, train(training_examples(key), min_texts=k))
                while len(_models) > MAX_MODELS:
                    _models.popitem(last=False)  # the scope trained longest ago
    return cached[1]


def clear_cache():
    with _lock:
        _models.clear()
        _doc_features.clear()


def suggest(text: str, *, scope: Iterable[str] | None, language: str | None = None,
            limit: int = 3) -> list[tuple[str, float]]:
    """Up to `limit` (national code, probability) pairs, most likely first, from the model of `scope`
    (`scope_of(user)` for a user). Never applied to anything."""
    if not isinstance(text, str) or not text.strip():
        return []
    return rank(current_model(scope), text[:MAX_TEXT], language, limit)
