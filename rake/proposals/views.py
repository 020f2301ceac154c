"""Proposal pages: the list and follow-ups (coordinators, analysts, viewers, national users), a new proposal
(coordinators), a proposal's page with the actions the user may take, and the public page of a proposal
whose report is published. Each view validates input with a form, calls a service or selector and renders."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rake.areas.selectors import county_name
from rake.core import errors
from rake.core.dates import today
from rake.core.forms import initial_from_data
from rake.observations.forms import remove_and_review
from rake.taxonomy.selectors import national_phenomena

from . import selectors, services
from .forms import (
    ACTION_FORMS,
    OBSERVATION_CHOICES_LIMIT,
    ObservationSearchForm,
    ProposalFilterForm,
    ProposalForm,
    observation_summary,
    parse_ids,
)
from .models import AddresseeKind, ProposalStatus
from .reports import reports
from .steps import step_title

PAGE_SIZE = 25


def _require_viewer(request):
    if not request.user.permissions.can_view_proposals():
        raise HttpPermissionDenied


def _get(request, pk):
    try:
        return selectors.proposal_get(user=request.user, pk=pk)
    except errors.NotFound:
        raise Http404 from None
    except errors.PermissionDenied:
        raise HttpPermissionDenied from None


def _rows(proposals):
    """Table rows of the proposals with their progress (computed for all of them at once)."""
    progress = selectors.progresses(proposals)
    return [{"proposal": proposal, "progress": progress[proposal.pk],
             "county_name": county_name(proposal.county_code)} for proposal in proposals]


# --- lists -----------------------------------------------------------------------------------------------

@never_cache
@login_required
def proposal_list(request):
    _require_viewer(request)
    form = ProposalFilterForm(request.GET or None)
    proposals = (selectors.proposal_list(user=request.user, **form.filters())
                 .order_by("addressee_kind", "addressee", "-modified_at", "-id"))
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = {row["proposal"].pk: row for row in _rows(list(page.object_list))}
    kinds = dict(AddresseeKind.choices)
    groups = selectors.proposals_by_addressee(page.object_list)
    for number, group in enumerate(groups, start=1):
        group.update(id=f"group-{number}", kind=capfirst(kinds.get(group["kind"], group["kind"])),
                     rows=[rows[proposal.pk] for proposal in group["proposals"]])
    return render(request, "proposals/list.html", {
        "form": form, "groups": groups, "page": page,
        "can_create": request.user.permissions.can_manage_proposals(),
        "follow_ups_due": selectors.proposals_follow_up_due(user=request.user).count(),
    })


@never_cache
@login_required
def proposal_follow_ups(request):
    _require_viewer(request)
    on = today()
    rows = _rows(list(selectors.proposals_follow_up_due(user=request.user, on=on)))
    for row in rows:
        row["overdue_days"] = selectors.follow_up_overdue_days(row["proposal"], on=on)
    return render(request, "proposals/follow_ups.html", {"rows": rows, "today": on})


# --- a new proposal --------------------------------------------------------------------------------------

@never_cache
@login_required
def proposal_new(request):
    """A new proposal. Its observations are found with the triage queue's filters: the "Search" button sends
    the whole form back (nothing is saved), so what was typed and ticked stays."""
    if not request.user.permissions.can_manage_proposals():
        raise HttpPermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    search = ObservationSearchForm(data if any(key.startswith("find-") for key in data) else None,
                                   user=request.user)
    found = selectors.observation_candidates(user=request.user, filters=search.filters())
    shown = list(found[:OBSERVATION_CHOICES_LIMIT])
    status = 200
    if request.method == "POST" and "find" not in request.POST:
        form = ProposalForm(request.POST, user=request.user, found=shown, observation_ids=parse_ids(
            ",".join(request.POST.getlist("observations"))))
        removing = form.removal_requested()
        if removing:
            remove_and_review(request, form, language=None)
        elif form.is_valid():
            try:
                proposal = services.proposal_create(user=request.user, request=request, **form.service_arguments())
            except errors.PersonalDataFound as exc:
                form.show_personal_data(exc)
            except errors.ValidationError as exc:
                form.add_service_errors(exc)
            except errors.PermissionDenied as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("The proposal was saved as a draft. Submit it when it is ready."))
                return redirect("proposals:detail", pk=proposal.pk)
        status = 200 if removing else 422 if form.personal_data else 400
    else:
        if request.method == "POST":
            # A search round: the form comes back as typed, without errors (nothing was sent to be saved).
            observation_ids = parse_ids(",".join(request.POST.getlist("observations")))
            initial = initial_from_data(ProposalForm.base_fields, request.POST)
        else:
            observation_ids = parse_ids(request.GET.get("observations"))
            initial = {}
        form = ProposalForm(user=request.user, observation_ids=observation_ids, found=shown,
                            initial={**initial, "observations": observation_ids})
    return render(request, "proposals/form.html", {
        "form": form, "search": search, "found_count": found.count(), "shown_count": len(shown),
    }, status=status)


# --- one proposal ----------------------------------------------------------------------------------------

def _history(proposal):
    """The proposal's events, each with its sentence and its next follow-up date (when it set one)."""
    history = []
    for event in proposal.events.select_related("actor"):
        data = event.data or {}
        try:
            follow_up_on = datetime.date.fromisoformat(data.get("follow_up_on") or "")
        except ValueError:
            follow_up_on = None
        history.append({"event": event, "title": step_title(event.action, {"title": proposal.title, **data}),
                        "follow_up_on": follow_up_on})
    return history


