"""Writes on observations. Each transition is one function with a guard, recorded in the timeline."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rake.accounts.models import Role
from rake.core.audit import audit_record
from rake.core.dates import today
from rake.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationError

from .models import IdempotencyKey, Observation, ObservationPhenomenon, Status, TimelineEvent
from .validation import CLASSIFICATION_FIELDS, observation_clean

# status → statuses it may move to, per action.
TRANSITIONS = {
    "submit": ({Status.DRAFT}, Status.SUBMITTED),
    "accept": ({Status.SUBMITTED, Status.CLARIFICATION_REQUESTED}, Status.ACCEPTED),
    "reject": ({Status.SUBMITTED, Status.CLARIFICATION_REQUESTED}, Status.REJECTED),
    "request_clarification": ({Status.SUBMITTED, Status.ACCEPTED}, Status.CLARIFICATION_REQUESTED),
    "answer_clarification": ({Status.CLARIFICATION_REQUESTED}, Status.SUBMITTED),
    "close": ({Status.SUBMITTED, Status.CLARIFICATION_REQUESTED, Status.ACCEPTED, Status.USED}, Status.CLOSED),
    "quarantine": ({Status.SUBMITTED, Status.CLARIFICATION_REQUESTED, Status.ACCEPTED, Status.USED,
                    Status.CLOSED, Status.REJECTED}, Status.QUARANTINED),
    "mark_used": ({Status.ACCEPTED, Status.USED}, Status.USED),
}
CLASSIFIABLE = {Status.SUBMITTED, Status.CLARIFICATION_REQUESTED, Status.ACCEPTED, Status.USED}
COORDINATOR_ACTIONS = ("accept", "reject", "request_clarification", "close", "quarantine")
ACTION_LABELS = {
    "submit": gettext_lazy("Submitting"),
    "accept": gettext_lazy("Accepting"),
    "reject": gettext_lazy("Rejecting"),
    "request_clarification": gettext_lazy("Asking for clarification"),
    "answer_clarification": gettext_lazy("Answering the question"),
    "close": gettext_lazy("Closing"),
    "quarantine": gettext_lazy("Hiding for a privacy check"),
    "mark_used": gettext_lazy("Marking as used"),
}


def _guard(observation, action):
    allowed_from, target = TRANSITIONS[action]
    if observation.status not in allowed_from:
        raise InvalidTransition(
            _("%(action)s is not possible while the observation is “%(status)s”.")
            % {"action": ACTION_LABELS.get(action, action), "status": observation.get_status_display()},
            extra={"status": observation.status},
        )
    return target


def _require_triage(user, observation):
    if not user.permissions.can_triage(observation):
        raise PermissionDenied()


def _lock(observation):
    """Re-read the row under a lock so that two coordinators cannot move it at once."""
    return Observation.objects.select_for_update().get(pk=observation.pk)


def timeline_add(*, observation, kind, actor=None, actor_role="", message="", data=None,
                 visible_to_reporter=True):
    return TimelineEvent.objects.create(
        observation=observation, kind=kind, actor=actor, actor_role=actor_role, message=message,
        data=data or {}, visible_to_reporter=visible_to_reporter,
    )


def _set_phenomena(observation, phenomena):
    ObservationPhenomenon.objects.filter(observation=observation).delete()
    ObservationPhenomenon.objects.bulk_create(
        ObservationPhenomenon(observation=observation, phenomenon=p, position=i) for i, p in enumerate(phenomena)
    )


def _apply(observation, cleaned):
    """Write cleaned values onto the observation and its relations; return changed field names."""
    changed = []
    for field, value in cleaned.items():
        if field in ("phenomena", "client_groups", "support_needs"):
            continue
        if getattr(observation, field) != value:
            setattr(observation, field, value)
            changed.append(field)
    observation.save()
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


def _request_hash(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


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


def observation_create(*, user, data, submit=True, idempotency_key=None, request=None):
    """Create an observation (submitted, or a draft). Returns (observation, created).

    With an idempotency key a retried request returns the observation the first request made.
    """
    if not user.permissions.can_submit():
        raise PermissionDenied(_("You cannot report observations."))
    request_hash = _request_hash({"data": data, "submit": submit})
    if idempotency_key:
        if len(idempotency_key) > 200:
            raise ValidationError({"Idempotency-Key": [_("The key is too long (at most 200 characters).")]})
        previous = _idempotent_replay(user, idempotency_key, request_hash)
        if previous is not None:
            return previous, False
    cleaned = observation_clean(data=data, user=user, submit=submit)
    try:
        with transaction.atomic():
            observation = _create(user=user, cleaned=cleaned, submit=submit)
            if idempotency_key:
                IdempotencyKey.objects.create(user=user, key=idempotency_key, request_hash=request_hash,
                                              observation=observation)
    except IntegrityError:
        if not idempotency_key:
            raise
        # Another request with the same key won the race; ours rolled back whole.
        previous = _idempotent_replay(user, idempotency_key, request_hash)
        if previous is None:
            raise
        return previous, False
    audit_record(action="observation.create", user=user, request=request, obj=observation,
                 detail={"status": observation.status})
    return observation, True


def _idempotent_replay(user, key, request_hash):
    previous = IdempotencyKey.objects.filter(user=user, key=key).select_related("observation").first()
    if previous is None:
        return None
    if previous.request_hash != request_hash:
        raise Conflict(_("This Idempotency-Key was already used for a different request."),
                       code="idempotency_key_reused")
    return previous.observation


def _create(*, user, cleaned, submit):
    cleaned.setdefault("observed_on", today())
    observation = Observation(created_by=user, modified_by=user,
                              status=Status.SUBMITTED if submit else Status.DRAFT)
    if submit:
        observation.submitted_at = timezone.now()
    _apply(observation, cleaned)
    timeline_add(observation=observation, kind="submitted" if submit else "draft_saved", actor=user,
                 actor_role=Role.REPORTER)
    _remember_preferences(user, observation)
    return observation


@transaction.atomic
def observation_update_draft(*, user, observation, data, submit=False, request=None):
    """Save changes to the reporter's own draft, and optionally submit it."""
    observation = _lock(observation)
    if not user.permissions.can_edit_draft(observation):
        raise PermissionDenied(_("Only your own drafts can be edited."))
    cleaned = observation_clean(data=data, user=user, submit=submit, existing=observation)
    observation.modified_by = user
    _apply(observation, cleaned)
    if submit:
        _guard(observation, "submit")
        observation.status = Status.SUBMITTED
        observation.submitted_at = timezone.now()
        observation.save(update_fields=["status", "submitted_at", "modified_at"])
        timeline_add(observation=observation, kind="submitted", actor=user, actor_role=Role.REPORTER)
        _remember_preferences(user, observation)
    audit_record(action="observation.submit" if submit else "observation.update", user=user, request=request,
                 obj=observation)
    return observation


