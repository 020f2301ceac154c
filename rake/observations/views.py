"""Observation pages. Each view validates input with a form, calls one service or selector and renders."""

import uuid
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rake.accounts.services import user_update_preferences
from rake.core import errors
from rake.core.forms import initial_from_data
from rake.privacy.scanner import degraded_kinds, mask_strong, possible_label, segments

from . import guard, panels, selectors, services
from .forms import (
    AcceptForm,
    AnswerForm,
    ClarificationForm,
    ClassifyForm,
    CloseForm,
    EditTextForm,
    HardDeleteForm,
    LinkForm,
    NotificationPreferenceForm,
    ObservationForm,
    QuarantineForm,
    QueueFilterForm,
    REMOVE,
    RedactForm,
    RejectForm,
    ReleaseForm,
    UnlinkForm,
    field_labels,
    remove_and_review,
)
from .models import Status

PAGE_SIZE = 25


def _get(request, pk, *, audit=True):
    """The observation (404 unless the user may read it); `audit`: the page shows its raw text."""
    try:
        if audit:
            return services.observation_read(user=request.user, pk=pk, request=request)
        return selectors.observation_get(user=request.user, pk=pk)
    except errors.NotFound:
        raise Http404 from None


# --- reporter --------------------------------------------------------------------------------------

@never_cache
@login_required
def observation_new(request):
    if not request.user.permissions.can_submit():
        raise HttpPermissionDenied
    if request.method == "POST" and request.POST.get("forget"):
        # "Clear": the remembered service area and municipality are forgotten and the form comes back as typed,
        # with those two empty (nothing is sent).
        user_update_preferences(user=request.user, usual_service_area="", usual_municipality="")
        initial = initial_from_data(ObservationForm.base_fields, request.POST)
        form = ObservationForm(user=request.user, initial={**initial, **dict.fromkeys(ObservationForm.REMEMBERED, "")})
        messages.info(request, _("The remembered service area and municipality were cleared."))
    elif request.method == "POST":
        # A removal round checks the text only: the required fields are asked for when the form is sent.
        removing = bool(request.POST.get(REMOVE))
        submit = request.POST.get("action") != "draft" and not removing
        form = ObservationForm(request.POST, user=request.user, submit=submit)
        if removing:
            remove_and_review(request, form, language=request.POST.get("language"))
        elif form.is_valid():
            try:
                observation, _created = services.observation_create(
                    user=request.user, data=form.service_data(), submit=submit,
                    idempotency_key=form.cleaned_data["idempotency_key"] or None,
                    acknowledged_findings=form.acknowledged_findings(), request=request,
                )
            except errors.PersonalDataFound as exc:
                form.show_personal_data(exc)
            except errors.ValidationError as exc:
                form.add_service_errors(exc)
            except errors.Conflict:
                # The same form page was already sent with other content: treat this as a new report.
                form.data = form.data.copy()
                form.data[form.add_prefix("idempotency_key")] = uuid.uuid4().hex
                form.add_error(None, _("This form was already sent once. Check the text and send it again "
                                       "to make a new observation."))
            else:
                messages.success(request, _("Thank you. Your observation was submitted.") if submit
                                 else _("Your draft was saved."))
                return redirect("observations:detail", pk=observation.pk)
        else:
            form.review_personal_data(language=form.cleaned_data.get("language"))
    else:
        form = ObservationForm(user=request.user)
    return render(request, "observations/form.html", {"form": form, "observation": None})


