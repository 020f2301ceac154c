"""Word lists the detectors use: person names, places, look-alikes, and a tiny Finnish stemmer.

The lists live in ``rake/privacy/data``. Municipality names (Finnish and Swedish) are read from the
areas app's reference CSV by path — not imported — so this package stays a pure library.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MUNICIPALITIES_CSV = Path(__file__).resolve().parents[2] / "areas" / "data" / "municipalities.csv"


def _read_list(name: str) -> list[str]:
    path = DATA_DIR / name
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _fold(word: str) -> str:
    return word.casefold().replace("’", "'")


@dataclass(frozen=True)
class Lexicon:
    first_names: frozenset[str]
    surnames: frozenset[str]
    places: frozenset[str]
    lookalikes: frozenset[str]
    # first folded word -> list of phrases (tuples of folded words) for multi-word look-alikes
    lookalike_phrases: dict[str, tuple[tuple[str, ...], ...]]
    # phrases made of place names, e.g. "keski-suomen hyvinvointialue" is covered by places anyway


def _municipality_names() -> set[str]:
    names: set[str] = set()
    if not MUNICIPALITIES_CSV.exists():
        return names
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for key in ("name_fi", "name_sv", "region_fi"):
                value = (row.get(key) or "").strip()
                if value:
                    names.add(value)
    return names


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    first = {_fold(w) for f in ("first_names_fi.txt", "first_names_sv.txt") for w in _read_list(f)}
    last = {_fold(w) for f in ("surnames_fi.txt", "surnames_sv.txt") for w in _read_list(f)}
    for w in _read_list("names_other.txt"):
        # The "other" list mixes first names and surnames; both roles are plausible.
        first.add(_fold(w))
        last.add(_fold(w))
    places = {_fold(w) for f in ("places_extra.txt", "former_municipalities.txt") for w in _read_list(f)}
    places |= {_fold(w) for w in _municipality_names()}
    single: set[str] = set()
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for entry in _read_list("lookalikes.txt"):
        words = tuple(_fold(w) for w in entry.split())
        if len(words) == 1:
            single.add(words[0])
        else:
            phrases.setdefault(words[0], []).append(words)
    # Multi-word places ("Mellersta Finland") are handled as phrases too.
    for place in list(places):
        if " " in place:
            words = tuple(place.split())
            phrases.setdefault(words[0], []).append(words)
    return Lexicon(
        first_names=frozenset(first),
        surnames=frozenset(last),
        places=frozenset(places),
        lookalikes=frozenset(single),
        lookalike_phrases={k: tuple(sorted(v, key=len, reverse=True)) for k, v in phrases.items()},
    )


# --- A deliberately small Finnish "stemmer": candidate base forms of an inflected proper noun. -------
# Used to look inflected names up in the lists when Voikko does not know them (or is missing).

_CLITICS = ("kaan", "kään", "kin", "han", "hän", "pa", "pä", "ko", "kö")
_ENDINGS = tuple(
    sorted(
        {
            "n", "a", "ä", "ta", "tä", "tta", "ttä", "na", "nä", "ksi", "ssa", "ssä", "sta", "stä",
            "lla", "llä", "lta", "ltä", "lle", "ine", "ineen", "en", "in", "an", "än", "on", "ön", "un",
            "yn", "hin", "hen", "han", "hän", "seen", "siin", "ien", "ten", "den", "ille", "illa",
            "illä", "ista", "istä", "issa", "issä", "iin", "ia", "iä", "ina", "inä", "iksi", "ilta",
            "iltä", "lleen", "nsa", "nsä", "s",
        },
        key=len,
        reverse=True,
    )
)
_GRADABLE = re.compile(r"([aeiouyäö][lmnr]?)([kpt])([aeiouyäö])$")


def _stem_variants(stem: str) -> set[str]:
    out = {stem}
    if len(stem) < 2:
        return out
    if stem.endswith("se"):
        out.add(stem[:-2] + "nen")  # Virtase- -> Virtanen
    if stem.endswith("s"):
        out.add(stem[:-1] + "nen")  # Virtas(ta) -> Virtanen
    m = _GRADABLE.search(stem)
    if m:
        # Weak grade -> strong grade: Miko -> Mikko, Mati -> Matti, Sepo -> Seppo.
        out.add(stem[: m.start(2)] + m.group(2) * 2 + stem[m.end(2) :])
    if stem.endswith("e"):
        out.add(stem[:-1] + "i")  # Niemen -> Niemi
        if stem.endswith("de"):
            out.add(stem[:-2] + "ti")  # Lahden -> Lahti
    if stem.endswith("i") and len(stem) > 3:
        out.add(stem[:-1])  # Ahmedi(lle) -> Ahmed
    if stem.endswith("ee"):
        out.add(stem[:-1])  # Anneen? -> Anne
    return out


@lru_cache(maxsize=200_000)
def base_candidates(word: str) -> frozenset[str]:
    """Folded candidate base forms of a (possibly inflected) Finnish or Swedish proper noun."""
    w = _fold(word)
    # "Ahmed:lle", "Smith'n": the base is before the separator.
    for sep in (":", "'"):
        if sep in w:
            head = w.split(sep, 1)[0]
            if len(head) >= 2:
                return frozenset({head})
    forms = {w}
    for clitic in _CLITICS:
        if w.endswith(clitic) and len(w) - len(clitic) >= 3:
            forms.add(w[: -len(clitic)])
    out: set[str] = set()
    for form in forms:
        out |= _stem_variants(form)
        for ending in _ENDINGS:
            if form.endswith(ending) and len(form) - len(ending) >= 2:
                stem = form[: -len(ending)]
                out |= _stem_variants(stem)
                # illative with a long vowel: Annaan -> Anna, Mattiin -> Matti
                if ending in ("an", "än", "in", "en", "on", "ön", "un", "yn") and stem and stem[-1] == ending[0]:
                    out |= _stem_variants(stem)
    return frozenset(c for c in out if len(c) >= 2)


def in_list(word: str, names: frozenset[str], *, inflected: bool = True) -> bool:
    f = _fold(word)
    if f in names:
        return True
    if not inflected:
        return False
    return any(c in names for c in base_candidates(word))


def is_first_name(word: str) -> bool:
    return in_list(word, lexicon().first_names)


def is_surname(word: str) -> bool:
    return in_list(word, lexicon().surnames)


def is_listed_name(word: str) -> bool:
    lex = lexicon()
    return in_list(word, lex.first_names) or in_list(word, lex.surnames)


def is_place(word: str) -> bool:
    return in_list(word, lexicon().places)


@lru_cache(maxsize=100_000)
def is_lookalike(word: str) -> bool:
    lex = lexicon()
    f = _fold(word)
    if f in lex.lookalikes:
        return True
    # Inflected look-alikes: "Kelan", "Vamosiin", "Sotkanetista", "TE-toimistoon".
    for cut in range(1, 7):
        if len(f) - cut < 2:
            break
        head, tail = f[:-cut], f[-cut:]
        if head in lex.lookalikes and tail.isalpha() and not tail.endswith("nen"):
            return True
    return False
