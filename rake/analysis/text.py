"""Tokenising and lemmatising Finnish and Swedish text for the text analytics.

Finnish goes through Voikko (base forms, and the parts of compounds: "toimeentulotukea" gives
"toimeentulotuki", "toimeentulo" and "tuki"); Swedish through simplemma. Both are optional: without
them the lower-cased word is its own lemma. The back-ends are the privacy app's lazily loaded ones.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rake.privacy.detectors import morph

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
_PART = re.compile(r"\+([^+(]+)\(([^)]*)\)")

# Function words that say nothing about the phenomenon. "ei" and "inte" stay: they make bigrams.
STOPWORDS = {
    "fi": frozenset(
        "ja tai että kun jos mutta sekä myös vain vielä jo nyt niin kuin on olla ole oli ovat olivat "
        "se ne tämä nämä tuo nuo joka mikä kuka ketkä jotka he hän me te minä sinä sen sitä siitä siihen "
        "niitä niiden heidän meidän heille meille joita joiden jonka jossa josta johon mitä miten mihin "
        "kanssa ilman yli alle koska vaikka sillä siis sitten aina usein monta moni paljon hyvin aivan "
        "jopa ennen jälkeen aikana kautta mukaan takia vuoksi varten asti saakka lähes noin kaikki "
        "osa muu muut toinen tulla saada voida pitää tehdä mennä".split()),
    "sv": frozenset(
        "och eller att som när om men samt också bara redan nu så än är vara var varit har ha hade "
        "den det de denna dessa detta vilken vilket vilka han hon vi ni jag du dem deras vår vårt våra "
        "sin sitt sina hans hennes en ett i på av för till från med utan över under efter före genom "
        "mot vid hos kan kunna ska skola måste få bli blir blev man sig ofta alltid många mycket "
        "mer mest ännu också några någon något alla allt andra annan annat".split()),
}

_SV_HINTS = frozenset("och att det som inte är för med har på av till en ett de vi han hon eller när "
                      "kan utan också".split())
_FI_HINTS = frozenset("ja ei on että kun ovat olla ole myös mutta hän he se ne tai jos heillä "
                      "asiakas asiakkaat".split())


def words(text: str) -> list[str]:
    return [m.group(0).lower() for m in _WORD.finditer(text or "")]


def guess_language(text: str) -> str:
    """"fi" or "sv" from a count of common function words (Finnish when in doubt)."""
    sv = fi = 0
    for word in words(text)[:400]:
        sv += word in _SV_HINTS
        fi += word in _FI_HINTS
        if "å" in word:
            sv += 1
    return "sv" if sv > fi else "fi"


@lru_cache(maxsize=200_000)
def fi_lemmas(word: str) -> tuple[str, ...]:
    """The base form of a Finnish word and, for a compound, its parts' base forms."""
    voikko = morph._load_voikko()
    if voikko is None or morph._FORCED_OFF:
        return (word,)
    with morph._lock:
        analyses = voikko.analyze(word)
    if not analyses:
        return (word,)
    first = analyses[0]
    base = (first.get("BASEFORM") or word).lower()
    parts = [b.lower() for _, b in _PART.findall(first.get("WORDBASES", "")) if b and not b.startswith("+")]
    if len(parts) > 1:
        return (base, *dict.fromkeys(p.replace("=", "") for p in parts if len(p) > 2 and p != base))
    return (base,)


@lru_cache(maxsize=200_000)
def sv_lemma(word: str) -> str:
    if not morph.simplemma_available():
        return word
    import simplemma

    with morph._sv_lock:
        return simplemma.lemmatize(word, lang="sv").lower()


def lemmas(text: str, language: str | None = None) -> tuple[str, list[list[str]]]:
    """(language, per content word the list of its lemmas: the base form first, compound parts after)."""
    language = language if language in ("fi", "sv") else guess_language(text)
    stop = STOPWORDS[language]
    out = []
    for word in words(text):
        if word in stop or len(word) < 2:
            continue
        if language == "fi":
            forms = [f for f in fi_lemmas(word) if f not in stop]
        else:
            lemma = sv_lemma(word)
            forms = [] if lemma in stop else [lemma]
        if forms:
            out.append(forms)
    return language, out


def features(text: str, language: str | None = None) -> list[str]:
    """Unigram lemmas (with compound parts) and bigrams ("ei_jaksaa") of adjacent base forms."""
    language, per_word = lemmas(text, language)
    feats = []
    for forms in per_word:
        feats.extend(forms)
    bases = [forms[0] for forms in per_word]
    feats.extend(f"{a}_{b}" for a, b in zip(bases, bases[1:]))
    return feats
