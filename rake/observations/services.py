"""Writes on observations. Each transition is one function with a guard, recorded in the timeline.

Every service that can change what an observation counts for in statistics (status, classification,
existence) is decorated with `events.tracked`, so that listeners (the analysis rollups) follow it in the
same transaction. A new service of that kind must be decorated too.
"""


from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from rake.accounts.models import Role
from rake.core import idempotency
from rake.core import text as text_limits
from rake.core.audit import audit_record
from rake.core.dates import today
from rake.core.errors import (
    NotFound,
    PermissionDenied,
    PersonalDataFound,
    ValidationError,
)
from rake.privacy.scanner import scan_text

from . import events, guard, notifications, selectors
from .models import (
    IdempotencyKey,
    Observation,
    ObservationPhenomenon,
    PrivacyAcknowledgement,
    Status,
    TimelineEvent,
)
from .transitions import API_ACTIONS, CLASSIFIABLE, EDITABLE_BY_COORDINATOR, OBSERVATION, RELEASABLE
from .validation import CLASSIFICATION_FIELDS, TEXT_LIMITS, observation_clean

# What replaces a redacted span.
REDACTION_MARKER = "[…]"


def _require_triage(user, observation):
    if not user.permissions.can_triage(observation):
        raise PermissionDenied()


def _require_redact(user, observation):
    if not user.permissions.can_redact(observation):
        raise PermissionDenied()


def observation_read(*, user, pk, request=None, with_relations: bool = True) -> Observation:
    """One observation the user may read, its raw text shown to them: the read is audited, and so is a refused
    one (which looks like a missing observation, NotFound). DESIGN §6: the one write a read makes."""
    observation = selectors.observation_find(pk=pk, with_relations=with_relations)
    if observation is None:
        raise NotFound()
    if not user.permissions.can_view_observation(observation):
        audit_record(action="observation.read", user=user, request=request, obj=observation, outcome="denied")
        raise NotFound()
    audit_record(action="observation.read", user=user, request=request, obj=observation)
    return observation


def observation_list_read(*, user, observations, request=None) -> None:
    """Audit that a list showed these observations' texts (the ids, never the texts)."""
    audit_record(action="observation.list", user=user, request=request,
                 detail={"ids": [observation.pk for observation in observations]})


def timeline_add(*, observation, kind, actor=None, actor_role="", message="", data=None,
                 visible_to_reporter=True):
    return TimelineEvent.objects.create(
        observation=observation, kind=kind, actor=actor, actor_role=actor_role, message=message,
        data=data or {}, visible_to_reporter=visible_to_reporter,
    )


def _set_phenomena(observation, phenomena, *, replace=True):
    if replace:
        ObservationPhenomenon.objects.filter(observation=observation).delete()
    if not phenomena:
        return
    ObservationPhenomenon.objects.bulk_create(
        ObservationPhenomenon(observation=observation, phenomenon=p, position=i) for i, p in enumerate(phenomena)
    )


def _add_related(observation, field, objects):
    """Link a new observation to taxonomy terms with one INSERT into the many-to-many table."""
    through = getattr(Observation, field).through
    source, target = f"{Observation._meta.model_name}_id", f"{objects[0]._meta.model_name}_id"
    through.objects.bulk_create(through(**{source: observation.pk, target: obj.pk}) for obj in objects)


