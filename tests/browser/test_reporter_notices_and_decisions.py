"""Issue 16, points 5, 6 and 8 in a real browser, in Finnish and Swedish, at 1280 px and on a 390 px phone,
with axe on every page and a check that no page scrolls sideways (a wide table scrolls in its own labelled,
focusable region):

- a reporter sees how many coordinators' questions wait for them (navigation badge with text for screen
  readers, front-page notice), reads the latest message on "My observations" also on a phone and turns the
  e-mail on;
- the new-observation form shows the service area and municipality remembered from the last observation,
  outside the folded details, and clears them; the folded details' prefilled values are listed;
- a coordinator finds observations for a proposal by text; a decision-maker reads why a submitted proposal
  cannot be decided yet and tables one under consideration."""

import pytest

from rake.accounts import services as accounts
from rake.accounts.models import Role
from rake.observations import services
from rake.proposals import services as proposals

from tests.browser.helpers import click_and_load, log_in, member, tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SIZES = [("fi", 1280), ("sv", 1280), ("fi", 390), ("sv", 390)]
QUESTION = "Kuinka monta nuorta tilanne koskee?"
TEXTS = {
    "fi": {"remembered": "Muistettu edellisestä havainnostasi", "clear": "Tyhjennä muistetut tiedot",
           "waiting": "1 kysymys odottaa vastaustasi", "search": "Hae", "tabled": "jätetty pöydälle",
           "note": "ei ole vielä käsittelyssä", "save_decision": "Tallenna päätös",
           "email_on": "Saat sähköpostia"},
    "sv": {"remembered": "Ihågkommet från din förra observation", "clear": "Töm de ihågkomna uppgifterna",
           "waiting": "1 fråga väntar på ditt svar", "search": "Sök", "tabled": "bordlagd",
           "note": "ännu inte under behandling", "save_decision": "Spara beslutet",
           "email_on": "Du får e-post"},
}


@pytest.fixture
def county():
    organisation = accounts.organisation_get_or_create(name="Keski-Suomen hyvinvointialue (test)", county_code="15")
    reporter = member("worker15", organisation, Role.REPORTER)
    coordinator = member("coordinator15", organisation, Role.COORDINATOR)
    member("viewer15", organisation, Role.VIEWER)

    def observe(description, phenomenon):
        observation, _created = services.observation_create(user=reporter, data={
            "description": description, "observed_on": "2025-03-14", "phenomena": [phenomenon],
            "observation_type": "need", "polarity": "negative", "county": "15", "wants_feedback": True,
            "service_area": "mental_health_substance_services", "municipality": "179"})
        return observation

    asked = observe("Nuoret asuvat kavereiden sohvilla, koska vuokra-asuntoja ei ole tarjolla.", "homelessness")
    services.observation_request_clarification(user=coordinator, observation=asked, question=QUESTION)
    accepted = []
    for description, phenomenon in (
            ("Toimeentulotuen käsittely viivästyy viikkoja ja vuokrat jäävät maksamatta.", "livelihood"),
            ("Nuorten asumisneuvontaan pääsee vasta kuukauden päästä.", "homelessness")):
        observation = observe(description, phenomenon)
        accepted.append(services.observation_accept(user=coordinator, observation=observation))

    def proposal(title, actions):
        made = proposals.proposal_create(user=coordinator, county="15", title=title,
                                         rationale="Nuorten asunnottomuus on kasvanut.",
                                         addressee="Sosiaali- ja terveyslautakunta", observations=accepted[:1])
        for action in actions:
            made = proposals.proposal_transition(user=coordinator, proposal=made, action=action)
        return made

    return {"sent": proposal("Lisää tuettua asumista nuorille", ["submit"]),
            "considered": proposal("Nopeampi toimeentulotuki", ["submit", "consider"])}


