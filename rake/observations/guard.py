"""The privacy guard (DESIGN §4.2): free text is scanned before it is stored.

A finding stops the write (PersonalDataFound) unless the user acknowledged it as a false positive by
naming it exactly — field, start, end and kind — so an acknowledgement stops counting as soon as the
text changes. A strong identifier (an identity code or IBAN whose check is right, `is_strong`) is never
acknowledged, whoever names it: `FieldFinding` itself refuses, so every caller of `check` and
`current_findings` gets the rule. Services call `check`; the records of acknowledgements are written by
the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field, replace

from django.utils.translation import gettext_lazy as _

from rake.core.audit import audit_record
from rake.core.errors import FindingsNotConfirmed, PersonalDataFound, ValidationError
from rake.privacy.detectors import is_strong
from rake.privacy.scanner import STRONG_MESSAGE, kind_label, placeholder, reason_text, remove_spans, scan_text

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
    (stripped) text lacks at its start, so the stored offset is start - lead. A strong identifier is never
    `acknowledged`. `acknowledgement` is the PrivacyAcknowledgement that confirmed a stored text's finding
    (who and when), where `current_findings` found one."""

    field: str
    start: int
    end: int
    kind: str
    score: float
    reason: str
    acknowledged: bool = False
    lead: int = 0
    event_id: int | None = None
    acknowledgement: object = dataclass_field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if self.acknowledged and self.strong:
            object.__setattr__(self, "acknowledged", False)
            object.__setattr__(self, "acknowledgement", None)

    @property
    def strong(self):
        return is_strong(self.kind, self.reason)

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
            "label": self.label, "acknowledged": self.acknowledged, "strong": self.strong,
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


def parse_acknowledgements(value, *, fields=FINDING_FIELDS):
    """The set of (field, start, end, kind) a client acknowledged.

    Takes the API's [{field, start, end, kind}] or the form's ["field:start:end:kind"]; None is none.
    `fields`: the names a finding may carry here (a form's own guarded fields).
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
        if field not in fields or not isinstance(kind, str) or not 0 <= start < end:
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


def refusal_message(findings, message=None):
    """What a refusal says: that a strong identifier must be removed, when there is one; else `message`
    (None: PersonalDataFound's own)."""
    return STRONG_MESSAGE if any(finding.strong for finding in findings) else message


def check(texts, *, acknowledged=frozenset(), language=None, message=None, only_strong=False):
    """Scan {field: text}. Raise PersonalDataFound listing every finding (each marked acknowledged or
    not) unless all are acknowledged; otherwise return the findings (all acknowledged, or none).
    Texts nobody may acknowledge anything in (published ones) pass no `acknowledged` and their own
    `message`; a strong identifier makes the message say that it must be removed. `only_strong`: only
    strong identifiers count (texts about figures, where a year after a word reads as an address)."""
    findings = []
    for field, text in texts.items():
        findings.extend(scan_field(field, text, language=language, acknowledged=acknowledged))
    if only_strong:
        findings = [finding for finding in findings if finding.strong]
    if any(not finding.acknowledged for finding in findings):
        raise PersonalDataFound(findings, refusal_message(findings, message))
    return findings


def remove_findings(field, text, keys, *, language=None, placeholder_language=None):
    """The one-click "remove": `text` with each of its current findings named in `keys` ((field, start, end,
    kind), as for acknowledgements) replaced by the placeholder, everything else as it was. Returns
    (new text, the removed findings); a key that names no current finding removes nothing (the text
    changed since it was shown)."""
    removed = [finding for finding in scan_field(field, text, language=language) if finding.key in keys]
    if not removed:
        return text, []
    return remove_spans(text, removed, language=placeholder_language or language), removed


def shift_acknowledgements(keys, field, removed, *, language=None):
    """Acknowledgement keys of the text after `remove_findings`: those of `field` after a removed span move
    with the text, those inside one go."""
    marker = len(placeholder(language))
    shifted = set()
    for key in keys:
        name, start, end, kind = key
        if name != field:
            shifted.add(key)
            continue
        if any(start < finding.end and end > finding.start for finding in removed):
            continue
        shift = sum(marker - (finding.end - finding.start) for finding in removed if finding.end <= start)
        shifted.add((name, start + shift, end + shift, kind))
    return shifted


def scan_language(language):
    """The detectors' language for an observation's language (English texts: guessed)."""
    return language if language in ("fi", "sv") else None


def current_findings(observation, *, events=None):
    """A fresh scan of what the reporter's side reads: the observation's free text and the messages of its
    timeline visible to the reporter. Each finding is marked acknowledged (with its `acknowledgement`)
    when a current acknowledgement names it exactly — never a strong identifier, even one acknowledged
    before strong identifiers were refused."""
    acknowledgements = {
        (ack.field, ack.event_id, ack.start, ack.end, ack.kind): ack
        for ack in PrivacyAcknowledgement.objects.filter(observation=observation, superseded_at__isnull=True)
        .select_related("user")
    }
    language = scan_language(observation.language)
    found = []

    def mark(finding, event_id):
        ack = acknowledgements.get((finding.field, event_id, finding.stored_start, finding.stored_end,
                                    finding.kind))
        return replace(finding, acknowledged=ack is not None, acknowledgement=ack)

    for field in GUARDED_FIELDS:
        for finding in scan_field(field, getattr(observation, field), language=language):
            found.append(mark(finding, None))
    if events is None:
        events = TimelineEvent.objects.filter(observation=observation, visible_to_reporter=True).exclude(message="")
    for event in events:
        if not event.message or not event.visible_to_reporter:
            continue
        for finding in scan_field(MESSAGE, event.message, language=language, event_id=event.pk):
            found.append(mark(finding, event.pk))
    return found


# Actions that take an observation's text further (counted and shown, quoted in a report, used).
CONFIRM_ACTIONS = ("accept", "quote", "mark_used")


def require_confirmation(observation, *, confirmed, action, user=None, request=None):
    """Before an observation is accepted, quoted or used: a strong identifier in its texts refuses the action
    (PersonalDataFound: remove it first); any other finding — one confirmed as not personal data, or one the
    detectors find now — needs `confirmed` (FindingsNotConfirmed otherwise), and the confirmation is
    audited (`privacy.confirm_findings`, with the action, count and kinds only). Returns the findings."""
    findings = current_findings(observation)
    strong = [finding for finding in findings if finding.strong]
    if strong:
        raise PersonalDataFound(strong, STRONG_MESSAGE)
    if not findings:
        return []
    if not confirmed:
        raise FindingsNotConfirmed(findings)
    audit_record(action="privacy.confirm_findings", user=user, request=request, obj=observation,
                 detail={"action": action, "count": len(findings),
                         "acknowledged": sum(1 for finding in findings if finding.acknowledged),
                         "kinds": sorted({finding.kind for finding in findings})})
    return findings
