"""API token authentication in one query (rake.accounts.authentication, ADR 0010)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rake.accounts.models import Membership, Role
from rake.accounts.tests.factories import MemberFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def client_with_token(user, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_one_query_reads_the_token_the_user_and_the_memberships():
    user = MemberFactory(role=Role.COORDINATOR, county="15")
    Membership.objects.create(user=user, organisation=OrganisationFactory(county_code="06"), role=Role.ANALYST)
    client = client_with_token(user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/observations/0")  # no such observation: one lookup after the auth

    assert response.status_code == 404
    membership_reads = [q["sql"] for q in queries.captured_queries if "accounts_membership" in q["sql"]]
    assert len(membership_reads) == 1 and "authtoken_token" in membership_reads[0]


def test_the_permissions_come_from_every_membership():
    user = MemberFactory(role=Role.COORDINATOR, county="15")
    Membership.objects.create(user=user, organisation=OrganisationFactory(county_code="06"), role=Role.ANALYST)
    Membership.objects.create(user=user, organisation=OrganisationFactory(county_code="", is_national=True),
                              role=Role.NATIONAL)
    client = client_with_token(user)

    response = client.get("/api/v1/observations?county=06")

    assert response.status_code == 200
    request_user = response.wsgi_request.user
    assert request_user.pk == user.pk
    assert request_user.permissions.roles == {(Role.COORDINATOR, "15"), (Role.ANALYST, "06"), (Role.NATIONAL, None)}
    assert request_user.audit_summary()[1] == "analyst, coordinator, national"


def test_a_user_without_memberships_is_authenticated_with_no_roles():
    user = UserFactory()

    response = client_with_token(user).get("/api/v1/observations")

    assert response.status_code == 403
    assert response.wsgi_request.user.permissions.roles == set()


def test_an_unknown_token_is_401():
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

    response = client.get("/api/v1/observations")

    assert response.status_code == 401
    assert response.json() == {"code": "authentication_failed", "detail": "Invalid token."}


def test_an_inactive_users_token_is_401():
    user = MemberFactory(role=Role.REPORTER, county="15")
    client = client_with_token(user)
    user.is_active = False
    user.save()

    response = client.get("/api/v1/observations")

    assert response.status_code == 401
    assert response.json()["detail"] == "User inactive or deleted."


def test_a_removed_role_stops_working_on_the_next_request():
    user = MemberFactory(role=Role.COORDINATOR, county="15")
    client = client_with_token(user)
    assert client.get("/api/v1/observations").status_code == 200

    Membership.objects.filter(user=user).delete()

    assert client.get("/api/v1/observations").status_code == 403
