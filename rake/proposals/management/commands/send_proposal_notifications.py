"""manage.py send_proposal_notifications — send again the reporters' proposal e-mails that failed.

A mail goes out right after the step that caused it; if the mail server was down, the notification stays
unsent. Run this from cron (e.g. every 15 minutes): each unsent notification is rebuilt from its event in
the language stored with it and sent once (a notification being sent meanwhile is not sent twice).
"""

from django.core.management.base import BaseCommand

from rake.proposals.models import Notification
from rake.proposals.notifications import deliver_unsent


class Command(BaseCommand):
    help = "Send the proposal notifications whose e-mail has not gone out yet."

    def handle(self, *args, **options):
        sent = deliver_unsent()
        left = Notification.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(f"send_proposal_notifications: {sent} sent, {left} still unsent.")
