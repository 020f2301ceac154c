"""Every role × every administration action through the pages (DESIGN §2, issue 16 point 7).

The target is a reporter of Keski-Suomi (county 15) and a phenomenon of county 15. A county's admin manages
their own county only: another county's admin gets 404 for the user and the phenomenon (cannot know they
exist) and an invalid form for county 15's organisation; roles without admin get 403; anonymous users go to
the login page. After a refused action nothing has changed; a refused write leaves one audit entry with the
outcome "denied"."""

import pytest
from django.urls import reverse

from rake.accounts.models import Membership, Role, User
from rake.accounts.tests.factories import MemberFactory, OrganisationFactory, UserFactory
from rake.core.models import AuditEntry
from rake.taxonomy.models import Phenomenon

pytestmark = pytest.mark.django_db

ACTIONS = ["users", "user", "create", "deactivate", "password_link", "add_role", "remove_role", "phenomena",
           "add_phenomenon", "edit_phenomenon"]
A = "allowed"
F = 403
H = 404
I = "invalid"  # noqa: E741 - the form refuses an organisation outside the admin's scope; nothing changes
L = "login"

#                   users user create deact. link add   remove phen. add_p edit_p
MATRIX = {
    "reporter":       [F, F, F, F, F, F, F, F, F, F],
    "coordinator":    [F, F, F, F, F, F, F, F, F, F],
    "analyst":        [F, F, F, F, F, F, F, F, F, F],
    "viewer":         [F, F, F, F, F, F, F, F, F, F],
    "national":       [F, F, F, F, F, F, F, F, F, F],
    "admin":          [A, A, A, A, A, A, A, A, A, A],
    "other_admin":    [A, H, I, H, H, H, H, A, A, H],  # add_phenomenon: one of county 06 (below)
    "superuser":      [A, A, A, A, A, A, A, A, A, A],
    "anonymous":      [L, L, L, L, L, L, L, L, L, L],
}
CASES = [(who, action, MATRIX[who][i]) for who in MATRIX for i, action in enumerate(ACTIONS)]


def make_actor(who):
    if who == "anonymous":
        return None
    if who == "superuser":
        return UserFactory(username="root", is_superuser=True, is_staff=True)
    if who == "other_admin":
        return MemberFactory(username="admin06", role=Role.ADMIN, county="06")
    role = {"admin": Role.ADMIN}.get(who, who)
    return MemberFactory(username=f"actor-{who}", role=role, county="15", national=who == "national")


@pytest.fixture
def world():
    organisation = OrganisationFactory(county_code="15")
    target = MemberFactory(username="target", role=Role.REPORTER, county="15")
    Membership.objects.create(user=target, organisation=organisation, role=Role.VIEWER)
    phenomenon = Phenomenon.objects.create(
        code="other.15_matrix", parent=Phenomenon.objects.get(code="other"), national_code="other", county_code="15",
        label_fi="Matriisi", label_sv="Matris", label_en="Matrix", sort_order=100)
    return {"organisation": organisation, "target": target, "phenomenon": phenomenon,
            "viewer_role": target.memberships.get(role=Role.VIEWER)}


def request(client, action, world):
    target, phenomenon = world["target"], world["phenomenon"]
    organisation = world["organisation"].pk
    phenomenon_data = {"label_fi": "Uusi", "label_sv": "Ny", "national_code": "other", "county": "15"}
    calls = {
        "users": ("get", reverse("administration:users"), None),
        "user": ("get", reverse("administration:user", args=[target.pk]), None),
        "create": ("post", reverse("administration:user_new"), {
            "first_name": "Uusi", "last_name": "Käyttäjä", "email": "uusi@example.com", "username": "uusi",
            "preferred_language": "fi", "organisation": organisation, "role": Role.REPORTER}),
        "deactivate": ("post", reverse("administration:user_active", args=[target.pk]), {"active": "0"}),
        "password_link": ("post", reverse("administration:user_password_link", args=[target.pk]), {}),
        "add_role": ("post", reverse("administration:membership_add", args=[target.pk]),
                     {"organisation": organisation, "role": Role.ANALYST}),
        "remove_role": ("post", reverse("administration:membership_remove", args=[world["viewer_role"].pk]), {}),
        "phenomena": ("get", reverse("administration:phenomena"), None),
        "add_phenomenon": ("post", reverse("administration:phenomenon_new"), phenomenon_data),
        "edit_phenomenon": ("post", reverse("administration:phenomenon", args=[phenomenon.pk]),
                            {**phenomenon_data, "label_fi": "Muutettu"}),
    }
    method, url, data = calls[action]
    return getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)


def state(world):
    target = User.objects.get(pk=world["target"].pk)
    return (target.is_active, sorted(target.memberships.values_list("role", flat=True)),
            User.objects.filter(username="uusi").exists(), Phenomenon.objects.exclude(county_code="").count(),
            Phenomenon.objects.get(pk=world["phenomenon"].pk).label_fi)


@pytest.mark.parametrize(("who", "action", "expected"), CASES, ids=[f"{w}-{a}" for w, a, _e in CASES])
def test_administration_matrix(client, world, who, action, expected):
    actor = make_actor(who)
    if actor is not None:
        client.force_login(actor)
    before = state(world)
    writes_before = AuditEntry.objects.exclude(action__in=["login", "logout"]).count()

    response = request(client, action, world)

    if expected == L:
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    elif expected in (F, H):
        assert response.status_code == expected
    elif expected == I:
        assert response.status_code == 200 and response.context["form"].errors
    else:
        assert response.status_code in (200, 302)
        if response.status_code == 200 and "form" in (response.context or {}):
            assert not response.context["form"].errors
    if expected == A and action not in ("users", "user", "phenomena"):
        assert state(world) != before or action == "password_link"
        assert AuditEntry.objects.exclude(action__in=["login", "logout"]).count() > writes_before
    if who == "other_admin" and action == "add_phenomenon":
        # The posted county is not theirs to choose: the phenomenon is their own county's.
        assert Phenomenon.objects.get(label_fi="Uusi").county_code == "06"
    if expected != A:
        assert state(world) == before
        # A refused write is audited as denied (nothing else is written); a refused read or a form error is not.
        new_entries = AuditEntry.objects.exclude(action__in=["login", "logout"]).order_by("id")[writes_before:]
        refused_write = expected in (F, H) and action not in ("users", "user", "phenomena")
        assert [entry.outcome for entry in new_entries] == (["denied"] if refused_write else [])
        if refused_write:
            assert new_entries[0].actor_username == actor.username
