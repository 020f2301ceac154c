"""The permission resolver (DESIGN §2) and the querysets scoped by it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from rake.accounts.models import Role, User
from rake.accounts.permissions import Permissions
from rake.accounts.services import membership_grant
from rake.accounts.tests.factories import MemberFactory, OrganisationFactory, UserFactory
from rake.core.errors import PermissionDenied
from rake.core.models import AuditEntry
from rake.observations.models import Observation, Status
from rake.observations.selectors import observation_list, observation_visible_q
from rake.observations.tests.factories import ObservationFactory

pytestmark = pytest.mark.django_db


def visible(user):
    return set(Observation.objects.filter(observation_visible_q(user)).values_list("pk", flat=True))


# --- roles and counties ----------------------------------------------------------------


def test_roles_are_held_per_organisation():
    user = MemberFactory(role=Role.REPORTER, county="15")
    membership_grant(user=user, organisation=OrganisationFactory(county_code="06"), role=Role.COORDINATOR)
    membership_grant(user=user, organisation=OrganisationFactory(is_national=True, county_code=""),
                     role=Role.NATIONAL)
    perms = User.objects.get(pk=user.pk).permissions  # a fresh object: the resolver caches roles
    assert perms.roles == {(Role.REPORTER, "15"), (Role.COORDINATOR, "06"), (Role.NATIONAL, None)}
    assert perms.has_role(Role.COORDINATOR)
    assert perms.has_role(Role.COORDINATOR, "06")
    assert not perms.has_role(Role.COORDINATOR, "15")
    assert perms.triage_counties() == {"06"}
    assert perms.submit_counties() == {"15", "06"}


def test_membership_grant_is_audited_and_idempotent(rake_admin):
    user = UserFactory()
    organisation = OrganisationFactory(county_code="15")

    membership_grant(user=user, organisation=organisation, role=Role.ANALYST, granted_by=rake_admin)
    membership_grant(user=user, organisation=organisation, role=Role.ANALYST, granted_by=rake_admin)

    assert user.memberships.count() == 1
    entries = AuditEntry.objects.filter(action="permission_change")
    assert entries.count() == 1
    assert entries.get().actor_username == rake_admin.username


@pytest.mark.parametrize(
    ("role", "county", "national", "expected"),
    [
        (Role.REPORTER, "15", False, "15"),
        (Role.COORDINATOR, "06", False, "06"),
        (Role.ANALYST, "12", False, "12"),
        (Role.NATIONAL, "", True, None),
    ],
)
def test_home_county(role, county, national, expected):
    assert MemberFactory(role=role, county=county, national=national).permissions.home_county == expected


def test_home_county_prefers_the_reporter_membership():
    user = MemberFactory(role=Role.ANALYST, county="01")
    membership_grant(user=user, organisation=OrganisationFactory(county_code="15"), role=Role.REPORTER)
    assert User.objects.get(pk=user.pk).permissions.home_county == "15"


def test_user_without_membership_or_inactive_has_no_rights(observation):
    nobody = UserFactory()
    inactive = MemberFactory(role=Role.COORDINATOR, county="15", is_active=False)

    for user in (nobody, inactive, AnonymousUser()):
        perms = Permissions(user)
        assert perms.roles == set()
        assert not perms.can_submit()
        assert not perms.can_list_observations()
        assert not perms.can_view_observation(observation)
        assert not perms.can_triage(observation)
        assert perms.home_county is None


# --- what each role may do to one observation -------------------------------------------

ROLE_USERS = ["reporter", "other_reporter", "coordinator", "other_coordinator", "analyst", "viewer", "national",
              "rake_admin"]
# (can_submit, can_view_observation, can_read_raw_text, can_triage, can_list_observations)
EXPECTED = {
    "reporter": (True, True, True, False, True),
    "other_reporter": (True, False, False, False, True),
    "coordinator": (True, True, True, True, True),
    "other_coordinator": (True, False, False, False, True),
    "analyst": (False, True, True, False, True),
    "viewer": (False, False, False, False, False),
    "national": (False, False, False, False, False),
    "rake_admin": (False, False, False, False, False),
}


@pytest.mark.parametrize("who", ROLE_USERS)
def test_resolver_per_role(request, who, observation):
    perms = request.getfixturevalue(who).permissions

    actual = (perms.can_submit(), perms.can_view_observation(observation), perms.can_read_raw_text(observation),
              perms.can_triage(observation), perms.can_list_observations())
    assert actual == EXPECTED[who]


def test_can_submit_is_per_county(reporter, other_coordinator):
    assert reporter.permissions.can_submit("15")
    assert not reporter.permissions.can_submit("06")
    assert other_coordinator.permissions.can_submit("06")
    assert not other_coordinator.permissions.can_submit("15")


def test_dashboard_and_admin_capabilities(reporter, coordinator, analyst, viewer, national, rake_admin):
    assert [u.permissions.can_view_dashboard() for u in (reporter, coordinator, analyst, viewer, national)] == [
        False, True, True, True, True]
    assert rake_admin.permissions.is_admin() and rake_admin.permissions.can_search_audit()
    assert not coordinator.permissions.can_search_audit()
    assert UserFactory(is_superuser=True).permissions.is_admin()


def test_draft_is_editable_and_visible_only_to_its_author(reporter, coordinator, analyst, make_observation):
    draft = make_observation(submit=False)

    assert reporter.permissions.can_edit_draft(draft)
    assert reporter.permissions.can_view_observation(draft)
    assert not coordinator.permissions.can_view_observation(draft)
    assert not coordinator.permissions.can_read_raw_text(draft)
    assert not analyst.permissions.can_view_observation(draft)


def test_answer_clarification_only_own_and_in_clarification(reporter, other_reporter, make_observation):
    asked = make_observation(status=Status.CLARIFICATION_REQUESTED)
    submitted = make_observation()

    assert reporter.permissions.can_answer_clarification(asked)
    assert not reporter.permissions.can_answer_clarification(submitted)
    assert not other_reporter.permissions.can_answer_clarification(asked)


def test_quarantined_visible_only_to_the_county_coordinator(reporter, coordinator, other_coordinator, analyst,
                                                             make_observation):
    quarantined = make_observation(status=Status.QUARANTINED)

    assert coordinator.permissions.can_view_observation(quarantined)
    assert not reporter.permissions.can_view_observation(quarantined)
    assert not analyst.permissions.can_view_observation(quarantined)
    assert not other_coordinator.permissions.can_view_observation(quarantined)


# --- scoped querysets -------------------------------------------------------------------


@pytest.fixture
def spread(reporter, other_reporter):
    """Observations of both counties in several states."""
    satakunta_reporter = MemberFactory(role=Role.REPORTER, county="06")
    return {
        "own": ObservationFactory(reporter=reporter),
        "own_draft": ObservationFactory(reporter=reporter, submit=False),
        "own_quarantined": ObservationFactory(reporter=reporter, status=Status.QUARANTINED),
        "colleague": ObservationFactory(reporter=other_reporter),
        "colleague_draft": ObservationFactory(reporter=other_reporter, submit=False),
        "colleague_accepted": ObservationFactory(reporter=other_reporter, status=Status.ACCEPTED),
        "satakunta": ObservationFactory(reporter=satakunta_reporter),
        "satakunta_draft": ObservationFactory(reporter=satakunta_reporter, submit=False),
    }


def ids(spread, *names):
    return {spread[name].pk for name in names}


def test_reporter_sees_only_own_and_not_quarantined(reporter, spread):
    assert visible(reporter) == ids(spread, "own", "own_draft")


def test_coordinator_sees_county_without_others_drafts(coordinator, spread):
    assert visible(coordinator) == ids(spread, "own", "own_quarantined", "colleague", "colleague_accepted")


def test_coordinator_of_another_county_never_sees_ours(other_coordinator, spread):
    assert visible(other_coordinator) == ids(spread, "satakunta")
    assert not visible(other_coordinator) & ids(spread, "own", "colleague", "colleague_accepted")


def test_analyst_sees_county_without_drafts_or_quarantined(analyst, spread):
    assert visible(analyst) == ids(spread, "own", "colleague", "colleague_accepted")


@pytest.mark.parametrize("who", ["viewer", "national", "rake_admin"])
def test_roles_without_raw_access_see_nothing(request, who, spread):
    user = request.getfixturevalue(who)

    assert visible(user) == set()
    with pytest.raises(PermissionDenied):
        observation_list(user=user)


@pytest.mark.parametrize("who", ["reporter", "other_reporter", "coordinator", "other_coordinator", "analyst"])
def test_resolver_agrees_with_queryset(request, who, spread):
    """The queryset and the per-object check give the same answer for every observation."""
    user = request.getfixturevalue(who)
    allowed = {obs.pk for obs in spread.values() if user.permissions.can_view_observation(obs)}

    assert visible(user) == allowed
    assert set(observation_list(user=user).values_list("pk", flat=True)) == allowed
