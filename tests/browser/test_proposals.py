"""Closing the loop in a real browser: the coordinator's form for a new proposal starts from the observation;
a decision-maker (viewer) records the decision on a proposal made from an accepted observation; the reporter
who wanted feedback sees the proposal and its decision in "My observations". axe finds no violation on the
form, the proposal's page and the reporter's page."""

import pytest

from rake.accounts import services as accounts
from rake.accounts.models import Role
from rake.observations import services
from rake.proposals import services as proposals

from tests.browser.helpers import click_and_load, log_in, member, tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Lisää tuettua asumista nuorille"
DECISION = "Lautakunta hyväksyi ehdotuksen ja varasi rahoituksen kymmenelle asunnolle."


@pytest.fixture
def proposal():
    organisation = accounts.organisation_get_or_create(name="Keski-Suomen hyvinvointialue (test)", county_code="15")
    reporter = member("worker15", organisation, Role.REPORTER)
    coordinator = member("coordinator15", organisation, Role.COORDINATOR)
    member("viewer15", organisation, Role.VIEWER)
    observation, _created = services.observation_create(user=reporter, data={
        "description": "Nuoret asuvat kavereiden sohvilla, koska vuokra-asuntoja ei ole tarjolla.",
        "observed_on": "2025-03-14", "phenomena": ["homelessness"], "observation_type": "need",
        "polarity": "negative", "county": "15", "wants_feedback": True,
    })
    services.observation_accept(user=coordinator, observation=observation)
    proposal = proposals.proposal_create(
        user=coordinator, county="15", title=TITLE, rationale="Nuorten asunnottomuus on kasvanut.",
        addressee="Sosiaali- ja terveyslautakunta", observations=[observation.pk])
    proposal = proposals.proposal_transition(user=coordinator, proposal=proposal, action="submit")
    return proposals.proposal_transition(user=coordinator, proposal=proposal, action="consider")


def test_a_viewer_decides_and_the_reporter_sees_it(proposal, new_page, assert_accessible):
    coordinator = new_page("en")
    log_in(coordinator, "coordinator15")
    observation_id = proposal.observations.get().pk
    coordinator.goto(f"/observations/{observation_id}/")
    click_and_load(coordinator, "text=Make a proposal for action")
    assert coordinator.is_checked(f"input[name=observations][value='{observation_id}']")
    assert_accessible(coordinator, "new proposal")

    viewer = new_page("en")
    log_in(viewer, "viewer15")
    viewer.goto("/proposals/")
    assert_accessible(viewer, "proposal list")
    click_and_load(viewer, f"text={TITLE}")
    assert_accessible(viewer, "proposal page")
    tick(viewer, "#id_decide-outcome_0")
    viewer.fill("#id_decide-decision_text", DECISION)
    viewer.fill("#id_decide-decision_reference", "Ptk 3/2026 § 14")
    viewer.click("button:has-text('Save the decision')")
    viewer.wait_for_selector("text=The decision was recorded.")
    assert DECISION in viewer.content()
    assert_accessible(viewer, "proposal page with the decision")

    reporter = new_page("en")
    log_in(reporter, "worker15")
    click_and_load(reporter, "text=My observations")
    content = reporter.content()
    assert TITLE in content and DECISION in content
    assert_accessible(reporter, "my observations")
