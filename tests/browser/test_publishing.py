"""Publishing in a real browser: a coordinator creates a report, edits its summary, adds and approves a
quote and publishes it; an anonymous visitor finds it on the county's public page and opens it. axe finds no
violation on the builder, the public list and the report."""

import pytest
from django.urls import reverse

from rake.accounts import services as accounts
from rake.accounts.models import Role
from rake.observations import services
from rake.publishing import services as publishing

from tests.browser.helpers import click_and_load, log_in, member, tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def coordinator():
    organisation = accounts.organisation_get_or_create(name="Keski-Suomen hyvinvointialue (test)", county_code="15")
    reporter = member("worker15", organisation, Role.REPORTER)
    coordinator = member("coordinator15", organisation, Role.COORDINATOR)
    observation, _created = services.observation_create(user=reporter, data={
        "description": "Nuoret asuvat kavereiden sohvilla, koska vuokra-asuntoja ei ole tarjolla.",
        "observed_on": "2025-03-14", "phenomena": ["homelessness"], "observation_type": "need",
        "polarity": "negative", "county": "15",
    })
    services.observation_accept(user=coordinator, observation=observation)
    return coordinator


def test_coordinator_publishes_and_a_visitor_reads(coordinator, new_page, assert_accessible):
    page = new_page("en")
    log_in(page, "coordinator15")
    page.goto("/reports/")
    assert_accessible(page, "builder list")
    click_and_load(page, "text=New report")
    assert_accessible(page, "new report")
    page.select_option("#id_county", "15")
    page.fill("#id_period", "2025")
    page.select_option("#id_language", "fi")
    page.select_option("#id_audience", "board")
    page.fill("#id_title", "Sosiaalinen raportti 2025")
    click_and_load(page, "button:has-text('Create the draft')")
    assert_accessible(page, "edit report")
    page.fill("#id_summary", "Nuorten asunnottomuus on kasvanut.")
    click_and_load(page, "button:has-text('Save the texts')")
    assert page.input_value("#id_summary") == "Nuorten asunnottomuus on kasvanut."

    click_and_load(page, "a[href$='/quotes/']")
    assert_accessible(page, "quotes")
    click_and_load(page, "text=/Quote observation \\d+/")
    page.fill("#id_text", "Nuoret asuvat kavereiden sohvilla.")
    click_and_load(page, "button:has-text('Add the quote')")
    click_and_load(page, "button:has-text('Approve quote 1')")
    assert page.locator("text=Approved by coordinator15").count() == 1
    assert_accessible(page, "quotes with an approved quote")

    click_and_load(page, "a[href$='/publish/']")
    assert_accessible(page, "publish")
    tick(page, "#id_confirm")
    page.click("button:has-text('Publish version 1')")
    page.wait_for_selector("text=Version 1 was published.")

    visitor = new_page("en")
    visitor.goto("/")
    click_and_load(visitor, "text=Published reports")
    assert_accessible(visitor, "public index")
    click_and_load(visitor, "text=Keski-Suomen hyvinvointialue")
    assert_accessible(visitor, "county's reports")
    click_and_load(visitor, "h2 >> text=Sosiaalinen raportti 2025")
    assert "Nuorten asunnottomuus on kasvanut." in visitor.content()
    assert "Nuoret asuvat kavereiden sohvilla." in visitor.content()
    assert_accessible(visitor, "report")


def test_a_published_report_fits_a_320px_screen(coordinator, new_page, assert_accessible):
    publication = publishing.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                                audience="board")
    publishing.publication_publish(user=coordinator, publication=publication)
    page = new_page("fi", width=320, height=640)
    page.goto(reverse("publishing:public_version", args=["15", publication.pk, 1]))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the report scrolls sideways at 320 px by {overflow} px"
    # The wide tables scroll inside their own focusable region instead.
    regions = page.locator("div.report-table-container[role='region'][tabindex='0']")
    assert regions.count() >= 1
    assert regions.first.get_attribute("aria-labelledby") == page.locator("caption").first.get_attribute("id")
    assert_accessible(page, "report at 320 px")
