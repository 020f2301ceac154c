"""The privacy guard in a real browser: the reporter sees the highlighted findings, confirms them with the
keyboard and submits; the coordinator answers, redacts, and reaches the permanent deletion page; the admin
reads the status page. Every page is checked with axe-core, the guard's form also at 320 px."""

import re

import pytest

from rake.accounts import services as accounts
from rake.accounts.models import Role
from rake.observations.models import Observation, PrivacyAcknowledgement, Status
from rake.privacy.scanner import scan_text

from tests.browser.helpers import PASSWORD, click_and_load, log_in, tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NAME, PHONE = "Matti Virtanen", "040 123 4567"
DESCRIPTION = f"Asiakas {NAME} soitti numerosta {PHONE}: toimeentulotuen päätös on viipynyt kolme viikkoa."


@pytest.fixture
def people():
    organisation = accounts.organisation_get_or_create(name="Keski-Suomen hyvinvointialue (test)",
                                                       county_code="15")
    users = {}
    for username, role in (("worker", Role.REPORTER), ("coordinator", Role.COORDINATOR), ("admin", Role.ADMIN)):
        user = accounts.user_get_or_create(username=username, password=PASSWORD, email=f"{username}@example.com")
        accounts.membership_grant(user=user, organisation=organisation, role=role)
        users[username] = user
    return users


def submitted_with_every_finding_confirmed(reporter, text):
    """An observation submitted by `reporter` with each finding of `text` confirmed as not personal data."""
    from rake.observations import services

    observation, _ = services.observation_create(
        user=reporter,
        data={"description": text, "phenomena": ["livelihood"], "observation_type": "need", "polarity": "negative"},
        acknowledged_findings=[{"field": "description", "start": f.start, "end": f.end, "kind": f.kind}
                               for f in scan_text(text, language="fi")],
    )
    return observation


def fill_required(page):
    tick(page, "input[name=phenomena][value=livelihood]")
    tick(page, "input[name=observation_type][value=need]")
    tick(page, "input[name=polarity][value=negative]")


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_reporter_confirms_findings_with_the_keyboard(language, people, new_page, assert_accessible):
    page = new_page(language)
    log_in(page, "worker")
    page.goto("/observations/new/")
    page.fill("#id_description", DESCRIPTION)
    fill_required(page)
    click_and_load(page, "button[value=submit]")

    # Refused: the summary names the description, the text is kept, the findings are highlighted.
    assert Observation.objects.count() == 0
    summary = page.locator("[data-rake-error-summary]")
    assert summary.is_visible()
    assert summary.locator("a[href='#id_description']").count() == 1
    assert page.input_value("#id_description") == DESCRIPTION
    marks = page.locator("#id_description_privacy .rake-privacy-review__text mark")
    assert [text.rsplit(":", 1)[1].strip() for text in marks.all_text_contents()] == [NAME, PHONE]
    assert page.is_checked("input[name=phenomena][value=livelihood]")  # the other answers are kept too
    boxes = page.locator("input[name=acknowledged_findings]")
    assert boxes.count() == 2
    assert_accessible(page, "new observation with possible personal data")

    # Tick both boxes with the keyboard (Tab to each, Space) and send.
    for index in range(2):
        box = boxes.nth(index)
        box.focus()
        page.keyboard.press("Space")
        assert box.is_checked()
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r"/observations/\d+/$"))

    observation = Observation.objects.get()
    assert observation.description == DESCRIPTION
    assert observation.status == Status.SUBMITTED
    assert PrivacyAcknowledgement.objects.filter(observation=observation).count() == 2
    assert_accessible(page, "observation after confirming")


def test_guard_form_fits_a_320px_screen(people, new_page, assert_accessible):
    page = new_page("fi", width=320, height=640)
    log_in(page, "worker")
    page.goto("/observations/new/")
    page.fill("#id_description", DESCRIPTION + " Sähköposti: matti.virtanen.pitka.osoite@example.com")
    click_and_load(page, "button[value=submit]")

    assert page.locator("input[name=acknowledged_findings]").count() == 3
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the guard's form scrolls sideways at 320 px by {overflow} px"
    assert_accessible(page, "guard at 320 px")


