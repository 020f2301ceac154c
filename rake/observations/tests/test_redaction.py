"""Coordinator tools for personal data (issue 3 point 4): redact a span so that the original is gone from the
database, release a quarantined observation, and hard-delete one leaving an audit entry without content."""

import json
import re

import pytest
from django.apps import apps
from django.db import connection
from django.utils import translation

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.core.errors import InvalidTransition, PermissionDenied, PersonalDataFound, ValidationError
from rake.core.models import AuditEntry
from rake.observations import services
from rake.observations.models import (
    IdempotencyKey,
    Observation,
    ObservationPhenomenon,
    PrivacyAcknowledgement,
    Status,
    TimelineEvent,
)
from rake.observations.services import REDACTION_MARKER
from rake.observations.tests.factories import ObservationFactory, observation_payload

pytestmark = pytest.mark.django_db

PHONE = "040 765 4321"
NAME = "Matti Virtanen"
DESCRIPTION = f"Asiakas {NAME} soitti numerosta {PHONE}: toimeentulotuen päätös viipyy."
PHONE_SPAN = (DESCRIPTION.index(PHONE), DESCRIPTION.index(PHONE) + len(PHONE))
NAME_SPAN = (DESCRIPTION.index(NAME), DESCRIPTION.index(NAME) + len(NAME))
ACKS = [
    {"field": "description", "start": NAME_SPAN[0], "end": NAME_SPAN[1], "kind": "person_name"},
    {"field": "description", "start": PHONE_SPAN[0], "end": PHONE_SPAN[1], "kind": "phone"},
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def flagged(reporter):
    """A submitted observation whose reporter confirmed the name and the phone number as not personal data."""
    observation, _ = services.observation_create(user=reporter, data=observation_payload(description=DESCRIPTION),
                                                 acknowledged_findings=ACKS)
    return observation


def text_columns_containing(needle):
    """Every (table.column) of every model whose text holds `needle`, JSON columns included."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            kind = field.get_internal_type()
            if kind in ("CharField", "TextField", "SlugField", "EmailField"):
                if model._default_manager.filter(**{f"{field.attname}__contains": needle}).exists():
                    found.append(f"{model._meta.db_table}.{field.column}")
            elif kind == "JSONField":
                values = model._default_manager.values_list(field.attname, flat=True)
                if any(needle in json.dumps(value, ensure_ascii=False) for value in values):
                    found.append(f"{model._meta.db_table}.{field.column}")
    return found


# --- redaction -------------------------------------------------------------------------------


def test_redaction_replaces_the_span_with_a_marker(coordinator, flagged):
    assert text_columns_containing(PHONE) == ["observations_observation.description"]

    services.observation_redact(user=coordinator, observation=flagged, field="description", start=PHONE_SPAN[0],
                                end=PHONE_SPAN[1])

    flagged.refresh_from_db()
    assert flagged.description == DESCRIPTION.replace(PHONE, REDACTION_MARKER)
    assert text_columns_containing(PHONE) == []
    event = TimelineEvent.objects.get(observation=flagged, kind="redacted")
    assert event.data == {"field": "description", "kind": "phone", "length": len(PHONE)}
    assert event.message == ""
    entry = AuditEntry.objects.get(action="observation.redact")
    assert entry.object_id == str(flagged.pk)
    assert entry.detail == {"field": "description", "kind": "phone", "length": len(PHONE)}


def test_any_selected_range_can_be_redacted(coordinator, flagged):
    start = DESCRIPTION.index("toimeentulotuen")
    services.observation_redact(user=coordinator, observation=flagged, field="description", start=start,
                                end=start + len("toimeentulotuen"))

    flagged.refresh_from_db()
    assert "toimeentulotuen" not in flagged.description
    assert TimelineEvent.objects.get(kind="redacted").data["kind"] == ""  # not a finding: no kind


def test_acknowledgements_move_with_the_text(coordinator, flagged):
    services.observation_redact(user=coordinator, observation=flagged, field="description", start=NAME_SPAN[0],
                                end=NAME_SPAN[1])

    flagged.refresh_from_db()
    current = PrivacyAcknowledgement.objects.filter(observation=flagged, superseded_at__isnull=True)
    (phone,) = current
    assert flagged.description[phone.start:phone.end] == PHONE
    assert PrivacyAcknowledgement.objects.filter(observation=flagged, superseded_at__isnull=False).get().kind == \
        "person_name"


def test_a_message_in_the_timeline_can_be_redacted(coordinator, observation):
    reason = f"Koskee yksittäistä asiakasta, puh. {PHONE}."
    acknowledged = [{"field": "reason", "start": reason.index(PHONE), "end": reason.index(PHONE) + len(PHONE),
                     "kind": "phone"}]
    services.observation_reject(user=coordinator, observation=observation, reason=reason,
                                acknowledged_findings=acknowledged)
    event = TimelineEvent.objects.get(observation=observation, kind="reject")
    assert set(text_columns_containing(PHONE)) == {"observations_observation.rejection_reason",
                                                   "observations_timelineevent.message"}

    services.observation_redact(user=coordinator, observation=observation, field="message", event_id=event.pk,
                                start=reason.index(PHONE), end=reason.index(PHONE) + len(PHONE))

    event.refresh_from_db()
    observation.refresh_from_db()
    assert event.message == f"Koskee yksittäistä asiakasta, puh. {REDACTION_MARKER}."
    assert observation.rejection_reason == event.message
    assert text_columns_containing(PHONE) == []
    assert TimelineEvent.objects.get(kind="redacted").data == {"field": "message", "kind": "phone",
                                                               "length": len(PHONE), "event": event.pk}
    assert not PrivacyAcknowledgement.objects.filter(event=event, superseded_at__isnull=True).exists()


@pytest.mark.parametrize(("arguments", "field"), [
    ({"field": "description", "start": -1, "end": 3}, "start"),
    ({"field": "description", "start": 5, "end": 5}, "end"),
    ({"field": "description", "start": 0, "end": 10_000}, "end"),
    ({"field": "description", "start": "x", "end": 3}, "start"),
    ({"field": "title", "start": 0, "end": 3}, "field"),
    ({"field": "proposed_action", "start": 0, "end": 1}, "start"),  # the text is empty
    ({"field": "message", "event_id": 999_999, "start": 0, "end": 1}, "event"),
])
def test_bad_ranges_are_refused(coordinator, flagged, arguments, field):
    with pytest.raises(ValidationError) as caught:
        services.observation_redact(user=coordinator, observation=flagged, **arguments)

    assert field in caught.value.field_errors
    flagged.refresh_from_db()
    assert flagged.description == DESCRIPTION


@pytest.mark.parametrize("role", ["reporter", "analyst", "other_coordinator", "rake_admin"])
def test_only_the_countys_coordinator_redacts(request, flagged, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.observation_redact(user=user, observation=flagged, field="description", start=0, end=3)


def test_web_redact_button_per_finding(client, coordinator, flagged):
    client.force_login(coordinator)
    html = client.get(f"/observations/{flagged.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    forms = re.findall(r'name="redact-target" value="([^"]+)">\s*<input type="hidden" name="redact-start" '
                       r'value="(\d+)">\s*<input type="hidden" name="redact-end" value="(\d+)">', html)
    assert forms == [("description", str(NAME_SPAN[0]), str(NAME_SPAN[1])),
                     ("description", str(PHONE_SPAN[0]), str(PHONE_SPAN[1]))]
    assert html.count("Confirmed as not personal data by the reporter,") == 2

    response = client.post(f"/observations/{flagged.pk}/action/redact/",
                           {"redact-target": "description", "redact-start": PHONE_SPAN[0],
                            "redact-end": PHONE_SPAN[1]})

    assert response.status_code == 302
    flagged.refresh_from_db()
    assert PHONE not in flagged.description


def test_web_redact_range_form_errors(client, coordinator, flagged):
    client.force_login(coordinator)
    response = client.post(f"/observations/{flagged.pk}/action/redact/",
                           {"redact-target": "description", "redact-start": 5, "redact-end": 10_000},
                           HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert 'id="action-redact" open' in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.description == DESCRIPTION


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the SQLite database file")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_redacted_text_is_gone_from_the_sqlite_file(reporter, coordinator):
    """secure_delete zeroes the freed space; after a checkpoint neither the file nor the WAL holds the text."""
    needle = "Ruusulankatu 17 B 5"
    description = f"Asiakas asuu osoitteessa {needle}, ja vuokra on maksamatta kolmelta kuukaudelta."
    start = description.index(needle)
    observation, _ = services.observation_create(
        user=reporter, data=observation_payload(description=description),
        acknowledged_findings=[{"field": "description", "start": start, "end": start + len(needle),
                                "kind": "address"}],
    )
    path = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA secure_delete").fetchone()[0] == 1
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(path, "rb") as database:
        assert needle.encode() in database.read()  # the test can see it before

    services.observation_redact(user=coordinator, observation=observation, field="description", start=start,
                                end=start + len(needle))
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    for suffix in ("", "-wal", "-journal"):
        try:
            with open(path + suffix, "rb") as file:
                content = file.read()
        except FileNotFoundError:
            continue
        assert needle.encode() not in content, f"found in {path + suffix}"
        assert "Ruusulankatu".encode() not in content


# --- release ---------------------------------------------------------------------------------


def quarantine(coordinator, observation, status=Status.ACCEPTED):
    Observation.objects.filter(pk=observation.pk).update(status=status)
    observation.refresh_from_db()
    return services.observation_quarantine(user=coordinator, observation=observation, reason="Tarkistetaan")


def test_release_returns_to_the_previous_status(coordinator, observation):
    observation = quarantine(coordinator, observation, Status.ACCEPTED)
    assert observation.status == Status.QUARANTINED

    observation = services.observation_release(user=coordinator, observation=observation)

    assert observation.status == Status.ACCEPTED
    event = TimelineEvent.objects.get(observation=observation, kind="release")
    assert event.data == {"status": "accepted"}
    assert event.visible_to_reporter is False
    assert AuditEntry.objects.get(action="observation.release").detail == {"status": "accepted"}


def test_release_counts_acknowledged_findings_as_clean(coordinator, flagged):
    observation = quarantine(coordinator, flagged, Status.SUBMITTED)
    assert services.observation_release(user=coordinator, observation=observation).status == Status.SUBMITTED


def test_release_needs_a_clean_fresh_scan(coordinator, reporter, observation):
    services.observation_edit_text(
        user=coordinator, observation=observation, description=DESCRIPTION,
        acknowledged_findings=[ACKS[0]] + [ACKS[1]],
    )
    # The acknowledgement of the phone number is withdrawn (e.g. it was wrong): only the name is confirmed.
    PrivacyAcknowledgement.objects.filter(kind="phone").update(superseded_at="2025-01-01T00:00:00Z")
    observation = quarantine(coordinator, observation, Status.SUBMITTED)

    with pytest.raises(PersonalDataFound) as caught:
        services.observation_release(user=coordinator, observation=observation)
    assert [(f.field, f.kind) for f in caught.value.findings] == [("description", "phone")]
    observation.refresh_from_db()
    assert observation.status == Status.QUARANTINED

    services.observation_redact(user=coordinator, observation=observation, field="description",
                                start=PHONE_SPAN[0], end=PHONE_SPAN[1])
    assert services.observation_release(user=coordinator, observation=observation).status == Status.SUBMITTED


def test_release_scans_messages_the_reporter_reads(coordinator, observation):
    services.observation_request_clarification(user=coordinator, observation=observation, question="Milloin?")
    event = TimelineEvent.objects.get(kind="request_clarification")
    TimelineEvent.objects.filter(pk=event.pk).update(message=f"Soita {PHONE}")  # e.g. stored before the guard
    observation = quarantine(coordinator, observation, Status.CLARIFICATION_REQUESTED)

    with pytest.raises(PersonalDataFound) as caught:
        services.observation_release(user=coordinator, observation=observation)
    assert [(f.field, f.event_id) for f in caught.value.findings] == [("message", event.pk)]


def test_release_only_from_quarantine(coordinator, observation):
    with pytest.raises(InvalidTransition):
        services.observation_release(user=coordinator, observation=observation)


def test_release_through_the_api(api_as, coordinator, analyst, observation):
    observation = quarantine(coordinator, observation, Status.SUBMITTED)
    url = f"/api/v1/observations/{observation.pk}/transition"

    assert api_as(analyst).post(url, {"action": "release"}, format="json").status_code == 404  # hidden
    response = api_as(coordinator).post(url, {"action": "release"}, format="json")

    assert response.status_code == 200
    assert response.json() == {"id": observation.pk, "status": "submitted"}
    again = api_as(coordinator).post(url, {"action": "release"}, format="json")
    assert again.status_code == 409


def test_release_through_the_api_is_422_with_findings(api_as, coordinator, observation):
    Observation.objects.filter(pk=observation.pk).update(description=DESCRIPTION)  # e.g. from an import
    observation = quarantine(coordinator, observation, Status.SUBMITTED)

    response = api_as(coordinator).post(f"/api/v1/observations/{observation.pk}/transition", {"action": "release"},
                                        format="json")

    assert response.status_code == 422
    assert [(f["field"], f["kind"]) for f in response.json()["findings"]] == [
        ("description", "person_name"), ("description", "phone")]


def test_web_release(client, coordinator, observation):
    observation = quarantine(coordinator, observation, Status.SUBMITTED)
    client.force_login(coordinator)
    html = client.get(f"/observations/{observation.pk}/").content.decode()
    assert 'id="action-release"' in html

    response = client.post(f"/observations/{observation.pk}/action/release/")

    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.status == Status.SUBMITTED


# --- hard delete -----------------------------------------------------------------------------


def test_hard_delete_removes_everything(reporter, coordinator, flagged):
    other = ObservationFactory(reporter=reporter)
    services.observation_link(user=coordinator, observation=flagged, other_id=other.pk)
    IdempotencyKey.objects.create(user=reporter, key="k", request_hash="h", observation=flagged)
    services.observation_request_clarification(user=coordinator, observation=flagged, question="Kuinka usein?")
    pk = flagged.pk

    services.observation_hard_delete(user=coordinator, observation=flagged,
                                     reason=f"Täynnä henkilötietoja, mm. {PHONE}")

    assert not Observation.objects.filter(pk=pk).exists()
    assert not TimelineEvent.objects.filter(observation_id=pk).exists()
    assert not PrivacyAcknowledgement.objects.filter(observation_id=pk).exists()
    assert not IdempotencyKey.objects.filter(observation_id=pk).exists()
    assert not ObservationPhenomenon.objects.filter(observation_id=pk).exists()
    assert not Observation.related.through.objects.filter(from_observation_id=pk).exists()
    assert not Observation.related.through.objects.filter(to_observation_id=pk).exists()
    assert Observation.objects.filter(pk=other.pk).exists()
    assert not TimelineEvent.objects.filter(observation=other, kind="linked").exists()
    entry = AuditEntry.objects.get(action="observation.hard_delete")
    assert entry.object_id == str(pk)
    assert entry.actor_username == coordinator.username
    assert entry.detail == {"status": "clarification_requested",
                            "reason": f"Täynnä henkilötietoja, mm. {REDACTION_MARKER}"}
    # The audit trail of the observation remains; nothing of its content does.
    assert AuditEntry.objects.filter(object_id=str(pk), action="observation.create").exists()
    for needle in (PHONE, NAME, "toimeentulotuen"):
        assert text_columns_containing(needle) == []


def test_hard_delete_needs_a_reason(coordinator, observation):
    with pytest.raises(ValidationError) as caught:
        services.observation_hard_delete(user=coordinator, observation=observation, reason=" ")
    assert "reason" in caught.value.field_errors
    assert Observation.objects.filter(pk=observation.pk).exists()


@pytest.mark.parametrize("role", ["reporter", "analyst", "other_coordinator", "rake_admin"])
def test_only_the_countys_coordinator_hard_deletes(request, observation, role):
    with pytest.raises(PermissionDenied):
        services.observation_hard_delete(user=request.getfixturevalue(role), observation=observation, reason="x")
    assert Observation.objects.filter(pk=observation.pk).exists()


@pytest.mark.parametrize(("role", "expected"), [
    ("coordinator", 204), ("reporter", 403), ("analyst", 403), ("other_coordinator", 404), ("viewer", 404),
    ("national", 404), ("rake_admin", 404),
])
def test_api_delete(request, api_as, observation, role, expected):
    client = api_as(request.getfixturevalue(role))

    response = client.delete(f"/api/v1/observations/{observation.pk}", {"reason": "Henkilötietoja"}, format="json")

    assert response.status_code == expected, response.content
    assert Observation.objects.filter(pk=observation.pk).exists() == (expected != 204)


def test_api_delete_reason_in_the_query_string(coordinator_api, observation):
    response = coordinator_api.delete(f"/api/v1/observations/{observation.pk}?reason=Kaksoiskappale")
    assert response.status_code == 204
    assert AuditEntry.objects.get(action="observation.hard_delete").detail["reason"] == "Kaksoiskappale"


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": 5}, {"reason": "a\x00b"}, {"reason": "x" * 4001}])
def test_api_delete_without_a_good_reason_is_a_400(coordinator_api, observation, body):
    response = coordinator_api.delete(f"/api/v1/observations/{observation.pk}", body, format="json")

    assert response.status_code == 400
    assert "reason" in response.json()
    assert Observation.objects.filter(pk=observation.pk).exists()


def test_api_delete_anonymous(api_client, observation):
    assert api_client.delete(f"/api/v1/observations/{observation.pk}").status_code in (401, 403)


def test_web_hard_delete_confirmation(client, coordinator, observation):
    client.force_login(coordinator)
    url = f"/observations/{observation.pk}/delete-permanently/"

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "cannot be undone" in page.content.decode()
    assert Observation.objects.filter(pk=observation.pk).exists()

    missing = client.post(url, {"reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 400
    assert "Give a reason for deleting the observation." in missing.content.decode()

    response = client.post(url, {"reason": "Kaksoiskappale"})
    assert response.status_code == 302
    assert response["Location"] == "/observations/queue/"
    assert not Observation.objects.filter(pk=observation.pk).exists()


def test_web_hard_delete_is_for_coordinators(client, reporter, observation):
    client.force_login(reporter)
    assert client.get(f"/observations/{observation.pk}/delete-permanently/").status_code == 403
    assert client.post(f"/observations/{observation.pk}/delete-permanently/", {"reason": "x"}).status_code == 403
    colleague = MemberFactory(role=Role.REPORTER, county="15")
    client.force_login(colleague)
    assert client.get(f"/observations/{observation.pk}/delete-permanently/").status_code == 404
    assert Observation.objects.filter(pk=observation.pk).exists()
