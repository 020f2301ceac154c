"""Identifiers with a fixed shape: identity codes, business IDs, IBANs, e-mail addresses, phone numbers.

Checksums come from python-stdnum and phone numbering plans from phonenumbers; the regular
expressions only find candidates. A candidate with a wrong check character is still reported (a
mistyped identifier is still personal data), with a lower score.
"""

from __future__ import annotations

import datetime
import re

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.fi import alv as stdnum_alv
from stdnum.fi import hetu as stdnum_hetu
from stdnum.fi import ytunnus as stdnum_ytunnus
from stdnum.iso7064 import mod_97_10

from .base import BUSINESS_ID, EMAIL, IBAN, PERSONAL_ID, PHONE, Finding

# --- Personal identity code (henkilötunnus) ---------------------------------------------------------

_CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
_CENTURY.update(dict.fromkeys("ABCDEF", 2000))

HETU_RE = re.compile(
    r"(?<![\w+\-/.,])(\d{2})(\d{2})(\d{2})([-+YXWVUABCDEFyxwvuabcdef])(\d{3})([0-9A-Za-z])(?![\w\-/])"
)


def find_personal_ids(text: str) -> list[Finding]:
    out = []
    for m in HETU_RE.finditer(text):
        day, month, year, sign = int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4).upper()
        try:
            datetime.date(_CENTURY[sign] + year, month, day)
        except ValueError:
            continue  # not a date: some other number with the same shape
        if stdnum_hetu.is_valid(m.group(0), allow_temporary=True):
            out.append(Finding(m.start(), m.end(), PERSONAL_ID, 0.99, "hetu"))
        else:
            out.append(Finding(m.start(), m.end(), PERSONAL_ID, 0.85, "hetu_bad_check"))
    return out


# --- Business ID (y-tunnus) and the Finnish VAT number -----------------------------------------------

YTUNNUS_RE = re.compile(r"(?<![\w\-/.,])(\d{6,7})-(\d)(?![\w\-/]|[.,]\d)")
FI_VAT_RE = re.compile(r"(?<![\w\-])FI ?(\d{8})(?!\w)")


def find_business_ids(text: str) -> list[Finding]:
    out = []
    for m in YTUNNUS_RE.finditer(text):
        if stdnum_ytunnus.is_valid(m.group(0)):
            out.append(Finding(m.start(), m.end(), BUSINESS_ID, 0.95, "business_id"))
        elif len(m.group(1)) == 7:
            out.append(Finding(m.start(), m.end(), BUSINESS_ID, 0.7, "business_id_bad_check"))
    if "FI" in text:
        for m in FI_VAT_RE.finditer(text):
            if stdnum_alv.is_valid(m.group(0)):
                out.append(Finding(m.start(), m.end(), BUSINESS_ID, 0.9, "vat_id"))
    return out


# --- IBAN ---------------------------------------------------------------------------------------------

IBAN_RE = re.compile(r"(?<![\w\-])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?(?![\w\-])")


def _iban_shape_ok(compact: str) -> bool:
    """Right country structure, whatever the check digits say."""
    try:
        fixed = compact[:2] + stdnum_iban.calc_check_digits(compact) + compact[4:]
    except Exception:
        return False
    return stdnum_iban.is_valid(fixed)


def find_ibans(text: str) -> list[Finding]:
    out = []
    position = 0
    while (m := IBAN_RE.search(text, position)) is not None:
        position = m.start() + 1
        raw = m.group(0)
        groups = raw.split(" ")
        best: Finding | None = None
        # The last groups may belong to the following text ("... 0007 85 2024"): try shorter ones.
        for n in range(len(groups), 0, -1):
            part = " ".join(groups[:n])
            compact = part.replace(" ", "")
            if len(compact) < 12:
                break
            end = m.start() + len(part)
            if mod_97_10.is_valid(compact[4:] + compact[:4]) and stdnum_iban.is_valid(compact):
                best = Finding(m.start(), end, IBAN, 0.99, "iban")
                break
            if best is None and _iban_shape_ok(compact):
                best = Finding(m.start(), end, IBAN, 0.8, "iban_bad_check")
        if best is None and len(raw.replace(" ", "")) >= 15:
            best = Finding(m.start(), m.end(), IBAN, 0.6, "iban_bad_check")
        if best is not None:
            out.append(best)
            # The groups left over may be the next account number ("FI21 1234 5600 0007 85 FI49 …").
            position = best.end
    return out


