"""How a proposal's steps read to people: one sentence per step, shared by the observation timeline (the
titles registered in apps.py) and the e-mail to reporters. Translated when read, not when stored."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Outcome
from .transitions import OTHER_EVENT_KINDS, PROPOSAL

# action → the kind of the TimelineEvent it writes on each contributing observation.
EVENT_KINDS = {**{action: PROPOSAL.event_kind(action) for action in PROPOSAL.actions}, **OTHER_EVENT_KINDS}
ACTIONS_BY_KIND = {kind: action for action, kind in EVENT_KINDS.items()}


def _outcome_label(value):
    try:
        return str(Outcome(value).label)
    except ValueError:
        return value or ""


def _date_label(value):
    """A stored ISO date as the active language writes it."""
    try:
        return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    except (TypeError, ValueError):
        return value or ""


def step_title(action, data):
    """A sentence such as “Decision on the proposal “…”: accepted”, in the active language."""
    data = data or {}
    values = {"title": data.get("title", ""), "outcome": _outcome_label(data.get("outcome")),
              "progress": data.get("progress", 0), "date": _date_label(data.get("follow_up_on"))}
    sentences = {
        "create": lambda: _("Included in a proposal for action being prepared: “%(title)s”") % values,
        "submit": lambda: _("A proposal for action was made: “%(title)s”") % values,
        "consider": lambda: _("The proposal “%(title)s” is under consideration") % values,
        "decide": lambda: _("Decision on the proposal “%(title)s”: %(outcome)s") % values,
        "start": lambda: _("Work on the proposal “%(title)s” has started") % values,
        "progress": lambda: _("Progress of the proposal “%(title)s”: %(progress)s %%") % values,
        "implement": lambda: _("The proposal “%(title)s” was implemented") % values,
        "close": lambda: _("The proposal “%(title)s” was closed") % values,
        "follow_up": lambda: _("Next follow-up of the proposal “%(title)s”: %(date)s") % values,
        "observations_added": lambda: _("Included in the proposal for action “%(title)s”") % values,
        "update": lambda: _("The proposal “%(title)s” was edited") % values,
    }
    if action == "decide" and data.get("outcome") == Outcome.RETURNED:
        return _("The proposal “%(title)s” was returned for preparation") % values
    if action == "decide" and data.get("outcome") == Outcome.TABLED:
        return _("The proposal “%(title)s” was tabled: the decision comes at a later meeting") % values
    sentence = sentences.get(action)
    return sentence() if sentence else action


def timeline_title(event):
    """The title of a proposal's TimelineEvent (registered with rake.observations.timeline)."""
    return step_title(ACTIONS_BY_KIND.get(event.kind, event.kind), event.data)
