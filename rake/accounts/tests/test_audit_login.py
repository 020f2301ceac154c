"""Logins, failed logins and logouts are audited however they happen."""

import pytest
from django.urls import reverse

from rake.accounts.tests.factories import PASSWORD
from rake.core.models import AuditEntry

pytestmark = pytest.mark.django_db

# Web login forms: Rake's own page and the Django admin's.
LOGIN_VIEWS = ["accounts:login", "admin:login"]


@pytest.fixture
def staff_reporter(reporter):
    # The admin's form only lets staff in; Rake's own form lets anyone with an account.
    reporter.is_staff = True
    reporter.save()
    return reporter


@pytest.mark.parametrize("view", LOGIN_VIEWS)
def test_web_form_login_is_audited(client, staff_reporter, view):
    response = client.post(reverse(view), {"username": "reporter", "password": PASSWORD},
                           REMOTE_ADDR="192.0.2.7")

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="login")
    assert entry.outcome == "success"
    assert entry.actor_id == staff_reporter.pk
    assert entry.actor_username == "reporter"
    assert entry.role == "reporter"
    assert entry.ip_address == "192.0.2.7"
    assert entry.object_type == "accounts.user"
    assert entry.object_id == str(staff_reporter.pk)


@pytest.mark.parametrize("view", LOGIN_VIEWS)
def test_web_form_failed_login_is_audited_without_the_password(client, reporter, view):
    response = client.post(reverse(view), {"username": "reporter", "password": "Salasana-väärin"})

    assert response.status_code == 200  # the form comes back with an error
    entry = AuditEntry.objects.get(action="login")
    assert entry.outcome == "failure"
    assert entry.actor_username == "reporter"
    assert "Salasana-väärin" not in str(entry.detail)


def test_force_login_and_logout_are_audited(client, reporter):
    client.force_login(reporter)
    client.logout()

    assert list(AuditEntry.objects.order_by("id").values_list("action", "outcome", "actor_username")) == [
        ("login", "success", "reporter"),
        ("logout", "success", "reporter"),
    ]


def test_web_logout_is_audited(client, reporter):
    client.post(reverse("accounts:login"), {"username": "reporter", "password": PASSWORD})

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert list(AuditEntry.objects.order_by("id").values_list("action", "actor_username")) == [
        ("login", "reporter"), ("logout", "reporter")]
