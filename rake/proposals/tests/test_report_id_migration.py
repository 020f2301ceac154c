"""A proposal's report survives the foreign key's removal (migration 0006), forwards and backwards, on SQLite and
PostgreSQL alike."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from rake.publishing.models import Publication

from .core_helpers import make_proposal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("proposals", "0005_notifications_to_the_outbox")]
AFTER = [("proposals", "0006_publication_id_without_foreign_key")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_report_id_is_kept_without_the_foreign_key(coordinator):
    report = Publication.objects.create(county_code="15", period="2025", language="fi", title="Raportti")
    proposal = make_proposal(coordinator)
    try:
        apps = migrate(BEFORE)
        apps.get_model("proposals", "Proposal").objects.filter(pk=proposal.pk).update(publication=report.pk)

        apps = migrate(AFTER)
        assert apps.get_model("proposals", "Proposal").objects.get(pk=proposal.pk).publication_id == report.pk

        apps = migrate(BEFORE)
        assert apps.get_model("proposals", "Proposal").objects.get(pk=proposal.pk).publication_id == report.pk
    finally:
        migrate(AFTER)
