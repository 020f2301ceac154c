"""Opt-in e-mail to a reporter when a coordinator writes to them about their observation: a clarification
question, or a message with an acceptance, a rejection, a closing or a use (issue 16). The reporter opts in
on "My observations" (User.email_notifications, off by default: DESIGN §4.6 "if they asked"). The mail goes
through the shared outbox (rake.core.notifications): made in the transition's transaction, sent once after
the commit, sent again by `manage.py send_proposal_notifications` if the mail server failed. It names the
observation and what waits, not the message: the reporter reads it, and answers, in Rake."""

from django.conf import settings
from django.utils.translation import gettext as _

from rake.core import notifications as outbox

from .models import TimelineEvent

KIND = "observation_message"
# The coordinators' steps whose message is addressed to the reporter (a quarantine's reason is not shown).
MESSAGE_KINDS = ("request_clarification", "accept", "reject", "close", "mark_used")


def _language(user, observation):
    languages = {code for code, _label in settings.LANGUAGES}
    for language in (user.preferred_language, observation.language, settings.LANGUAGE_CODE):
        if language in languages:
            return language
    return settings.LANGUAGE_CODE


def notify(event):
    """Queue the mail of a coordinator's message (a TimelineEvent) to the reporter who opted in."""
    if event.kind not in MESSAGE_KINDS or not event.message or not event.visible_to_reporter:
        return []  # before reading the reporter: most steps carry no message
    observation = event.observation
    user = observation.created_by
    if (user is None or event.actor_id == user.pk
            or not (user.email_notifications and user.email and user.is_active)):
        return []
    return outbox.queue(kind=KIND, object_id=event.pk, recipients={user: _language(user, observation)})


def build(event_id):
    """(subject, body) in the active language; None once the event is gone (e.g. the observation was deleted)."""
    event = TimelineEvent.objects.select_related("observation").filter(pk=event_id).first()
    if event is None:
        return None
    values = {"id": event.observation_id}
    if event.kind == "request_clarification":
        subject = _("A question about your observation %(id)s") % values
        what = _("The coordinator asks you to clarify your observation %(id)s. Answer in Rake: the "
                 "observation waits for your answer.") % values
    else:
        subject = _("A message about your observation %(id)s") % values
        what = _("The coordinator wrote to you about your observation %(id)s.") % values
    lines = [
        _("Hello,"), "", what,
        _("Status: %(status)s") % {"status": event.observation.get_status_display()},
        "",
        _("You can read the message in Rake under “My observations”."),
        _("You get this message because you asked for e-mail when a coordinator writes to you. You can turn it "
          "off under “My observations”."),
    ]
    return subject, "\n".join(lines) + "\n"
