"""Street addresses with a house number, and postal codes with a place."""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon as lx
from .base import ADDRESS, POSTAL_CODE, Finding
from .morph import PLACE_CLASSES, voikko_readings

# Finnish street-name endings, with the stems their inflected forms use ("Kauppakadulla",
# "Jyväskyläntiellä", "Rinteellä", "Mäen").
_FI_STREET = (
    r"(?:katu|kadu|tie|kuja|polku|polu|väylä|raitti|raiti|rinne|rintee|ranta|ranna|piha|kaari|kaare|"
    r"puistikko|puistiko|tori|aukio|mäki|mäe|linja|puisto|bulevardi|esplanadi|ahde|ahtee|kaarre|kaartee|"
    r"penger|pengere|portti|porti|kulma|niitty|niity|kenttä|kentä)[a-zäö]{0,6}"
)
# Swedish street-name endings ("Storgatan", "Strandvägen", "Kyrkogränd", "Torget").
_SV_STREET = (
    r"(?:gatan|gata|vägen|väg|gränd|gränden|stigen|stig|torget|torg|backen|backe|allén|allé|alléen|"
    r"esplanaden|esplanad|kajen|kaj|planen|parken|park|slingan|kroken|bågen|svängen|leden|ringen|"
    r"strand|stranden|kvarteret|platsen)s?"
)
_STREET_WORD_RE = re.compile(
    rf"[A-ZÅÄÖÜ][a-zåäöéü]*?(?:-[A-ZÅÄÖa-zåäö][a-zåäöéü]*?)?(?:{_FI_STREET}|{_SV_STREET})"
)
# A tired worker's lower-case street: "kauppakadulla 5", "storgatan 12" (only the common endings).
_LOWER_STREET_WORD_RE = re.compile(
    r"[a-zåäö]{3,}(?:katu|kadu[a-zäö]{1,5}|tie[a-zäö]{0,5}|kuja[a-zäö]{0,5}|gatan|vägen|gränd)"
)
# "Aleksis Kiven katu 5", "Vanhan Porvoon tie": a genitive before a separate street word.
_SEPARATE_STREET_WORD_RE = re.compile(r"(?:katu|kadu[a-zäö]{1,5}|tie[a-zäö]{0,5}|kuja[a-zäö]{0,5}|gatan|vägen)")
# Words that may precede the street word: "Pohjoinen Rautatiekatu", "Norra Esplanaden".
_PRE_WORDS = frozenset(
    "Pohjoinen Eteläinen Itäinen Läntinen Vanha Uusi Iso Pieni Norra Södra Östra Västra Stora Lilla Gamla Nya".split()
)
# Any capitalised word, for streets without a typical ending ("Pitkäsilta", "Skeppsbron"): those need
# more evidence around them (a staircase and flat number, an address word, a postal code after).
_ANY_STREET_RE = re.compile(r"[A-ZÅÄÖ][a-zåäöé]{3,}(?:-[A-ZÅÄÖa-zåäö][a-zåäöé]+)?")

# A word followed by a number: every address candidate starts like this.
_WORD_BEFORE_NUMBER = re.compile(r"(?<![\w\-])([^\W\d_][\w\-]*) (?=\d)")
# House number, optional range, staircase letter and flat: "12", "12-14", "12 B 4", "5 as 3", "3a".
_NUMBER_RE = re.compile(
    r"\d{1,4}[a-hA-H]?(?![\d,.:/]\d)(?:\s?[-–]\s?\d{1,4}[a-hA-H]?)?"
    r"(?P<flat>\s?(?:[A-Ha-h]|as\.?|lgh\.?|bst\.?|lh\.?)\s?\d{1,3}(?![\d,.:/]\d)|\s?[A-H](?!\w))?"
    r"(?![\w\-])"
)
# After the number, a unit or a counted noun means it is not a house number.
_NOT_HOUSE = re.compile(
    r"\s?(?:%|€|e\b|eur|euro|km|m\b|min|h\b|kg|v\b|vuo|vuot|kert|krt|kk|pv|päiv|viik|tunt|henk|asiak|"
    r"laps|lasta|nuor|år|gång|dag|veck|timm|pers|klient|kr\b|st\b|§|luku|kpl|mg|ml)",
    re.IGNORECASE,
)
_POSTAL_AFTER = re.compile(r",?\s(?:(?:FI|AX)-)?\d{5}\s[A-ZÅÄÖ]")
_ADDRESS_WORD_BEFORE = re.compile(
    r"(?i:osoittee\w*|osoite|osoitteen|katuosoite\w*|kotiosoite\w*|adress\w*|postadress\w*|bor på|bor vid|"
    r"lives at|address)\s*(?::|on|är|is)?\s*(?:[A-ZÅÄÖ][a-zåäöé]+\s)?$"
)
_PREV_WORD = re.compile(r"([^\W\d_]+)\s$")


