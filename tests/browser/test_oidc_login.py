"""OIDC login in a real browser (ADR 0009): the login page's button, the fake provider on 127.0.0.1 and back,
under Rake's Content-Security-Policy, with axe on the pages on the way."""

import pytest

from rake.accounts import services as accounts
from rake.accounts.models import Role
from rake.accounts.tests.fake_oidc import FakeOIDCProvider, configure_rake

from tests.browser.helpers import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def provider(settings):
    with FakeOIDCProvider(client_id="rake-browser-test", client_secret="fake-provider-secret") as provider:
        configure_rake(settings, provider, name="Testiorganisaatio")
        yield provider


@pytest.fixture
def coordinator():
    organisation = accounts.organisation_get_or_create(name="Keski-Suomen hyvinvointialue (test)", county_code="15")
    return member("maija", organisation, Role.COORDINATOR)


def test_log_in_with_the_organisations_provider(provider, coordinator, new_page, assert_accessible):
    provider.identity = {"sub": "1", "email": "MAIJA@example.com", "email_verified": True}
    page = new_page("en")
    page.goto("/accounts/login/?next=/observations/queue/")
    assert_accessible(page, "login with OIDC")

    page.click("text=Log in with Testiorganisaatio")
    page.wait_for_url("**/observations/queue/")

    assert page.locator("header").get_by_role("button", name="Log out").count() == 1


def test_a_refused_login_explains_itself(provider, coordinator, new_page, assert_accessible):
    provider.identity = {"sub": "2", "email": "someone.else@example.com", "email_verified": True}
    page = new_page("en")
    page.goto("/accounts/login/")

    page.click("text=Log in with Testiorganisaatio")
    page.wait_for_url("**/accounts/login/")

    assert "is not linked to an active Rake user" in page.get_by_role("alert").inner_text()
    assert_accessible(page, "refused OIDC login")
