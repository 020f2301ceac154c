# The reporters' proposal mail moves to the shared outbox (rake.core.notifications), which also holds the
# coordinators' messages: the rows are copied, unsent ones included, so the next delivery run sends them.

from django.db import migrations

KIND = "proposal_event"


def to_outbox(apps, schema_editor):
    Old = apps.get_model("proposals", "Notification")
    New = apps.get_model("core", "Notification")
    New.objects.bulk_create([
        New(kind=KIND, object_id=row.event_id, user_id=row.user_id, language=row.language, sent_at=row.sent_at)
        for row in Old.objects.all().iterator()
    ], batch_size=500)


def from_outbox(apps, schema_editor):
    Old = apps.get_model("proposals", "Notification")
    New = apps.get_model("core", "Notification")
    Event = apps.get_model("proposals", "ProposalEvent")
    rows = New.objects.filter(kind=KIND)
    events = set(Event.objects.filter(pk__in=rows.values("object_id")).values_list("pk", flat=True))
    Old.objects.bulk_create([
        Old(event_id=row.object_id, user_id=row.user_id, language=row.language, sent_at=row.sent_at)
        for row in rows.iterator() if row.object_id in events
    ], batch_size=500)
    rows.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0004_decision_returned_and_tabled'),
        ('core', '0002_notification_outbox'),
    ]

    operations = [
        migrations.RunPython(to_outbox, from_outbox),
        migrations.DeleteModel(
            name='Notification',
        ),
    ]