def _apply(observation, cleaned):
    """Write cleaned values onto the observation and its relations; return changed field names."""
    changed = []
    new = observation.pk is None
    for field, value in cleaned.items():
        if field in ("phenomena", "client_groups", "support_needs"):
            continue
        if getattr(observation, field) != value:
            setattr(observation, field, value)
            changed.append(field)
    observation.save()
    if new:
        # Nothing to compare with or replace: one INSERT per relation (submissions are the hot path).
        _set_phenomena(observation, cleaned.get("phenomena", []), replace=False)
        for field in ("client_groups", "support_needs"):
            if cleaned.get(field):
                _add_related(observation, field, cleaned[field])
        return changed
    if "phenomena" in cleaned:
        before = list(observation.phenomenon_links.order_by("position").values_list("phenomenon__code", flat=True))
        after = [p.code for p in cleaned["phenomena"]]
        if before != after:
            _set_phenomena(observation, cleaned["phenomena"])
            changed.append("phenomena")
    for field in ("client_groups", "support_needs"):
        if field in cleaned:
            relation = getattr(observation, field)
            before = sorted(str(c) for c in relation.values_list("code", flat=True))
            after = sorted(str(obj.code) for obj in cleaned[field])
            if before != after:
                relation.set(cleaned[field])
                changed.append(field)
    return changed


def _remember_preferences(user, observation):
    fields = []
    service_area = observation.service_area.code if observation.service_area_id else ""
    if service_area and user.usual_service_area != service_area:
        user.usual_service_area = service_area
        fields.append("usual_service_area")
    if observation.municipality_code and user.usual_municipality != observation.municipality_code:
        user.usual_municipality = observation.municipality_code
        fields.append("usual_municipality")
    if fields:
        user.save(update_fields=fields)


# --- the privacy guard (DESIGN §4.2) ---------------------------------------------------------------

def _changed_texts(data, cleaned, existing=None):
    """{field: text as given} of the free-text fields this write sets to a new, non-empty value."""
    texts = {}
    for field in guard.GUARDED_FIELDS:
        if not cleaned.get(field):
            continue
        if existing is not None and getattr(existing, field) == cleaned[field]:
            continue  # unchanged: it was checked when it was stored
        given = data.get(field)
        texts[field] = given if isinstance(given, str) else cleaned[field]
    return texts


def _check_message(text, field, *, observation, acknowledged_findings):
    """Scan a message that the other party will read; returns its (acknowledged) findings."""
    acknowledged = guard.parse_acknowledgements(acknowledged_findings)
    if not text:
        return []
    return guard.check({field: text}, acknowledged=acknowledged, language=guard.scan_language(observation.language))


def _record_acknowledgements(*, observation, user, findings, role, event=None, request=None):
    """Record the findings a user confirmed are not personal data: one row each (no text), an audit
    entry and a timeline event that only coordinators see (counts and kinds only)."""
    acknowledged = [finding for finding in findings if finding.acknowledged]
    if not acknowledged:
        return
    PrivacyAcknowledgement.objects.bulk_create(
        PrivacyAcknowledgement(
            observation=observation, event=event, user=user, field=guard.MESSAGE if event else finding.field,
            start=finding.stored_start, end=finding.stored_end, kind=finding.kind, score=finding.score,
        )
        for finding in acknowledged
    )
    detail = {"count": len(acknowledged), "kinds": sorted({finding.kind for finding in acknowledged})}
    timeline_add(observation=observation, kind="privacy_acknowledged", actor=user, actor_role=role, data=detail,
                 visible_to_reporter=False)
    audit_record(action="privacy.acknowledge", user=user, request=request, obj=observation, detail=detail)


def _supersede_acknowledgements(observation, fields=(), event=None):
    """The texts changed: earlier acknowledgements no longer describe them."""
    current = PrivacyAcknowledgement.objects.filter(observation=observation, superseded_at__isnull=True)
    if event is not None:
        current = current.filter(event=event)
    else:
        current = current.filter(event__isnull=True, field__in=list(fields))
    current.update(superseded_at=timezone.now())


