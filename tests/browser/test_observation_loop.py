"""The issue-2 loop in a real browser: a reporter submits, a coordinator classifies and accepts with a
message, the reporter sees the new status and the message. Every page is checked with axe-core."""

import re

import pytest
from django.utils import translation

from rake.accounts import services as accounts
from rake.accounts.models import Role
from rake.observations.models import Observation, Status

from tests.browser.helpers import PASSWORD, click_and_load, log_in, tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def people():
    organisation = accounts.organisation_get_or_create(name="Keski-Suomen hyvinvointialue (test)",
                                                       county_code="15")
    users = {}
    for username, role in (("worker", Role.REPORTER), ("coordinator", Role.COORDINATOR)):
        user = accounts.user_get_or_create(username=username, password=PASSWORD,
                                           email=f"{username}@example.com")
        accounts.membership_grant(user=user, organisation=organisation, role=role)
        users[username] = user
    return users


def label(language, choice):
    with translation.override(language):
        return str(choice.label)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_report_triage_feedback_loop(language, people, new_page, assert_accessible):
    description = {
        "fi": "Yhä useampi nuori aikuinen nukkuu ensisuojassa, koska vuokra-asuntoja ei vapaudu.",
        "sv": "Allt fler unga vuxna sover på härbärget eftersom det inte finns lediga hyresbostäder.",
    }[language]
    message = {"fi": "Kiitos, havainto viedään ohjausryhmään.", "sv": "Tack, observationen tas upp i styrgruppen."}[
        language
    ]

    # The reporter submits: first without required fields (errors named), then properly.
    reporter = new_page(language)
    log_in(reporter, "worker", assert_accessible)
    assert reporter.locator("html").get_attribute("lang") == language
    reporter.goto("/observations/new/")
    assert_accessible(reporter, "new observation")
    reporter.fill("#id_description", description)
    click_and_load(reporter, "button[value=submit]")
    summary = reporter.locator("[data-rake-error-summary]")
    assert summary.is_visible()
    assert summary.locator("a").count() >= 3  # phenomenon, type and polarity are missing
    assert reporter.input_value("#id_description") == description  # nothing typed is lost
    assert_accessible(reporter, "new observation with errors")

    tick(reporter, "input[name=phenomena][value=homelessness]")
    tick(reporter, "input[name=observation_type][value=need]")
    tick(reporter, "input[name=polarity][value=negative]")
    reporter.click("button[value=submit]")
    reporter.wait_for_url(re.compile(r"/observations/\d+/$"))
    observation = Observation.objects.get(created_by=people["worker"])
    assert observation.status == Status.SUBMITTED
    assert observation.description == description
    assert observation.language == language
    assert_accessible(reporter, "observation after submission")

    # The coordinator finds it in the queue, classifies it and accepts it with a message.
    coordinator = new_page(language)
    log_in(coordinator, "coordinator", assert_accessible)
    coordinator.goto("/observations/queue/")
    assert_accessible(coordinator, "triage queue")
    coordinator.click(f"a[href='/observations/{observation.pk}/']")
    coordinator.wait_for_url(f"**/observations/{observation.pk}/")
    assert_accessible(coordinator, "triage detail")
    coordinator.click("#action-classify > summary")
    sub_theme = "#action-classify input[name$=phenomena][value='homelessness.rough_sleeping']"
    if not coordinator.is_visible(sub_theme):
        coordinator.locator("#action-classify details.rake-subthemes > summary").first.click()
    tick(coordinator, sub_theme)
    tick(coordinator, "#action-classify input[name$=client_groups][value=young_people]")
    click_and_load(coordinator, "#action-classify button[type=submit]")
    coordinator.fill("#id_accept-reason", message)
    click_and_load(coordinator, "#action-accept button[type=submit]")
    observation.refresh_from_db()
    assert observation.status == Status.ACCEPTED
    assert set(observation.phenomena.values_list("code", flat=True)) == {"homelessness",
                                                                        "homelessness.rough_sleeping"}
    assert list(observation.client_groups.values_list("code", flat=True)) == ["young_people"]

    # The reporter sees the new status and the coordinator's message.
    reporter.goto("/observations/mine/")
    assert_accessible(reporter, "my observations")
    row = reporter.locator("main").inner_text()
    assert label(language, Status.ACCEPTED).lower() in row.lower()
    reporter.goto(f"/observations/{observation.pk}/")
    page_text = reporter.locator("main").inner_text()
    assert message in page_text
    assert label(language, Status.ACCEPTED).lower() in page_text.lower()
    assert_accessible(reporter, "observation after acceptance")


def test_pages_fit_a_320px_screen(people, new_page, assert_accessible):
    page = new_page("fi", width=320, height=640)
    log_in(page, "worker", assert_accessible)
    for path in ("/", "/observations/new/", "/observations/mine/", "/accessibility/"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways at 320 px by {overflow} px"
        assert page.locator("h1").count() == 1
        skip = page.locator("a[href='#main']").first
        assert skip.count() == 1
        assert_accessible(page, f"{path} at 320 px")
