"""Strong identifiers can never be acknowledged (DESIGN §4.2, issue 15): an identity code with a valid check
character and an IBAN with a valid checksum are refused in every guarded text of an observation, even when the
client names them in `acknowledged_findings`; the same kinds with a wrong check stay acknowledgeable. A one-click
"remove" replaces a finding with a neutral placeholder and keeps everything else; coordinators see acknowledged
findings before they act, and accepting an observation that holds them needs an audited confirmation.

Synthetic data only: identity codes in the temporary range 900–999, IBANs that are merely well formed.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from rake.core.errors import FindingsNotConfirmed, PersonalDataFound
from rake.core.models import AuditEntry
from rake.observations import guard, services
from rake.observations.models import Observation, PrivacyAcknowledgement, Status, TimelineEvent
from rake.observations.tests.factories import ObservationFactory
from rake.privacy.detectors import IBAN, PERSONAL_ID, STRONG_KINDS, is_strong, scan
from rake.privacy.scanner import PLACEHOLDERS, STRONG_MESSAGE, mask_strong, placeholder

pytestmark = pytest.mark.django_db

HETU = "010190-900P"  # valid check character (temporary range)
HETU_BAD = "010190-900A"  # wrong check character
IBAN_OK = "FI21 1234 5600 0007 85"  # valid checksum
IBAN_BAD = "FI21 1234 5600 0007 86"  # wrong checksum
STRONG = {"hetu": HETU, "iban": IBAN_OK}
WEAK = {"hetu": HETU_BAD, "iban": IBAN_BAD}
KIND = {"hetu": PERSONAL_ID, "iban": IBAN}


def sentence(identifier):
    return f"Lomakkeessa luki {identifier} ja asia jäi kesken."


def ack(field, text, identifier, kind):
    start = text.index(identifier)
    return [{"field": field, "start": start, "end": start + len(identifier), "kind": kind}]


def data(**overrides):
    values = {"description": "Asiakkaat odottavat päätöstä kuukausia.", "phenomena": ["livelihood"],
              "observation_type": "need", "polarity": "negative", "observed_on": "2025-03-14"}
    values.update(overrides)
    return values


# --- the rule in the detectors ------------------------------------------------------------------------------

def test_is_strong_says_which_findings_are_strong_identifiers():
    assert set(STRONG_KINDS) == {PERSONAL_ID, IBAN}
    found = {text: scan(sentence(text), language="fi") for text in (HETU, HETU_BAD, IBAN_OK, IBAN_BAD)}
    assert [f.strong for f in found[HETU]] == [True] and is_strong(PERSONAL_ID, "hetu")
    assert [f.strong for f in found[IBAN_OK]] == [True] and is_strong(IBAN, "iban")
    assert [f.strong for f in found[HETU_BAD]] == [False] and not is_strong(PERSONAL_ID, "hetu_bad_check")
    assert [f.strong for f in found[IBAN_BAD]] == [False] and not is_strong(IBAN, "iban_bad_check")
    assert not is_strong("phone", "phone")


# --- every guarded text of an observation --------------------------------------------------------------------

@pytest.mark.parametrize("which", ["hetu", "iban"])
@pytest.mark.parametrize("field", guard.GUARDED_FIELDS)
def test_create_refuses_a_strong_identifier_even_when_acknowledged(reporter, field, which):
    text = sentence(STRONG[which])
    with pytest.raises(PersonalDataFound) as refused:
        services.observation_create(user=reporter, data=data(**{field: text}),
                                    acknowledged_findings=ack(field, text, STRONG[which], KIND[which]))
    (finding,) = refused.value.findings
    assert finding.strong and not finding.acknowledged
    assert refused.value.message == STRONG_MESSAGE
    assert refused.value.extra["findings"][0]["strong"] is True
    assert not Observation.objects.exists() and not PrivacyAcknowledgement.objects.exists()


@pytest.mark.parametrize("which", ["hetu", "iban"])
@pytest.mark.parametrize("field", guard.GUARDED_FIELDS)
def test_a_wrong_check_is_still_acknowledgeable(reporter, field, which):
    text = sentence(WEAK[which])
    observation, _created = services.observation_create(
        user=reporter, data=data(**{field: text}), acknowledged_findings=ack(field, text, WEAK[which], KIND[which]))
    assert getattr(observation, field) == text
    assert PrivacyAcknowledgement.objects.get(observation=observation).kind == KIND[which]


@pytest.mark.parametrize("which", ["hetu", "iban"])
def test_draft_update_and_coordinator_edit_refuse_it(reporter, coordinator, which):
    text = sentence(STRONG[which])
    draft = ObservationFactory(reporter=reporter, submit=False)
    with pytest.raises(PersonalDataFound):
        services.observation_update_draft(user=reporter, observation=draft, data={"description": text},
                                          acknowledged_findings=ack("description", text, STRONG[which], KIND[which]))
    submitted = ObservationFactory(reporter=reporter)
    with pytest.raises(PersonalDataFound):
        services.observation_edit_text(user=coordinator, observation=submitted, proposed_action=text,
                                       acknowledged_findings=ack("proposed_action", text, STRONG[which], KIND[which]))


@pytest.mark.parametrize("which", ["hetu", "iban"])
@pytest.mark.parametrize(("action", "status"), [
    ("accept", Status.SUBMITTED), ("reject", Status.SUBMITTED), ("request_clarification", Status.SUBMITTED),
    ("close", Status.SUBMITTED), ("mark_used", Status.ACCEPTED),
])
def test_coordinator_messages_refuse_it(reporter, coordinator, action, status, which):
    observation = ObservationFactory(reporter=reporter, status=status)
    text = sentence(STRONG[which])
    acknowledged = ack("reason", text, STRONG[which], KIND[which])
    call = {
        "accept": lambda: services.observation_accept(user=coordinator, observation=observation, message=text,
                                                      acknowledged_findings=acknowledged),
        "reject": lambda: services.observation_reject(user=coordinator, observation=observation, reason=text,
                                                      acknowledged_findings=acknowledged),
        "request_clarification": lambda: services.observation_request_clarification(
            user=coordinator, observation=observation, question=text, acknowledged_findings=acknowledged),
        "close": lambda: services.observation_close(user=coordinator, observation=observation, message=text,
                                                    acknowledged_findings=acknowledged),
        "mark_used": lambda: services.observation_mark_used(user=coordinator, observation=observation, message=text,
                                                            acknowledged_findings=acknowledged),
    }[action]
    with pytest.raises(PersonalDataFound) as refused:
        call()
    assert refused.value.message == STRONG_MESSAGE
    observation.refresh_from_db()
    assert observation.status == status


@pytest.mark.parametrize("which", ["hetu", "iban"])
def test_the_answer_refuses_it_and_a_wrong_check_passes(reporter, which):
    observation = ObservationFactory(reporter=reporter, status=Status.CLARIFICATION_REQUESTED)
    text = sentence(STRONG[which])
    with pytest.raises(PersonalDataFound):
        services.observation_answer_clarification(user=reporter, observation=observation, answer=text,
                                                  acknowledged_findings=ack("answer", text, STRONG[which], KIND[which]))
    weak = sentence(WEAK[which])
    services.observation_answer_clarification(user=reporter, observation=observation, answer=weak,
                                              acknowledged_findings=ack("answer", weak, WEAK[which], KIND[which]))
    assert TimelineEvent.objects.get(observation=observation, kind="clarification_answered").message == weak


@pytest.mark.parametrize(("language", "detail"), [
    ("fi", "henkilötunnus"), ("sv", "personbeteckning"), ("en", "personal identity code"),
])
@pytest.mark.translations
def test_the_api_refuses_an_acknowledged_identity_code_in_the_users_language(api_as, reporter, payload, language,
                                                                                detail):
    text = sentence(HETU)
    body = payload(description=text, acknowledged_findings=ack("description", text, HETU, PERSONAL_ID))
    response = api_as(reporter, language=language).post("/api/v1/observations", body, format="json")

    assert response.status_code == 422
    result = response.json()
    assert result["code"] == "personal_data" and detail in result["detail"]
    (finding,) = result["findings"]
    assert finding["strong"] is True and finding["acknowledged"] is False
    assert not Observation.objects.exists()


def test_an_old_acknowledgement_of_a_strong_identifier_no_longer_counts(reporter, coordinator):
    """Stored before the rule: the coordinator's check and the release treat it as not acknowledged."""
    observation = ObservationFactory(reporter=reporter)
    text = sentence(HETU)
    Observation.objects.filter(pk=observation.pk).update(description=text, status=Status.QUARANTINED)
    start = text.index(HETU)
    PrivacyAcknowledgement.objects.create(observation=observation, user=reporter, field="description", start=start,
                                          end=start + len(HETU), kind=PERSONAL_ID, score=0.99)
    observation.refresh_from_db()
    (finding,) = guard.current_findings(observation)
    assert finding.strong and not finding.acknowledged
    with pytest.raises(PersonalDataFound):
        services.observation_release(user=coordinator, observation=observation)