def observation_create(*, user, data, submit=True, idempotency_key=None, acknowledged_findings=None,
                       request=None):
    """Create an observation (submitted, or a draft). Returns (observation, created).

    With an idempotency key a retried request returns the observation the first request made. The free
    text is scanned first: PersonalDataFound unless every finding is in `acknowledged_findings`.

    The key is not looked up first: nearly every request is a first attempt, so the key row is inserted with
    the observation, and a retry finds out from the unique constraint (its transaction rolls back whole)
    or from a refusal, and answers from the stored key (ADR 0003, ADR 0010).
    """
    if not user.permissions.can_submit():
        raise PermissionDenied(_("You cannot report observations."))
    request_hash = idempotency.request_hash({"data": data, "submit": submit})
    if idempotency_key:
        idempotency.check_key(idempotency_key)
    try:
        cleaned = observation_clean(data=data, user=user, submit=submit)
        acknowledged = guard.parse_acknowledgements(acknowledged_findings)
        # A refusal stores nothing, not even the idempotency key: the retry with acknowledgements goes through.
        findings = guard.check(_changed_texts(data, cleaned), acknowledged=acknowledged,
                               language=guard.scan_language(cleaned.get("language")))
    except (ValidationError, PersonalDataFound):
        # A retry of a request that was stored is answered from its key whatever it carries (without the
        # acknowledgements, say); a different request with the key is a Conflict, as before the work.
        previous = _idempotent_replay(user, idempotency_key, request_hash) if idempotency_key else None
        if previous is None:
            raise
        return previous, False
    try:
        with transaction.atomic():
            observation = _create(user=user, cleaned=cleaned, submit=submit)
            _record_acknowledgements(observation=observation, user=user, findings=findings, role=Role.REPORTER,
                                     request=request)
            if idempotency_key:
                IdempotencyKey.objects.create(user=user, key=idempotency_key, request_hash=request_hash,
                                              observation=observation)
            # In the same transaction: the entry exists exactly when the observation does, for one commit.
            audit_record(action="observation.create", user=user, request=request, obj=observation,
                         detail={"status": observation.status})
    except IntegrityError:
        if not idempotency_key:
            raise
        # The key was used before (a retry), or another request with it won the race: ours rolled back whole.
        previous = _idempotent_replay(user, idempotency_key, request_hash)
        if previous is None:
            raise
        return previous, False
    return observation, True


def _idempotent_replay(user, key, request_hash):
    previous = idempotency.previous_answer(IdempotencyKey, user=user, key=key, request_hash=request_hash)
    return previous.observation if previous else None


def _create(*, user, cleaned, submit):
    cleaned.setdefault("observed_on", today())
    observation = Observation(created_by=user, modified_by=user, status=Status.DRAFT)
    if submit:
        OBSERVATION.apply(observation, "submit")
    _apply(observation, cleaned)
    timeline_add(observation=observation, kind="submitted" if submit else "draft_saved", actor=user,
                 actor_role=Role.REPORTER)
    _remember_preferences(user, observation)
    return observation


@transaction.atomic
@events.tracked
def observation_update_draft(*, user, observation, data, submit=False, acknowledged_findings=None, request=None):
    """Save changes to the reporter's own draft, and optionally submit it. Changed free text passes the
    privacy guard as in observation_create."""
    observation = OBSERVATION.lock(observation)
    if not user.permissions.can_edit_draft(observation):
        raise PermissionDenied(_("Only your own drafts can be edited."))
    cleaned = observation_clean(data=data, user=user, submit=submit, existing=observation)
    acknowledged = guard.parse_acknowledgements(acknowledged_findings)
    language = cleaned.get("language") or observation.language
    findings = guard.check(_changed_texts(data, cleaned, existing=observation), acknowledged=acknowledged,
                           language=guard.scan_language(language))
    changed_texts = [field for field in guard.GUARDED_FIELDS
                     if field in cleaned and cleaned[field] != getattr(observation, field)]
    observation.modified_by = user
    _apply(observation, cleaned)
    if changed_texts:
        _supersede_acknowledgements(observation, changed_texts)
    _record_acknowledgements(observation=observation, user=user, findings=findings, role=Role.REPORTER,
                             request=request)
    if submit:
        changed = OBSERVATION.apply(observation, "submit")
        observation.save(update_fields=[*changed, "modified_at"])
        timeline_add(observation=observation, kind=OBSERVATION.event_kind("submit"), actor=user,
                     actor_role=Role.REPORTER)
        _remember_preferences(user, observation)
    audit_record(action="observation.submit" if submit else "observation.update", user=user, request=request,
                 obj=observation)
    return observation


