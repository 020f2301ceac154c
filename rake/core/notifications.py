"""The outbox of e-mails to users (DESIGN §4.6: reporters hear, if they asked, of the proposals built on their
observations and of the coordinators' messages).

An app registers a kind with the function that writes its mail: `register("proposal_event", build)`, where
build(object_id) returns (subject, plain-text body) in the active language, or None when there is nothing to
tell any more (the object is gone). `queue` makes the rows in the caller's transaction — unique per (kind,
object, user), so a retried request never makes a second one — and sends them once the transaction commits.
Each row is claimed by setting `sent_at` first, so two delivery runs never send one twice; a mail that fails
is left unsent, and `manage.py send_proposal_notifications` (run from cron) sends it again in the language
stored with it.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from .models import Notification

logger = logging.getLogger(__name__)

_BUILDERS = {}


def register(kind, build):
    _BUILDERS[kind] = build


def queue(*, kind, object_id, recipients):
    """Notifications of one thing that happened to the users of `recipients` ({user: language}); sent after the
    commit. Returns the ids of the rows made now."""
    created = []
    for user, language in recipients.items():
        notification, is_new = Notification.objects.get_or_create(kind=kind, object_id=object_id, user=user,
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
        notification = Notification.objects.select_related("user").get(pk=pk)
        try:
            with translation.override(notification.language or settings.LANGUAGE_CODE):
                mail = _BUILDERS[notification.kind](notification.object_id)
            if mail is None:
                continue  # nothing to tell any more: the row stays claimed
            subject, body = mail
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.user.email])
        except Exception:  # noqa: BLE001 - a mail server failure must not break the request that committed
            logger.exception("Sending notification %s failed", pk)
            Notification.objects.filter(pk=pk).update(sent_at=None)
        else:
            sent += 1
    return sent


def deliver_unsent():
    """Send every notification still unsent (its mail failed earlier); returns how many were sent."""
    return deliver(list(Notification.objects.filter(sent_at__isnull=True).order_by("pk")
                        .values_list("pk", flat=True)))


def unsent_count():
    return Notification.objects.filter(sent_at__isnull=True).count()