# --- one-click remove ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_placeholder_is_in_the_texts_language(language):
    assert placeholder(language) == PLACEHOLDERS[language]
    with translation.override("sv"):
        assert placeholder(None) == "[borttaget]"
    assert placeholder("de") in PLACEHOLDERS.values()


@pytest.mark.parametrize(("language", "marker"), [("fi", "[poistettu]"), ("sv", "[borttaget]"), ("en", "[removed]")])
def test_the_forms_remove_button_replaces_the_span_and_keeps_everything_else(client_as, reporter, language, marker):
    description = f"Asiakas antoi tunnuksen {HETU} ja soitti numerosta 040 123 4567 perjantaina."
    client = client_as(reporter)
    form = {"description": description, "phenomena": ["livelihood"], "observation_type": "need",
            "polarity": "negative", "proposed_action": "Nopeampi käsittely.", "trend": "unknown",
            "language": language, "reporter_kind": "professional", "channel": "social_report",
            "observed_on": "2025-03-14", "idempotency_key": "remove-test"}
    response = client.post(reverse("observations:new"), form)
    assert response.status_code == 200 and not Observation.objects.exists()
    page = response.content.decode()
    hetu_value = f"description:{description.index(HETU)}:{description.index(HETU) + len(HETU)}:personal_id"
    phone = "040 123 4567"
    phone_value = f"description:{description.index(phone)}:{description.index(phone) + len(phone)}:phone"
    # Both findings have a Remove button; only the phone number has a "not personal data" box.
    assert f'name="remove_finding" value="{hetu_value}"' in page and f'name="remove_finding" value="{phone_value}"' in page
    assert f'name="acknowledged_findings" value="{phone_value}"' in page
    assert f'name="acknowledged_findings" value="{hetu_value}"' not in page

    # Remove the identity code with the phone number ticked: the code is replaced, the tick moves with the text.
    response = client.post(reverse("observations:new"), {**form, "remove_finding": hetu_value,
                                                         "acknowledged_findings": [phone_value]})
    assert response.status_code == 200 and not Observation.objects.exists()
    page = response.content.decode()
    expected = description.replace(HETU, marker)
    assert expected in page and HETU not in page
    assert "Nopeampi käsittely." in page  # the other fields are kept
    assert 'value="livelihood" id="id_phenomena_' in page and "checked" in page
    shift = len(marker) - len(HETU)
    moved = f"description:{expected.index(phone)}:{expected.index(phone) + len(phone)}:phone"
    assert expected.index(phone) == description.index(phone) + shift
    assert f'name="acknowledged_findings" value="{moved}" aria-describedby' in page
    assert f'value="{moved}" aria-describedby="id_description_finding_1_about" checked' in page

    # Sent as shown: the ticked phone number is acknowledged, the placeholder is stored.
    response = client.post(reverse("observations:new"), {**form, "description": expected,
                                                         "acknowledged_findings": [moved], "action": "submit"})
    assert response.status_code == 302
    assert Observation.objects.get().description == expected