def test_editing_the_text_instead(people, new_page):
    page = new_page("fi")
    log_in(page, "worker")
    page.goto("/observations/new/")
    page.fill("#id_description", DESCRIPTION)
    fill_required(page)
    click_and_load(page, "button[value=submit]")
    assert page.locator("input[name=acknowledged_findings]").count() == 2

    clean = "Asiakkaan toimeentulotuen päätös on viipynyt kolme viikkoa."
    page.fill("#id_description", clean)
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r"/observations/\d+/$"))
    assert Observation.objects.get().description == clean


def test_coordinator_tools(people, new_page, assert_accessible):
    from rake.observations import services

    observation, _ = services.observation_create(
        user=people["worker"],
        data={"description": DESCRIPTION, "phenomena": ["livelihood"], "observation_type": "need",
              "polarity": "negative"},
        acknowledged_findings=[
            {"field": "description", "start": DESCRIPTION.index(NAME), "end": DESCRIPTION.index(NAME) + len(NAME),
             "kind": "person_name"},
            {"field": "description", "start": DESCRIPTION.index(PHONE),
             "end": DESCRIPTION.index(PHONE) + len(PHONE), "kind": "phone"},
        ],
    )
    page = new_page("fi")
    log_in(page, "coordinator")
    page.goto(f"/observations/{observation.pk}/")
    check = page.locator(".rake-privacy-check")
    assert check.locator("li form").count() == 2
    assert_accessible(page, "coordinator's detail with the privacy check")

    # A question with a name in it is refused until confirmed; the form shows why.
    page.fill("#id_request_clarification-reason", "Onko Liisa Korhonen sama asiakas?")
    click_and_load(page, "#action-request_clarification button[type=submit]")
    assert page.locator("input[name='request_clarification-acknowledged_findings']").count() == 1
    assert page.input_value("#id_request_clarification-reason") == "Onko Liisa Korhonen sama asiakas?"
    assert_accessible(page, "coordinator's message with possible personal data")

    # Redact the phone number from the description.
    click_and_load(page, page.locator(".rake-privacy-check li form").nth(1).locator("button"))
    observation.refresh_from_db()
    assert PHONE not in observation.description
    assert "[…]" in observation.description
    assert_accessible(page, "after redaction")

    page.click(f"a[href='/observations/{observation.pk}/delete-permanently/']")
    page.wait_for_url(f"**/observations/{observation.pk}/delete-permanently/")
    assert_accessible(page, "permanent deletion")
    page.fill("#id_reason", "Kokeilu")
    page.click("main button[type=submit]")
    page.wait_for_url("**/observations/queue/")
    assert not Observation.objects.filter(pk=observation.pk).exists()


def test_status_page(people, new_page, assert_accessible):
    page = new_page("fi")
    log_in(page, "admin")
    page.click("a[href='/administration/']")  # the status page is in the administration's own navigation
    page.click("a[href='/admin-tools/status/']")
    page.wait_for_url("**/admin-tools/status/")
    assert page.locator("table tbody tr").count() == 9
    assert page.locator("[data-rake-threshold]").inner_text() == "5"
    assert_accessible(page, "status")


def test_selecting_a_part_fills_in_the_range(people, new_page, assert_accessible):
    """A name the detectors missed: the coordinator selects it on the page and removes it."""
    from rake.observations import services

    missed = "Oluwaseunin"
    description = f"Ensimmäinen rivi 😀.\r\n{missed} tilanne on vaikea, koska vuokra-asuntoa ei löydy."
    observation, _ = services.observation_create(
        user=people["worker"],
        data={"description": description, "phenomena": ["homelessness"], "observation_type": "need",
              "polarity": "negative"},
    )
    page = new_page("fi")
    log_in(page, "coordinator")
    page.goto(f"/observations/{observation.pk}/")
    page.evaluate(
        """(word) => {
            const element = document.querySelector("[data-rake-redact-target=description]");
            const node = element.firstChild;
            const at = node.data.indexOf(word);
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + word.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            document.dispatchEvent(new MouseEvent("mouseup"));
        }""",
        missed,
    )
    start = description.index(missed)
    assert page.input_value("#id_redact-start") == str(start)
    assert page.input_value("#id_redact-end") == str(start + len(missed))
    assert page.input_value("#id_redact-target") == "description"
    assert missed in page.locator("[data-rake-redact-selection]").inner_text()
    assert_accessible(page, "range selected for removal")

    click_and_load(page, "#action-redact button[type=submit]")
    observation.refresh_from_db()
    assert observation.description == description.replace(missed, "[…]")


