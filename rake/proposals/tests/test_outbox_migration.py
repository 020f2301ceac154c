"""The proposal mail's rows move to the shared outbox (core.Notification) with their state: an unsent one is
still sent by the next delivery run, a sent one never again. Run forwards and backwards on SQLite and
PostgreSQL alike."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from .core_helpers import make_proposal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("proposals", "0004_decision_returned_and_tabled"), ("core", "0001_initial")]
AFTER = [("proposals", "0005_notifications_to_the_outbox"), ("core", "0002_notification_outbox")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_proposal_notifications_move_to_the_outbox_and_back(coordinator, reporter):
    proposal = make_proposal(coordinator)
    event_id = proposal.events.get().pk
    try:
        apps = migrate(BEFORE)
        Old = apps.get_model("proposals", "Notification")
        Old.objects.create(event_id=event_id, user_id=reporter.pk, language="sv")
        Old.objects.create(event_id=event_id, user_id=coordinator.pk, language="fi", sent_at=timezone.now())

        apps = migrate(AFTER)
        rows = {row.user_id: row for row in apps.get_model("core", "Notification").objects.all()}
        assert {(row.kind, row.object_id, row.language) for row in rows.values()} == {
            ("proposal_event", event_id, "sv"), ("proposal_event", event_id, "fi")}
        assert rows[reporter.pk].sent_at is None and rows[coordinator.pk].sent_at is not None

        apps = migrate(BEFORE)
        back = apps.get_model("proposals", "Notification").objects.all()
        assert {(row.event_id, row.user_id, row.sent_at is None) for row in back} == {
            (event_id, reporter.pk, True), (event_id, coordinator.pk, False)}
    finally:
        migrate(AFTER)