@never_cache
@login_required
def observation_edit(request, pk):
    observation = _get(request, pk, audit=request.method == "GET")
    if not request.user.permissions.can_edit_draft(observation):
        messages.info(request, _("Only your own drafts can be edited."))
        return redirect("observations:detail", pk=observation.pk)
    if request.method == "POST":
        removing = bool(request.POST.get(REMOVE))
        submit = request.POST.get("action") != "draft" and not removing
        form = ObservationForm(request.POST, user=request.user, submit=submit, observation=observation)
        if removing:
            remove_and_review(request, form, language=request.POST.get("language") or observation.language,
                              existing=observation)
        elif form.is_valid():
            try:
                observation = services.observation_update_draft(
                    user=request.user, observation=observation, data=form.service_data(), submit=submit,
                    acknowledged_findings=form.acknowledged_findings(), request=request,
                )
            except errors.PersonalDataFound as exc:
                form.show_personal_data(exc)
            except errors.ValidationError as exc:
                form.add_service_errors(exc)
            except (errors.PermissionDenied, errors.InvalidTransition) as exc:
                messages.error(request, exc.message)
                return redirect("observations:detail", pk=observation.pk)
            else:
                messages.success(request, _("Thank you. Your observation was submitted.") if submit
                                 else _("Your draft was saved."))
                return redirect("observations:detail", pk=observation.pk)
        else:
            form.review_personal_data(existing=observation,
                                      language=form.cleaned_data.get("language") or observation.language)
    else:
        form = ObservationForm(initial=ObservationForm.initial_from(observation), user=request.user,
                               observation=observation)
    return render(request, "observations/form.html", {"form": form, "observation": observation})


@never_cache
@login_required
def observation_delete(request, pk):
    observation = _get(request, pk, audit=False)
    if not request.user.permissions.can_edit_draft(observation):
        messages.info(request, _("Only your own drafts can be deleted."))
        return redirect("observations:detail", pk=observation.pk)
    if request.method == "POST":
        try:
            services.observation_delete_draft(user=request.user, observation=observation, request=request)
        except errors.NotFound:
            raise Http404 from None
        messages.success(request, _("The draft was deleted."))
        return redirect("observations:mine")
    return render(request, "observations/delete.html", {"observation": observation})


@never_cache
@login_required
def observation_hard_delete(request, pk):
    """The coordinator deletes an observation and everything hanging from it for good, after confirming."""
    observation = _get(request, pk, audit=False)
    if not request.user.permissions.can_hard_delete(observation):
        raise HttpPermissionDenied
    form = HardDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.observation_hard_delete(user=request.user, observation=observation,
                                             reason=form.cleaned_data["reason"], request=request)
        except errors.ValidationError as exc:
            form.add_service_errors(exc)
        except (errors.PermissionDenied, errors.NotFound):
            raise Http404 from None
        else:
            messages.success(request, _("Observation %(id)s and everything related to it were deleted.")
                             % {"id": pk})
            return redirect("observations:queue")
    return render(request, "observations/hard_delete.html", {"observation": observation, "form": form},
                  status=400 if form.errors else 200)


@never_cache
@login_required
def observation_mine(request):
    # ?waiting=1: only those waiting for the reporter's answer (the front page's and navigation's count).
    waiting = request.GET.get("waiting") == "1"
    filters = {"mine": True, "sort": "-created"}
    if waiting:
        filters["status"] = Status.CLARIFICATION_REQUESTED
    try:
        observations = selectors.observation_list(user=request.user, filters=filters)
    except errors.PermissionDenied:
        raise HttpPermissionDenied from None
    page = Paginator(observations, PAGE_SIZE).get_page(request.GET.get("page"))
    latest = selectors.observation_latest_messages(user=request.user, observations=page.object_list)
    # Columns other apps add (the proposals built on the observations), filled for the whole page at once.
    columns = panels.mine_columns(request, page.object_list)
    rows = [{"observation": observation, "message": latest.get(observation.pk),
             "extra": [column["cells"].get(observation.pk) for column in columns]} for observation in page]
    return render(request, "observations/mine.html", {
        "page": page, "rows": rows, "columns": columns, "waiting": waiting,
        "preference_form": NotificationPreferenceForm(initial={
            "email_notifications": request.user.email_notifications}),
    })


@never_cache
@login_required
@require_POST
def observation_mine_notifications(request):
    """The reporter turns the e-mail about coordinators' messages on or off."""
    if not request.user.permissions.can_submit():
        raise HttpPermissionDenied
    form = NotificationPreferenceForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    wanted = form.cleaned_data.get("email_notifications", False)
    user_update_preferences(user=request.user, email_notifications=wanted)
    messages.success(request, _("You will get an e-mail when a coordinator writes to you.") if wanted
                     else _("You will not get e-mail when a coordinator writes to you."))
    return redirect("observations:mine")


# --- one observation ---------------------------------------------------------------------------------

