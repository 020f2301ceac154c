"""Writes on proposals for action (DESIGN §4.6). Each step is guarded in this order: permission
(PermissionDenied, 403), status (InvalidTransition, 409), input (ValidationError, 400), personal data in its
texts (PersonalDataFound, 422). A step runs in one transaction on the locked row and writes a ProposalEvent,
an audit entry, a TimelineEvent on every contributing observation and the reporters' e-mail notifications
(sent after the commit)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rake.accounts.models import Role
from rake.core import idempotency
from rake.core import text as text_limits
from rake.core.audit import audit_record
from rake.core.dates import today
from rake.core.errors import InvalidTransition, PermissionDenied, ValidationError
from rake.core.forms import MAX_ID
from rake.observations import guard
from rake.observations.models import Observation
from rake.observations.services import timeline_add
from rake.taxonomy.models import Phenomenon

from . import notifications
from .models import (
    FINISHED_STATUSES,
    AddresseeKind,
    Outcome,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    TransitionKey,
)
from .selectors import USABLE_OBSERVATION_STATUSES, contributing_observations, progress_of
from .steps import EVENT_KINDS
from .reports import reports
from .transitions import PROPOSAL

S = ProposalStatus
ACTIONS = PROPOSAL.actions
EDITABLE_STATUSES = {S.DRAFT, S.SUBMITTED}
LIMITS = {"title": text_limits.NAME, "addressee": text_limits.NAME, "rationale": text_limits.LONG,
          "decision_text": text_limits.LONG, "decision_reference": text_limits.REFERENCE, "note": text_limits.NOTE}
# A part's weight: its share of the parent's progress relative to its siblings'.
MAX_WEIGHT = 1000
# More than a proposal could weigh, and a list of ids the database takes in one statement (ADR 0011).
MAX_OBSERVATIONS = 1000
UPDATABLE_FIELDS = ("title", "rationale", "addressee", "addressee_kind", "observations", "phenomenon",
                    "publication", "parent", "weight", "follow_up_on")


# --- checks --------------------------------------------------------------------------------------------
def _may(user, county, who):
    perms = user.permissions
    return perms.can_manage_proposals(county) if who == "manage" else perms.can_decide_proposals(county)


def _require(user, county, who):
    if not _may(user, county, who):
        raise PermissionDenied()


def may_transition(user, proposal, action):
    """Whether the user's role allows the action on the proposal at all, whatever its status."""
    return action in PROPOSAL.transitions and _may(user, proposal.county_code, PROPOSAL.transitions[action].who)


def _start_refused(proposal):
    return proposal.outcome == Outcome.REJECTED


def available_actions(user, proposal):
    """The actions the user may take on the proposal in its status: the ones proposal_transition accepts
    (given valid input), so that pages offer exactly those."""
    return [action for action in PROPOSAL.available(proposal.status) if may_transition(user, proposal, action)
            and not (action == "start" and _start_refused(proposal))]


def decision_waits_for(user, proposal):
    """For a decision-maker: why the decision cannot be recorded yet, or was postponed ("" when it can be
    recorded, or the user does not record decisions)."""
    if not may_transition(user, proposal, "decide"):
        return ""
    if proposal.status == S.DRAFT:
        return _("The proposal is still being prepared. The decision can be recorded once the coordinator has "
                 "submitted it and taken it under consideration.")
    if proposal.status == S.SUBMITTED and proposal.outcome == Outcome.RETURNED:
        return _("The proposal was returned for preparation. The decision can be recorded again once the "
                 "coordinator brings it back under consideration.")
    if proposal.status == S.SUBMITTED:
        return _("The proposal has been submitted but is not yet under consideration. The coordinator marks it "
                 "as under consideration when the body takes it up; then the decision can be recorded here.")
    if proposal.status == S.UNDER_CONSIDERATION and proposal.outcome == Outcome.TABLED:
        return _("The proposal was tabled. Record the decision when the body decides on it.")
    return ""


def _text(value, field, errors, *, required=False):
    return text_limits.check_text(value, field, errors, limit=LIMITS[field], required=required)


def _date(value, field, errors):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors[field] = [_("Enter a date as YYYY-MM-DD.")]
        return None