def test_a_stale_remove_changes_nothing(client_as, reporter):
    client = client_as(reporter)
    text = "Tunnus oli 010190-900A kerran."
    response = client.post(reverse("observations:new"), {
        "description": text, "remove_finding": "description:0:5:personal_id", "language": "fi"})
    page = response.content.decode()
    assert response.status_code == 200 and text in page and "[poistettu]" not in page
    assert not Observation.objects.exists()


def test_a_coordinators_message_form_has_the_remove_button_too(client_as, reporter, coordinator):
    observation = ObservationFactory(reporter=reporter)
    question = f"Onko tämä tilinumero {IBAN_OK} oikein?"
    client = client_as(coordinator)
    url = reverse("observations:action", args=[observation.pk, "request_clarification"])
    response = client.post(url, {"request_clarification-reason": question})
    assert response.status_code == 422
    start = question.index(IBAN_OK)
    value = f"reason:{start}:{start + len(IBAN_OK)}:iban"
    assert f'name="request_clarification-remove_finding" value="{value}"' in response.content.decode()

    response = client.post(url, {"request_clarification-reason": question,
                                 "request_clarification-remove_finding": value})
    assert response.status_code == 200
    assert question.replace(IBAN_OK, "[poistettu]") in response.content.decode()
    observation.refresh_from_db()
    assert observation.status == Status.SUBMITTED