def _detail_context(request, observation, *, bound=None):
    user = request.user
    permissions = user.permissions
    actions = selectors.observation_available_actions(user=user, observation=observation)
    forms = {}
    if "classify" in actions:
        forms["classify"] = ClassifyForm(observation=observation)
    events = list(selectors.observation_timeline(user=user, observation=observation))
    privacy_check = _privacy_check(observation, events) if "redact" in actions else None
    for name, form_class in MESSAGE_FORMS.items():
        if name in actions:
            forms[name] = form_class(confirmable=bool(privacy_check and privacy_check["count"])) \
                if form_class is AcceptForm else form_class()
    if "link" in actions:
        candidates = selectors.observation_link_candidates(user=user, observation=observation)
        forms["link"] = LinkForm(candidates=candidates)
    if permissions.can_answer_clarification(observation):
        forms["answer"] = AnswerForm()
    if "edit_text" in actions:
        forms["edit_text"] = EditTextForm(observation=observation)
    if "release" in actions:
        forms["release"] = ReleaseForm()
    if "redact" in actions:
        forms["redact"] = RedactForm(targets=_redact_targets(observation, events))
    bound = bound or {}
    forms.update(bound)
    bound_form = next(iter(bound.values()), None)
    can_triage = permissions.can_triage(observation)
    related = selectors.observation_related(user=user, observation=observation) if can_triage else []
    return {
        "observation": observation,
        "events": events,
        "question": next((e for e in reversed(events) if e.kind == "request_clarification"), None),
        "forms": forms,
        "bound_form": bound_form if bound_form is not None and bound_form.errors else None,
        "can_triage": can_triage,
        "can_edit_draft": permissions.can_edit_draft(observation),
        "is_own": permissions.is_own(observation),
        "related": [{"observation": other, "form": UnlinkForm(initial={"related": other.pk})} for other in related],
        "privacy_check": privacy_check,
        # The texts as stored, for the script that turns a selection on the page into positions.
        "redact_texts": _redact_texts(observation, events) if "redact" in actions else None,
        "can_hard_delete": "delete" in actions,
        # Boxes other apps register (phenomenon suggestions from analysis), for coordinators only.
        "panels": panels.detail_panels(request, observation) if can_triage else [],
    }


def _event_label(event):
    from .timeline import event_title

    return _("Message: %(title)s, %(time)s") % {
        "title": event_title(event), "time": date_format(localtime(event.created_at), "SHORT_DATETIME_FORMAT")}


def _redact_targets(observation, events):
    labels = field_labels()
    targets = [(field, capfirst(labels[field])) for field in guard.GUARDED_FIELDS if getattr(observation, field)]
    targets += [(f"{guard.MESSAGE}:{event.pk}", _event_label(event)) for event in events if event.message]
    return targets


def _redact_texts(observation, events):
    texts = {field: getattr(observation, field) for field in guard.GUARDED_FIELDS if getattr(observation, field)}
    texts.update({f"{guard.MESSAGE}:{event.pk}": event.message for event in events if event.message})
    return texts


def _privacy_check(observation, events):
    """The coordinator's view of what the guard finds in the texts now, each finding with a Redact button."""
    findings = guard.current_findings(observation, events=[e for e in events if e.visible_to_reporter])
    labels = field_labels()
    texts = []
    by_event = {event.pk: event for event in events}
    for key in [(field, None) for field in guard.GUARDED_FIELDS] + [(guard.MESSAGE, e.pk) for e in events]:
        field, event_id = key
        found = [f for f in findings if f.field == field and f.event_id == event_id]
        if not found:
            continue
        text = by_event[event_id].message if event_id else getattr(observation, field)
        items = [SimpleNamespace(
            number=number, start=f.start, end=f.end, kind=f.kind, text=text[f.start:f.end], label=f.label,
            possible=possible_label(f.kind), reason=f.reason_text, acknowledged=f.acknowledged, strong=f.strong,
            acknowledged_by=_acknowledged_by(observation, f.acknowledgement),
            acknowledged_at=f.acknowledgement.created_at if f.acknowledgement else None,
            target=f"{field}:{event_id}" if event_id else field,
        ) for number, f in enumerate(found, start=1)]
        texts.append({
            "id": f"privacy-{field}-{event_id or 0}",
            "label": _event_label(by_event[event_id]) if event_id else capfirst(labels[field]),
            "segments": segments(text, items), "items": items,
        })
    return {"texts": texts, "count": len(findings), "degraded": bool(degraded_kinds()),
            "acknowledged": sum(1 for f in findings if f.acknowledged), "strong": sum(1 for f in findings if f.strong)}


