"""The privacy guard (DESIGN §4.2, issue 3 point 3 and 4): free text is scanned before it is stored, on the
API and the web form, for new observations, drafts, answers, coordinators' messages and edits."""

import re

import pytest
from django.apps import apps
from django.utils import translation

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.core.errors import PersonalDataFound, ValidationError
from rake.core.models import AuditEntry
from rake.observations import services
from rake.observations.models import (
    IdempotencyKey,
    Observation,
    PrivacyAcknowledgement,
    Status,
    TimelineEvent,
)
from rake.observations.tests.factories import ObservationFactory, observation_payload

pytestmark = pytest.mark.django_db

LIST = "/api/v1/observations"
NAME, PHONE = "Matti Virtanen", "040 123 4567"
DESCRIPTION = f"Asiakas {NAME} soitti numerosta {PHONE}: toimeentulotuen päätös on viipynyt kolme viikkoa."
NAME_SPAN = (DESCRIPTION.index(NAME), DESCRIPTION.index(NAME) + len(NAME))
PHONE_SPAN = (DESCRIPTION.index(PHONE), DESCRIPTION.index(PHONE) + len(PHONE))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def reporter_api(api_as, reporter):
    return api_as(reporter, language="en")


@pytest.fixture
def coordinator_api(api_as, coordinator):
    return api_as(coordinator, language="en")


def ack(field, span, kind):
    return {"field": field, "start": span[0], "end": span[1], "kind": kind}


ACKS = [ack("description", NAME_SPAN, "person_name"), ack("description", PHONE_SPAN, "phone")]


def post(client, body, **extra):
    return client.post(LIST, body, format="json", **extra)


