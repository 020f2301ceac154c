"""POST /api/v1/privacy/scan (DESIGN §5)."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from rake.privacy.detectors import without_voikko
from rake.privacy.scanner import MAX_SCAN_LENGTH

from .conftest import needs_voikko

pytestmark = pytest.mark.django_db

SCAN = "/api/v1/privacy/scan"
TEXT = "Asiakas Matti Virtanen, puh. 040 123 4567, sähköposti matti@example.com."


def scan(client, body):
    return client.post(SCAN, body, format="json")


def test_findings_with_exact_spans(reporter_api):
    response = scan(reporter_api, {"text": TEXT, "language": "fi"})

    assert response.status_code == 200, response.content
    findings = response.json()["findings"]
    assert [(f["kind"], TEXT[f["start"]:f["end"]]) for f in findings] == [
        ("person_name", "Matti Virtanen"), ("phone", "040 123 4567"), ("email", "matti@example.com"),
    ]
    for finding in findings:
        assert set(finding) == {"start", "end", "kind", "score", "reason", "reason_code", "label", "strong"}
        assert finding["strong"] is False
        assert 0 < finding["score"] <= 1


@pytest.mark.parametrize(("language", "label", "reason"), [
    ("fi", "Puhelinnumero", "Näyttää puhelinnumerolta."),
    ("sv", "Telefonnummer", "Ser ut som ett telefonnummer."),
    ("en", "Phone number", "Looks like a phone number."),
])
@pytest.mark.translations
def test_label_and_reason_in_the_request_language(api_as, reporter, language, label, reason):
    response = scan(api_as(reporter, language=language), {"text": "Soita numeroon 040 123 4567."})

    (finding,) = response.json()["findings"]
    assert finding["kind"] == "phone"
    assert finding["label"] == label
    assert finding["reason"] == reason
    assert finding["reason_code"] == "phone"


def test_every_kind(reporter_api):
    text = ("Henkilötunnus 010185-900D, IBAN FI21 1234 5600 0007 85, y-tunnus 0112038-9, "
            "osoite Ruusulankatu 17 B 5, 00250 Helsinki, s. 12.3.1987.")
    kinds = {f["kind"] for f in scan(reporter_api, {"text": text, "language": "fi"}).json()["findings"]}

    assert {"personal_id", "iban", "business_id", "address", "postal_code", "date_of_birth"} <= kinds


def test_clean_text_has_no_findings(reporter_api):
    text = "Kelan päätökset viipyvät, ja A-klinikan jonot ovat pidentyneet Jyväskylässä."
    response = scan(reporter_api, {"text": text})

    assert response.json()["findings"] == []


@pytest.mark.parametrize("text", ["", " ", "\n\n"])
def test_empty_text(reporter_api, text):
    assert scan(reporter_api, {"text": text}).json()["findings"] == []


def test_any_signed_in_user_may_scan(api_as, viewer, national, rake_admin, no_role_user):
    for user in (viewer, national, rake_admin, no_role_user):
        assert scan(api_as(user), {"text": TEXT}).status_code == 200


def test_anonymous_is_refused(api_client):
    assert scan(api_client, {"text": TEXT}).status_code in (401, 403)


def test_too_long_text_is_refused(reporter_api):
    response = scan(reporter_api, {"text": "a" * (MAX_SCAN_LENGTH + 1)})

    assert response.status_code == 400
    assert "text" in response.json()


def test_longest_allowed_text(reporter_api):
    text = ("Asiakas soitti numerosta 040 123 4567. " * 600)[:MAX_SCAN_LENGTH]
    response = scan(reporter_api, {"text": text})

    assert response.status_code == 200
    assert len(response.json()["findings"]) > 100


@pytest.mark.parametrize("body", [
    {}, {"text": None}, {"text": 5}, {"text": ["a"]}, {"text": "x", "language": "de"}, {"text": "x", "language": 1},
])
def test_bad_input_is_a_400(reporter_api, body):
    assert scan(reporter_api, body).status_code == 400


@pytest.mark.parametrize("body", [[], "text", 7, None])
def test_not_an_object_is_a_400(reporter_api, body):
    response = reporter_api.post(SCAN, body, format="json")
    assert response.status_code == 400


def test_malformed_json_is_a_400(reporter_api):
    response = reporter_api.generic("POST", SCAN, '{"text": ', content_type="application/json")
    assert response.status_code == 400


def test_the_text_is_not_stored_or_logged(reporter_api):
    from django.apps import apps

    scan(reporter_api, {"text": TEXT})
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "get_internal_type", lambda: "")() in ("CharField", "TextField", "JSONField"):
                if field.get_internal_type() == "JSONField":
                    continue
                assert not model.objects.filter(**{f"{field.name}__contains": "Virtanen"}).exists(), model


@needs_voikko
def test_detection_with_and_without_voikko(reporter_api):
    text = "Keskustelin eilen Ollikaisen kanssa toimeentulotuesta."

    with_voikko = scan(reporter_api, {"text": text, "language": "fi"}).json()
    with without_voikko():
        degraded = scan(reporter_api, {"text": text, "language": "fi"}).json()

    assert [(f["kind"], text[f["start"]:f["end"]]) for f in with_voikko["findings"]] == [("person_name", "Ollikaisen")]
    assert with_voikko["degraded"] == []
    assert degraded["findings"] == []
    assert degraded["degraded"] == ["person_name"]


def test_without_voikko_the_other_detectors_still_work(reporter_api):
    with without_voikko():
        findings = scan(reporter_api, {"text": TEXT, "language": "fi"}).json()["findings"]

    assert {f["kind"] for f in findings} == {"person_name", "phone", "email"}  # "Asiakas Matti Virtanen": lists


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=400), language=st.sampled_from([None, "fi", "sv", "en", ""]))
def test_never_a_500(reporter_api, text, language):
    body = {"text": text}
    if language is not None:
        body["language"] = language
    response = scan(reporter_api, body)

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        for finding in response.json()["findings"]:
            assert 0 <= finding["start"] < finding["end"] <= len(text)