def _acknowledged_by(observation, acknowledgement):
    """Who confirmed a finding as not personal data, as the observation page names people: the reporter, or a
    coordinator by username."""
    if acknowledgement is None:
        return ""
    if acknowledgement.user_id is None:
        return _("a user who has since been removed")
    if acknowledgement.user_id == observation.created_by_id:
        return _("the reporter")
    return _("coordinator %(username)s") % {"username": acknowledgement.user.get_username()}


@never_cache
@login_required
def observation_detail(request, pk):
    observation = _get(request, pk)
    return render(request, "observations/detail.html", _detail_context(request, observation))


MESSAGE_FORMS = {
    "accept": AcceptForm,
    "reject": RejectForm,
    "request_clarification": ClarificationForm,
    "close": CloseForm,
    "quarantine": QuarantineForm,
}


def _classify(request, observation, form):
    _observation, changed = services.observation_classify(
        user=request.user, observation=observation, classification=form.classification(), request=request
    )
    return _("The classification was saved.") if changed else _("The classification was already as given.")


def _accept(request, observation, form):
    services.observation_accept(user=request.user, observation=observation, message=form.cleaned_data["reason"],
                                acknowledged_findings=form.acknowledged_findings(),
                                confirm_acknowledged_findings=form.confirmed(), request=request)
    return _("The observation was accepted.")


def _reject(request, observation, form):
    services.observation_reject(user=request.user, observation=observation, reason=form.cleaned_data["reason"],
                                acknowledged_findings=form.acknowledged_findings(), request=request)
    return _("The observation was rejected. The reporter sees the reason.")


def _request_clarification(request, observation, form):
    services.observation_request_clarification(user=request.user, observation=observation,
                                               question=form.cleaned_data["reason"],
                                               acknowledged_findings=form.acknowledged_findings(), request=request)
    return _("Your question was sent to the reporter.")


def _close(request, observation, form):
    services.observation_close(user=request.user, observation=observation, message=form.cleaned_data["reason"],
                               acknowledged_findings=form.acknowledged_findings(), request=request)
    return _("The observation was closed.")


def _quarantine(request, observation, form):
    services.observation_quarantine(user=request.user, observation=observation,
                                    reason=form.cleaned_data["reason"], request=request)
    return _("The observation was hidden for a privacy check.")


def _link(request, observation, form):
    services.observation_link(user=request.user, observation=observation, other_id=form.other_id(),
                              request=request)
    return _("The observations were linked.")


def _unlink(request, observation, form):
    services.observation_unlink(user=request.user, observation=observation,
                                other_id=form.cleaned_data["related"], request=request)
    return _("The link was removed.")


def _answer(request, observation, form):
    services.observation_answer_clarification(user=request.user, observation=observation,
                                              answer=form.cleaned_data["answer"],
                                              acknowledged_findings=form.acknowledged_findings(), request=request)
    return _("Thank you. Your answer was sent to the coordinator.")


def _edit_text(request, observation, form):
    _observation, changed = services.observation_edit_text(
        user=request.user, observation=observation, acknowledged_findings=form.acknowledged_findings(),
        request=request, **form.texts())
    return _("The text was saved.") if changed else _("The text was already as given.")


def _release(request, observation, form):
    services.observation_release(user=request.user, observation=observation, request=request)
    return _("The observation was returned from the privacy check.")


def _redact(request, observation, form):
    services.observation_redact(user=request.user, observation=observation, request=request, **form.arguments())
    return _("The part was removed from the text.")


