"""Dates of birth: a date next to a birth word ("s. 12.3.1987", "född 4.5.1990", "12.3.1987 syntynyt").

Other dates (meetings, decisions) are not personal data and are not flagged. The span is the date.
"""

from __future__ import annotations

import datetime
import re

from .base import DATE_OF_BIRTH, Finding

_MONTHS = (
    "tammikuuta|helmikuuta|maaliskuuta|huhtikuuta|toukokuuta|kesäkuuta|heinäkuuta|elokuuta|syyskuuta|"
    "lokakuuta|marraskuuta|joulukuuta|januari|februari|mars|april|maj|juni|juli|augusti|september|"
    "oktober|november|december|january|february|march|may|june|july|august|october"
)
_DATE = (
    r"(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})(?![\d.]\d)"
    r"|\d{4}-\d{1,2}-\d{1,2}(?!\d)"
    r"|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?!\d)"
    rf"|\d{{1,2}}\.?\s(?:{_MONTHS})\s\d{{4}}(?!\d)"
    rf"|(?:{_MONTHS})\s\d{{1,2}}(?:st|nd|rd|th)?,?\s\d{{4}}(?!\d))"
)
# Words that announce a birth date, possibly with a few words in between ("syntynyt Oulussa 12.3.1987",
# "född i Vasa den 4 maj 1990"). "s." and "f." must be followed directly by the date.
_KEYWORD_RE = re.compile(
    r"(?<![\w.])(?:(?P<long>syntyn\w*|syntyi|syntym\w*|synt\.|född\w*|fött|föddes|födde|födelse\w*|born|"
    r"date\sof\sbirth|birth\s?date|dob|d\.o\.b\.|s\.\s?a\.)|(?P<short>s\.|f\.|b\.))",
    re.IGNORECASE,
)
_DATE_AFTER_LONG = re.compile(rf"[\s:]*(?:[^\W\d][\w\-]*,?\s+){{0,3}}?(?P<date>{_DATE})", re.IGNORECASE)
_DATE_AFTER_SHORT = re.compile(rf"\s?(?P<date>{_DATE})", re.IGNORECASE)
# "12.3.1987 syntynyt", "12.3.1987-syntynyt": the date right before the word.
_DATE_BEFORE = re.compile(rf"(?P<date>{_DATE})(?:\s|-)$", re.IGNORECASE)
_AFTER_WORDS = ("syntyn", "född", "fött")
YOB_RE = re.compile(
    r"(?<![\w.])(?:syntynyt|syntyneen|syntyneelle|syntymävuo\w*|född|fött|födelseår\w*|born)[\s:]*"
    r"(?:vuonna\s|år\s|in\s)?"
    r"(?P<date>(?:19|20)\d{2})(?![\d.,]\d|-\d)",
    re.IGNORECASE,
)


def _plausible(date_text: str) -> bool:
    """Reject things like 45.13.1987; accept two-digit years."""
    m = re.match(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2,4})$", date_text)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        y = y if y > 99 else 1900 + y
        try:
            datetime.date(y, mo, d)
        except ValueError:
            return False
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})$", date_text)
    if m:
        try:
            datetime.date(*(int(g) for g in m.groups()))
        except ValueError:
            return False
    return True


def find_dates_of_birth(text: str) -> list[Finding]:
    out = []
    saw_long = False
    for kw in _KEYWORD_RE.finditer(text):
        saw_long = saw_long or bool(kw.group("long"))
        regex = _DATE_AFTER_SHORT if kw.group("short") else _DATE_AFTER_LONG
        m = regex.match(text, kw.end())
        if m and _plausible(m.group("date")):
            out.append(Finding(m.start("date"), m.end("date"), DATE_OF_BIRTH, 0.85, "date_of_birth"))
        if kw.group("long") and kw.group("long").lower().startswith(_AFTER_WORDS):
            b = _DATE_BEFORE.search(text, max(0, kw.start() - 30), kw.start())
            if b and _plausible(b.group("date")):
                out.append(Finding(b.start("date"), b.end("date"), DATE_OF_BIRTH, 0.85, "date_of_birth"))
    if not saw_long:
        return out
    this_year = datetime.date.today().year
    for m in YOB_RE.finditer(text):
        if 1880 <= int(m.group("date")) <= this_year:
            out.append(Finding(m.start("date"), m.end("date"), DATE_OF_BIRTH, 0.5, "year_of_birth"))
    return out


DATE_RE = re.compile(rf"\(\s?(?P<date>{_DATE})\s?\)", re.IGNORECASE)


def dates_in_brackets_after(text: str, end: int) -> Finding | None:
    """ "Matti Virtanen (12.3.1987)": a bracketed date right after a name is a birth date."""
    m = DATE_RE.match(text, end + 1 if text[end : end + 1] == " " else end)
    if m and _plausible(m.group("date")):
        return Finding(m.start("date"), m.end("date"), DATE_OF_BIRTH, 0.7, "date_of_birth")
    return None
