"""The detectors as the rest of Rake uses them: warmed up on first use, with findings explained in the
user's language and text split into highlighted segments for pages.

`rake.privacy.detectors` stays free of Django; this module only adds translation.
"""

from __future__ import annotations

import threading

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .detectors import (
    KIND_LABELS,
    REASONS,
    Finding,
    active_detectors,
    find_strong_identifiers,
    scan,
    voikko_available,
    warm_up,
)

MAX_SCAN_LENGTH = 20_000
SCAN_LANGUAGES = ("fi", "sv")

# The visually hidden prefix of a highlighted span ("Possible phone number: 040 …").
POSSIBLE = {
    "personal_id": _("Possible personal identity code"),
    "phone": _("Possible phone number"),
    "email": _("Possible e-mail address"),
    "iban": _("Possible bank account number"),
    "business_id": _("Possible business ID"),
    "address": _("Possible street address"),
    "postal_code": _("Possible postal code and place"),
    "date_of_birth": _("Possible date of birth"),
    "person_name": _("Possible name"),
}

# What a one-click "remove" leaves in the text, in the text's language (DESIGN §4.2): neutral, so that the
# sentence still reads, and the same whatever was removed.
PLACEHOLDERS = {"fi": "[poistettu]", "sv": "[borttaget]", "en": "[removed]"}

# The message of a refusal that names a strong identifier (see `is_strong`): it cannot be acknowledged.
STRONG_MESSAGE = _("The text contains a personal identity code or a bank account number. Remove it: it "
                   "cannot be confirmed as not personal data.")

_warm = False
_warm_lock = threading.Lock()


def ensure_warm() -> None:
    """Load Voikko and the word lists once per process, on the first scan rather than at start-up."""
    global _warm
    if _warm:
        return
    with _warm_lock:
        if not _warm:
            warm_up()
            _warm = True


def scan_text(text: str, *, language: str | None = None) -> list[Finding]:
    """Findings in `text`; `language` other than fi/sv (e.g. "en") lets the detectors guess."""
    if not text:
        return []
    ensure_warm()
    return scan(text, language=language if language in SCAN_LANGUAGES else None)


def kind_label(kind: str) -> str:
    return gettext(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def detector_status() -> list[dict]:
    """The detectors running in this process, in the active language, for the admins' status page:
    [{kind, label, description, degraded, note}]."""
    return [
        {
            "kind": detector.name,
            "label": kind_label(detector.name),
            "description": gettext(detector.description),
            "degraded": detector.degraded,
            "note": gettext(detector.note) if detector.note else "",
        }
        for detector in active_detectors()
    ]


def possible_label(kind: str) -> str:
    return str(POSSIBLE.get(kind) or kind_label(kind))


def reason_text(reason: str) -> str:
    return gettext(REASONS[reason]) if reason in REASONS else ""


def finding_dict(finding: Finding, *, explain: bool = True) -> dict:
    """{start, end, kind, score, strong} (DESIGN §5), with `reason` and `label` in the active language."""
    data = finding.as_dict()
    data["strong"] = finding.strong
    if explain:
        data["reason"] = reason_text(finding.reason)
        data["reason_code"] = finding.reason
        data["label"] = kind_label(finding.kind)
    return data


def placeholder(language: str | None = None) -> str:
    """The placeholder for a removed span in `language` (the text's; else the active language; else Finnish)."""
    for code in (language, (get_language() or "")[:2]):
        if code in PLACEHOLDERS:
            return PLACEHOLDERS[code]
    return PLACEHOLDERS["fi"]


def remove_spans(text: str, spans, *, language: str | None = None) -> str:
    """`text` with each span (objects with start and end, non-overlapping) replaced by the placeholder;
    everything else stays as it was."""
    marker = placeholder(language)
    for span in sorted(spans, key=lambda span: span.start, reverse=True):
        text = text[:span.start] + marker + text[span.end:]
    return text


def mask_strong(text: str) -> str:
    """`text` with every strong identifier replaced by its kind in brackets ("[Personal identity code]"), for
    snippets in lists: they never show one, and say what was there."""
    if not text:
        return text
    for finding in reversed(find_strong_identifiers(text)):
        text = f"{text[:finding.start]}[{kind_label(finding.kind)}]{text[finding.end:]}"
    return text


def degraded_kinds() -> list[str]:
    """Kinds checked less thoroughly in this process (names without Voikko)."""
    return [] if voikko_available() else ["person_name"]


def segments(text: str, spans) -> list[dict]:
    """Split `text` into [{text, span}] where `span` is the item of `spans` (objects with start and end,
    sorted and non-overlapping) covering that piece, or None for plain text."""
    pieces, position = [], 0
    for span in spans:
        start, end = max(span.start, position), min(span.end, len(text))
        if start >= end:
            continue
        if start > position:
            pieces.append({"text": text[position:start], "span": None})
        pieces.append({"text": text[start:end], "span": span})
        position = end
    if position < len(text):
        pieces.append({"text": text[position:], "span": None})
    return pieces
