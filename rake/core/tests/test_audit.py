"""The append-only audit log (DESIGN §4.2, last paragraph)."""

import datetime
import json

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.utils import timezone

from rake.core.audit import audit_record, audit_search
from rake.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_record_with_user_and_request(reporter, observation):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")

    entry = audit_record(action="observation.read", user=reporter, request=request, obj=observation,
                         detail={"fields": ["status"]})

    assert entry.actor_id == reporter.pk
    assert entry.actor_username == "reporter"
    assert entry.organisation == "Hyvinvointialue 15"
    assert entry.role == "reporter"
    assert entry.object_type == "observations.observation"
    assert entry.object_id == str(observation.pk)
    assert entry.ip_address == "203.0.113.9"
    assert entry.outcome == "success"
    assert entry.detail == {"fields": ["status"]}
    assert entry.created_at is not None


def test_record_without_user(db):
    entry = audit_record(action="login", username="tuntematon", outcome=AuditEntry.Outcome.FAILURE)

    assert (entry.actor_id, entry.actor_username, entry.outcome, entry.ip_address) == (
        None, "tuntematon", "failure", None)


# --- append-only ------------------------------------------------------------------------------


@pytest.fixture
def entry(db):
    return audit_record(action="test.action", username="someone")


def test_saving_an_existing_entry_is_refused(entry):
    entry.action = "tampered"

    with pytest.raises(PermissionError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.action"


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "operation",
    [
        lambda qs: qs.update(action="tampered"),
        lambda qs: qs.delete(),
        lambda qs: qs.filter(action="test.action").update(outcome="denied"),
        lambda qs: qs.filter(action="test.action").delete(),
        lambda qs: AuditEntry.objects.bulk_update(list(qs), ["action"]),
    ],
    ids=["update", "delete", "filtered-update", "filtered-delete", "bulk-update"],
)
def test_queryset_changes_are_refused(entry, operation):
    with pytest.raises(PermissionError), transaction.atomic():
        operation(AuditEntry.objects.all())
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.action"


# --- what gets audited, and what never goes in -----------------------------------------------


def test_a_whole_flow_leaves_no_text_in_the_log(reporter_api, coordinator_api, payload):
    description = "Audit-testi: perheen tilanne, jonka teksti ei saa päätyä lokiin."
    question = "Audit-kysymys: montako lasta?"
    answer = "Audit-vastaus: kolme."
    reason = "Audit-perustelu hyväksynnälle."
    created = reporter_api.post("/api/v1/observations", payload(description=description,
                                                                proposed_action="Audit-ehdotus"),
                                format="json").json()
    base = f"/api/v1/observations/{created['id']}"
    coordinator_api.get(base)
    coordinator_api.get(f"{base}/timeline")
    coordinator_api.post(f"{base}/transition", {"action": "request_clarification", "reason": question},
                         format="json")
    reporter_api.post(f"{base}/answer", {"answer": answer}, format="json")
    coordinator_api.post(f"{base}/transition", {"action": "accept", "reason": reason,
                                                "classification": {"polarity": "mixed"}}, format="json")

    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.action for e in entries] == [
        "observation.create", "observation.read", "observation.read", "observation.request_clarification",
        "observation.answer_clarification", "observation.classify", "observation.accept",
    ]
    assert all(e.object_id == str(created["id"]) for e in entries)
    dumped = json.dumps([model_to_dict(e) for e in entries], default=str)
    for text in (description, "Audit-ehdotus", question, answer, reason, "Audit"):
        assert text not in dumped


def test_timeline_read_is_audited(reporter_api, observation):
    reporter_api.get(f"/api/v1/observations/{observation.pk}/timeline")

    assert AuditEntry.objects.filter(action="observation.read", object_id=str(observation.pk),
                                     actor_username="reporter").count() == 1


def test_denied_reads_are_audited(api_as, viewer, national, other_reporter, observation):
    for user in (viewer, national, other_reporter):
        assert api_as(user).get(f"/api/v1/observations/{observation.pk}").status_code == 404

    denied = AuditEntry.objects.filter(action="observation.read", outcome="denied")
    assert sorted(denied.values_list("actor_username", flat=True)) == ["national", "other-reporter", "viewer"]


# --- search -------------------------------------------------------------------------------------


@pytest.fixture
def log(db):
    entries = {
        "login": audit_record(action="login", username="maija"),
        "failed": audit_record(action="login", username="matti", outcome=AuditEntry.Outcome.FAILURE),
        "read": audit_record(action="observation.read", username="maija", object_type="observations.observation",
                             object_id="42"),
        "denied": audit_record(action="observation.read", username="viewer", object_id="43",
                               object_type="observations.observation", outcome=AuditEntry.Outcome.DENIED),
    }
    # An old entry: the log refuses updates through the ORM, so back-date it with raw SQL.
    from django.db import connection

    old = audit_record(action="logout", username="maija")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEntry._meta.db_table} SET created_at = %s WHERE id = %s",
                       [timezone.now() - datetime.timedelta(days=30), old.pk])
    entries["old"] = old
    return entries


def found(log, **kwargs):
    names = {entry.pk: name for name, entry in log.items()}
    return {names[e.pk] for e in audit_search(**kwargs)}


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, {"login", "failed", "read", "denied", "old"}),
        ({"action": "login"}, {"login", "failed"}),
        ({"username": "MAIJA"}, {"login", "read", "old"}),
        ({"outcome": "denied"}, {"denied"}),
        ({"outcome": "failure"}, {"failed"}),
        ({"query": "42"}, {"read"}),
        ({"query": "observation"}, {"read", "denied"}),
        ({"query": "matti"}, {"failed"}),
        ({"action": "observation.read", "username": "viewer"}, {"denied"}),
    ],
)
def test_search(log, kwargs, expected):
    assert found(log, **kwargs) == expected


def test_search_by_date(log):
    today = timezone.localdate()
    month_ago = today - datetime.timedelta(days=30)

    assert found(log, since=today) == {"login", "failed", "read", "denied"}
    assert found(log, until=today - datetime.timedelta(days=1)) == {"old"}
    assert found(log, since=month_ago - datetime.timedelta(days=1), until=month_ago + datetime.timedelta(days=1)) == {
        "old"}


def test_search_is_newest_first(log):
    assert list(audit_search())[-1] == log["old"]