@transaction.atomic
@events.tracked
def observation_classify(*, user, observation, classification, request=None, record=True):
    """The coordinator sets phenomena, client groups, support needs, type, polarity, service area."""
    observation = OBSERVATION.lock(observation)
    _require_triage(user, observation)
    OBSERVATION.guard(observation, "classify", CLASSIFIABLE)
    if not isinstance(classification, dict):
        raise ValidationError({"classification": [_("Give the classification as an object.")]})
    unknown = sorted(set(classification) - set(CLASSIFICATION_FIELDS))
    if unknown:
        raise ValidationError({"classification": [_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)}]})
    cleaned = observation_clean(data=classification, submit=True, existing=observation)
    cleaned.pop("county_code", None)
    observation.modified_by = user
    changed = _apply(observation, cleaned)
    if changed and record:
        timeline_add(observation=observation, kind="classified", actor=user, actor_role=Role.COORDINATOR,
                     data={"fields": changed})
        audit_record(action="observation.classify", user=user, request=request, obj=observation,
                     detail={"fields": changed})
    return observation, changed


def _move(*, user, observation, action, message="", request=None, data=None,
          visible_to_reporter=True, actor_role=Role.COORDINATOR, findings=()):
    update = [*OBSERVATION.apply(observation, action), "modified_by", "modified_at"]
    observation.modified_by = user
    if action == "reject":
        observation.rejection_reason = message
        update.append("rejection_reason")
    observation.save(update_fields=update)
    event = timeline_add(observation=observation, kind=OBSERVATION.event_kind(action), actor=user,
                         actor_role=actor_role, message=message, data=data, visible_to_reporter=visible_to_reporter)
    notifications.notify(event)
    audit_record(action=f"observation.{action}", user=user, request=request, obj=observation,
                 username="" if user else "system")
    _record_acknowledgements(observation=observation, user=user, findings=findings, role=actor_role, event=event,
                             request=request)
    return observation


def _checked_message(value, field, *, observation, acknowledged_findings, required=None):
    """A message the other party reads (a reason, a question, an answer): (its text, stripped, and the privacy
    guard's findings in it, their offsets counted in the text as sent). `required` is what a missing one is
    told; None lets it be empty."""
    message = text_limits.clean_text(value, field, limit=text_limits.MESSAGE, required=required is not None,
                                     message=required)
    findings = _check_message(value if message else "", field, observation=observation,
                              acknowledged_findings=acknowledged_findings)
    return message, findings


# Messages the reporter reads pass the privacy guard: PersonalDataFound (field "reason", or "answer")
# unless every finding is in `acknowledged_findings`.

@transaction.atomic
@events.tracked
def observation_accept(*, user, observation, message="", classification=None, acknowledged_findings=None,
                       confirm_acknowledged_findings=False, request=None):
    """Accept the observation. When its texts still hold findings (confirmed as not personal data by someone,
    or found since), the coordinator confirms with `confirm_acknowledged_findings` (FindingsNotConfirmed
    otherwise; audited); a strong identifier refuses it until removed (guard.require_confirmation)."""
    observation = OBSERVATION.lock(observation)
    _require_triage(user, observation)
    OBSERVATION.guard(observation, "accept")
    message, findings = _checked_message(message, "reason", observation=observation,
                                         acknowledged_findings=acknowledged_findings)
    guard.require_confirmation(observation, confirmed=confirm_acknowledged_findings, action="accept", user=user,
                               request=request)
    if classification:
        observation, _changed = observation_classify(user=user, observation=observation,
                                                     classification=classification, request=request)
    observation_clean(data={}, submit=True, existing=observation)  # an accepted one is fully classified
    return _move(user=user, observation=observation, action="accept", message=message, request=request,
                 findings=findings)