def assert_no_text_stored(*needles):
    """No row of any table holds the text (every character and text column)."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.get_internal_type() not in ("CharField", "TextField"):
                continue
            for needle in needles:
                found = model._default_manager.filter(**{f"{field.attname}__contains": needle})
                assert not found.exists(), f"{needle!r} found in {model._meta.label}.{field.name}"


# --- API: create -----------------------------------------------------------------------------


def test_422_lists_the_exact_findings(reporter_api, payload):
    response = post(reporter_api, payload(description=DESCRIPTION))

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "personal_data"
    assert body["detail"]
    assert [(f["field"], f["start"], f["end"], f["kind"]) for f in body["findings"]] == [
        ("description", *NAME_SPAN, "person_name"), ("description", *PHONE_SPAN, "phone"),
    ]
    for finding in body["findings"]:
        assert {"field", "start", "end", "kind", "score", "reason", "label"} <= set(finding)
        assert finding["acknowledged"] is False
    assert body["findings"][1]["label"] == "Phone number"
    assert body["findings"][1]["reason"] == "Looks like a phone number."
    assert Observation.objects.count() == 0
    assert NAME not in response.content.decode() and PHONE not in response.content.decode()


def test_acknowledging_each_finding_stores_it(reporter_api, payload, reporter):
    assert post(reporter_api, payload(description=DESCRIPTION)).status_code == 422

    response = post(reporter_api, payload(description=DESCRIPTION, acknowledged_findings=ACKS))

    assert response.status_code == 201, response.json()
    observation = Observation.objects.get(pk=response.json()["id"])
    assert observation.description == DESCRIPTION
    assert observation.status == Status.SUBMITTED
    records = list(PrivacyAcknowledgement.objects.filter(observation=observation).order_by("start"))
    assert [(r.field, r.start, r.end, r.kind, r.user_id) for r in records] == [
        ("description", *NAME_SPAN, "person_name", reporter.pk), ("description", *PHONE_SPAN, "phone", reporter.pk),
    ]
    assert all(0 < r.score <= 1 and r.created_at and r.event_id is None for r in records)


def test_the_acknowledgement_record_holds_no_text(reporter_api, payload):
    response = post(reporter_api, payload(description=DESCRIPTION, acknowledged_findings=ACKS))
    observation = Observation.objects.get(pk=response.json()["id"])

    for record in PrivacyAcknowledgement.objects.all():
        values = [str(getattr(record, f.attname)) for f in PrivacyAcknowledgement._meta.concrete_fields]
        assert not any(NAME in value or PHONE in value or "Virtanen" in value for value in values)
    entry = AuditEntry.objects.get(action="privacy.acknowledge")
    assert entry.object_id == str(observation.pk)
    assert entry.detail == {"count": 2, "kinds": ["person_name", "phone"]}
    event = TimelineEvent.objects.get(observation=observation, kind="privacy_acknowledged")
    assert event.data == {"count": 2, "kinds": ["person_name", "phone"]}
    assert event.message == ""
    assert event.visible_to_reporter is False


def test_the_reporter_does_not_see_the_acknowledgement_event(reporter_api, coordinator_api, payload):
    pk = post(reporter_api, payload(description=DESCRIPTION, acknowledged_findings=ACKS)).json()["id"]

    reporter_kinds = [e["kind"] for e in reporter_api.get(f"{LIST}/{pk}/timeline").json()["events"]]
    coordinator_kinds = [e["kind"] for e in coordinator_api.get(f"{LIST}/{pk}/timeline").json()["events"]]
    assert "privacy_acknowledged" not in reporter_kinds
    assert "privacy_acknowledged" in coordinator_kinds


def test_partial_acknowledgement_is_still_422(reporter_api, payload):
    response = post(reporter_api, payload(description=DESCRIPTION, acknowledged_findings=ACKS[:1]))

    assert response.status_code == 422
    assert [f["acknowledged"] for f in response.json()["findings"]] == [True, False]
    assert Observation.objects.count() == 0
    assert PrivacyAcknowledgement.objects.count() == 0


@pytest.mark.parametrize("wrong", [
    ack("description", (NAME_SPAN[0], NAME_SPAN[1] - 1), "person_name"),  # a different span
    ack("description", NAME_SPAN, "phone"),  # a different kind
    ack("proposed_action", NAME_SPAN, "person_name"),  # a different field
])
def test_an_acknowledgement_must_match_exactly(reporter_api, payload, wrong):
    response = post(reporter_api, payload(description=DESCRIPTION, acknowledged_findings=[wrong, ACKS[1]]))

    assert response.status_code == 422
    assert Observation.objects.count() == 0


def test_editing_the_text_makes_old_acknowledgements_stale(reporter_api, payload):
    edited = "Eilen " + DESCRIPTION[0].lower() + DESCRIPTION[1:]  # everything moves by six characters

    response = post(reporter_api, payload(description=edited, acknowledged_findings=ACKS))

    assert response.status_code == 422
    assert [(f["start"], f["acknowledged"]) for f in response.json()["findings"]] == [
        (NAME_SPAN[0] + 6, False), (PHONE_SPAN[0] + 6, False),
    ]


def test_removing_the_personal_data_is_enough(reporter_api, payload):
    clean = "Asiakkaan toimeentulotuen päätös on viipynyt kolme viikkoa."
    response = post(reporter_api, payload(description=clean, acknowledged_findings=ACKS))

    assert response.status_code == 201
    assert PrivacyAcknowledgement.objects.count() == 0  # nothing left to acknowledge
    assert not AuditEntry.objects.filter(action="privacy.acknowledge").exists()


def test_proposed_action_and_owner_are_guarded(reporter_api, payload):
    body = payload(proposed_action="Soittakaa Liisa Korhoselle numeroon 050 765 4321.",
                   proposed_owner="Sosiaalityöntekijä Pekka Mäkinen")
    response = post(reporter_api, body)

    assert response.status_code == 422
    findings = response.json()["findings"]
    assert {f["field"] for f in findings} == {"proposed_action", "proposed_owner"}
    acknowledged = [{k: f[k] for k in ("field", "start", "end", "kind")} for f in findings]

    assert post(reporter_api, {**body, "acknowledged_findings": acknowledged}).status_code == 201


def test_offsets_count_the_whitespace_the_client_sent(reporter_api, payload):
    sent = "\n  " + DESCRIPTION
    response = post(reporter_api, payload(description=sent))
    spans = [(f["start"], f["end"]) for f in response.json()["findings"]]
    assert [sent[s:e] for s, e in spans] == [NAME, PHONE]

    acknowledged = [{**a, "start": a["start"] + 3, "end": a["end"] + 3} for a in ACKS]
    response = post(reporter_api, payload(description=sent, acknowledged_findings=acknowledged))

    assert response.status_code == 201
    observation = Observation.objects.get(pk=response.json()["id"])
    assert observation.description == DESCRIPTION  # stored without the whitespace…
    records = PrivacyAcknowledgement.objects.filter(observation=observation).order_by("start")
    assert [(r.start, r.end) for r in records] == [NAME_SPAN, PHONE_SPAN]  # …and so are the offsets


def test_swedish_text(reporter_api, payload):
    text = "Klienten Anna Lindqvist ringde från 040 123 4567 om sitt utkomststöd."
    response = post(reporter_api, payload(description=text, language="sv"))

    assert response.status_code == 422
    assert [(f["kind"], text[f["start"]:f["end"]]) for f in response.json()["findings"]] == [
        ("person_name", "Anna Lindqvist"), ("phone", "040 123 4567"),
    ]


@pytest.mark.translations
def test_422_in_the_users_language(api_as, reporter, payload):
    response = post(api_as(reporter, language="sv"), payload(description=DESCRIPTION))

    assert response.status_code == 422
    assert [f["label"] for f in response.json()["findings"]] == ["Personnamn", "Telefonnummer"]


@pytest.mark.parametrize("acknowledged", [
    "description:1:2:phone", [{"field": "description", "start": "x", "end": 2, "kind": "phone"}],
    [{"field": "title", "start": 1, "end": 2, "kind": "phone"}], [{"field": "description", "start": 1}],
    [{"field": "description", "start": 5, "end": 2, "kind": "phone"}], [5], {"field": "description"},
    [{"field": "description", "start": -1, "end": 2, "kind": "phone"}],
])
def test_malformed_acknowledgements_are_a_400(reporter_api, payload, acknowledged):
    response = post(reporter_api, payload(description=DESCRIPTION, acknowledged_findings=acknowledged))

    assert response.status_code == 400
    assert "acknowledged_findings" in str(response.json())


def test_too_many_acknowledgements_are_a_400(reporter_api, payload):
    many = [ack("description", (i, i + 1), "phone") for i in range(501)]
    assert post(reporter_api, payload(acknowledged_findings=many)).status_code == 400


def test_field_errors_come_before_the_guard(reporter_api):
    response = post(reporter_api, {"description": DESCRIPTION})  # no phenomenon, type or polarity

    assert response.status_code == 400
    assert "phenomena" in response.json()


# --- drafts ----------------------------------------------------------------------------------


def test_drafts_are_guarded(reporter_api, payload):
    response = post(reporter_api, payload(description=DESCRIPTION, status="draft"))
    assert response.status_code == 422
    assert Observation.objects.count() == 0

    response = post(reporter_api, payload(description=DESCRIPTION, status="draft", acknowledged_findings=ACKS))
    assert response.status_code == 201
    assert response.json()["status"] == "draft"
    assert PrivacyAcknowledgement.objects.count() == 2


def test_draft_update_is_guarded(reporter):
    draft = ObservationFactory(reporter=reporter, submit=False)

    with pytest.raises(PersonalDataFound) as caught:
        services.observation_update_draft(user=reporter, observation=draft, data={"description": DESCRIPTION})
    assert [(f.field, f.kind) for f in caught.value.findings] == [("description", "person_name"),
                                                                  ("description", "phone")]
    draft.refresh_from_db()
    assert NAME not in draft.description

    services.observation_update_draft(user=reporter, observation=draft, data={"description": DESCRIPTION},
                                      acknowledged_findings=ACKS)
    draft.refresh_from_db()
    assert draft.description == DESCRIPTION
    assert PrivacyAcknowledgement.objects.filter(observation=draft, superseded_at__isnull=True).count() == 2


def test_unchanged_text_is_not_asked_about_again(reporter):
    draft, _ = services.observation_create(user=reporter, data=observation_payload(description=DESCRIPTION),
                                           submit=False, acknowledged_findings=ACKS)

    # Saving other fields, or the same text again, and then submitting needs no new acknowledgement.
    services.observation_update_draft(user=reporter, observation=draft, data={"polarity": "mixed",
                                                                               "description": DESCRIPTION})
    services.observation_update_draft(user=reporter, observation=draft, data={}, submit=True)

    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert PrivacyAcknowledgement.objects.filter(observation=draft).count() == 2


def test_a_changed_text_supersedes_old_acknowledgements(reporter):
    draft, _ = services.observation_create(user=reporter, data=observation_payload(description=DESCRIPTION),
                                           submit=False, acknowledged_findings=ACKS)

    edited = DESCRIPTION.replace(PHONE, "numerosta, jota en kirjoita tähän")
    with pytest.raises(PersonalDataFound):
        services.observation_update_draft(user=reporter, observation=draft, data={"description": edited})
    services.observation_update_draft(user=reporter, observation=draft, data={"description": edited},
                                      acknowledged_findings=ACKS[:1])

    current = PrivacyAcknowledgement.objects.filter(observation=draft, superseded_at__isnull=True)
    assert [(a.start, a.kind) for a in current] == [(NAME_SPAN[0], "person_name")]
    assert PrivacyAcknowledgement.objects.filter(observation=draft, superseded_at__isnull=False).count() == 2


# --- idempotency -----------------------------------------------------------------------------


def test_a_422_is_not_remembered_for_the_idempotency_key(reporter_api, payload):
    key = {"HTTP_IDEMPOTENCY_KEY": "privacy-retry-1"}
    assert post(reporter_api, payload(description=DESCRIPTION), **key).status_code == 422
    assert not IdempotencyKey.objects.exists()

    created = post(reporter_api, payload(description=DESCRIPTION, acknowledged_findings=ACKS), **key)
    replayed = post(reporter_api, payload(description=DESCRIPTION, acknowledged_findings=ACKS), **key)
    # The acknowledgements are not part of the request's identity: the first body replays too.
    first_body_again = post(reporter_api, payload(description=DESCRIPTION), **key)

    assert created.status_code == replayed.status_code == first_body_again.status_code == 201
    assert created.json() == replayed.json() == first_body_again.json()
    assert replayed["Idempotent-Replayed"] == "true"
    assert Observation.objects.count() == 1
    assert PrivacyAcknowledgement.objects.count() == 2


# --- messages: the reporter's answer and the coordinator's messages ---------------------------


def test_the_clarification_answer_is_guarded(reporter_api, reporter):
    observation = ObservationFactory(reporter=reporter, status=Status.CLARIFICATION_REQUESTED)
    answer = f"Kyse on asiakkaasta {NAME}, jonka numero on {PHONE}."
    url = f"{LIST}/{observation.pk}/answer"

    refused = reporter_api.post(url, {"answer": answer}, format="json")

    assert refused.status_code == 422
    findings = refused.json()["findings"]
    assert [(f["field"], answer[f["start"]:f["end"]]) for f in findings] == [("answer", NAME), ("answer", PHONE)]
    observation.refresh_from_db()
    assert observation.status == Status.CLARIFICATION_REQUESTED
    assert not TimelineEvent.objects.filter(observation=observation, kind="clarification_answered").exists()

    acknowledged = [{k: f[k] for k in ("field", "start", "end", "kind")} for f in findings]
    done = reporter_api.post(url, {"answer": answer, "acknowledged_findings": acknowledged}, format="json")

    assert done.status_code == 200
    event = TimelineEvent.objects.get(observation=observation, kind="clarification_answered")
    assert event.message == answer
    records = PrivacyAcknowledgement.objects.filter(observation=observation)
    assert {(r.field, r.event_id) for r in records} == {("message", event.pk)}
    assert records.count() == 2


@pytest.mark.parametrize(("action", "status", "target"), [
    ("accept", Status.SUBMITTED, Status.ACCEPTED),
    ("reject", Status.SUBMITTED, Status.REJECTED),
    ("request_clarification", Status.SUBMITTED, Status.CLARIFICATION_REQUESTED),
    ("close", Status.ACCEPTED, Status.CLOSED),
])
def test_coordinator_messages_to_the_reporter_are_guarded(coordinator_api, reporter, action, status, target):
    observation = ObservationFactory(reporter=reporter, status=status)
    message = f"Ottakaa yhteyttä {NAME} numeroon {PHONE}."
    url = f"{LIST}/{observation.pk}/transition"

    refused = coordinator_api.post(url, {"action": action, "reason": message}, format="json")

    assert refused.status_code == 422, refused.json()
    assert {f["field"] for f in refused.json()["findings"]} == {"reason"}
    observation.refresh_from_db()
    assert observation.status == status
    assert observation.rejection_reason == ""

    acknowledged = [{k: f[k] for k in ("field", "start", "end", "kind")} for f in refused.json()["findings"]]
    done = coordinator_api.post(url, {"action": action, "reason": message, "acknowledged_findings": acknowledged},
                                format="json")

    assert done.status_code == 200
    assert done.json()["status"] == target
    assert PrivacyAcknowledgement.objects.filter(observation=observation, field="message").count() == 2


def test_a_quarantine_reason_is_not_guarded(coordinator_api, observation):
    """Only coordinators read it; it may have to say what was wrong."""
    response = coordinator_api.post(f"{LIST}/{observation.pk}/transition",
                                    {"action": "quarantine", "reason": f"Sisältää nimen {NAME}"}, format="json")
    assert response.status_code == 200


def test_messages_without_findings_pass(coordinator_api, observation):
    response = coordinator_api.post(f"{LIST}/{observation.pk}/transition",
                                    {"action": "request_clarification", "reason": "Milloin tämä tapahtui?"},
                                    format="json")
    assert response.status_code == 200


# --- the coordinator's edit -------------------------------------------------------------------


def test_coordinator_edit_is_guarded_and_recorded(coordinator, observation):
    with pytest.raises(PersonalDataFound):
        services.observation_edit_text(user=coordinator, observation=observation, description=DESCRIPTION)

    observation, changed = services.observation_edit_text(
        user=coordinator, observation=observation, description=DESCRIPTION, proposed_owner="Aikuissosiaalityö",
        acknowledged_findings=ACKS,
    )

    assert changed == ["description", "proposed_owner"]
    assert observation.description == DESCRIPTION
    event = TimelineEvent.objects.get(observation=observation, kind="edited")
    assert event.data == {"fields": ["description", "proposed_owner"]}
    assert event.visible_to_reporter
    entry = AuditEntry.objects.get(action="observation.edit_text")
    assert entry.detail == {"fields": ["description", "proposed_owner"]}
    assert {r.user_id for r in PrivacyAcknowledgement.objects.filter(observation=observation)} == {coordinator.pk}


def test_coordinator_edit_needs_a_description(coordinator, observation):
    with pytest.raises(ValidationError) as caught:
        services.observation_edit_text(user=coordinator, observation=observation, description="  ")
    assert "description" in caught.value.field_errors


def test_an_unchanged_edit_records_nothing(coordinator, observation):
    _observation, changed = services.observation_edit_text(user=coordinator, observation=observation,
                                                           description=observation.description)
    assert changed == []
    assert not TimelineEvent.objects.filter(kind="edited").exists()


@pytest.mark.parametrize("role", ["reporter", "analyst", "other_coordinator"])
def test_only_the_countys_coordinator_edits(request, observation, role):
    from rake.core.errors import PermissionDenied

    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.observation_edit_text(user=user, observation=observation, description="Uusi teksti.")


# --- the web form ------------------------------------------------------------------------------


FORM = {
    "description": DESCRIPTION,
    "phenomena": ["livelihood"],
    "observation_type": "need",
    "polarity": "negative",
    "trend": "unknown",
    "language": "fi",
    "reporter_kind": "professional",
    "channel": "social_report",
    "wants_feedback": "on",
    "observed_on": "2025-03-14",
    "action": "submit",
}


@pytest.fixture
def web(client, reporter):
    client.force_login(reporter)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def checkbox_values(html):
    return re.findall(r'name="acknowledged_findings" value="([^"]+)"', html)


def test_web_form_shows_the_findings_and_keeps_the_text(web):
    response = web.post("/observations/new/", FORM)

    assert response.status_code == 200
    html = response.content.decode()
    assert Observation.objects.count() == 0
    assert "The description may contain personal data." in html  # in the error summary and under the field
    assert 'href="#id_description"' in html
    assert f"\n{DESCRIPTION}</textarea>" in html  # nothing typed is lost
    assert (f'<mark class="rake-mark"><span class="rake-visually-hidden">Possible phone number: </span>{PHONE}'
            "</mark>") in html
    assert '<span class="rake-visually-hidden">Possible name: </span>Matti Virtanen</mark>' in html
    assert "Looks like a phone number." in html
    assert html.count(">This is not personal data</label>") == 2
    assert checkbox_values(html) == [f"description:{NAME_SPAN[0]}:{NAME_SPAN[1]}:person_name",
                                     f"description:{PHONE_SPAN[0]}:{PHONE_SPAN[1]}:phone"]
    assert 'aria-describedby="id_description_helptext id_description_error id_description_privacy_intro"' in html


def test_web_form_tick_and_resubmit_stores_it(web, reporter):
    values = checkbox_values(web.post("/observations/new/", FORM).content.decode())

    response = web.post("/observations/new/", {**FORM, "acknowledged_findings": values})

    assert response.status_code == 302
    observation = Observation.objects.get()
    assert observation.description == DESCRIPTION
    assert PrivacyAcknowledgement.objects.filter(observation=observation, user=reporter).count() == 2


def test_web_form_ticking_one_of_two_keeps_it_ticked(web):
    values = checkbox_values(web.post("/observations/new/", FORM).content.decode())

    response = web.post("/observations/new/", {**FORM, "acknowledged_findings": values[:1]})

    html = response.content.decode()
    assert Observation.objects.count() == 0
    assert re.search(rf'value="{re.escape(values[0])}"[^>]*checked', html)
    assert not re.search(rf'value="{re.escape(values[1])}"[^>]*checked', html)


def test_web_form_edited_text_ignores_old_ticks(web):
    values = checkbox_values(web.post("/observations/new/", FORM).content.decode())
    edited = "Eilen " + DESCRIPTION

    response = web.post("/observations/new/", {**FORM, "description": edited, "acknowledged_findings": values})

    assert response.status_code == 200
    assert Observation.objects.count() == 0
    assert "checked" not in "".join(re.findall(r'<input type="checkbox"[^>]*acknowledged_findings[^>]*>',
                                               response.content.decode()))


def test_web_form_editing_the_data_out_stores_it(web):
    web.post("/observations/new/", FORM)
    clean = "Asiakkaan toimeentulotuen päätös on viipynyt kolme viikkoa."

    response = web.post("/observations/new/", {**FORM, "description": clean})

    assert response.status_code == 302
    assert Observation.objects.get().description == clean


def test_web_form_shows_findings_with_other_errors_in_one_round(web):
    response = web.post("/observations/new/", {**FORM, "phenomena": [], "polarity": ""})

    html = response.content.decode()
    assert "Choose at least one phenomenon." in html
    assert "The description may contain personal data." in html
    assert len(checkbox_values(html)) == 2
    assert Observation.objects.count() == 0


def test_web_draft_edit_does_not_ask_again_about_unchanged_text(web, reporter):
    draft, _ = services.observation_create(user=reporter, data=observation_payload(description=DESCRIPTION),
                                           submit=False, acknowledged_findings=ACKS)

    response = web.post(f"/observations/{draft.pk}/edit/", {**FORM, "polarity": ""})  # an error elsewhere

    html = response.content.decode()
    assert "Choose whether the observation is negative, positive or mixed." in html
    assert checkbox_values(html) == []
    assert web.post(f"/observations/{draft.pk}/edit/", FORM).status_code == 302


def test_web_form_optional_fields_open_with_their_findings(web):
    response = web.post("/observations/new/", {**FORM, "description": "Päätökset viipyvät.",
                                               "proposed_owner": "Sosiaalityöntekijä Pekka Mäkinen"})

    html = response.content.decode()
    assert '<details class="rake-details" open>' in html
    assert "“Who should act” may contain personal data." in html
    start = len("Sosiaalityöntekijä ")
    assert checkbox_values(html) == [f"proposed_owner:{start}:{start + len('Pekka Mäkinen')}:person_name"]


def test_web_draft_is_guarded(web):
    response = web.post("/observations/new/", {**FORM, "action": "draft"})
    values = checkbox_values(response.content.decode())
    assert len(values) == 2 and Observation.objects.count() == 0

    response = web.post("/observations/new/", {**FORM, "action": "draft", "acknowledged_findings": values})

    assert response.status_code == 302
    assert Observation.objects.get().status == Status.DRAFT


def test_web_draft_edit_is_guarded(web, reporter):
    draft = ObservationFactory(reporter=reporter, submit=False)
    url = f"/observations/{draft.pk}/edit/"

    response = web.post(url, FORM)
    values = checkbox_values(response.content.decode())
    assert len(values) == 2
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and NAME not in draft.description

    assert web.post(url, {**FORM, "acknowledged_findings": values}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED and draft.description == DESCRIPTION


def test_web_clarification_answer_is_guarded(web, reporter):
    observation = ObservationFactory(reporter=reporter, status=Status.CLARIFICATION_REQUESTED)
    url = f"/observations/{observation.pk}/answer/"
    answer = f"Asiakas {NAME} asuu ensisuojassa."

    response = web.post(url, {"answer-answer": answer})

    html = response.content.decode()
    assert response.status_code == 422
    assert "Your answer may contain personal data." in html
    values = re.findall(r'name="answer-acknowledged_findings" value="([^"]+)"', html)
    assert values == ["answer:8:22:person_name"]
    assert f"\n{answer}</textarea>" in html

    response = web.post(url, {"answer-answer": answer, "answer-acknowledged_findings": values})
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.status == Status.SUBMITTED


def test_web_coordinator_message_is_guarded(client, coordinator, observation):
    client.force_login(coordinator)
    url = f"/observations/{observation.pk}/action/reject/"
    reason = f"Tämä koskee yhtä asiakasta ({NAME}), ei rakennetta."

    response = client.post(url, {"reject-reason": reason}, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 422
    assert "The message may contain personal data." in html
    values = re.findall(r'name="reject-acknowledged_findings" value="([^"]+)"', html)
    assert len(values) == 1
    observation.refresh_from_db()
    assert observation.status == Status.SUBMITTED

    response = client.post(url, {"reject-reason": reason, "reject-acknowledged_findings": values})
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.status == Status.REJECTED
    assert observation.rejection_reason == reason


def test_web_coordinator_edit_text(client, coordinator, observation):
    client.force_login(coordinator)
    url = f"/observations/{observation.pk}/action/edit_text/"
    data = {"edit_text-description": DESCRIPTION, "edit_text-proposed_action": "", "edit_text-proposed_owner": ""}

    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    values = re.findall(r'name="edit_text-acknowledged_findings" value="([^"]+)"', html)
    assert len(values) == 2
    assert '<details class="rake-action" id="action-edit_text" open>' in html

    response = client.post(url, {**data, "edit_text-acknowledged_findings": values})
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.description == DESCRIPTION


def test_detail_page_offers_the_coordinator_tools(client, coordinator, observation):
    client.force_login(coordinator)
    html = client.get(f"/observations/{observation.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'id="action-edit_text"' in html
    assert 'id="action-redact"' in html
    assert f'href="/observations/{observation.pk}/delete-permanently/"' in html
    assert "Personal data check" in html
    assert 'id="action-release"' not in html  # only for quarantined ones


def test_the_reporter_sees_no_coordinator_tools(web, observation):
    html = web.get(f"/observations/{observation.pk}/").content.decode()

    for marker in ("action-edit_text", "action-redact", "delete-permanently", "Personal data check"):
        assert marker not in html


def test_colleague_cannot_post_coordinator_tools(client, observation):
    colleague = MemberFactory(role=Role.REPORTER, county="15")
    client.force_login(colleague)
    for name in ("edit_text", "redact", "release"):
        assert client.post(f"/observations/{observation.pk}/action/{name}/", {}).status_code == 404
    assert_no_text_stored("nonexistent needle")