def check_page(page, assert_accessible, label):
    """axe finds nothing; the document does not scroll sideways; a wide table scrolls in a labelled, focusable
    region."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{label} scrolls sideways by {overflow} px"
    regions = page.locator(".hds-table-container")
    for index in range(regions.count()):
        region = regions.nth(index)
        if region.evaluate("element => element.scrollWidth > element.clientWidth"):
            assert (region.get_attribute("role"), region.get_attribute("tabindex")) == ("region", "0"), label
            assert region.get_attribute("aria-labelledby") or region.get_attribute("aria-label"), label
    assert_accessible(page, label)


@pytest.mark.parametrize("language, width", SIZES)
def test_the_reporter_sees_what_waits_and_what_was_remembered(county, new_page, assert_accessible, language,
                                                            width):
    texts = TEXTS[language]
    page = new_page(language, width=width, height=900 if width > 400 else 844)
    log_in(page, "worker15")
    where = f"({language}, {width} px)"

    page.goto("/")
    # At 1280 px on the link to "My observations"; on a phone on the menu button too, which folds the links.
    badge = page.locator("nav.rake-nav .rake-badge >> visible=true")
    assert badge.inner_text() == "1" and badge.is_visible()
    assert texts["waiting"] in page.locator("nav.rake-nav").inner_text()  # the badge's text for screen readers
    assert page.locator("#questions-waiting").is_visible()
    check_page(page, assert_accessible, f"front page {where}")

    click_and_load(page, "#questions-waiting a")
    # Shown once: in its column at 1280 px, under the observation's link on a phone.
    message = page.locator(f"text={QUESTION} >> visible=true")
    assert message.count() == 1, f"the latest message is not visible {where}"
    box = message.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    check_page(page, assert_accessible, f"my observations, waiting {where}")
    page.goto("/observations/mine/")
    assert page.locator(f"text={QUESTION} >> visible=true").count() == 1
    tick(page, "#id_email_notifications")
    click_and_load(page, "form[action$='/mine/notifications/'] button[type=submit]")
    assert texts["email_on"] in page.locator(".rake-main").inner_text()
    assert page.is_checked("#id_email_notifications")
    check_page(page, assert_accessible, f"my observations {where}")

    page.goto("/observations/new/")
    remembered = page.locator(".rake-remembered")
    assert texts["remembered"] in remembered.inner_text()
    assert remembered.locator("select[name=service_area]").is_visible()
    assert page.input_value("select[name=service_area]") == "mental_health_substance_services"
    assert page.input_value("select[name=municipality]") == "179"
    assert page.locator("#prefilled").is_visible()
    check_page(page, assert_accessible, f"new observation with remembered values {where}")
    page.fill("#id_description", "Nuorten päihdepalveluihin on pitkä jono.")
    click_and_load(page, f"button:has-text('{texts['clear']}')")
    assert page.locator(".rake-remembered").count() == 0
    assert page.input_value("#id_description") == "Nuorten päihdepalveluihin on pitkä jono."
    page.locator("details.rake-details summary").click()
    assert page.input_value("select[name=service_area]") == ""
    check_page(page, assert_accessible, f"new observation after clearing {where}")


@pytest.mark.parametrize("language, width", SIZES)
def test_proposals_are_built_by_search_and_decided_as_bodies_decide(county, new_page, assert_accessible, language,
                                                                   width):
    texts = TEXTS[language]
    where = f"({language}, {width} px)"
    coordinator = new_page(language, width=width, height=900 if width > 400 else 844)
    log_in(coordinator, "coordinator15")
    coordinator.goto("/proposals/new/")
    coordinator.fill("#id_title", "Asumisneuvontaa lisää")
    coordinator.fill("#id_find-q", "toimeentulotuen")
    click_and_load(coordinator, f"button[name=find]:has-text('{texts['search']}')")
    offered = coordinator.locator("input[name=observations]")
    assert offered.count() == 1
    label = coordinator.locator(f"label[for='{offered.first.get_attribute('id')}']").inner_text()
    assert "Toimeentulotuen käsittely" in label
    assert coordinator.input_value("#id_title") == "Asumisneuvontaa lisää"  # the search kept what was typed
    check_page(coordinator, assert_accessible, f"new proposal, searched {where}")

    viewer = new_page(language, width=width, height=900 if width > 400 else 844)
    log_in(viewer, "viewer15")
    viewer.goto(f"/proposals/{county['sent'].pk}/")
    assert texts["note"] in viewer.locator("#decision-note").inner_text()
    assert viewer.locator("#id_decide-outcome_0").count() == 0
    check_page(viewer, assert_accessible, f"submitted proposal, decision-maker {where}")

    viewer.goto(f"/proposals/{county['considered'].pk}/")
    tick(viewer, "#id_decide-outcome input[value=tabled]")
    viewer.fill("#id_decide-decision_text", "Asia jätettiin pöydälle.")
    click_and_load(viewer, f"button:has-text('{texts['save_decision']}')")
    assert texts["tabled"] in viewer.locator(".rake-main").inner_text().lower()
    assert viewer.locator("#decision-note").is_visible()  # tabled: decide again later
    assert viewer.locator("input[name='decide-outcome']").count() == 5
    check_page(viewer, assert_accessible, f"tabled proposal {where}")