@transaction.atomic
@events.tracked
def observation_reject(*, user, observation, reason, acknowledged_findings=None, request=None):
    observation = OBSERVATION.lock(observation)
    _require_triage(user, observation)
    OBSERVATION.guard(observation, "reject")
    reason, findings = _checked_message(reason, "reason", observation=observation,
                                        acknowledged_findings=acknowledged_findings,
                                        required=_("Give a reason; the reporter sees it."))
    return _move(user=user, observation=observation, action="reject", message=reason, request=request,
                 findings=findings)


@transaction.atomic
@events.tracked
def observation_request_clarification(*, user, observation, question, acknowledged_findings=None, request=None):
    observation = OBSERVATION.lock(observation)
    _require_triage(user, observation)
    OBSERVATION.guard(observation, "request_clarification")
    question, findings = _checked_message(question, "reason", observation=observation,
                                          acknowledged_findings=acknowledged_findings,
                                          required=_("Write the question to the reporter."))
    return _move(user=user, observation=observation, action="request_clarification", message=question,
                 request=request, findings=findings)


@transaction.atomic
@events.tracked
def observation_answer_clarification(*, user, observation, answer, acknowledged_findings=None, request=None):
    """The reporter answers in the same thread; the observation returns to the triage queue."""
    observation = OBSERVATION.lock(observation)
    if not user.permissions.is_own(observation):
        raise PermissionDenied()
    OBSERVATION.guard(observation, "answer_clarification")
    answer, findings = _checked_message(answer, "answer", observation=observation,
                                        acknowledged_findings=acknowledged_findings, required=_("Write your answer."))
    return _move(user=user, observation=observation, action="answer_clarification", message=answer,
                 request=request, actor_role=Role.REPORTER, findings=findings)


@transaction.atomic
@events.tracked
def observation_close(*, user, observation, message="", acknowledged_findings=None, request=None):
    return _move_with_optional_message(user=user, observation=observation, action="close", message=message,
                                       acknowledged_findings=acknowledged_findings, request=request)


@transaction.atomic
@events.tracked
def observation_mark_used(*, user, observation, message="", acknowledged_findings=None,
                          confirm_acknowledged_findings=False, request=None):
    """The coordinator records that an accepted observation was used (e.g. in a report). Findings still in its
    texts need `confirm_acknowledged_findings`, as for accepting."""
    return _move_with_optional_message(user=user, observation=observation, action="mark_used", message=message,
                                       acknowledged_findings=acknowledged_findings, request=request,
                                       confirm=confirm_acknowledged_findings)


def _move_with_optional_message(*, user, observation, action, message, acknowledged_findings, request,
                                confirm=None):
    """A coordinator transition whose message to the reporter is optional but privacy-checked. With `confirm`
    (True or False, not None) the observation's own findings need confirming first (require_confirmation)."""
    observation = OBSERVATION.lock(observation)
    _require_triage(user, observation)
    OBSERVATION.guard(observation, action)
    message, findings = _checked_message(message, "reason", observation=observation,
                                         acknowledged_findings=acknowledged_findings)
    if confirm is not None:
        guard.require_confirmation(observation, confirmed=confirm, action=action, user=user, request=request)
    return _move(user=user, observation=observation, action=action, message=message, request=request,
                 findings=findings)


