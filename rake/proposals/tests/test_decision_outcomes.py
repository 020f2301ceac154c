"""Decisions as bodies make them (issue 16): besides accepted, partly accepted and rejected, a body may return
a proposal for preparation or table it. Each outcome has its effect on the proposal's status, its history,
the reporters' timeline and e-mail, and what the decision-maker is told."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from rake.core.errors import InvalidTransition
from rake.observations.models import TimelineEvent
from rake.observations.timeline import event_title
from rake.proposals import services
from rake.proposals.models import Outcome

from .core_helpers import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(make_observation):
    return make_observation(status="accepted", wants_feedback=True)


def decide(user, proposal, outcome, text="Lautakunta käsitteli asian."):
    return services.proposal_transition(user=user, proposal=proposal, action="decide",
                                        data={"outcome": outcome, "decision_text": text})


@pytest.mark.parametrize("outcome, status", [
    ("accepted", "decided"), ("partly", "decided"), ("rejected", "decided"),
    ("returned", "submitted"), ("tabled", "under_consideration"),
])
def test_each_outcome_leads_to_its_status(coordinator, viewer, outcome, status):
    proposal = decide(viewer, make_proposal(coordinator, status="under_consideration"), outcome)

    assert (proposal.status, proposal.outcome) == (status, outcome)
    event = proposal.events.latest("id")
    assert (event.action, event.status, event.data["outcome"]) == ("decide", status, outcome)


def test_a_returned_proposal_is_edited_and_brought_back_for_a_new_decision(coordinator, viewer):
    proposal = decide(viewer, make_proposal(coordinator, status="under_consideration"), "returned")

    assert services.available_actions(viewer, proposal) == ["follow_up"]  # nothing to decide yet
    proposal = services.proposal_update(user=coordinator, proposal=proposal, rationale="Tarkennettu perustelu.")
    proposal = services.proposal_transition(user=coordinator, proposal=proposal, action="consider")
    proposal = decide(viewer, proposal, "accepted")
    assert (proposal.status, proposal.outcome) == ("decided", "accepted")
    assert [e.data.get("outcome") for e in proposal.events.filter(action="decide")] == ["returned", "accepted"]


def test_a_tabled_proposal_stays_open_for_the_decision_at_a_later_meeting(coordinator, viewer):
    proposal = decide(viewer, make_proposal(coordinator, status="under_consideration"), "tabled")

    assert "decide" in services.available_actions(viewer, proposal)
    with pytest.raises(InvalidTransition):  # a tabled proposal is not decided: it cannot start
        services.proposal_transition(user=coordinator, proposal=proposal, action="start")
    proposal = decide(viewer, proposal, "partly")
    assert proposal.status == "decided"


@pytest.mark.parametrize("outcome, sentence", [
    ("returned", "palautettiin valmisteluun"),
    ("tabled", "jätettiin pöydälle"),
])
def test_the_reporters_timeline_and_mail_say_what_the_body_did(coordinator, viewer, accepted, outcome, sentence,
                                                              django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    proposal = make_proposal(coordinator, status="under_consideration", observations=[accepted])
    with django_capture_on_commit_callbacks(execute=True):
        decide(viewer, proposal, outcome)

    event = TimelineEvent.objects.filter(observation=accepted, kind="proposal.decided").latest("id")
    assert event.visible_to_reporter
    assert event.data["outcome"] == outcome
    with translation.override("fi"):
        assert sentence in str(event_title(event))
    assert any(sentence in message.body for message in mail.outbox)


def test_the_decision_maker_is_told_why_no_decision_can_be_recorded_yet(client_as, coordinator, viewer):
    page = lambda proposal: client_as(viewer).get(reverse("proposals:detail", args=[proposal.pk]),  # noqa: E731
                                                   HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    submitted = make_proposal(coordinator, status="submitted")
    text = page(submitted)
    assert 'id="decision-note"' in text and "decide-outcome" not in text
    considered = services.proposal_transition(user=coordinator, proposal=submitted, action="consider")
    text = page(considered)
    assert 'id="decision-note"' not in text and "decide-outcome" in text
    returned = decide(viewer, considered, "returned")
    assert "palautettiin valmisteluun" in page(returned).lower()
    # A coordinator prepares: the note is for those who record decisions.
    assert services.decision_waits_for(coordinator, make_proposal(coordinator, status="draft"))


def test_the_decision_form_offers_every_outcome(client_as, coordinator, viewer):
    proposal = make_proposal(coordinator, status="under_consideration")
    text = client_as(viewer).get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    for value in Outcome.values:
        assert f'value="{value}"' in text


@pytest.mark.parametrize("outcome, status", [("returned", "submitted"), ("tabled", "under_consideration")])
def test_the_api_records_and_shows_the_new_outcomes(api_as, coordinator, viewer, outcome, status):
    proposal = make_proposal(coordinator, status="under_consideration")
    response = api_as(viewer).post(f"/api/v1/proposals/{proposal.pk}/transition", {
        "action": "decide", "outcome": outcome, "decision_text": "Käsitelty kokouksessa."}, format="json")

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["outcome"]) == (status, outcome)
    assert response.json()["outcome_label"]
