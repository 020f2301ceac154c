"""Who may see and do what in the administration pages: a county's admin manages their county only; another
county's users and phenomena answer 404, actions outside the scope 403; the Django admin is for superusers."""

import pytest
from django.urls import reverse

from rake.accounts.models import Membership, Role, User
from rake.accounts.services import membership_grant
from rake.accounts.tests.factories import MemberFactory, OrganisationFactory, UserFactory
from rake.core.models import AuditEntry
from rake.taxonomy.models import Phenomenon

pytestmark = pytest.mark.django_db

PAGES = ["administration:users", "administration:user_new", "administration:phenomena",
         "administration:phenomenon_new"]


@pytest.fixture
def other_admin(db):
    return MemberFactory(username="other-admin", role=Role.ADMIN, county="06")


@pytest.fixture
def other_county_user(db):
    return MemberFactory(username="far-away", role=Role.REPORTER, county="06")


@pytest.fixture
def other_phenomenon(db):
    other = Phenomenon.objects.get(code="other")
    return Phenomenon.objects.create(code="other.06_own", parent=other, national_code="other", county_code="06",
                                     label_fi="Oma", label_sv="Egen", label_en="Own", sort_order=100)


@pytest.mark.parametrize("who", ["reporter", "coordinator", "analyst", "viewer", "national", "no_role_user"])
@pytest.mark.parametrize("name", PAGES)
def test_roles_without_admin_get_403(request, client_as, who, name):
    response = client_as(request.getfixturevalue(who)).get(reverse(name))
    assert response.status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("administration:users"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_county_admin_sees_the_pages(client_as, rake_admin, name):
    assert client_as(rake_admin).get(reverse(name)).status_code == 200


def test_user_list_holds_only_the_admins_county(client_as, rake_admin, reporter, other_county_user):
    response = client_as(rake_admin).get(reverse("administration:users"))
    users = {user.username for user in response.context["page"].object_list}
    assert users == {"rake-admin", "reporter"}


def test_another_countys_user_is_not_found(client_as, rake_admin, other_county_user):
    client = client_as(rake_admin)
    assert client.get(reverse("administration:user", args=[other_county_user.pk])).status_code == 404
    for name, data in (("administration:user_active", {"active": "0"}), ("administration:user_password_link", {}),
                       ("administration:membership_add", {"organisation": OrganisationFactory(county_code="15").pk,
                                                           "role": Role.REPORTER})):
        assert client.post(reverse(name, args=[other_county_user.pk]), data).status_code == 404
    membership = other_county_user.memberships.get()
    assert client.post(reverse("administration:membership_remove", args=[membership.pk])).status_code == 404
    other_county_user.refresh_from_db()
    assert other_county_user.is_active and other_county_user.memberships.count() == 1


def test_a_user_shared_with_another_county_cannot_be_deactivated(client_as, rake_admin, other_county_user):
    membership_grant(user=other_county_user, organisation=OrganisationFactory(county_code="15"), role=Role.VIEWER)
    client = client_as(rake_admin)
    assert client.get(reverse("administration:user", args=[other_county_user.pk])).status_code == 200
    response = client.post(reverse("administration:user_active", args=[other_county_user.pk]), {"active": "0"})
    assert response.status_code == 403
    # Nor may the admin remove the other county's role.
    foreign = other_county_user.memberships.get(organisation__county_code="06")
    assert client.post(reverse("administration:membership_remove", args=[foreign.pk])).status_code == 403
    assert User.objects.get(pk=other_county_user.pk).is_active
    attempts = AuditEntry.objects.filter(action__in=["user.deactivate", "permission_change"],
                                         actor_username="rake-admin").order_by("id")
    assert [(entry.action, entry.outcome) for entry in attempts] == [("user.deactivate", "denied"),
                                                                     ("permission_change", "denied")]


def test_roles_are_granted_only_in_the_admins_organisations(client_as, rake_admin, reporter):
    client = client_as(rake_admin)
    foreign = OrganisationFactory(county_code="06")
    national = OrganisationFactory(is_national=True, county_code="")
    for organisation, role in ((foreign, Role.COORDINATOR), (national, Role.NATIONAL)):
        response = client.post(reverse("administration:membership_add", args=[reporter.pk]),
                               {"organisation": organisation.pk, "role": role})
        # Not offered in the form: refused as an invalid choice, nothing granted.
        assert response.status_code == 400
    # The national role reads every county's statistics: never granted by a county's admin.
    own = OrganisationFactory(county_code="15")
    response = client.post(reverse("administration:membership_add", args=[reporter.pk]),
                           {"organisation": own.pk, "role": Role.NATIONAL})
    assert response.status_code == 400
    assert set(reporter.memberships.values_list("role", flat=True)) == {Role.REPORTER}


def test_admin_cannot_lock_themselves_out(client_as, rake_admin):
    client = client_as(rake_admin)
    own = rake_admin.memberships.get()
    membership_grant(user=rake_admin, organisation=own.organisation, role=Role.ANALYST)
    response = client.post(reverse("administration:membership_remove", args=[own.pk]), follow=True)
    assert response.status_code == 200
    assert Membership.objects.filter(pk=own.pk).exists()
    assert client.post(reverse("administration:user_active", args=[rake_admin.pk]),
                       {"active": "0"}).status_code == 403
    assert client.post(reverse("administration:user_password_link", args=[rake_admin.pk])).status_code == 403
    assert User.objects.get(pk=rake_admin.pk).is_active


def test_another_countys_phenomenon_is_not_found(client_as, rake_admin, other_phenomenon):
    client = client_as(rake_admin)
    url = reverse("administration:phenomenon", args=[other_phenomenon.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"label_fi": "Muutettu", "label_sv": "Ändrad", "national_code": "other"}).status_code == 404
    assert Phenomenon.objects.get(pk=other_phenomenon.pk).label_fi == "Oma"
    listed = client.get(reverse("administration:phenomena")).context["rows"]
    assert other_phenomenon.pk not in {row["phenomenon"].pk for row in listed}


def test_national_phenomena_are_not_editable_here(client_as, rake_admin):
    national = Phenomenon.objects.get(code="homelessness")
    assert client_as(rake_admin).get(reverse("administration:phenomenon", args=[national.pk])).status_code == 404


def test_django_admin_is_for_superusers_only(client_as, rake_admin):
    staff = UserFactory(is_staff=True)
    for user in (rake_admin, staff):
        response = client_as(user).get("/django-admin/")
        assert response.status_code == 302 and "/django-admin/login/" in response["Location"]
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert client_as(superuser).get("/django-admin/").status_code == 200


def test_navigation_shows_administration_to_admins_only(client_as, rake_admin, coordinator):
    def names(user):
        return {item["name"] for item in client_as(user).get("/").context["rake_navigation"]}

    assert "administration:users" in names(rake_admin)
    # The audit log and status are in the administration's sub-navigation, not the main one.
    assert not {"core:audit", "core:status"} & names(rake_admin)
    assert "administration:users" not in names(coordinator)
    assert "admin:index" not in names(UserFactory(is_staff=True))


def test_superuser_administers_every_county(client_as, reporter, other_county_user):
    superuser = UserFactory(is_superuser=True)
    response = client_as(superuser).get(reverse("administration:users"))
    users = {user.username for user in response.context["page"].object_list}
    assert {"reporter", "far-away"} <= users


def test_superuser_is_told_when_a_role_does_not_fit_the_organisation(client_as, reporter):
    superuser = UserFactory(is_superuser=True)
    county_organisation = OrganisationFactory(county_code="15")
    response = client_as(superuser).post(reverse("administration:membership_add", args=[reporter.pk]),
                                         {"organisation": county_organisation.pk, "role": Role.NATIONAL})
    assert response.status_code == 400
    assert response.context["membership_form"].errors["role"]
    assert not reporter.memberships.filter(role=Role.NATIONAL).exists()