@transaction.atomic
@events.tracked
def observation_quarantine(*, user, observation, reason="", system=False, request=None):
    """Hide the observation from all but the county's coordinators. `user=None, system=True`: the system
    does it (the privacy rescan), audited as "system"."""
    observation = OBSERVATION.lock(observation)
    if not (system and user is None):
        _require_triage(user, observation)
    OBSERVATION.guard(observation, "quarantine")
    reason = text_limits.clean_text(reason, "reason", limit=text_limits.MESSAGE)
    return _move(user=user, observation=observation, action="quarantine", message=reason, request=request,
                 data={"previous_status": observation.status}, visible_to_reporter=False,
                 actor_role=Role.COORDINATOR if user else "")


@transaction.atomic
def observation_link(*, user, observation, other_id, request=None):
    observation = OBSERVATION.lock(observation)
    _require_triage(user, observation)
    other = Observation.objects.filter(pk=other_id).first()
    if other is None or other.pk == observation.pk or not user.permissions.can_triage(other) \
            or other.status == Status.DRAFT:
        raise ValidationError({"related": [_("Choose another submitted observation from your county.")]})
    if observation.related.filter(pk=other.pk).exists():
        return observation
    observation.related.add(other)
    for one, two in ((observation, other), (other, observation)):
        timeline_add(observation=one, kind="linked", actor=user, actor_role=Role.COORDINATOR,
                     data={"related": two.pk}, visible_to_reporter=False)
    audit_record(action="observation.link", user=user, request=request, obj=observation,
                 detail={"related": other.pk})
    return observation


@transaction.atomic
def observation_unlink(*, user, observation, other_id, request=None):
    observation = OBSERVATION.lock(observation)
    _require_triage(user, observation)
    observation.related.remove(other_id)
    audit_record(action="observation.unlink", user=user, request=request, obj=observation,
                 detail={"related": other_id})
    return observation


def observation_transition(*, user, observation, action, reason=None, classification=None,
                           acknowledged_findings=None, confirm_acknowledged_findings=False, request=None):
    """Dispatch a coordinator action from the API's `{action, reason?, classification?, acknowledged_findings?,
    confirm_acknowledged_findings?}` (the confirmation counts for accept only)."""
    if action == "classify":
        if not classification:
            raise ValidationError({"classification": [_("This field is required.")]})
        return observation_classify(user=user, observation=observation, classification=classification,
                                    request=request)[0]
    if action not in API_ACTIONS:
        raise ValidationError({"action": [_("“%(value)s” is not a valid choice.") % {"value": action}]})
    if classification and action != "accept":
        raise ValidationError({"classification": [_("A classification can only be given with classify or accept.")]})
    acknowledged = {"acknowledged_findings": acknowledged_findings}
    if action == "accept":
        return observation_accept(user=user, observation=observation, message=reason or "",
                                  classification=classification, request=request,
                                  confirm_acknowledged_findings=confirm_acknowledged_findings, **acknowledged)
    if action == "reject":
        return observation_reject(user=user, observation=observation, reason=reason, request=request, **acknowledged)
    if action == "request_clarification":
        return observation_request_clarification(user=user, observation=observation, question=reason,
                                                 request=request, **acknowledged)
    if action == "close":
        return observation_close(user=user, observation=observation, message=reason or "", request=request,
                                 **acknowledged)
    if action == "release":
        return observation_release(user=user, observation=observation, request=request)
    return observation_quarantine(user=user, observation=observation, reason=reason or "", request=request)


@events.tracked
def observation_delete_draft(*, user, observation, request=None):
    if not user.permissions.can_edit_draft(observation):
        raise NotFound()
    observation_id = observation.pk
    observation.delete()
    audit_record(action="observation.delete_draft", user=user, request=request,
                 object_type="observations.observation", object_id=observation_id)


# --- coordinator tools for personal data (DESIGN §4.1, §4.2) -----------------------------------------

