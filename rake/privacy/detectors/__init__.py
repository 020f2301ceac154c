"""Personal-data detectors for Finnish and Swedish free text.

``scan(text)`` returns non-overlapping :class:`Finding` spans sorted by start. The package is a pure
library: it needs no Django settings and imports no other Rake app.

    >>> [(f.kind, f.start, f.end) for f in scan("Asiakas Matti Virtanen, puh. 040 123 4567.", language="fi")]
    [('person_name', 8, 22), ('phone', 29, 41)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .base import (
    ADDRESS,
    BUSINESS_ID,
    DATE_OF_BIRTH,
    EMAIL,
    IBAN,
    KIND_LABELS,
    KINDS,
    PERSON_NAME,
    PERSONAL_ID,
    PHONE,
    POSTAL_CODE,
    REASONS,
    STRONG_KINDS,
    Finding,
    gettext_noop,
    is_strong,
    resolve_overlaps,
)
from .dates import dates_in_brackets_after, find_dates_of_birth
from .morph import simplemma_available, voikko_enabled, voikko_error, without_voikko
from .names import find_names
from .numbers import find_business_ids, find_emails, find_ibans, find_personal_ids, find_phones
from .places import find_addresses, find_postal_codes
from .text import guess_language, tokens

__all__ = [
    "ADDRESS",
    "BUSINESS_ID",
    "DATE_OF_BIRTH",
    "EMAIL",
    "IBAN",
    "KINDS",
    "KIND_LABELS",
    "PERSONAL_ID",
    "PERSON_NAME",
    "PHONE",
    "POSTAL_CODE",
    "REASONS",
    "STRONG_KINDS",
    "DetectorInfo",
    "Finding",
    "active_detectors",
    "find_strong_identifiers",
    "is_strong",
    "scan",
    "voikko_available",
    "voikko_status",
    "warm_up",
    "without_voikko",
]

_HAS_DIGIT = re.compile(r"\d")
_HAS_5_DIGITS = re.compile(r"\d{5}")


def voikko_available() -> bool:
    """Whether name detection in the current context uses Voikko (False: degraded)."""
    return voikko_enabled()


def scan(text: str, *, language: str | None = None, use_voikko: bool | None = None) -> list[Finding]:
    """Find personal data in ``text``.

    ``language`` is "fi" or "sv" (None: guessed from function words). ``use_voikko=False`` forces the
    degraded name detection (as does the :func:`without_voikko` context manager).
    """
    if not text:
        return []
    lang = language if language in ("fi", "sv") else guess_language(text)
    voikko = voikko_enabled() if use_voikko is None else (use_voikko and voikko_enabled())
    found: list[Finding] = []
    if _HAS_DIGIT.search(text):
        found += find_personal_ids(text)
        found += find_business_ids(text)
        found += find_ibans(text)
        found += find_phones(text)
        found += find_addresses(text)
        found += find_dates_of_birth(text)
        if _HAS_5_DIGITS.search(text):
            found += find_postal_codes(text, voikko)
    found += find_emails(text)
    names = find_names(text, tokens(text), lang, voikko)
    found += names
    if names and "(" in text:
        for f in names:
            dob = dates_in_brackets_after(text, f.end)
            if dob is not None:
                found.append(dob)
    return resolve_overlaps(found)


def find_strong_identifiers(text: str) -> list[Finding]:
    """Only the strong identifiers in ``text`` (identity codes and IBANs whose check is right), without the
    other detectors: cheap enough to mask every snippet of a list page."""
    if not text or not _HAS_DIGIT.search(text):
        return []
    found = [f for f in find_personal_ids(text) + find_ibans(text) if f.strong]
    return resolve_overlaps(found)


@dataclass(frozen=True)
class DetectorInfo:
    name: str
    description: str  # English, marked for translation with gettext_noop; translate when shown
    degraded: bool
    note: str = ""


def active_detectors() -> list[DetectorInfo]:
    """What the detectors check in this process, for the admin status page."""
    voikko = voikko_enabled()
    name_note = ""
    if not voikko:
        name_note = gettext_noop(
            "Voikko is not available: person names are found only from name lists, title words and "
            "first name + surname pairs. Inflected and unlisted names may be missed."
        )
    sv_note = "" if simplemma_available() else gettext_noop("simplemma is not installed: Swedish names rely on lists.")
    return [
        DetectorInfo(
            PERSONAL_ID, gettext_noop("Personal identity codes, every century sign, checked with python-stdnum"), False
        ),
        DetectorInfo(PHONE, gettext_noop("Phone numbers, Finnish and international, checked with phonenumbers"), False),
        DetectorInfo(EMAIL, gettext_noop("E-mail addresses"), False),
        DetectorInfo(IBAN, gettext_noop("Bank account numbers (IBAN), checked with python-stdnum"), False),
        DetectorInfo(BUSINESS_ID, gettext_noop("Business IDs (y-tunnus) and VAT numbers"), False),
        DetectorInfo(ADDRESS, gettext_noop("Street addresses with a house number (Finnish and Swedish)"), False),
        DetectorInfo(POSTAL_CODE, gettext_noop("Postal codes with a place"), False),
        DetectorInfo(DATE_OF_BIRTH, gettext_noop("Dates of birth next to a birth word"), False),
        DetectorInfo(
            PERSON_NAME,
            gettext_noop("Person names: Voikko name classes, name lists, title words, capitalised unknown words"),
            not voikko,
            name_note or sv_note,
        ),
    ]


def warm_up() -> None:
    """Load Voikko, the word lists and simplemma's dictionaries now rather than on the first scan
    (about two seconds, once per process), e.g. from a worker's post-fork hook."""
    scan("Asiakas Matti Virtanen tapasi Oluwaseunin Jyväskylässä.", language="fi")
    scan("Klienten Anna Lindqvist träffade Hedenius i Vasa.", language="sv")


def voikko_status() -> str | None:
    """Why Voikko is unavailable (None when it is in use)."""
    return None if voikko_enabled() else (voikko_error() or "disabled in this context")