def test_coordinator_check_fits_a_320px_screen(people, new_page, assert_accessible):
    text = DESCRIPTION + " Sähköposti matti.virtanen.pitka.osoite@example.com."
    observation = submitted_with_every_finding_confirmed(people["worker"], text)
    page = new_page("fi", width=320, height=640)
    log_in(page, "coordinator")
    for path in (f"/observations/{observation.pk}/", f"/observations/{observation.pk}/delete-permanently/"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways at 320 px by {overflow} px"
        assert_accessible(page, f"{path} at 320 px")


# --- issue 15: strong identifiers, one-click remove, what coordinators see before they act --------------------

HETU = "010190-900P"  # a valid check character (temporary range): never acknowledgeable
PLACEHOLDER = {"fi": "[poistettu]", "sv": "[borttaget]"}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_phone_form_removes_an_identity_code_with_one_click(language, people, new_page, assert_accessible):
    page = new_page(language, width=390, height=844)
    log_in(page, "worker")
    page.goto("/observations/new/")
    description = f"Asiakas antoi tunnuksen {HETU} ja soitti numerosta {PHONE} kahdesti."
    page.fill("#id_description", description)
    fill_required(page)
    click_and_load(page, "button[value=submit]")

    # Refused; the identity code has a Remove button and no "not personal data" box, the phone number both.
    assert Observation.objects.count() == 0
    review = page.locator("#id_description_privacy")
    assert review.locator("[data-rake-remove-finding]").count() == 2
    assert review.locator("input[name=acknowledged_findings]").count() == 1
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the guard's form scrolls sideways at 390 px by {overflow} px"
    assert_accessible(page, f"phone form with a strong identifier ({language})")

    # Tick the phone number, then remove the identity code: the tick and everything typed stay.
    tick(page, "input[name=acknowledged_findings]")
    click_and_load(page, review.locator("[data-rake-remove-finding]").first)
    expected = description.replace(HETU, PLACEHOLDER[language])
    assert page.input_value("#id_description") == expected
    assert page.is_checked("input[name=phenomena][value=livelihood]")
    assert page.is_checked("input[name=polarity][value=negative]")
    assert page.is_checked("input[name=acknowledged_findings]")
    assert Observation.objects.count() == 0
    assert_accessible(page, f"phone form after removing ({language})")

    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r"/observations/\d+/$"))
    observation = Observation.objects.get()
    assert observation.description == expected and HETU not in observation.description
    assert PrivacyAcknowledgement.objects.get(observation=observation).kind == "phone"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_observation_page_shows_confirmed_findings_before_the_actions_at_390px(language, people, new_page,
                                                                              assert_accessible):
    observation = submitted_with_every_finding_confirmed(people["worker"], DESCRIPTION)
    page = new_page(language, width=390, height=844)
    log_in(page, "coordinator")
    page.goto(f"/observations/{observation.pk}/")

    check = page.locator(".rake-privacy-check")
    accept = page.locator("#action-accept")
    assert check.locator("[data-rake-acknowledged-by]").count() == 2
    assert check.bounding_box()["y"] + check.bounding_box()["height"] <= accept.bounding_box()["y"]
    # In the document too (screen readers, keyboard): the check comes before the coordinator's actions.
    assert page.evaluate("""() => {
        const check = document.querySelector('.rake-privacy-check');
        const panel = document.querySelector('#panel-title');
        return Boolean(check.compareDocumentPosition(panel) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the observation page scrolls sideways at 390 px by {overflow} px"
    assert_accessible(page, f"observation page with confirmed findings at 390 px ({language})")

    # Accepting needs the confirmation: refused without it, accepted with it.
    click_and_load(page, "#action-accept button.hds-button")
    observation.refresh_from_db()
    assert observation.status == Status.SUBMITTED
    assert page.locator("#id_accept-confirm_acknowledged_findings").count() == 1
    tick(page, "#id_accept-confirm_acknowledged_findings")
    click_and_load(page, "#action-accept button.hds-button")
    observation.refresh_from_db()
    assert observation.status == Status.ACCEPTED