def _integer(value, field, errors, *, low, high):
    if isinstance(value, bool):
        value = None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = [_("Enter a whole number.")]
        return None
    if not low <= number <= high:
        errors[field] = [_("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}]
        return None
    return number


def _raise(errors):
    if errors:
        raise ValidationError(errors)


def _scan(texts):
    """A proposal's texts reach the reporters' timelines and e-mail, and the public page once its report is
    published: like a published quote, any possible personal data refuses them (PersonalDataFound lists
    the findings) and there is no confirming a finding as a false alarm."""
    guard.check({field: text for field, text in texts.items() if text}, acknowledged=frozenset(), message=_(
        "The text may contain personal data. Remove it: the proposal's texts are shown to the reporters and may be "
        "published."))


def _actor_role(user, county):
    return Role.COORDINATOR if user.permissions.can_manage_proposals(county) else Role.VIEWER


# --- the fields of a proposal ----------------------------------------------------------------------------
def _resolve_county(user, county, observations, parent):
    """The proposal's county: the one given, else that of its observations or parent, else the one county
    the user coordinates."""
    if county:
        return county
    for observation in observations:
        if isinstance(observation, Observation):
            return observation.county_code
    ids = _observation_ids(observations[:MAX_OBSERVATIONS])  # more: _clean_observations refuses
    if ids:
        first = Observation.objects.filter(pk__in=ids).first()
        if first is not None:
            return first.county_code
    if isinstance(parent, Proposal):
        return parent.county_code
    counties = sorted(user.permissions.proposal_manage_counties())
    return counties[0] if len(counties) == 1 else None


def _observation_ids(values):
    """The ids of `values` (observations, ids or strings of digits), or None when one is none of those or not an
    id the database can hold (up to MAX_ID: SQLite cannot even compare a larger number)."""
    ids = []
    for value in values:
        if isinstance(value, Observation):
            value = value.pk
        elif isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
            return None
        ids.append(value)
    return ids


def _clean_observations(user, county, values, errors):
    values = list(values or ())
    if len(values) > MAX_OBSERVATIONS:
        errors["observations"] = [_("A proposal can be built on at most %(n)s observations.") % {
            "n": MAX_OBSERVATIONS}]
        return []
    ids = _observation_ids(values)
    if ids is None:
        errors["observations"] = [_("Give observations by their ids.")]
        return []
    found = {o.pk: o for o in Observation.objects.filter(pk__in=ids)}
    usable = []
    for pk in dict.fromkeys(ids):
        observation = found.get(pk)
        if observation is None or not user.permissions.can_view_observation(observation):
            errors["observations"] = [_("Observation %(id)s does not exist or you may not read it.") % {"id": pk}]
            return []
        if observation.county_code != county or observation.status not in USABLE_OBSERVATION_STATUSES:
            errors["observations"] = [
                _("Observation %(id)s cannot be used: build proposals from accepted observations of the "
                  "proposal's county.") % {"id": pk}]
            return []
        usable.append(observation)
    return usable


def _clean_publication(county, value, errors):
    """The id of a report of the county (given as an id, or a report with its `pk`), or None."""
    if value in (None, ""):
        return None
    pk = getattr(value, "pk", value)
    if not str(pk).isdigit() or int(pk) > MAX_ID or reports().county_of(int(pk)) != county:
        errors["publication"] = [_("Select a report of the proposal's county.")]
        return None
    return int(pk)


def _clean_parent(county, value, errors, *, proposal=None):
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, Proposal) else value
    parent = Proposal.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if parent is None or parent.county_code != county:
        errors["parent"] = [_("Select a proposal of the same county.")]
        return None
    if parent.status in FINISHED_STATUSES:
        errors["parent"] = [_("The parent proposal is already finished.")]
        return None
    if proposal is not None:
        # A proposal cannot become its own ancestor.
        current, seen = parent, set()
        while current is not None and current.pk not in seen:
            if current.pk == proposal.pk:
                errors["parent"] = [_("A proposal cannot be part of itself.")]
                return None
            seen.add(current.pk)
            current = current.parent
    return parent


def _clean(user, county, values, errors, *, proposal=None):
    """Validated values of the fields present in `values` (creation passes all of them)."""
    cleaned = {}
    for field in ("title", "rationale", "addressee"):
        if field in values:
            cleaned[field] = _text(values[field], field, errors, required=True)
    if "addressee_kind" in values:
        kind = values["addressee_kind"] or AddresseeKind.BOARD
        if kind not in AddresseeKind.values:
            errors["addressee_kind"] = [_("Choose one of the listed kinds of body.")]
        cleaned["addressee_kind"] = kind
    if "phenomenon" in values:
        phenomenon = values["phenomenon"] or ""
        if phenomenon and phenomenon not in Phenomenon.NATIONAL_CODES:
            errors["phenomenon"] = [_("Choose one of the national phenomena.")]
        cleaned["phenomenon"] = phenomenon
    if "weight" in values:
        cleaned["weight"] = _integer(values["weight"], "weight", errors, low=1, high=MAX_WEIGHT)
    if "follow_up_on" in values:
        cleaned["follow_up_on"] = _date(values["follow_up_on"], "follow_up_on", errors)
    if "observations" in values:
        cleaned["observations"] = _clean_observations(user, county, values["observations"], errors)
    if "publication" in values:
        cleaned["publication_id"] = _clean_publication(county, values["publication"], errors)
    if "parent" in values:
        cleaned["parent"] = _clean_parent(county, values["parent"], errors, proposal=proposal)
    return cleaned


# --- writing the record of a step -----------------------------------------------------------------------
def _timeline_data(proposal):
    return {
        "proposal_id": proposal.pk, "title": proposal.title, "status": proposal.status,
        "outcome": proposal.outcome, "decision_text": proposal.decision_text, "progress": progress_of(proposal),
    }


def _record(*, user, proposal, action, note="", data=None, request=None, observations=None, previous_status="",
            notify=True):
    """The ProposalEvent, audit entry, timeline events and (unless `notify` is false) notifications of one
    step."""
    timeline = _timeline_data(proposal)
    if action == "follow_up":
        timeline["follow_up_on"] = proposal.follow_up_on.isoformat() if proposal.follow_up_on else ""
    # The event keeps what the proposal looked like at this step, for its history and the e-mail.
    event = ProposalEvent.objects.create(proposal=proposal, action=action, status=proposal.status, note=note,
                                         data={**timeline, **(data or {})}, actor=user)
    audit_record(action=f"proposal.{action}", user=user, request=request, obj=proposal,
                 detail={"status": proposal.status, "from": previous_status, "event": event.pk})
    if observations is None:
        observations = list(contributing_observations(proposal))
    message = proposal.decision_text if action == "decide" else note
    # A draft may still change or be dropped: only coordinators see that an observation is in one.
    visible = proposal.status != S.DRAFT
    role = _actor_role(user, proposal.county_code)
    for observation in observations:
        timeline_add(observation=observation, kind=EVENT_KINDS[action], actor=user, actor_role=role,
                     message=message, data=timeline, visible_to_reporter=visible)
    if visible and notify:
        notifications.notify(event=event, observations=observations)
    return event


# --- services ---------------------------------------------------------------------------------------------
# The texts of a proposal that its reporters and, once its report is published, anyone read.
PUBLIC_TEXT_FIELDS = ("title", "rationale", "addressee")


def proposal_create(*, user, county=None, title, rationale, addressee, addressee_kind=AddresseeKind.BOARD,
                    observations=(), phenomenon="", publication=None, parent=None, weight=1, follow_up_on=None,
                    request=None):
    """A draft proposal of `county`, built from observations (instances or ids the user may read), a national
    phenomenon, a report or as part of a parent proposal (instances or ids)."""
    if not user.permissions.can_manage_proposals():
        raise PermissionDenied(_("You cannot make proposals for action."))
    county = _resolve_county(user, county, list(observations or ()), parent)
    if not county:
        raise ValidationError({"county": [_("Choose the wellbeing services county.")]})
    _require(user, county, "manage")
    errors = {}
    cleaned = _clean(user, county, {
        "title": title, "rationale": rationale, "addressee": addressee, "addressee_kind": addressee_kind,
        "observations": observations, "phenomenon": phenomenon, "publication": publication, "parent": parent,
        "weight": weight, "follow_up_on": follow_up_on,
    }, errors)
    if not errors and not (cleaned["observations"] or cleaned["phenomenon"] or cleaned["publication_id"]
                           or cleaned["parent"]):
        errors["observations"] = [_("Build the proposal on observations, a phenomenon, a report or a parent "
                                    "proposal.")]
    _raise(errors)
    _scan({field: cleaned[field] for field in PUBLIC_TEXT_FIELDS})
    linked = cleaned.pop("observations")
    with transaction.atomic():
        proposal = Proposal.objects.create(county_code=county, created_by=user, modified_by=user, **cleaned)
        proposal.observations.set(linked)
        _record(user=user, proposal=proposal, action="create", request=request, observations=linked)
    return proposal


@transaction.atomic
def proposal_update(*, user, proposal, request=None, **fields):
    """Edit a draft or submitted proposal. The reporters of observations added to it learn of the proposal
    as the others did (an "observations_added" step)."""
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed.")] for name in sorted(unknown)})
    _require(user, proposal.county_code, "manage")
    proposal = PROPOSAL.lock(proposal)
    PROPOSAL.guard(proposal, "update", EDITABLE_STATUSES)
    errors = {}
    cleaned = _clean(user, proposal.county_code, fields, errors, proposal=proposal)
    _raise(errors)
    _scan({field: cleaned[field] for field in PUBLIC_TEXT_FIELDS if field in cleaned})
    before = set(proposal.observations.values_list("pk", flat=True))
    linked = cleaned.pop("observations", None)
    for name, value in cleaned.items():
        setattr(proposal, name, value)
    proposal.modified_by = user
    proposal.save()
    if linked is not None:
        proposal.observations.set(linked)
    added = [o for o in (linked or ()) if o.pk not in before]
    ProposalEvent.objects.create(proposal=proposal, action="update", status=proposal.status, actor=user,
                                 data={"title": proposal.title, "fields": sorted(fields)})
    audit_record(action="proposal.update", user=user, request=request, obj=proposal,
                 detail={"fields": sorted(fields)})
    if added:
        _record(user=user, proposal=proposal, action="observations_added", request=request, observations=added,
                data={"observations": [o.pk for o in added]}, previous_status=proposal.status)
    return proposal


def _replay(user, key, request_hash):
    previous = idempotency.previous_answer(TransitionKey, user=user, key=key, request_hash=request_hash)
    return Proposal.objects.get(pk=previous.proposal_id) if previous else None


def proposal_transition(*, user, proposal, action, data=None, request=None, notify=True):
    """Move the proposal one step (see transitions.PROPOSAL). `data` holds the step's input: for decide outcome,
    decision_text, decision_reference, decided_on; for progress progress (0–100), note, follow_up_on; for
    close a note; for follow_up follow_up_on and a note. With `notify` false no e-mail is made for the step
    (the reporters' timelines still show it)."""
    with transaction.atomic():
        proposal, _replayed = _transition(user=user, proposal=proposal, action=action, data=data, request=request,
                                          notify=notify)
    return proposal


def proposal_transition_once(*, user, proposal, action, data=None, idempotency_key=None, request=None):
    """proposal_transition with an Idempotency-Key (ADR 0003): returns (proposal, replayed). The same key
    and request again return the proposal without a new step, event or e-mail; the same key with another
    request is a Conflict."""
    if not idempotency_key:
        return proposal_transition(user=user, proposal=proposal, action=action, data=data, request=request), False
    idempotency.check_key(idempotency_key)
    request_hash = idempotency.request_hash({"proposal": proposal.pk, "action": action, "data": data or {}})
    previous = _replay(user, idempotency_key, request_hash)
    if previous is not None:
        return previous, True
    try:
        with transaction.atomic():
            return _transition(user=user, proposal=proposal, action=action, data=data, request=request,
                               key=idempotency_key, request_hash=request_hash)
    except IntegrityError:
        # A concurrent request with the same key won; ours rolled back whole (no event, no e-mail).
        previous = _replay(user, idempotency_key, request_hash)
        if previous is None:
            raise
        return previous, True


def _transition(*, user, proposal, action, data, request, key=None, request_hash=None, notify=True):
    if action not in PROPOSAL.transitions:
        raise ValidationError({"action": [_("Choose one of: %(actions)s.") % {"actions": ", ".join(ACTIONS)}]})
    if not may_transition(user, proposal, action):
        raise PermissionDenied()
    proposal = PROPOSAL.lock(proposal)
    if key:
        # Checked again under the lock: a retry that waited for the first request replays its result.
        previous = _replay(user, key, request_hash)
        if previous is not None:
            return previous, True
    PROPOSAL.guard(proposal, action)
    data = data if isinstance(data, dict) else {}
    previous_status = proposal.status
    step = STEPS[action](proposal, data)
    PROPOSAL.apply(proposal, action)
    proposal.modified_by = user
    proposal.save()
    event = _record(user=user, proposal=proposal, action=action, note=step.get("note", ""),
                    data=step.get("event", {}), request=request, previous_status=previous_status, notify=notify)
    if key:
        TransitionKey.objects.create(user=user, key=key, request_hash=request_hash, proposal=proposal, event=event)
    return proposal, False


# --- the steps: check the input, change the fields; return {"note", "event": data for ProposalEvent} ------
def _note(data, errors):
    return _text(data.get("note"), "note", errors)


def _step_plain(proposal, data):
    errors = {}
    note = _note(data, errors)
    _raise(errors)
    _scan({"note": note})
    return {"note": note}


def _step_decide(proposal, data):
    errors = {}
    outcome = data.get("outcome") or ""
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose accepted, partly accepted, rejected, returned for preparation or "
                               "tabled.")]
    decision_text = _text(data.get("decision_text"), "decision_text", errors, required=True)
    reference = _text(data.get("decision_reference"), "decision_reference", errors)
    decided_on = _date(data.get("decided_on"), "decided_on", errors) or today()
    if decided_on > today():
        errors["decided_on"] = [_("The date of the decision cannot be in the future.")]
    note = _note(data, errors)
    _raise(errors)
    _scan({"decision_text": decision_text, "decision_reference": reference, "note": note})
    proposal.outcome = outcome
    proposal.decision_text = decision_text
    proposal.decision_reference = reference
    proposal.decided_on = decided_on
    return {"note": note, "event": {"outcome": outcome, "decision_reference": reference,
                                    "decided_on": decided_on.isoformat()}}


