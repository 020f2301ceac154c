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

The trained model is cached per process and keyed by a cheap version of the training data (count,
latest modification, latest phenomenon link of the classified observations); a change retrains.
Features are cached per observation (id, modified_at), so retraining after one new classification
only lemmatises that one text.
"""

from __future__ import annotations

import json
import math
import threading
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
# The newest classified observations trained on; bounds memory and the first training of a process.
MAX_TRAINING_TEXTS = 20_000


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


def train(examples, *, lexicon: bool = True) -> Model:
    """examples: iterable of (features, national code) or (features, national code, weight), the weight
    (1 if not given) counting a text as that many texts. Returns a fitted Model.

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
        for f in feats:
            j = vocabulary.setdefault(f, len(vocabulary))
            rows.append(ci)
            cols.append(j)
            weights.append(weight)
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


def rank(model: Model, text: str, language: str | None = None, limit: int = 3) -> list[tuple[str, float]]:
    probs = model.scores(text_features(text, language))
    if probs is None:
        return []
    order = np.argsort(-probs, kind="stable")[: max(0, limit)]
    return [(CODES[i], round(float(probs[i]), 4)) for i in order]


# --- training on classified observations ------------------------------------------------------------

_lock = threading.Lock()
_cache: dict[str, object] = {"version": None, "model": None}
_doc_features: dict[tuple[int, object], tuple[str, ...]] = {}


def _classified():
    from rake.observations.models import Observation

    return Observation.objects.filter(status__in=CLASSIFIED_STATUSES)


def training_version():
    from django.db.models import Count, Max

    from rake.observations.models import ObservationPhenomenon

    row = _classified().aggregate(n=Count("id"), latest=Max("modified_at"))
    link = ObservationPhenomenon.objects.filter(observation__status__in=CLASSIFIED_STATUSES,
                                                position=0).aggregate(n=Count("id"), latest=Max("id"))
    return (row["n"], row["latest"], link["n"], link["latest"])


def training_examples():
    """(features, national code) of the newest MAX_TRAINING_TEXTS classified observations with a primary
    phenomenon."""
    from rake.observations.models import ObservationPhenomenon

    links = (ObservationPhenomenon.objects
             .filter(observation__status__in=CLASSIFIED_STATUSES, position=0)
             .values_list("observation_id", "observation__modified_at", "observation__description",
                          "observation__language", "phenomenon__national_code")
             .order_by("-observation_id")[:MAX_TRAINING_TEXTS])
    seen = set()
    for pk, modified, description, language, code in links.iterator(chunk_size=2000):
        key = (pk, modified)
        seen.add(key)
        feats = _doc_features.get(key)
        if feats is None:
            feats = _doc_features[key] = text_features(description or "", language)
        yield feats, code
    for key in [k for k in _doc_features if k not in seen]:
        del _doc_features[key]


def current_model() -> Model:
    version = training_version()
    if _cache["version"] != version or _cache["model"] is None:
        with _lock:
            if _cache["version"] != version or _cache["model"] is None:
                _cache["model"] = train(training_examples())
                _cache["version"] = version
    return _cache["model"]


def clear_cache():
    with _lock:
        _cache["version"] = None
        _cache["model"] = None
        _doc_features.clear()


def suggest(text: str, language: str | None = None, limit: int = 3) -> list[tuple[str, float]]:
    """Up to `limit` (national code, probability) pairs, most likely first. Never applied to anything."""
    if not isinstance(text, str) or not text.strip():
        return []
    return rank(current_model(), text[:MAX_TEXT], language, limit)