@transaction.atomic
def observation_classify(*, user, observation, classification, request=None, record=True):
    """The coordinator sets phenomena, client groups, support needs, type, polarity, service area."""
    observation = _lock(observation)
    _require_triage(user, observation)
    if observation.status not in CLASSIFIABLE:
        raise InvalidTransition(extra={"status": observation.status})
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


def _move(*, user, observation, action, kind=None, message="", request=None, data=None,
          visible_to_reporter=True, actor_role=Role.COORDINATOR):
    target = _guard(observation, action)
    observation.status = target
    observation.modified_by = user
    now = timezone.now()
    update = ["status", "modified_by", "modified_at"]
    if action in ("accept", "reject"):
        observation.decided_at = now
        update.append("decided_at")
    if action == "reject":
        observation.rejection_reason = message
        update.append("rejection_reason")
    observation.save(update_fields=update)
    timeline_add(observation=observation, kind=kind or action, actor=user, actor_role=actor_role, message=message,
                 data=data, visible_to_reporter=visible_to_reporter)
    audit_record(action=f"observation.{action}", user=user, request=request, obj=observation)
    return observation


def _required_text(value, field, message):
    if not isinstance(value, str) or not value.strip():
        raise ValidationError({field: [message]})
    if len(value) > 4000:
        raise ValidationError({field: [_("Ensure this text has at most %(limit)d characters (it has %(length)d).")
                                       % {"limit": 4000, "length": len(value)}]})
    return value.strip()


def _optional_text(value, field):
    if value in (None, ""):
        return ""
    return _required_text(value, field, "")


