"""POST /api/v1/auth/token and token authentication."""

import pytest
from rest_framework.authtoken.models import Token

from rake.accounts.tests.factories import PASSWORD
from rake.core.models import AuditEntry

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token"


def test_valid_credentials_give_a_token_that_authenticates(api_client, reporter, observation):
    response = api_client.post(URL, {"username": "reporter", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=reporter).key

    client = type(api_client)()
    assert client.get(f"/api/v1/observations/{observation.pk}").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get(f"/api/v1/observations/{observation.pk}")
    assert response.status_code == 200
    assert response.json()["id"] == observation.pk


def test_same_token_on_repeated_login(api_client, reporter):
    first = api_client.post(URL, {"username": "reporter", "password": PASSWORD}, format="json").json()["token"]
    second = api_client.post(URL, {"username": "reporter", "password": PASSWORD}, format="json").json()["token"]

    assert first == second


def test_token_login_is_audited(api_client, reporter):
    api_client.post(URL, {"username": "reporter", "password": PASSWORD}, format="json", REMOTE_ADDR="10.1.2.3")

    entry = AuditEntry.objects.get(action="login", outcome="success")
    assert entry.actor_id == reporter.pk
    assert entry.actor_username == "reporter"
    assert entry.detail == {"via": "api_token"}
    assert entry.ip_address == "10.1.2.3"
    assert entry.role == "reporter"
    assert entry.organisation == "Hyvinvointialue 15"


def test_wrong_password_is_400_and_audited_as_failed_login(api_client, reporter):
    response = api_client.post(URL, {"username": "reporter", "password": "wrong"}, format="json",
                               HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "authentication_failed"
    assert body["detail"] == "Unable to log in with the given username and password."
    assert "token" not in body
    entry = AuditEntry.objects.get(action="login")
    assert entry.outcome == "failure"
    assert entry.actor_username == "reporter"
    assert entry.actor_id is None
    assert not Token.objects.filter(user=reporter).exists()


def test_unknown_user_is_400(api_client, db):
    response = api_client.post(URL, {"username": "ghost", "password": "x"}, format="json")

    assert response.status_code == 400
    assert AuditEntry.objects.get(action="login").outcome == "failure"


def test_inactive_user_gets_no_token(api_client, reporter):
    reporter.is_active = False
    reporter.save()

    response = api_client.post(URL, {"username": "reporter", "password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert not Token.objects.exists()


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        ({}, {"username", "password"}),
        ({"username": "reporter"}, {"password"}),
        ({"password": PASSWORD}, {"username"}),
        ({"username": "", "password": ""}, {"username", "password"}),
    ],
)
def test_missing_fields_are_400(api_client, reporter, body, missing):
    response = api_client.post(URL, body, format="json")

    assert response.status_code == 400
    assert missing <= set(response.json())


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"[1, 2]", b'"reporter"', b"null", b'{"username": ["a"], "password": {"x": 1}}'],
)
def test_malformed_bodies_are_400(api_client, reporter, raw):
    response = api_client.post(URL, raw, content_type="application/json")

    assert response.status_code == 400


def test_bad_token_is_401(api_client, observation):
    api_client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")

    assert api_client.get(f"/api/v1/observations/{observation.pk}").status_code == 401


def test_session_authentication_also_works(client, reporter, observation):
    client.force_login(reporter)

    assert client.get(f"/api/v1/observations/{observation.pk}").status_code == 200
