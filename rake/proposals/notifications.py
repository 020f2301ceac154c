"""Opt-in e-mail to reporters about the proposals built on their observations (DESIGN §4.6).

A reporter gets a mail for an event when one of their contributing observations asked for feedback
(`wants_feedback`) and they have an e-mail address. The mails go through the outbox (rake.core.notifications):
made in the transition's transaction, one per (event, user), sent after the commit and sent again by
`manage.py send_proposal_notifications` if the mail server failed, rebuilt from the event in the language
stored with it.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from rake.core import notifications as outbox
from rake.observations.models import Status as ObservationStatus

from .models import ProposalEvent
from .steps import step_title

KIND = "proposal_event"

# Steps a reporter hears about by e-mail. A draft being created and a new follow-up date are internal.
NOTIFIED_ACTIONS = ("submit", "consider", "decide", "start", "progress", "implement", "close",
                    "observations_added")


def _language(observation):
    languages = {code for code, _label in settings.LANGUAGES}
    for language in (observation.language, settings.LANGUAGE_CODE):
        if language in languages:
            return language
    return settings.LANGUAGE_CODE


def recipients(observations):
    """{user: language} of the reporters to tell: one entry per user, in the language of their first
    contributing observation."""
    found = {}
    for observation in observations:
        user = observation.created_by
        if (user is None or not observation.wants_feedback or not user.email or not user.is_active
                or observation.status == ObservationStatus.QUARANTINED):
            continue
        found.setdefault(user, _language(observation))
    return found


def notify(*, event, observations):
    """Queue the event's mail to the reporters who asked for feedback (sent once the transaction commits)."""
    if event.action not in NOTIFIED_ACTIONS:
        return []
    return outbox.queue(kind=KIND, object_id=event.pk, recipients=recipients(observations))


def build(event_id):
    """The mail of a proposal event (the outbox's builder of KIND); None once the event is gone."""
    event = ProposalEvent.objects.select_related("proposal").filter(pk=event_id).first()
    return message(event) if event is not None else None


def message(event):
    """(subject, plain-text body) in the active language."""
    proposal = event.proposal
    data = event.data or {}
    summary = step_title(event.action, data)
    subject = _("Proposal for action: %(title)s") % {"title": proposal.title}
    lines = [
        _("Hello,"),
        "",
        _("A proposal for action built on your observation has moved on."),
        "",
        _("Proposal: %(title)s") % {"title": data.get("title", proposal.title)},
        _("What happened: %(summary)s") % {"summary": summary},
        _("Status: %(status)s") % {"status": proposal.get_status_display()},
    ]
    if data.get("outcome"):
        lines.append(_("Decision: %(outcome)s") % {"outcome": proposal.get_outcome_display()})
    if data.get("decision_text"):
        lines.append(_("Decision text: %(text)s") % {"text": data["decision_text"]})
    if data.get("progress") is not None and event.status in ("in_progress", "implemented"):
        lines.append(_("Progress: %(progress)s %%") % {"progress": data["progress"]})
    if event.note:
        lines.append(_("Note: %(note)s") % {"note": event.note})
    lines += [
        "",
        _("You can follow this in Rake under “My observations”."),
        _("You get this message because you asked for feedback on your observation."),
    ]
    return subject, "\n".join(lines) + "\n"
