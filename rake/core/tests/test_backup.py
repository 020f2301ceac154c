"""Backup and restore of the database in use (SQLite or PostgreSQL, whichever the tests run on)."""

import gzip

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from rake.accounts.tests.factories import UserFactory
from rake.core import backup
from rake.observations.models import Observation
from rake.proposals.models import Proposal
from rake.proposals.tests.core_helpers import make_proposal
from rake.publishing import services as publishing

ON_SQLITE = connection.vendor == "sqlite"


def _backup_name():
    return "rake.sqlite3.gz" if ON_SQLITE else "rake.dump"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_brings_back_exactly_what_was_backed_up(tmp_path, coordinator, make_observation):
    make_observation()
    make_observation(submit=False, description="Luonnos: päihdepalveluihin on pitkä jono.")
    accepted = make_observation(status="accepted", description="Nuorten asunnottomuus on lisääntynyt keväällä.")
    report = publishing.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                           audience="board", title="Sosiaalinen raportti 2025", summary="Yhteenveto.")
    publishing.publication_publish(user=coordinator, publication=report, confirm_warnings=True)
    make_proposal(coordinator, observations=[accepted.pk], status="submitted")
    before = backup.database_fingerprint()
    assert before[Observation._meta.db_table]["rows"] == 3
    assert before[Proposal._meta.db_table]["rows"] == 1
    assert before["publishing_publicationversion"]["rows"] == 1

    output = tmp_path / _backup_name()
    call_command("backup_database", output=str(output))
    if ON_SQLITE:
        with gzip.open(output, "rb") as handle:
            assert handle.read(16) == b"SQLite format 3\x00"
    else:
        assert output.read_bytes().startswith(b"PGDMP")

    # Change, delete and add data after the backup.
    Observation.objects.filter(pk=accepted.pk).update(description="Muutettu kuvaus.")
    Proposal.objects.all().delete()
    UserFactory(username="after-the-backup")
    changed = backup.database_fingerprint()
    assert changed[Observation._meta.db_table] != before[Observation._meta.db_table]
    assert changed[Proposal._meta.db_table]["rows"] == 0
    assert changed != before

    call_command("restore_database", input=str(output), yes=True)

    assert backup.database_fingerprint() == before
    assert Observation.objects.get(pk=accepted.pk).description == "Nuorten asunnottomuus on lisääntynyt keväällä."


def test_the_fingerprint_sees_a_changed_value_and_covers_users(reporter, make_observation):
    observation = make_observation()
    first = backup.database_fingerprint()
    assert first["accounts_user"]["rows"] == 1
    assert "auth_group" in first

    Observation.objects.filter(pk=observation.pk).update(proposed_owner="Joku muu")

    second = backup.database_fingerprint()
    assert second[Observation._meta.db_table]["rows"] == first[Observation._meta.db_table]["rows"]
    assert second[Observation._meta.db_table]["sha256"] != first[Observation._meta.db_table]["sha256"]
    assert second["accounts_user"] == first["accounts_user"]


@pytest.mark.django_db
def test_reference_data_alone_is_not_data_to_protect():
    assert backup.database_has_data() is False
    UserFactory(username="somebody")
    assert backup.database_has_data() is True


def test_restore_refuses_without_yes_when_the_database_has_data(tmp_path, reporter):
    output = tmp_path / _backup_name()
    call_command("backup_database", output=str(output))
    before = backup.database_fingerprint()

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_database", input=str(output))

    assert backup.database_fingerprint() == before


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup_of_this_database(tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("Ei varmuuskopio.\n")
    other_kind = tmp_path / "other"
    other_kind.write_bytes(b"PGDMP\x01\x0e\x00" if ON_SQLITE else b"SQLite format 3\x00" + bytes(100))

    with pytest.raises(CommandError, match="not a"):
        call_command("restore_database", input=str(not_a_backup), yes=True)
    with pytest.raises(CommandError, match="PostgreSQL backup" if ON_SQLITE else "SQLite backup"):
        call_command("restore_database", input=str(other_kind), yes=True)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore_database", input=str(tmp_path / "missing.dump"), yes=True)


@pytest.mark.django_db
def test_backup_refuses_a_missing_directory(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup_database", output=str(tmp_path / "no-such-dir" / _backup_name()))


def test_postgresql_password_goes_in_the_environment_not_on_the_command_line(monkeypatch, tmp_path):
    settings_dict = {"ENGINE": "django.db.backends.postgresql", "NAME": "rake", "USER": "rake",
                     "PASSWORD": "example-secret", "HOST": "db.example.com", "PORT": 5433,
                     "OPTIONS": {"sslmode": "require"}}
    monkeypatch.setattr(backup, "connections", {"default": type("Connection", (), {"settings_dict": settings_dict})})
    monkeypatch.setattr(backup.shutil, "which", lambda tool: f"/usr/bin/{tool}")
    calls = []

    def run(command, env, **kwargs):
        calls.append((command, env))
        output_file = next(part for part in command if part.startswith("--file="))
        with open(output_file.removeprefix("--file="), "wb") as handle:
            handle.write(b"PGDMP")
        return type("Result", (), {"returncode": 0, "stderr": ""})()

    monkeypatch.setattr(backup.subprocess, "run", run)

    backup.backup_database(tmp_path / "rake.dump")

    (command, env), = calls
    assert command[0] == "/usr/bin/pg_dump" and "--format=custom" in command
    assert not any("example-secret" in part for part in command)
    assert env["PGPASSWORD"] == "example-secret"
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGDATABASE"]) == (
        "db.example.com", "5433", "rake", "rake")
    assert env["PGSSLMODE"] == "require"
    assert (tmp_path / "rake.dump").read_bytes() == b"PGDMP"


def _public_schema_owner_and_grants():
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspowner::regrole::text, nspacl::text FROM pg_namespace WHERE nspname = 'public'")
        return cursor.fetchone()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_leaves_nothing_of_a_newer_database(tmp_path, reporter):
    """A table that a later version of Rake added (here a raw CREATE TABLE) is gone after the restore, so
    that `migrate` can bring an older backup up to date again."""
    output = tmp_path / _backup_name()
    call_command("backup_database", output=str(output))
    schema_before = None if ON_SQLITE else _public_schema_owner_and_grants()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE rake_added_later (id integer PRIMARY KEY, note text)")
        cursor.execute("INSERT INTO rake_added_later VALUES (1, 'uusi')")
    assert "rake_added_later" in connection.introspection.table_names()

    call_command("restore_database", input=str(output), yes=True)

    assert "rake_added_later" not in connection.introspection.table_names()
    assert "accounts_user" in connection.introspection.table_names()
    if not ON_SQLITE:
        assert _public_schema_owner_and_grants() == schema_before
    call_command("migrate", verbosity=0)  # nothing to do, and nothing in the way


@pytest.mark.django_db
def test_a_backup_name_is_new_every_second():
    import datetime

    first = backup.default_backup_name(now=datetime.datetime(2025, 3, 4, 9, 5, 7))
    second = backup.default_backup_name(now=datetime.datetime(2025, 3, 4, 16, 40, 0))

    assert first.startswith("rake-20250304-090507.")
    assert first != second
