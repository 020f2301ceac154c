"""How observations read on pages: status labels, ordered phenomena, area names, timeline titles."""

from django import template
from django.utils.translation import gettext_lazy as _

from rake.accounts.models import Role
from rake.areas.selectors import county_name as _county_name
from rake.areas.selectors import municipality_get
from rake.observations.models import Status
from rake.observations.timeline import event_title as _event_title
from rake.privacy.scanner import mask_strong as _mask_strong

register = template.Library()

STATUS_MODIFIERS = {
    Status.SUBMITTED: "info",
    Status.CLARIFICATION_REQUESTED: "alert",
    Status.ACCEPTED: "success",
    Status.USED: "success",
    Status.REJECTED: "error",
    Status.QUARANTINED: "error",
}

STATUS_HELP = {
    Status.DRAFT: _("Not sent yet. Only you can see a draft."),
    Status.SUBMITTED: _("Waiting for the coordinator to read and classify it."),
    Status.CLARIFICATION_REQUESTED: _("The coordinator has asked the reporter a question. The observation waits "
                                      "for the answer."),
    Status.ACCEPTED: _("Accepted: it is counted in the county's analysis and can be used in reports."),
    Status.USED: _("Used in a report or a proposal for action."),
    Status.CLOSED: _("Closed: no further action is planned."),
    Status.REJECTED: _("Rejected. The reason is shown in the timeline."),
    Status.QUARANTINED: _("Hidden from everyone but coordinators until the text has been checked for personal data."),
}

ACTOR_LABELS = {
    Role.COORDINATOR: _("Coordinator"),
    Role.REPORTER: _("Reporter"),
}


@register.filter
def status_modifier(status):
    """The HDS status-label modifier class for a status (WCAG AA colours)."""
    modifier = STATUS_MODIFIERS.get(status)
    return f"hds-status-label--{modifier}" if modifier else ""


@register.filter
def status_help(status):
    return STATUS_HELP.get(status, "")


@register.filter
def ordered_phenomena(observation):
    """The observation's phenomena, primary first (uses the selectors' prefetch)."""
    return [link.phenomenon for link in observation.phenomenon_links.all()]


@register.simple_tag
def county_name(code, year=None):
    return _county_name(code, year) if code else ""


@register.simple_tag
def municipality_name(code, year=None):
    if not code:
        return ""
    municipality = municipality_get(code=code, year=year)
    return municipality.name if municipality else code


@register.filter
def event_title(event):
    return _event_title(event)


@register.filter
def actor_label(event):
    return ACTOR_LABELS.get(event.actor_role, "")


@register.filter
def mask_strong(text):
    """A snippet of an observation's text with every strong identifier (identity code, IBAN) masked."""
    return _mask_strong(text or "")