@transaction.atomic
def observation_accept(*, user, observation, message="", classification=None, request=None):
    observation = _lock(observation)
    _require_triage(user, observation)
    _guard(observation, "accept")
    message = _optional_text(message, "reason")
    if classification:
        observation, _changed = observation_classify(user=user, observation=observation,
                                                     classification=classification, request=request)
    observation_clean(data={}, submit=True, existing=observation)  # an accepted one is fully classified
    return _move(user=user, observation=observation, action="accept", message=message, request=request)


@transaction.atomic
def observation_reject(*, user, observation, reason, request=None):
    observation = _lock(observation)
    _require_triage(user, observation)
    _guard(observation, "reject")
    reason = _required_text(reason, "reason", _("Give a reason; the reporter sees it."))
    return _move(user=user, observation=observation, action="reject", message=reason, request=request)


@transaction.atomic
def observation_request_clarification(*, user, observation, question, request=None):
    observation = _lock(observation)
    _require_triage(user, observation)
    _guard(observation, "request_clarification")
    question = _required_text(question, "reason", _("Write the question to the reporter."))
    return _move(user=user, observation=observation, action="request_clarification", message=question,
                 request=request)


@transaction.atomic
def observation_answer_clarification(*, user, observation, answer, request=None):
    """The reporter answers in the same thread; the observation returns to the triage queue."""
    observation = _lock(observation)
    if not user.permissions.is_own(observation):
        raise PermissionDenied()
    _guard(observation, "answer_clarification")
    answer = _required_text(answer, "answer", _("Write your answer."))
    return _move(user=user, observation=observation, action="answer_clarification", kind="clarification_answered",
                 message=answer, request=request, actor_role=Role.REPORTER)


@transaction.atomic
def observation_close(*, user, observation, message="", request=None):
    observation = _lock(observation)
    _require_triage(user, observation)
    _guard(observation, "close")
    message = _optional_text(message, "reason")
    return _move(user=user, observation=observation, action="close", message=message, request=request)


@transaction.atomic
def observation_mark_used(*, user, observation, message="", request=None):
    """The coordinator records that an accepted observation was used (e.g. in a report)."""
    observation = _lock(observation)
    _require_triage(user, observation)
    _guard(observation, "mark_used")
    message = _optional_text(message, "reason")
    return _move(user=user, observation=observation, action="mark_used", message=message, request=request)


@transaction.atomic
def observation_quarantine(*, user, observation, reason="", request=None):
    observation = _lock(observation)
    _require_triage(user, observation)
    _guard(observation, "quarantine")
    reason = _optional_text(reason, "reason")
    return _move(user=user, observation=observation, action="quarantine", message=reason, request=request,
                 data={"previous_status": observation.status}, visible_to_reporter=False)


@transaction.atomic
def observation_link(*, user, observation, other_id, request=None):
    observation = _lock(observation)
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
    observation = _lock(observation)
    _require_triage(user, observation)
    observation.related.remove(other_id)
    audit_record(action="observation.unlink", user=user, request=request, obj=observation,
                 detail={"related": other_id})
    return observation


def observation_transition(*, user, observation, action, reason=None, classification=None, request=None):
    """Dispatch a coordinator action from the API's `{action, reason?, classification?}`."""
    if action == "classify":
        if not classification:
            raise ValidationError({"classification": [_("This field is required.")]})
        return observation_classify(user=user, observation=observation, classification=classification,
                                    request=request)[0]
    if action not in COORDINATOR_ACTIONS:
        raise ValidationError({"action": [_("“%(value)s” is not a valid choice.") % {"value": action}]})
    if classification and action != "accept":
        raise ValidationError({"classification": [_("A classification can only be given with classify or accept.")]})
    if action == "accept":
        return observation_accept(user=user, observation=observation, message=reason or "",
                                  classification=classification, request=request)
    if action == "reject":
        return observation_reject(user=user, observation=observation, reason=reason, request=request)
    if action == "request_clarification":
        return observation_request_clarification(user=user, observation=observation, question=reason,
                                                 request=request)
    if action == "close":
        return observation_close(user=user, observation=observation, message=reason or "", request=request)
    return observation_quarantine(user=user, observation=observation, reason=reason or "", request=request)


def observation_delete_draft(*, user, observation, request=None):
    if not user.permissions.can_edit_draft(observation):
        raise NotFound()
    observation_id = observation.pk
    observation.delete()
    audit_record(action="observation.delete_draft", user=user, request=request,
                 object_type="observations.observation", object_id=observation_id)
