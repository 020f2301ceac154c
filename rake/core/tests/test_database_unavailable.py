"""A database that is away for a moment (restarting, failing over) gives 503 with Retry-After, not 500."""

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import reverse

from rake.observations import selectors

pytestmark = pytest.mark.django_db


def fail_with(monkeypatch, error):
    def unavailable(**kwargs):
        raise error

    monkeypatch.setattr(selectors, "observation_list", unavailable)


@pytest.mark.parametrize("error", [OperationalError("the database system is starting up"),
                                   InterfaceError("connection already closed")])
def test_api_answers_503_in_json_with_retry_after(api_as, reporter, monkeypatch, error):
    fail_with(monkeypatch, error)

    response = api_as(reporter, language="en").get("/api/v1/observations")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {"code": "unavailable",
                               "detail": "The service is unavailable for a moment. Try again in a few seconds."}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.translations
def test_api_message_is_in_the_users_language(api_as, reporter, monkeypatch):
    fail_with(monkeypatch, OperationalError("server closed the connection unexpectedly"))

    response = api_as(reporter, language="sv").get("/api/v1/observations")

    assert response.status_code == 503
    assert response.json()["detail"] == "Tjänsten är inte tillgänglig för tillfället. Försök igen om några sekunder."


def test_page_answers_503_with_a_page_that_needs_no_database(client_as, reporter, monkeypatch):
    client = client_as(reporter)
    client.get(reverse("observations:mine"))  # the session and user are loaded before the failure below
    fail_with(monkeypatch, OperationalError("could not connect to server"))

    response = client.get(reverse("observations:mine"))

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Service unavailable for a moment" in response.content.decode()
    assert response["Content-Security-Policy"]


def test_other_errors_stay_500(client_as, reporter, monkeypatch):
    client = client_as(reporter)
    client.raise_request_exception = False
    fail_with(monkeypatch, ValueError("a bug"))

    response = client.get(reverse("observations:mine"))

    assert response.status_code == 500


def test_schema_documents_503(client):
    schema = client.get("/api/v1/schema", HTTP_ACCEPT="application/json").json()

    create = schema["paths"]["/api/v1/observations"]["post"]["responses"]
    assert create["503"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