@transaction.atomic
@events.tracked
def observation_edit_text(*, user, observation, description=None, proposed_action=None, proposed_owner=None,
                          acknowledged_findings=None, request=None):
    """The coordinator corrects the free text (None leaves a field as it is). The new text passes the
    privacy guard. Returns (observation, changed field names)."""
    observation = OBSERVATION.lock(observation)
    _require_redact(user, observation)
    OBSERVATION.guard(observation, "edit_text", EDITABLE_BY_COORDINATOR)
    data = {field: value for field, value in (("description", description), ("proposed_action", proposed_action),
                                              ("proposed_owner", proposed_owner)) if value is not None}
    cleaned = observation_clean(data=data, submit=False, existing=observation)
    cleaned = {field: value for field, value in cleaned.items() if field in guard.GUARDED_FIELDS}
    if "description" in cleaned and not cleaned["description"]:
        raise ValidationError({"description": [_("This field is required.")]})
    acknowledged = guard.parse_acknowledgements(acknowledged_findings)
    findings = guard.check(_changed_texts(data, cleaned, existing=observation), acknowledged=acknowledged,
                           language=guard.scan_language(observation.language))
    changed = [field for field in guard.GUARDED_FIELDS
               if field in cleaned and cleaned[field] != getattr(observation, field)]
    if not changed:
        return observation, []
    for field in changed:
        setattr(observation, field, cleaned[field])
    observation.modified_by = user
    observation.save(update_fields=changed + ["modified_by", "modified_at"])
    _supersede_acknowledgements(observation, changed)
    timeline_add(observation=observation, kind="edited", actor=user, actor_role=Role.COORDINATOR,
                 data={"fields": changed})
    _record_acknowledgements(observation=observation, user=user, findings=findings, role=Role.COORDINATOR,
                             request=request)
    audit_record(action="observation.edit_text", user=user, request=request, obj=observation,
                 detail={"fields": changed})
    return observation, changed


def _whole_number(value, field):
    if isinstance(value, bool):
        value = None
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError({field: [_("Enter a whole number.")]}) from None


@transaction.atomic
@events.tracked
def observation_redact(*, user, observation, field, start, end, event_id=None, request=None):
    """Replace text[start:end] of a free-text field (or, with `event_id` and field "message", of a timeline
    message) with a marker. The original is overwritten in the row; the timeline and the audit log record
    only the field, the kind of finding and the length."""
    observation = OBSERVATION.lock(observation)
    _require_redact(user, observation)
    OBSERVATION.guard(observation, "redact", EDITABLE_BY_COORDINATOR)
    event = None
    if event_id not in (None, ""):
        if field not in (guard.MESSAGE, None, ""):
            raise ValidationError({"field": [_("Choose a text.")]})
        field = guard.MESSAGE
        event = TimelineEvent.objects.filter(observation=observation, pk=_whole_number(event_id, "event")) \
            .exclude(message="").first()
        if event is None:
            raise ValidationError({"event": [_("Choose a message of this observation.")]})
        text = event.message
    elif field in guard.GUARDED_FIELDS:
        text = getattr(observation, field)
    else:
        raise ValidationError({"field": [_("Choose a text.")]})
    start, end = _whole_number(start, "start"), _whole_number(end, "end")
    if not 0 <= start < len(text):
        raise ValidationError({"start": [_("Give a position between 0 and %(last)d.")
                                         % {"last": max(len(text) - 1, 0)}]})
    if not start < end <= len(text):
        raise ValidationError({"end": [_("Give a position after the start and at most %(length)d.")
                                       % {"length": len(text)}]})
    found = next((f for f in scan_text(text, language=guard.scan_language(observation.language))
                  if f.start == start and f.end == end), None)
    kind = found.kind if found else ""
    redacted = text[:start] + REDACTION_MARKER + text[end:]
    if field in TEXT_LIMITS and len(redacted) > TEXT_LIMITS[field]:
        redacted = redacted[:TEXT_LIMITS[field]]
    if event is not None:
        event.message = redacted
        event.save(update_fields=["message"])
        if event.kind == "reject" and observation.rejection_reason == text:
            observation.rejection_reason = redacted
            observation.modified_by = user
            observation.save(update_fields=["rejection_reason", "modified_by", "modified_at"])
    else:
        setattr(observation, field, redacted)
        observation.modified_by = user
        observation.save(update_fields=[field, "modified_by", "modified_at"])
    # Acknowledgements of this text: those of the removed span go, those after it move with the text.
    acknowledgements = PrivacyAcknowledgement.objects.filter(observation=observation, superseded_at__isnull=True)
    acknowledgements = acknowledgements.filter(event=event) if event else acknowledgements.filter(
        event__isnull=True, field=field)
    acknowledgements.filter(start__lt=end, end__gt=start).update(superseded_at=timezone.now())
    shift = len(REDACTION_MARKER) - (end - start)
    acknowledgements.filter(start__gte=end).update(start=F("start") + shift, end=F("end") + shift)
    detail = {"field": field, "kind": kind, "length": end - start}
    if event is not None:
        detail["event"] = event.pk
    timeline_add(observation=observation, kind="redacted", actor=user, actor_role=Role.COORDINATOR, data=detail)
    audit_record(action="observation.redact", user=user, request=request, obj=observation, detail=detail)
    return observation


