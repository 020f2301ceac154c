"""The finding type, the kinds, and the rule that makes findings non-overlapping."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Mark a string for translation (makemessages finds it by this name) without needing settings."""
    return message


PERSONAL_ID = "personal_id"
PHONE = "phone"
EMAIL = "email"
IBAN = "iban"
BUSINESS_ID = "business_id"
ADDRESS = "address"
POSTAL_CODE = "postal_code"
DATE_OF_BIRTH = "date_of_birth"
PERSON_NAME = "person_name"

# Earlier wins when two findings overlap: the more specific, better-validated pattern.
KINDS = (EMAIL, IBAN, PERSONAL_ID, BUSINESS_ID, PHONE, DATE_OF_BIRTH, POSTAL_CODE, ADDRESS, PERSON_NAME)
_PRIORITY = {kind: i for i, kind in enumerate(KINDS)}

KIND_LABELS = {
    PERSONAL_ID: gettext_noop("Personal identity code"),
    PHONE: gettext_noop("Phone number"),
    EMAIL: gettext_noop("E-mail address"),
    IBAN: gettext_noop("Bank account number (IBAN)"),
    BUSINESS_ID: gettext_noop("Business ID"),
    ADDRESS: gettext_noop("Street address"),
    POSTAL_CODE: gettext_noop("Postal code and place"),
    DATE_OF_BIRTH: gettext_noop("Date of birth"),
    PERSON_NAME: gettext_noop("Person's name"),
}

# Reason codes say why a span was flagged; the guard translates them for the reporter.
REASONS = {
    "hetu": gettext_noop("Looks like a personal identity code."),
    "hetu_bad_check": gettext_noop("Looks like a personal identity code (check character does not match)."),
    "phone": gettext_noop("Looks like a phone number."),
    "phone_possible": gettext_noop("Could be a phone number."),
    "email": gettext_noop("Looks like an e-mail address."),
    "iban": gettext_noop("Looks like a bank account number."),
    "iban_bad_check": gettext_noop("Looks like a bank account number (check digits do not match)."),
    "business_id": gettext_noop("Looks like a business ID."),
    "business_id_bad_check": gettext_noop("Looks like a business ID (check digit does not match)."),
    "vat_id": gettext_noop("Looks like a VAT number."),
    "street_address": gettext_noop("Looks like a street address."),
    "postal_code_place": gettext_noop("Looks like a postal code and place."),
    "postal_code": gettext_noop("Looks like a postal code."),
    "date_of_birth": gettext_noop("Looks like a date of birth."),
    "year_of_birth": gettext_noop("Looks like a year of birth."),
    "name_dictionary": gettext_noop("A first name or surname in the dictionary."),
    "name_list": gettext_noop("A common first name or surname."),
    "name_context": gettext_noop("A name after a word such as 'client' or 'Mrs'."),
    "name_pair": gettext_noop("Part of a first name and surname pair."),
    "name_capitalised": gettext_noop("A capitalised word that is not a known word or place: possibly a name."),
    "name_lowercase": gettext_noop("A name written in lower case."),
}


# Strong identifiers (DESIGN §4.2): an identity code whose check character is right and an IBAN whose
# checksum is right are personal data beyond doubt, so they can never be acknowledged as false positives.
# The same kinds with a wrong check (reasons "hetu_bad_check", "iban_bad_check") stay acknowledgeable.
STRONG_KINDS = (PERSONAL_ID, IBAN)
STRONG_REASONS = {PERSONAL_ID: "hetu", IBAN: "iban"}


def is_strong(kind: str, reason: str) -> bool:
    """Whether a finding of this kind, flagged for this reason, is a strong identifier: a personal identity
    code with a valid check character or an IBAN with a valid checksum. Such a finding is refused in every
    guarded text and cannot be acknowledged; it can only be removed."""
    return STRONG_REASONS.get(kind) == reason


@dataclass(frozen=True, slots=True)
class Finding:
    start: int
    end: int
    kind: str
    score: float
    reason: str

    @property
    def strong(self) -> bool:
        """A strong identifier (see :func:`is_strong`)."""
        return is_strong(self.kind, self.reason)

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind, "score": round(self.score, 2)}


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep a non-overlapping subset: higher-priority kind first, then higher score, then longer span."""
    ranked = sorted(findings, key=lambda f: (_PRIORITY[f.kind], -f.score, -(f.end - f.start), f.start))
    starts: list[int] = []  # kept spans, sorted by start; they never overlap each other
    kept: list[Finding] = []
    for f in ranked:
        if f.end <= f.start:
            continue
        i = bisect.bisect_left(starts, f.start)
        if i > 0 and kept[i - 1].end > f.start:
            continue
        if i < len(kept) and kept[i].start < f.end:
            continue
        starts.insert(i, f.start)
        kept.insert(i, f)
    return kept