def _detail_context(request, proposal, *, bound=None):
    user = request.user
    permissions = user.permissions
    forms = []
    for action in services.available_actions(user, proposal):
        form_class, title, button = ACTION_FORMS[action]
        form = (bound or {}).get(action) or form_class(prefix=action)
        forms.append({"name": action, "form": form, "title": title, "button": button})
    bound_form = next(iter((bound or {}).values()), None)
    observations = []
    for observation in proposal.observations.order_by("id").prefetch_related("phenomenon_links__phenomenon"):
        readable = permissions.can_view_observation(observation)
        observations.append({"observation": observation, "readable": readable,
                             "summary": observation_summary(observation, with_text=readable)})
    children = _rows(list(proposal.children.order_by("id")))
    return {
        "proposal": proposal,
        "progress": selectors.progress_of(proposal),
        "county_name": county_name(proposal.county_code),
        "phenomenon_label": national_phenomena().get(proposal.phenomenon, proposal.phenomenon),
        "history": _history(proposal),
        "observations": observations,
        "children": children,
        "action_forms": forms,
        "decision_note": services.decision_waits_for(user, proposal),
        "bound_form": bound_form if bound_form is not None and bound_form.errors else None,
        "is_public": _is_public(proposal),
        "report": _report(user, proposal),
        "overdue": selectors.follow_up_overdue_days(proposal) is not None,
    }


def _report(user, proposal):
    """The proposal's report as this user may reach it (rake.proposals.reports), or None."""
    return reports().describe(proposal.publication_id, user) if proposal.publication_id else None


def _is_public(proposal):
    try:
        selectors.proposal_public_get(pk=proposal.pk)
    except errors.NotFound:
        return False
    return True


@never_cache
@login_required
def proposal_detail(request, pk):
    proposal = _get(request, pk)
    return render(request, "proposals/detail.html", _detail_context(request, proposal))


ACTION_DONE = {
    "submit": gettext_lazy("The proposal was submitted."),
    "consider": gettext_lazy("The proposal is now under consideration."),
    "decide": gettext_lazy("The decision was recorded. The reporters behind the proposal see it."),
    "start": gettext_lazy("The proposal is now in progress."),
    "progress": gettext_lazy("The progress was saved."),
    "implement": gettext_lazy("The proposal was marked as implemented."),
    "close": gettext_lazy("The proposal was closed."),
    "follow_up": gettext_lazy("The follow-up date was saved."),
}


@never_cache
@login_required
@require_POST
def proposal_action(request, pk, name):
    """One step of the proposal. On error the proposal's page comes back with the input kept."""
    if name not in ACTION_FORMS:
        raise Http404
    proposal = _get(request, pk)
    if not services.may_transition(request.user, proposal, name):
        raise HttpPermissionDenied
    form_class = ACTION_FORMS[name][0]
    form = form_class(request.POST, prefix=name)
    status = 400
    if form.removal_requested():
        remove_and_review(request, form, language=None)
        status = 200
    elif form.is_valid():
        try:
            services.proposal_transition(user=request.user, proposal=proposal, action=name,
                                         data=form.transition_data(), request=request)
        except errors.PersonalDataFound as exc:
            form.show_personal_data(exc)
            status = exc.http_status
        except errors.ValidationError as exc:
            form.add_service_errors(exc)
        except errors.PermissionDenied:
            raise HttpPermissionDenied from None
        except (errors.InvalidTransition, errors.Conflict, errors.NotFound) as exc:
            form.add_error(None, str(exc.message))
            status = exc.http_status
        else:
            messages.success(request, str(ACTION_DONE[name]))
            return redirect("proposals:detail", pk=proposal.pk)
    proposal = _get(request, pk)
    context = _detail_context(request, proposal, bound={name: form})
    if not any(item["name"] == name for item in context["action_forms"]):
        # The action is no longer offered (the status changed meanwhile): show the error above the page, and the
        # form with what was typed so that nothing is lost.
        context["bound_form"] = form
        _form_class, title, button = ACTION_FORMS[name]
        context["action_forms"].append({"name": name, "form": form, "title": title, "button": button})
    return render(request, "proposals/detail.html", context, status=status)


# --- public ----------------------------------------------------------------------------------------------

def proposal_public(request, pk):
    """A proposal of a published report: anyone may read it. No observation texts, no names."""
    try:
        proposal = selectors.proposal_public_get(pk=pk)
    except errors.NotFound:
        raise Http404 from None
    return render(request, "proposals/public.html", {
        "proposal": proposal, "progress": selectors.progress_of(proposal),
        "county_name": county_name(proposal.county_code), "report": _report(None, proposal),
        "children": _rows(list(proposal.children.exclude(status=ProposalStatus.DRAFT).order_by("id"))),
    })

