"""Ten failed logins for one username, on the web form or the token endpoint, lock it (django-axes)."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from rake.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"
LIMIT = 10


def web_login(client, password, username="reporter"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password},
                       HTTP_ACCEPT_LANGUAGE="en")


def token_login(api_client, password, username="reporter"):
    return api_client.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_nine_failures_do_not_lock(client, reporter):
    for _ in range(LIMIT - 1):
        assert web_login(client, "wrong").status_code == 200

    response = web_login(client, PASSWORD)

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="reporter").exists()  # reset on success


def test_ten_failed_web_logins_lock_the_account(client, api_client, reporter):
    for _ in range(LIMIT - 1):
        web_login(client, "wrong")
    tenth = web_login(client, "wrong")

    assert tenth.status_code == 429
    response = web_login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Account locked" in response.content.decode()
    # The lock belongs to the username, not to the client: the token endpoint refuses it as well.
    assert token_login(api_client, PASSWORD).status_code == 429


def test_ten_failed_token_logins_lock_the_account(api_client, client, reporter):
    for _ in range(LIMIT - 1):
        assert token_login(api_client, "wrong").status_code == 400

    tenth = token_login(api_client, "wrong")
    assert tenth.status_code == 429
    assert tenth.json()["code"] == "account_locked"

    response = token_login(api_client, PASSWORD)
    assert response.status_code == 429
    assert "token" not in response.json()
    assert web_login(client, PASSWORD).status_code == 429


def test_lock_is_per_username(api_client, reporter, coordinator):
    for _ in range(LIMIT):
        token_login(api_client, "wrong", username="reporter")

    assert token_login(api_client, PASSWORD, username="coordinator").status_code == 200


def test_lock_ends_after_the_cool_off(api_client, reporter, settings):
    from datetime import timedelta

    from django.utils import timezone

    for _ in range(LIMIT):
        token_login(api_client, "wrong")
    assert token_login(api_client, PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1))

    assert token_login(api_client, PASSWORD).status_code == 200