def _step_start(proposal, data):
    if _start_refused(proposal):
        raise InvalidTransition(_("A rejected proposal cannot be started; close it instead."),
                                extra={"status": proposal.status})
    return _step_plain(proposal, data)


def _step_progress(proposal, data):
    if proposal.children.exists():
        raise ValidationError({"progress": [_("The progress of a proposal with parts comes from its parts.")]})
    errors = {}
    progress = _integer(data.get("progress"), "progress", errors, low=0, high=100)
    note = _note(data, errors)
    follow_up_on = _date(data.get("follow_up_on"), "follow_up_on", errors)
    _raise(errors)
    _scan({"note": note})
    proposal.progress = progress
    event = {"progress": progress}
    if follow_up_on:
        proposal.follow_up_on = follow_up_on
        event["follow_up_on"] = follow_up_on.isoformat()
    return {"note": note, "event": event}


def _step_implement(proposal, data):
    unfinished = proposal.children.exclude(status__in=FINISHED_STATUSES)
    if unfinished.exists():
        raise InvalidTransition(
            _("Implement or close every part of the proposal first (%(count)s still open).")
            % {"count": unfinished.count()}, extra={"status": proposal.status})
    result = _step_plain(proposal, data)
    proposal.progress = 100
    proposal.follow_up_on = None
    result["event"] = {"progress": 100}
    return result


def _step_close(proposal, data):
    result = _step_plain(proposal, data)
    proposal.follow_up_on = None
    return result


def _step_follow_up(proposal, data):
    errors = {}
    follow_up_on = _date(data.get("follow_up_on"), "follow_up_on", errors)
    if follow_up_on is None and "follow_up_on" not in errors:
        errors["follow_up_on"] = [_("Enter the date of the next follow-up.")]
    note = _note(data, errors)
    _raise(errors)
    _scan({"note": note})
    proposal.follow_up_on = follow_up_on
    return {"note": note, "event": {"follow_up_on": follow_up_on.isoformat()}}


STEPS = {
    "submit": _step_plain,
    "consider": _step_plain,
    "decide": _step_decide,
    "start": _step_start,
    "progress": _step_progress,
    "implement": _step_implement,
    "close": _step_close,
    "follow_up": _step_follow_up,
}
