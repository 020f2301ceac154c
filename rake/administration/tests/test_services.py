"""The administration services: what they write, what they refuse, and the audit entry each write leaves."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from rake.accounts import services
from rake.accounts.models import Membership, Role, User
from rake.accounts.tests.factories import MemberFactory, OrganisationFactory, UserFactory
from rake.core.errors import NotFound, PermissionDenied, ValidationError
from rake.core.models import AuditEntry
from rake.observations.tests.factories import ObservationFactory
from rake.taxonomy import services as taxonomy_services
from rake.taxonomy.models import Phenomenon
from rake.taxonomy.selectors import phenomenon_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def http_request(rake_admin):
    request = RequestFactory().post("/administration/")
    request.user = rake_admin
    return request


def create(rake_admin, request=None, **values):
    defaults = {"username": "new-worker", "email": "new.worker@example.com", "first_name": "Uusi",
                "last_name": "Työntekijä", "organisation": OrganisationFactory(county_code="15"),
                "role": Role.REPORTER, "preferred_language": "sv"}
    return services.user_create(actor=rake_admin, request=request, **{**defaults, **values})


# --- users ------------------------------------------------------------------------------------------------

def test_user_create_makes_a_user_without_a_password_and_audits(rake_admin, http_request):
    user = create(rake_admin, http_request)

    assert not user.has_usable_password()
    assert list(user.memberships.values_list("organisation__county_code", "role")) == [("15", Role.REPORTER)]
    created = AuditEntry.objects.get(action="user.create")
    assert (created.actor_username, created.object_id, created.ip_address) == ("rake-admin", str(user.pk),
                                                                               "127.0.0.1")
    assert created.detail == {"organisation": user.memberships.get().organisation_id, "role": "reporter"}
    granted = AuditEntry.objects.get(action="permission_change")
    assert granted.detail["grant"] == "reporter" and granted.actor_username == "rake-admin"


def test_user_create_refuses_duplicates(rake_admin, reporter):
    with pytest.raises(ValidationError) as error:
        create(rake_admin, username="REPORTER", email=reporter.email.upper())
    assert set(error.value.field_errors) == {"username", "email"}
    assert not AuditEntry.objects.filter(action="user.create").exists()


@pytest.mark.parametrize(("county", "national", "role"), [("06", False, Role.REPORTER), ("15", False, Role.NATIONAL),
                                                         ("", True, Role.NATIONAL)])
def test_user_create_refuses_roles_beyond_the_admins_scope(rake_admin, county, national, role):
    organisation = OrganisationFactory(county_code=county, is_national=national)
    with pytest.raises(PermissionDenied):
        create(rake_admin, organisation=organisation, role=role)
    assert not User.objects.filter(username="new-worker").exists()


def test_deactivate_and_reactivate(rake_admin, reporter, http_request):
    from rest_framework.authtoken.models import Token

    Token.objects.create(user=reporter)
    services.user_set_active(actor=rake_admin, user=reporter, active=False, request=http_request)
    reporter.refresh_from_db()
    assert not reporter.is_active
    assert not Token.objects.filter(user=reporter).exists()
    assert not reporter.permissions.roles  # an inactive user holds no roles

    services.user_set_active(actor=rake_admin, user=reporter, active=True, request=http_request)
    assert User.objects.get(pk=reporter.pk).is_active
    assert list(AuditEntry.objects.filter(object_id=str(reporter.pk)).order_by("id")
                .values_list("action", flat=True)) == ["user.deactivate", "user.reactivate"]


def test_deactivated_user_cannot_log_in(client, rake_admin, reporter):
    from rake.accounts.tests.factories import PASSWORD

    services.user_set_active(actor=rake_admin, user=reporter, active=False)
    client.post(reverse("accounts:login"), {"username": "reporter", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_refusals_leave_the_user_alone(rake_admin, other_coordinator):
    with pytest.raises(NotFound):
        services.user_set_active(actor=rake_admin, user=other_coordinator, active=False)
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=rake_admin, user=rake_admin, active=False)
    superuser = UserFactory(is_superuser=True)
    services.membership_grant(user=superuser, organisation=OrganisationFactory(county_code="15"), role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.user_set_active(actor=rake_admin, user=superuser, active=False)
    assert User.objects.filter(is_active=False).count() == 0
    assert not AuditEntry.objects.filter(action__startswith="user.").exists()


def test_password_link_sets_a_password_once(client, rake_admin, http_request, django_capture_on_commit_callbacks):
    user = create(rake_admin, http_request)
    with django_capture_on_commit_callbacks(execute=True):
        services.user_send_password_link(actor=rake_admin, user=user, request=http_request)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.worker@example.com"]
    assert message.subject == "Ange ditt lösenord för Rake"  # the user's language
    link = re.search(r"http://testserver(/accounts/password/\S+/)", message.body).group(1)
    entry = AuditEntry.objects.get(action="user.password_link")
    assert link not in str(entry.detail) and entry.object_id == str(user.pk)

    # A lockout (ten failed logins) ends when the password is set.
    AccessAttempt.objects.create(username="new-worker", failures_since_start=10, ip_address="127.0.0.1",
                                 user_agent="test", get_data="", post_data="", http_accept="", path_info="/")
    page = client.get(link, follow=True)
    assert page.context["validlink"]
    new_password = "Uusi-Salasana-2026"
    done = client.post(page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password_set_done")
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert AuditEntry.objects.filter(action="user.password_set", object_id=str(user.pk)).exists()
    assert not AccessAttempt.objects.filter(username="new-worker").exists()
    # The link works once.
    assert not client.get(link, follow=True).context["validlink"]


def test_password_link_needs_an_active_user_with_an_address(rake_admin, reporter, http_request):
    reporter.email = ""
    reporter.save()
    with pytest.raises(ValidationError):
        services.user_send_password_link(actor=rake_admin, user=reporter, request=http_request)
    services.user_set_active(actor=rake_admin, user=reporter, active=False)
    with pytest.raises(ValidationError):
        services.user_send_password_link(actor=rake_admin, user=reporter, request=http_request)
    assert not mail.outbox


# --- memberships -------------------------------------------------------------------------------------------

def test_membership_add_and_remove_are_audited(rake_admin, reporter, http_request):
    organisation = OrganisationFactory(county_code="15")
    membership = services.membership_add(actor=rake_admin, user=reporter, organisation=organisation,
                                         role=Role.ANALYST, request=http_request)
    services.membership_remove(actor=rake_admin, membership=membership, request=http_request)

    assert set(reporter.memberships.values_list("role", flat=True)) == {Role.REPORTER}
    details = list(AuditEntry.objects.filter(action="permission_change", actor_username="rake-admin")
                   .order_by("id").values_list("detail", flat=True))
    assert [("grant" in d, "revoke" in d) for d in details] == [(True, False), (False, True)]
    assert details[1] == {"revoke": "analyst", "user": reporter.pk, "organisation": organisation.pk}


def test_a_users_only_role_is_not_removed(rake_admin, reporter):
    with pytest.raises(ValidationError):
        services.membership_remove(actor=rake_admin, membership=reporter.memberships.get())
    assert reporter.memberships.exists()


def test_own_admin_role_stays_unless_another_remains(rake_admin):
    own = rake_admin.memberships.get()
    services.membership_grant(user=rake_admin, organisation=own.organisation, role=Role.COORDINATOR)
    with pytest.raises(ValidationError):
        services.membership_remove(actor=rake_admin, membership=own)
    second = OrganisationFactory(name="Toinen organisaatio", county_code="15")
    services.membership_grant(user=rake_admin, organisation=second, role=Role.ADMIN)
    services.membership_remove(actor=rake_admin, membership=own)
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_admin_may_appoint_another_admin_in_the_county(rake_admin, reporter):
    services.membership_add(actor=rake_admin, user=reporter, organisation=OrganisationFactory(county_code="15"),
                            role=Role.ADMIN)
    assert User.objects.get(pk=reporter.pk).permissions.admin_counties() == {"15"}


# --- the county's own phenomena -----------------------------------------------------------------------------

def add_phenomenon(rake_admin, **values):
    defaults = {"county": "15", "national_code": "other", "label_fi": "Lastensuojelu", "label_sv": "Barnskydd",
                "label_en": "Child welfare"}
    return taxonomy_services.county_phenomenon_create(actor=rake_admin, **{**defaults, **values})


def test_county_phenomenon_is_a_sub_theme_of_its_national_phenomenon(rake_admin):
    phenomenon = add_phenomenon(rake_admin, valid_from=datetime.date(2025, 1, 1))
    assert (phenomenon.parent.code, phenomenon.national_code, phenomenon.county_code) == ("other", "other", "15")
    assert phenomenon.code == "other.15_child_welfare"
    assert add_phenomenon(rake_admin).code == "other.15_child_welfare_2"
    entry = AuditEntry.objects.filter(action="taxonomy.change").first()
    assert entry.detail["operation"] == "create" and entry.actor_username == "rake-admin"


def test_county_phenomenon_shows_only_in_its_county_and_validity(rake_admin):
    phenomenon = add_phenomenon(rake_admin, valid_from=datetime.date(2025, 1, 1), valid_to=datetime.date(2025, 12, 31))

    def children(county, on=None, keep=()):
        other = next(p for p in phenomenon_list(county=county, on=on, keep=keep) if p.code == "other")
        return {child.code for child in other.children.all()}

    assert phenomenon.code in children("15")
    assert phenomenon.code not in children("06")
    assert phenomenon.code not in children(None)
    assert phenomenon.code in children("15", on=datetime.date(2025, 6, 1))
    assert phenomenon.code not in children("15", on=datetime.date(2026, 1, 1))
    # An observation that already has it keeps it after its validity.
    assert phenomenon.code in children("15", on=datetime.date(2026, 1, 1), keep=[phenomenon.code])


def test_county_phenomenon_refusals(rake_admin):
    with pytest.raises(PermissionDenied):
        add_phenomenon(rake_admin, county="06")
    with pytest.raises(ValidationError) as error:
        add_phenomenon(rake_admin, label_sv=" ", national_code="nonsense", valid_from=datetime.date(2026, 2, 1),
                       valid_to=datetime.date(2026, 1, 1))
    assert set(error.value.field_errors) == {"label_sv", "national_code", "valid_to"}
    assert not Phenomenon.objects.exclude(county_code="").exists()


def test_national_code_is_fixed_once_observations_use_it(rake_admin):
    phenomenon = add_phenomenon(rake_admin)
    values = {"label_fi": "Lastensuojelu", "label_sv": "Barnskydd", "label_en": "Child welfare"}
    taxonomy_services.county_phenomenon_update(actor=rake_admin, phenomenon=phenomenon,
                                               national_code="mental_health", **values)
    assert (phenomenon.parent.code, phenomenon.national_code) == ("mental_health", "mental_health")
    assert phenomenon.code == "mental_health.15_child_welfare"  # unused: its code follows the mapping

    ObservationFactory(reporter=MemberFactory(role=Role.REPORTER, county="15"), phenomena=[phenomenon.code])
    with pytest.raises(ValidationError):
        taxonomy_services.county_phenomenon_update(actor=rake_admin, phenomenon=phenomenon, national_code="other",
                                                   **values)
    taxonomy_services.county_phenomenon_update(actor=rake_admin, phenomenon=phenomenon,
                                               national_code="mental_health", valid_to=datetime.date(2026, 6, 30),
                                               **values)
    phenomenon.refresh_from_db()
    assert (phenomenon.national_code, phenomenon.valid_to) == ("mental_health", datetime.date(2026, 6, 30))
    updates = AuditEntry.objects.filter(action="taxonomy.change", detail__operation="update").order_by("id")
    assert [entry.detail["fields"] for entry in updates] == [["national_code"], ["valid_to"]]


def test_another_countys_admin_cannot_update(rake_admin):
    phenomenon = add_phenomenon(rake_admin)
    other_admin = MemberFactory(role=Role.ADMIN, county="06")
    with pytest.raises(NotFound):
        taxonomy_services.county_phenomenon_update(actor=other_admin, phenomenon=phenomenon, national_code="other",
                                                   label_fi="X", label_sv="Y")


def test_an_observation_takes_a_county_phenomenon_only_in_its_county_and_validity(rake_admin):
    from rake.observations import services as observation_services

    phenomenon = add_phenomenon(rake_admin, valid_from=datetime.date(2025, 1, 1))
    data = {"description": "Lastensuojelun jonot ovat pidentyneet.", "phenomena": [phenomenon.code],
            "observation_type": "need", "polarity": "negative", "observed_on": "2025-03-14"}
    other_reporter = MemberFactory(role=Role.REPORTER, county="06")
    with pytest.raises(ValidationError) as error:
        observation_services.observation_create(user=other_reporter, data={**data, "county": "06"})
    assert "phenomena" in error.value.field_errors
    reporter = MemberFactory(role=Role.REPORTER, county="15")
    with pytest.raises(ValidationError):
        observation_services.observation_create(user=reporter, data={**data, "county": "15",
                                                                     "observed_on": "2024-12-31"})
    observation, _created = observation_services.observation_create(user=reporter, data={**data, "county": "15"})
    assert list(observation.phenomena.values_list("code", flat=True)) == [phenomenon.code]