@transaction.atomic
@events.tracked
def observation_release(*, user, observation, request=None):
    """Return a quarantined observation to the status it had before, once a fresh scan of its texts
    finds nothing that has not been acknowledged (PersonalDataFound otherwise)."""
    observation = OBSERVATION.lock(observation)
    _require_redact(user, observation)
    OBSERVATION.guard(observation, "release", RELEASABLE)
    remaining = [finding for finding in guard.current_findings(observation) if not finding.acknowledged]
    if remaining:
        raise PersonalDataFound(remaining, _("The texts may still contain personal data. Remove it (or edit the "
                                             "text) before returning the observation."))
    quarantined = TimelineEvent.objects.filter(observation=observation, kind="quarantine") \
        .order_by("-created_at", "-id").first()
    previous = (quarantined.data or {}).get("previous_status") if quarantined else None
    if previous not in Status.values or previous in (Status.QUARANTINED, Status.DRAFT):
        previous = Status.SUBMITTED
    observation.status = previous
    observation.modified_by = user
    observation.save(update_fields=["status", "modified_by", "modified_at"])
    timeline_add(observation=observation, kind="release", actor=user, actor_role=Role.COORDINATOR,
                 data={"status": previous}, visible_to_reporter=False)
    audit_record(action="observation.release", user=user, request=request, obj=observation,
                 detail={"status": previous})
    return observation


def _masked(text):
    """`text` with anything that looks like personal data replaced by the marker."""
    for finding in reversed(scan_text(text)):
        text = text[:finding.start] + REDACTION_MARKER + text[finding.end:]
    return text


@transaction.atomic
@events.tracked
def observation_hard_delete(*, user, observation, reason, request=None):
    """Delete the observation and everything hanging from it for good. The audit log keeps its id, status
    and the reason (with anything that looks like personal data masked), never its content."""
    observation = OBSERVATION.lock(observation)
    if not user.permissions.can_hard_delete(observation):
        raise PermissionDenied()
    reason = text_limits.clean_text(reason, "reason", limit=text_limits.MESSAGE, required=True,
                        message=_("Give a reason for deleting the observation."))
    observation_id, status = observation.pk, observation.status
    IdempotencyKey.objects.filter(observation=observation).delete()
    PrivacyAcknowledgement.objects.filter(observation=observation).delete()
    TimelineEvent.objects.filter(observation=observation).delete()
    # Other observations' "linked to" events would point at nothing.
    TimelineEvent.objects.filter(kind="linked", data__related=observation_id).delete()
    observation.related.clear()
    observation.delete()
    audit_record(action="observation.hard_delete", user=user, request=request,
                 object_type="observations.observation", object_id=observation_id,
                 detail={"status": status, "reason": _masked(reason)[:500]})
