"""manage.py send_proposal_notifications — send again the e-mails to users that failed.

The outbox (rake.core.notifications) holds every kind of mail: the reporters' mail about the proposals built on
their observations and about the coordinators' questions and answers. A mail goes out right after what caused
it; if the mail server was down, the notification stays unsent. Run this from cron (e.g. every 15 minutes):
each unsent notification is rebuilt in the language stored with it and sent once (a notification being sent
meanwhile is not sent twice). The name stays for the crontabs that run it.
"""

from django.core.management.base import BaseCommand

from rake.core.notifications import deliver_unsent, unsent_count


class Command(BaseCommand):
    help = "Send the notifications (proposal steps, coordinators' messages) whose e-mail has not gone out yet."

    def handle(self, *args, **options):
        sent = deliver_unsent()
        self.stdout.write(f"send_proposal_notifications: {sent} sent, {unsent_count()} still unsent.")
