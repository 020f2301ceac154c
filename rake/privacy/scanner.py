"""The detectors as the rest of Rake uses them: warmed up on first use, with findings explained in the
user's language and text split into highlighted segments for pages.

`rake.privacy.detectors` stays free of Django; this module only adds translation.
"""

from __future__ import annotations

import threading

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .detectors import KIND_LABELS, REASONS, Finding, active_detectors, scan, voikko_available, warm_up

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
    """{start, end, kind, score} (DESIGN §5), with `reason` and `label` in the active language."""
    data = finding.as_dict()
    if explain:
        data["reason"] = reason_text(finding.reason)
        data["reason_code"] = finding.reason
        data["label"] = kind_label(finding.kind)
    return data


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
