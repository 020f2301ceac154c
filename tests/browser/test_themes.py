"""Emerging themes in a real browser: a coordinator sees a rising word, opens the observations behind it,
and axe finds no violation; the page also fits a 320 px screen."""

import datetime

import pytest

from rake.accounts import services as accounts
from rake.accounts.models import Role
from rake.core.dates import add_months, today
from rake.observations import services

from tests.browser.helpers import log_in, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def coordinator():
    """County 15: six observations about a full night shelter in the last three months, twelve about
    delayed decisions in the year before (accepted through the services, so the keyword counts follow)."""
    organisation = accounts.organisation_get_or_create(name="Keski-Suomen hyvinvointialue (test)", county_code="15")
    reporter = member("worker15", organisation, Role.REPORTER)
    coordinator = member("coordinator15", organisation, Role.COORDINATOR)
    this_month = today().replace(day=1)
    texts = [(add_months(this_month, -1 - n % 3), "Yömaja on täynnä eikä hätämajoitusta ole.") for n in range(6)]
    texts += [(add_months(this_month, -4 - n), "Toimeentulotuen päätökset viivästyvät.") for n in range(12)]
    for month, description in texts:
        observation, _created = services.observation_create(user=reporter, data={
            "description": description, "observed_on": (month + datetime.timedelta(days=9)).isoformat(),
            "phenomena": ["homelessness"], "observation_type": "need", "polarity": "negative", "county": "15",
        })
        services.observation_accept(user=coordinator, observation=observation)
    return coordinator


def test_coordinator_opens_an_emerging_theme(coordinator, new_page, assert_accessible):
    page = new_page("fi")
    log_in(page, "coordinator15")
    page.goto("/analysis/themes/")
    assert page.locator("h1").count() == 1
    rows = page.locator("#emerging-caption >> xpath=ancestor::table >> tbody tr")
    assert rows.count() == 1
    assert "yömaja" in rows.first.inner_text()
    assert_accessible(page, "emerging themes")

    rows.first.locator("td:last-child a").click()
    page.wait_for_url("**term=*")
    assert page.locator("#theme-observations").count() == 1
    assert page.locator("#theme-observations-caption >> xpath=ancestor::table >> tbody tr").count() == 6
    assert_accessible(page, "the observations behind a theme")

    narrow = new_page("fi", width=320, height=640)
    log_in(narrow, "coordinator15")
    narrow.goto("/analysis/themes/")
    overflow = narrow.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not overflow
    assert_accessible(narrow, "emerging themes at 320 px")
