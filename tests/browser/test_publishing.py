"""Publishing in a real browser: a coordinator creates a report, edits its summary, adds and approves a
quote and publishes it; an anonymous visitor finds it on the county's public page and opens it. axe finds no
violation on the builder, the public list and the report. The pre-publish check in Finnish at 1280 px and in
Swedish at 390 px: the preview shows it and leads back to the editor, the publish page refuses until the errors
are fixed and the warnings confirmed, and the front page then lists the report."""

from urllib.parse import urlparse

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
    page.select_option("#id_period", "2025")
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
    tick(page, "#id_confirm_warnings")
    tick(page, "#id_confirm")
    page.click("button:has-text('Publish version 1')")
    page.wait_for_selector("text=Version 1 was published.")

    visitor = new_page("en")
    visitor.goto("/")
    click_and_load(visitor, "nav >> text=Published reports")
    assert_accessible(visitor, "public index")
    click_and_load(visitor, "text=Keski-Suomen hyvinvointialue")
    assert_accessible(visitor, "county's reports")
    click_and_load(visitor, "h2 >> text=Sosiaalinen raportti 2025")
    assert "Nuorten asunnottomuus on kasvanut." in visitor.content()
    assert "Nuoret asuvat kavereiden sohvilla." in visitor.content()
    assert_accessible(visitor, "report")


def test_a_published_report_fits_a_320px_screen(coordinator, new_page, assert_accessible):
    publication = publishing.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                                audience="board", summary="Asunnottomuus kasvoi.")
    publishing.publication_publish(user=coordinator, publication=publication, confirm_warnings=True)
    page = new_page("fi", width=320, height=640)
    page.goto(reverse("publishing:public_version", args=["15", publication.pk, 1]))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the report scrolls sideways at 320 px by {overflow} px"
    # The wide tables scroll inside their own focusable region instead.
    regions = page.locator("div.report-table-container[role='region'][tabindex='0']")
    assert regions.count() >= 1
    assert regions.first.get_attribute("aria-labelledby") == page.locator("caption").first.get_attribute("id")
    assert_accessible(page, "report at 320 px")


def _no_sideways_scroll(page, label):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{label} scrolls sideways by {overflow} px"


# (language, width, period label in the list, words of the page) — the user's language is the report's.
CHECK_CASES = [
    ("fi", 1280, "vuosi 2025", {"check": "Tarkistus ennen julkaisemista", "prefilled": "valmiiksi täytetty teksti",
                                "confirm": "Lue varoitukset ja vahvista", "published": "Versio 1 julkaistiin"}),
    ("sv", 390, "år 2025", {"check": "Kontroll före publiceringen", "prefilled": "den förifyllda texten",
                            "confirm": "Läs varningarna och bekräfta", "published": "Version 1 publicerades"}),
]


@pytest.mark.parametrize("language,width,period_label,words", CHECK_CASES, ids=["fi-1280", "sv-390"])
def test_the_pre_publish_check_in_the_browser(coordinator, new_page, assert_accessible, language, width,
                                              period_label, words):
    page = new_page(language, width=width, height=900)
    log_in(page, "coordinator15")
    page.goto(reverse("publishing:new"))
    page.select_option("#id_county", "15")
    page.select_option("#id_period", label=period_label)  # chosen by its label; the key stays behind it
    page.select_option("#id_language", language)
    assert page.locator("#id_period option", has_text="2025H1").count() == 0
    click_and_load(page, "main form button[type=submit]")
    edit_url = page.url

    # The preview: the site's page with the check, and the way back to the editor.
    click_and_load(page, "a[href$='/preview/']")
    assert words["check"] in page.content() and words["prefilled"] in page.content()
    assert page.locator("header.rake-header").count() == 1
    assert_accessible(page, f"preview ({language}, {width} px)")
    _no_sideways_scroll(page, f"the preview at {width} px")
    click_and_load(page, f"main a.hds-button[href='{urlparse(edit_url).path}']")
    assert page.url == edit_url

    # The publish page offers no form while the pre-filled summary is there.
    click_and_load(page, "a[href$='/publish/']")
    assert page.locator("#id_confirm").count() == 0 and words["prefilled"] in page.content()
    page.goto(edit_url)
    page.fill("#id_summary", "Asunnottomuus kasvoi." if language == "fi" else "Bostadslösheten ökade.")
    page.fill("#id_addressee", "Sosiaali- ja terveyslautakunta" if language == "fi" else "Social- och hälsonämnden")
    click_and_load(page, "main form button[type=submit]")

    # Only warnings are left: publishing without confirming them is refused, nothing is lost.
    click_and_load(page, "a[href$='/publish/']")
    assert words["prefilled"] not in page.content()
    assert_accessible(page, f"publish with warnings ({language}, {width} px)")
    _no_sideways_scroll(page, f"the publish page at {width} px")
    tick(page, "#id_confirm")
    click_and_load(page, "main form button[type=submit]")
    assert words["confirm"] in page.content() and page.is_checked("#id_confirm")
    assert_accessible(page, f"publish refused ({language}, {width} px)")
    tick(page, "#id_confirm_warnings")
    click_and_load(page, "main form button[type=submit]")
    page.wait_for_selector(f"text={words['published']}")

    # A visitor finds it on the front page and reads it inside the site's page, with the way to the county's list.
    visitor = new_page(language, width=width, height=900)
    visitor.goto("/")
    title = visitor.locator("main .rake-links__title").first
    assert period_label in visitor.locator("main .rake-links").first.inner_text()
    click_and_load(visitor, title)
    assert visitor.locator("header.rake-header").count() == 1
    assert visitor.locator("main .report-cover__title").count() == 1
    assert_accessible(visitor, f"public report ({language}, {width} px)")
    _no_sideways_scroll(visitor, f"the public report at {width} px")
    click_and_load(visitor, f"main a[href='{reverse('publishing:public_county', args=['15'])}']")
    assert visitor.url.endswith(reverse("publishing:public_county", args=["15"]))
