"""Tokens, sentence starts and a cheap Finnish/Swedish language guess."""

from __future__ import annotations

import re
from typing import NamedTuple

# A word: letters, optionally joined by hyphens or apostrophes ("Anna-Liisa", "O'Brien"), optionally
# with a colon case ending ("Ahmed:lle", "Nguyen:n").
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*(?::[a-zåäö]{1,5}\b)?")

_OPENERS = "\"'“”‘’«»([{-–—•*>"
_ENDERS = ".!?…"
# Abbreviations after which a capitalised word does not start a new sentence.
_ABBREVIATIONS = frozenset(
    "s synt esim ns mm ks vrt klo puh p n t os v ts ym yms jne tms ab oy ry kl ca dvs bl ex t.ex bl.a "
    "f ang resp jfr tel tfn st sk dr nr no".split()
)


class Token(NamedTuple):
    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    new = tuple.__new__
    return [new(Token, (m.start(), m.end(), m.group())) for m in WORD_RE.finditer(text)]


def is_sentence_start(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a sentence (or a line, or the text)."""
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in _OPENERS):
        if text[i] == "\n":
            return True
        i -= 1
    if i < 0:
        return True
    ch = text[i]
    if ch in _ENDERS:
        if ch == ".":
            # "s. Virtanen", "esim. Kela": an abbreviation does not end the sentence.
            j = i - 1
            while j >= 0 and (text[j].isalpha() or text[j] == "."):
                j -= 1
            word = text[j + 1 : i].lower()
            if word in _ABBREVIATIONS:
                return False
            # "1. Virtanen" at the start of a line: a numbered list item starts a sentence.
        return True
    return False


_FI_WORDS = frozenset(
    "ja on ei että oli hän se ne kanssa joka mutta myös kun tai ovat olla ole sekä asiakas asiakkaan "
    "asiakkaalle hänen heidän tämä tässä mukaan vielä kuin jo nyt sitä siitä koska lisäksi kertoi "
    "palvelu palvelun tarvitsee tuki tukea".split()
)
_SV_WORDS = frozenset(
    "och är att som med för på inte en ett har till av den det de han hon hans hennes var kan från "
    "om men också eller när klienten klient efter under sin sitt sina vid hade behöver stöd".split()
)
_LOWER_WORD_RE = re.compile(r"[a-zåäö]+")


def guess_language(text: str) -> str:
    """'sv' when Swedish function words outnumber Finnish ones, else 'fi'."""
    words = _LOWER_WORD_RE.findall(text.lower())
    fi = sum(map(_FI_WORDS.__contains__, words))
    sv = sum(map(_SV_WORDS.__contains__, words))
    return "sv" if sv > fi else "fi"
