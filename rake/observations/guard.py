"""The privacy guard (DESIGN §4.2): free text is scanned before it is stored.

A finding stops the write (PersonalDataFound) unless the user acknowledged it as a false positive by
naming it exactly — field, start, end and kind — so an acknowledgement stops counting as soon as the
text changes. Services call `check`; the records of acknowledgements are written by the services.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from rake.core.errors import PersonalDataFound, ValidationError
from rake.privacy.scanner import kind_label, reason_text, scan_text

from .models import PrivacyAcknowledgement, TimelineEvent

# The observation's own free text.
GUARDED_FIELDS = ("description", "proposed_action", "proposed_owner")
# The stored field name of a timeline message (an answer, or a coordinator's message to the reporter).
MESSAGE = "message"
# The names findings carry: the observation's fields, and the input names of messages in the API and forms.
FINDING_FIELDS = GUARDED_FIELDS + ("reason", "answer", MESSAGE)
MAX_ACKNOWLEDGEMENTS = 500

FIELD_ERRORS = {
    "description": _("The description may contain personal data."),
    "proposed_action": _("The proposed action may contain personal data."),
    "proposed_owner": _("“Who should act” may contain personal data."),
    "reason": _("The message may contain personal data."),
    "answer": _("Your answer may contain personal data."),
    MESSAGE: _("The message may contain personal data."),
}


@dataclass(frozen=True)
class FieldFinding:
    """A finding in one field. Offsets are in the text as given; `lead` is the whitespace the stored
    (stripped) text lacks at its start, so the stored offset is start - lead."""

    field: str
    start: int
    end: int
    kind: str
    score: float
    reason: str
    acknowledged: bool = False
    lead: int = 0
    event_id: int | None = None

    @property
    def key(self):
        return (self.field, self.start, self.end, self.kind)

    @property
    def stored_start(self):
        return self.start - self.lead

    @property
    def stored_end(self):
        return self.end - self.lead

    @property
    def label(self):
        return kind_label(self.kind)

    @property
    def reason_text(self):
        return reason_text(self.reason)

    def as_dict(self):
        data = {
            "field": self.field, "start": self.start, "end": self.end, "kind": self.kind,
            "score": round(self.score, 2), "reason": self.reason_text, "reason_code": self.reason,
            "label": self.label, "acknowledged": self.acknowledged,
        }
        if self.event_id is not None:
            data["event"] = self.event_id
        return data


def _invalid(message):
    return ValidationError({"acknowledged_findings": [message]})


def _offset(value):
    """A finding's start or end as a client gives it: a whole number in JSON (5 or 5.0) or the form's digits.
    ValueError for anything else: 1.9 is not rounded, "1_0" or "٥" not read as numbers."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    raise ValueError


def parse_acknowledgements(value):
    """The set of (field, start, end, kind) a client acknowledged.

    Takes the API's [{field, start, end, kind}] or the form's ["field:start:end:kind"]; None is none.
    """
    if value in (None, ""):
        return set()
    if not isinstance(value, (list, tuple)):
        raise _invalid(_("Give a list of findings."))
    if len(value) > MAX_ACKNOWLEDGEMENTS:
        raise _invalid(_("Too many findings (at most %(limit)d).") % {"limit": MAX_ACKNOWLEDGEMENTS})
    keys = set()
    for item in value:
        if isinstance(item, str):
            parts = item.split(":")
            if len(parts) != 4:
                raise _invalid(_("Give each finding as field, start, end and kind."))
            item = dict(zip(("field", "start", "end", "kind"), parts, strict=True))
        if not isinstance(item, dict):
            raise _invalid(_("Give each finding as field, start, end and kind."))
        field, kind = item.get("field"), item.get("kind")
        try:
            start, end = _offset(item.get("start")), _offset(item.get("end"))
        except ValueError:
            raise _invalid(_("Give each finding's start and end as whole numbers.")) from None
        if field not in FINDING_FIELDS or not isinstance(kind, str) or not 0 <= start < end:
            raise _invalid(_("Give each finding as field, start, end and kind."))
        keys.add((field, start, end, kind))
    return keys


def scan_field(field, text, *, language=None, acknowledged=frozenset(), event_id=None):
    """Findings in one text as given (leading whitespace counted, since the client's offsets count it)."""
    if not isinstance(text, str):
        return []
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    found = []
    for finding in scan_text(stripped, language=language):
        start, end = finding.start + lead, finding.end + lead
        found.append(FieldFinding(
            field=field, start=start, end=end, kind=finding.kind, score=finding.score, reason=finding.reason,
            acknowledged=(field, start, end, finding.kind) in acknowledged, lead=lead, event_id=event_id,
        ))
    return found


def check(texts, *, acknowledged=frozenset(), language=None):
    """Scan {field: text}. Raise PersonalDataFound listing every finding (each marked acknowledged or
    not) unless all are acknowledged; otherwise return the findings (all acknowledged, or none)."""
    findings = []
    for field, text in texts.items():
        findings.extend(scan_field(field, text, language=language, acknowledged=acknowledged))
    if any(not finding.acknowledged for finding in findings):
        raise PersonalDataFound(findings)
    return findings


def scan_language(language):
    """The detectors' language for an observation's language (English texts: guessed)."""
    return language if language in ("fi", "sv") else None


def current_findings(observation, *, events=None):
    """A fresh scan of what the reporter's side reads: the observation's free text and the messages of its
    timeline visible to the reporter. Each finding is marked acknowledged when a current acknowledgement
    names it exactly."""
    acknowledged = {
        (ack.field, ack.event_id, ack.start, ack.end, ack.kind)
        for ack in PrivacyAcknowledgement.objects.filter(observation=observation, superseded_at__isnull=True)
    }
    language = scan_language(observation.language)
    found = []
    for field in GUARDED_FIELDS:
        for finding in scan_field(field, getattr(observation, field), language=language):
            key = (field, None, finding.stored_start, finding.stored_end, finding.kind)
            found.append(replace(finding, acknowledged=key in acknowledged))
    if events is None:
        events = TimelineEvent.objects.filter(observation=observation, visible_to_reporter=True).exclude(message="")
    for event in events:
        if not event.message or not event.visible_to_reporter:
            continue
        for finding in scan_field(MESSAGE, event.message, language=language, event_id=event.pk):
            key = (MESSAGE, event.pk, finding.stored_start, finding.stored_end, finding.kind)
            found.append(replace(finding, acknowledged=key in acknowledged))
    return found