ACTIONS = {
    "classify": (ClassifyForm, _classify),
    "accept": (AcceptForm, _accept),
    "reject": (RejectForm, _reject),
    "request_clarification": (ClarificationForm, _request_clarification),
    "close": (CloseForm, _close),
    "quarantine": (QuarantineForm, _quarantine),
    "link": (LinkForm, _link),
    "unlink": (UnlinkForm, _unlink),
    "answer": (AnswerForm, _answer),
    "edit_text": (EditTextForm, _edit_text),
    "release": (ReleaseForm, _release),
    "redact": (RedactForm, _redact),
}


@never_cache
@login_required
@require_POST
def observation_action(request, pk, name):
    """One coordinator action (or the reporter's answer). On error the detail page comes back with
    the typed text kept and the error shown."""
    if name not in ACTIONS:
        raise Http404
    observation = _get(request, pk, audit=False)
    form_class, run = ACTIONS[name]
    if form_class is ClassifyForm:
        form = form_class(request.POST, observation=observation)
    elif form_class is LinkForm:
        form = form_class(request.POST, candidates=selectors.observation_link_candidates(
            user=request.user, observation=observation))
    elif form_class is EditTextForm:
        form = form_class(request.POST, observation=observation)
    elif form_class is RedactForm:
        events = selectors.observation_timeline(user=request.user, observation=observation)
        form = form_class(request.POST, targets=_redact_targets(observation, events))
    elif form_class is AcceptForm:
        form = form_class(request.POST, confirmable=bool(guard.current_findings(observation)))
    else:
        form = form_class(request.POST)
    status = 400
    if hasattr(form, "removal_requested") and form.removal_requested():
        remove_and_review(request, form, language=observation.language,
                          existing=observation if name == "edit_text" else None)
        status = 200
    elif form.is_valid():
        try:
            done = run(request, observation, form)
        except errors.PersonalDataFound as exc:
            if hasattr(form, "show_personal_data"):
                form.show_personal_data(exc)
            else:
                form.add_error(None, str(exc.message))
            status = exc.http_status
        except errors.FindingsNotConfirmed as exc:
            form.add_error("confirm_acknowledged_findings" if "confirm_acknowledged_findings" in form.fields else None,
                           str(exc.message))
            status = exc.http_status
        except errors.ValidationError as exc:
            form.add_service_errors(exc)
        except (errors.InvalidTransition, errors.PermissionDenied, errors.NotFound) as exc:
            messages.error(request, exc.message)
            status = exc.http_status
        else:
            messages.success(request, done)
            return redirect("observations:detail", pk=observation.pk)
    elif hasattr(form, "review_personal_data"):
        form.review_personal_data(existing=observation if name == "edit_text" else None,
                                  language=observation.language)
    observation = _get(request, pk)
    return render(request, "observations/detail.html",
                  _detail_context(request, observation, bound={name: form}), status=status)


# --- coordinator and analyst ----------------------------------------------------------------------------

@never_cache
@login_required
def observation_queue(request):
    if not request.user.permissions.can_view_queue():
        raise HttpPermissionDenied
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    if not filters.get("status"):
        filters["status"] = [status for status in Status.values if status != Status.DRAFT]
    try:
        observations = selectors.observation_list(user=request.user, filters=filters)
    except errors.PermissionDenied:
        raise HttpPermissionDenied from None
    page = Paginator(observations, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.observation_status_counts(user=request.user)
    services.observation_list_read(user=request.user, observations=page.object_list, request=request)
    # Flags for what a coordinator should see before acting; a snippet never shows a strong identifier.
    acknowledged = selectors.observations_with_acknowledged_findings(o.pk for o in page.object_list)
    rows = []
    for observation in page.object_list:
        snippet = mask_strong(observation.description)
        rows.append({"observation": observation, "snippet": snippet, "strong": snippet != observation.description,
                     "acknowledged": observation.pk in acknowledged})
    current = request.GET.get("status", "")
    tabs = [{"status": None, "label": _("All"), "count": sum(n for s, n in counts.items() if s != Status.DRAFT),
             "current": not current}]
    tabs += [
        {"status": value, "label": label, "count": counts.get(value, 0), "current": current == value}
        for value, label in Status.choices if value != Status.DRAFT
    ]
    return render(request, "observations/queue.html", {
        "form": form, "page": page, "rows": rows, "tabs": tabs,
        "can_triage": bool(request.user.permissions.triage_counties()),
    })