# --- E-mail -------------------------------------------------------------------------------------------

EMAIL_RE = re.compile(r"(?<![\w.+%\-])[\w.+%\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}(?![\w\-@])", re.UNICODE)


def find_emails(text: str) -> list[Finding]:
    if "@" not in text:
        return []
    out = []
    for m in EMAIL_RE.finditer(text):
        start = m.start()
        # A local part cannot start with a dot; "…soita.matti@" is rare enough to just trim.
        while text[start] == ".":
            start += 1
        out.append(Finding(start, m.end(), EMAIL, 0.99, "email"))
    return out


# --- Phone numbers ------------------------------------------------------------------------------------

# Candidates: international (+358 / 00358 / +46 …) or a Finnish trunk prefix 0, then digit groups
# separated by single spaces or hyphens, optionally an area code in brackets.
PHONE_CANDIDATE_RE = re.compile(
    r"(?<![\w+/\-.,:])"
    r"(?:(?:\+|00)\d{1,3}[ \-]?(?:\(0\)[ ]?)?|\(0\d{1,3}\)[ ]?|0)"
    r"\d{1,4}(?:[ \-/]?\d{1,5}){0,4}"
    r"(?![\w/]|[.,]\d)"
)
_DIGITS = re.compile(r"\d")
_COUNT_AFTER = re.compile(
    r"\s?(?:%|€|e\b|eur|kert|krt|kpl|henk|asiak|laps|päiv|viik|kuuk|vuo|gång|dag|veck|månad|år\b|pers|klient|st\b|"
    r"times|days|weeks)",
    re.IGNORECASE,
)


def _digit_count(s: str) -> int:
    return len(_DIGITS.findall(s))


def _phone_at(text: str, start: int, raw: str) -> Finding | None:
    """Parse a candidate with phonenumbers (region FI), trimming trailing groups that belong to the
    following text ("040 123 4567 2 kertaa"). A valid number scores high; a merely possible one
    (right length, unassigned range: "(09) 012 3456") lower."""
    parts = re.split(r"(?<=\d)([ \-/])(?=\d)", raw)
    if len(parts) > 2 and len(parts[-1]) <= 2 and _COUNT_AFTER.match(text, start + len(raw)):
        parts = parts[:-2]  # "040 123 4567 2 kertaa": the last group counts something
    possible: Finding | None = None
    # parts alternates group, separator, group, ...
    for n in range(len(parts), 0, -2):
        cand = "".join(parts[:n])
        digits = _digit_count(cand)
        if digits < 7 or digits > 15:
            continue
        try:
            num = phonenumbers.parse(cand, "FI")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            return Finding(start, start + len(cand), PHONE, 0.95, "phone")
        if possible is None and phonenumbers.is_possible_number(num):
            possible = Finding(start, start + len(cand), PHONE, 0.65, "phone_possible")
    return possible


def find_phones(text: str) -> list[Finding]:
    """Phone-like digit runs, checked against the numbering plans of phonenumbers.

    Candidates come from a regular expression (international prefix or a Finnish trunk 0, digit
    groups); each is parsed with ``phonenumbers.parse(…, "FI")``. This is the check its
    PhoneNumberMatcher applies, without scanning the whole text with it — the matcher alone costs
    more than every other detector together.
    """
    out: list[Finding] = []
    position = 0
    while (m := PHONE_CANDIDATE_RE.search(text, position)) is not None:
        # A number may also start inside a run ("040 123 4567 050 765 4321", or after the digits of an
        # account number): unless the run began with a valid number, look again from its next group. A run
        # that begins with "+" or a bracketed area code is one number even when only possible: its inner
        # groups ("+46 70 063 62 400", "(06) 040 9193") are not numbers of their own.
        position = m.start() + 1
        if _digit_count(m.group(0)) < 7:
            continue
        f = _phone_at(text, m.start(), m.group(0))
        if f is not None:
            out.append(f)
            if f.reason == "phone" or m.group(0).startswith(("+", "(")):
                position = f.end
    return out