_STANDALONE_STREETS = frozenset({"esplanadi", "esplanaden", "bulevardi", "bulevarden", "strandvägen", "kauppatori"})
_STREET_SUFFIX_RE = re.compile(rf"(?:{_FI_STREET}|{_SV_STREET})")


@lru_cache(maxsize=50_000)
def _street_kind(word: str) -> str | None:
    if _STREET_WORD_RE.fullmatch(word) or word.lower() in _STANDALONE_STREETS:
        return "street"
    if word[:1].isupper() and _STREET_SUFFIX_RE.fullmatch(word.lower()):
        return "bare"  # "Torget", "Puistotie"? only with a word like Norra / Pohjoinen before
    if _LOWER_STREET_WORD_RE.fullmatch(word):
        return "lower"
    if _SEPARATE_STREET_WORD_RE.fullmatch(word):
        return "separate"
    if _ANY_STREET_RE.fullmatch(word):
        return "any"
    return None


def find_addresses(text: str) -> list[Finding]:
    out = []
    for m in _WORD_BEFORE_NUMBER.finditer(text):
        word = m.group(1)
        kind = _street_kind(word)
        if kind is None:
            continue
        num = _NUMBER_RE.match(text, m.end())
        if num is None or _NOT_HOUSE.match(text, num.end()):
            continue
        start, end = m.start(1), num.end()
        prev = _PREV_WORD.search(text, max(0, start - 30), start)
        if kind == "street":
            if prev and prev.group(1) in _PRE_WORDS:
                start = prev.start(1)
            out.append(Finding(start, end, ADDRESS, 0.85, "street_address"))
        elif kind == "bare" and prev and prev.group(1) in _PRE_WORDS:
            out.append(Finding(prev.start(1), end, ADDRESS, 0.85, "street_address"))
        elif kind == "lower":
            out.append(Finding(start, end, ADDRESS, 0.6, "street_address"))
        elif kind == "separate":
            # "Aleksis Kiven katu 5": one or two capitalised words, the last in the genitive.
            if prev and prev.group(1)[:1].isupper() and prev.group(1).endswith("n"):
                start = prev.start(1)
                prev2 = _PREV_WORD.search(text, max(0, start - 30), start)
                if prev2 and prev2.group(1)[:1].isupper():
                    start = prev2.start(1)
                out.append(Finding(start, end, ADDRESS, 0.85, "street_address"))
        elif num.group("flat") and any(c.isdigit() for c in num.group("flat")):
            out.append(Finding(start, end, ADDRESS, 0.7, "street_address"))
        elif _POSTAL_AFTER.match(text, end):
            out.append(Finding(start, end, ADDRESS, 0.8, "street_address"))
        elif _ADDRESS_WORD_BEFORE.search(text, max(0, start - 60), start):
            out.append(Finding(start, end, ADDRESS, 0.75, "street_address"))
    return out


POSTAL_RE = re.compile(
    r"(?<![\w\-,.])(?:(?P<cc>FI|SF|AX|fi)-?\s?)?(?P<code>\d{5})(?![\w\-]|[.,]\d)"
    r"(?:[ ]+(?P<place>[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖa-zåäö][a-zåäö]+)?|[A-ZÅÄÖ]{3,}(?:-[A-ZÅÄÖ]+)?))?"
)
_POSTAL_WORD = re.compile(r"(?:postinumero|postinro|postnummer|postnr)\w*[\s:]*(?:on\s|är\s|is\s)?$", re.IGNORECASE)


def _is_place_word(word: str, use_voikko: bool) -> bool:
    if lx.is_place(word):
        return True
    if use_voikko:
        return any(c in PLACE_CLASSES for c, _ in voikko_readings(word.capitalize() if word.isupper() else word))
    return False


def _is_common_word(word: str, use_voikko: bool) -> bool:
    if not use_voikko:
        return False
    return any(c not in ("etunimi", "sukunimi", "paikannimi", "nimi") for c, _ in voikko_readings(word))


def find_postal_codes(text: str, use_voikko: bool) -> list[Finding]:
    out = []
    for m in POSTAL_RE.finditer(text):
        place = m.group("place")
        if place:
            if _is_place_word(place, use_voikko):
                out.append(Finding(m.start(), m.end(), POSTAL_CODE, 0.9, "postal_code_place"))
                continue
            if not lx.is_lookalike(place) and not _is_common_word(place, use_voikko):
                out.append(Finding(m.start(), m.end(), POSTAL_CODE, 0.6, "postal_code_place"))
                continue
        end = m.end("code")
        if m.group("cc"):
            out.append(Finding(m.start(), end, POSTAL_CODE, 0.8, "postal_code"))
        elif _POSTAL_WORD.search(text, max(0, m.start() - 20), m.start()):
            out.append(Finding(m.start(), end, POSTAL_CODE, 0.7, "postal_code"))
    return out