def test_the_scan_api_removes_findings_on_request(reporter_api):
    text = f"Tili {IBAN_OK}, puhelin 040 123 4567."
    findings = reporter_api.post("/api/v1/privacy/scan", {"text": text, "language": "sv"}, format="json").json()
    iban = next(f for f in findings["findings"] if f["kind"] == "iban")
    assert iban["strong"] is True

    response = reporter_api.post("/api/v1/privacy/scan", {"text": text, "language": "sv", "remove": [
        {"start": iban["start"], "end": iban["end"], "kind": "iban"}]}, format="json")
    assert response.status_code == 200
    result = response.json()
    assert result["text"] == text.replace(IBAN_OK, "[borttaget]")
    assert [f["kind"] for f in result["findings"]] == ["phone"]
    assert [(f["start"], f["kind"]) for f in result["removed"]] == [(iban["start"], "iban")]

    # Something that is not a finding of the text (it changed since) removes nothing.
    response = reporter_api.post("/api/v1/privacy/scan", {"text": text, "remove": [
        {"start": 0, "end": 4, "kind": "iban"}]}, format="json")
    assert response.status_code == 200
    assert response.json()["text"] == text and response.json()["removed"] == []


# --- what coordinators see before they act ----------------------------------------------------------------------

def acknowledged_observation(reporter, text="Asiakas Matti Virtanen soitti toimistoon."):
    findings = scan(text, language="fi")
    assert findings
    observation, _created = services.observation_create(
        user=reporter, data=data(description=text),
        acknowledged_findings=[{"field": "description", "start": f.start, "end": f.end, "kind": f.kind}
                               for f in findings])
    return observation


