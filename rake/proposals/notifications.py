"""Opt-in e-mail to reporters about the proposals built on their observations (DESIGN §4.6).

A reporter gets a mail for an event when one of their contributing observations asked for feedback
(`wants_feedback`) and they have an e-mail address. `Notification` is unique per (event, user): rows are
created in the transition's transaction and the mails go out after the commit, each claimed by setting
`sent_at` first, so a retried request or a second delivery run never sends one twice. A mail that fails
is left unsent; `manage.py send_proposal_notifications` (run from cron) sends it again, rebuilt from the
event in the language stored with it.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rake.observations.models import Status as ObservationStatus

from .models import Notification
from .steps import step_title

logger = logging.getLogger(__name__)

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
    """Create the event's notifications and send them once the transaction commits."""
    if event.action not in NOTIFIED_ACTIONS:
        return []
    created = []
    for user, language in recipients(observations).items():
        notification, is_new = Notification.objects.get_or_create(event=event, user=user,
                                                                  defaults={"language": language})
        if is_new:
            created.append(notification.pk)
    if created:
        transaction.on_commit(lambda: deliver(created))
    return created


def deliver(ids):
    """Send the notifications with these ids; one already sent (sent_at set) is skipped. Returns how many
    were sent."""
    sent = 0
    for pk in ids:
        # Claim the row first: of two deliveries only the one whose update matched sends.
        claimed = Notification.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=timezone.now())
        if not claimed:
            continue
        notification = Notification.objects.select_related("event__proposal", "user").get(pk=pk)
        try:
            with translation.override(notification.language or settings.LANGUAGE_CODE):
                subject, body = message(notification.event)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.user.email])
        except Exception:  # noqa: BLE001 - a mail server failure must not break the request that committed
            logger.exception("Sending proposal notification %s failed", pk)
            Notification.objects.filter(pk=pk).update(sent_at=None)
        else:
            sent += 1
    return sent


def deliver_unsent():
    """Send every notification still unsent (its mail failed earlier); returns how many were sent."""
    return deliver(list(Notification.objects.filter(sent_at__isnull=True).order_by("pk")
                        .values_list("pk", flat=True)))


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