def test_the_queue_flags_acknowledged_findings_and_masks_strong_identifiers(client_as, reporter, coordinator):
    flagged = acknowledged_observation(reporter)
    plain = ObservationFactory(reporter=reporter)
    legacy = ObservationFactory(reporter=reporter)
    Observation.objects.filter(pk=legacy.pk).update(description=f"Vanha teksti: tunnus {HETU}, tili {IBAN_OK}.")

    page = client_as(coordinator).get(reverse("observations:queue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert HETU not in page and IBAN_OK not in page
    assert "[Personal identity code]" in page and "[Bank account number (IBAN)]" in page
    rows = {pk: page[page.index(f"/observations/{pk}/"):][:3000].split("</tr>")[0]
            for pk in (flagged.pk, plain.pk, legacy.pk)}
    assert 'data-rake-flag="acknowledged"' in rows[flagged.pk]
    assert 'data-rake-flag="acknowledged"' not in rows[plain.pk]
    assert 'data-rake-flag="strong"' in rows[legacy.pk] and 'data-rake-flag="strong"' not in rows[plain.pk]


def test_mask_strong_masks_only_strong_identifiers():
    text = f"{HETU} {HETU_BAD} {IBAN_OK} 040 123 4567"
    with translation.override("fi"):
        assert mask_strong(text) == f"[Henkilötunnus] {HETU_BAD} [Tilinumero (IBAN)] 040 123 4567"


def test_the_page_shows_the_findings_and_who_confirmed_them_before_the_actions(client_as, reporter, coordinator):
    observation = acknowledged_observation(reporter)
    page = client_as(coordinator).get(reverse("observations:detail", args=[observation.pk]),
                                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    check = page.index('class="rake-privacy-check"')
    assert check < page.index('id="action-accept"') < page.index("id=\"panel-title\"") + 10_000
    assert check < page.index('id="panel-title"')
    assert "Confirmed as not personal data by the reporter," in page
    assert "data-rake-privacy-acknowledged" in page
    assert 'name="accept-confirm_acknowledged_findings"' in page


def test_accepting_needs_an_audited_confirmation(reporter, coordinator):
    observation = acknowledged_observation(reporter)
    with pytest.raises(FindingsNotConfirmed) as refused:
        services.observation_accept(user=coordinator, observation=observation)
    assert refused.value.findings and all(f.acknowledged for f in refused.value.findings)
    observation.refresh_from_db()
    assert observation.status == Status.SUBMITTED
    assert not AuditEntry.objects.filter(action="privacy.confirm_findings").exists()

    services.observation_accept(user=coordinator, observation=observation, confirm_acknowledged_findings=True)
    observation.refresh_from_db()
    assert observation.status == Status.ACCEPTED
    entry = AuditEntry.objects.get(action="privacy.confirm_findings")
    assert entry.object_id == str(observation.pk) and entry.actor_username == coordinator.username
    assert entry.detail == {"action": "accept", "count": 1, "acknowledged": 1, "kinds": ["person_name"]}


def test_accepting_without_findings_needs_no_confirmation(reporter, coordinator):
    observation = ObservationFactory(reporter=reporter)
    services.observation_accept(user=coordinator, observation=observation)
    assert not AuditEntry.objects.filter(action="privacy.confirm_findings").exists()


def test_a_strong_identifier_in_the_stored_text_refuses_accepting_even_confirmed(reporter, coordinator):
    observation = ObservationFactory(reporter=reporter)
    Observation.objects.filter(pk=observation.pk).update(description=sentence(IBAN_OK))
    with pytest.raises(PersonalDataFound) as refused:
        services.observation_accept(user=coordinator, observation=observation, confirm_acknowledged_findings=True)
    assert refused.value.message == STRONG_MESSAGE
    observation.refresh_from_db()
    assert observation.status == Status.SUBMITTED


def test_the_api_asks_for_the_confirmation_and_audits_it(api_as, reporter, coordinator):
    observation = acknowledged_observation(reporter)
    client = api_as(coordinator, language="en")
    url = f"/api/v1/observations/{observation.pk}/transition"
    response = client.post(url, {"action": "accept"}, format="json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "confirm_acknowledged_findings"
    assert [(f["kind"], f["acknowledged"]) for f in body["findings"]] == [("person_name", True)]
    assert "Matti" not in response.content.decode()

    response = client.post(url, {"action": "accept", "confirm_acknowledged_findings": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert AuditEntry.objects.filter(action="privacy.confirm_findings", object_id=str(observation.pk)).count() == 1


def test_the_accept_form_asks_for_the_confirmation(client_as, reporter, coordinator):
    observation = acknowledged_observation(reporter)
    client = client_as(coordinator)
    url = reverse("observations:action", args=[observation.pk, "accept"])
    response = client.post(url, {"accept-reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "confirm that the observation may be used as it is" in response.content.decode()
    observation.refresh_from_db()
    assert observation.status == Status.SUBMITTED

    response = client.post(url, {"accept-reason": "", "accept-confirm_acknowledged_findings": "on"})
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.status == Status.ACCEPTED
    assert AuditEntry.objects.filter(action="privacy.confirm_findings").count() == 1
