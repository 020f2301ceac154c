"""Observation → report → proposal → decision → follow-up → the reporter's timeline and mail (issue #6)."""

import pytest
from django.core import mail

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.observations.tests.factories import ObservationFactory
from rake.core.models import Notification
from rake.proposals.models import ProposalEvent
from rake.publishing import services as publishing

pytestmark = pytest.mark.django_db


def test_from_observation_to_the_reporters_timeline_and_mail(api_as, coordinator, viewer, reporter,
                                                             django_capture_on_commit_callbacks):
    # Two reporters: one asked for feedback, the other did not.
    quiet = MemberFactory(username="quiet-reporter", role=Role.REPORTER, county="15")
    observation = ObservationFactory(reporter=reporter, wants_feedback=True, status="accepted",
                                     description="Nuorten asunnottomuus on lisääntynyt keväällä.")
    silent = ObservationFactory(reporter=quiet, wants_feedback=False, status="accepted")

    # A report quoting the observation is published; the observation is then "used".
    report = publishing.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                           audience="board", title="Sosiaalinen raportti 2025", summary="Yhteenveto.")
    quote = publishing.quote_add(user=coordinator, publication=report, observation=observation,
                                 text="Nuorten asunnottomuus on lisääntynyt.")
    publishing.quote_approve(user=coordinator, quote=quote)
    publishing.publication_publish(user=coordinator, publication=report, confirm_warnings=True)
    observation.refresh_from_db()
    assert observation.status == "used"

    coordinator_api, viewer_api = api_as(coordinator), api_as(viewer)
    created = coordinator_api.post("/api/v1/proposals", {
        "title": "Youth housing advice in every municipality", "rationale": "Youth homelessness is rising.",
        "addressee": "Social and health committee", "observations": [observation.pk, silent.pk],
        "phenomenon": "homelessness", "publication": report.pk}, format="json")
    assert created.status_code == 201, created.json()
    url = f"/api/v1/proposals/{created.json()['id']}/transition"

    def move(api, body, key=None):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(url, body, format="json", **headers)
        assert response.status_code == 200, response.json()
        return response.json()

    move(coordinator_api, {"action": "submit"})
    move(coordinator_api, {"action": "consider"})
    move(viewer_api, {"action": "decide", "outcome": "accepted", "decision_text": "The committee agreed.",
                      "decision_reference": "§ 42/2026", "decided_on": "2026-02-10"})
    move(coordinator_api, {"action": "start"})
    body = move(viewer_api, {"action": "progress", "progress": 40, "note": "Two municipalities started."},
                key="progress-40")
    assert body["progress"] == 40
    # The client retries the same request: the same answer, no second step and no second mail.
    mails_before = len(mail.outbox)
    assert move(viewer_api, {"action": "progress", "progress": 40, "note": "Two municipalities started."},
                key="progress-40") == body
    assert len(mail.outbox) == mails_before
    assert ProposalEvent.objects.filter(action="progress").count() == 1
    move(viewer_api, {"action": "follow_up", "follow_up_on": "2026-12-01"})
    final = move(coordinator_api, {"action": "implement"})
    assert (final["status"], final["progress"]) == ("implemented", 100)

    # The reporter's timeline (API) tells the story with the proposal's title, decision and progress.
    timeline = api_as(reporter, language="en").get(f"/api/v1/observations/{observation.pk}/timeline")
    assert timeline.status_code == 200
    events = [e for e in timeline.json()["events"] if e["kind"].startswith("proposal.")]
    assert [e["kind"] for e in events] == [
        "proposal.submitted", "proposal.under_consideration", "proposal.decided", "proposal.started",
        "proposal.progress", "proposal.follow_up", "proposal.implemented"]
    decided = events[2]
    assert decided["title"] == "Decision on the proposal “Youth housing advice in every municipality”: accepted"
    assert decided["message"] == "The committee agreed."
    assert decided["data"]["decision_text"] == "The committee agreed."
    progress = events[4]
    assert progress["title"] == "Progress of the proposal “Youth housing advice in every municipality”: 40 %"
    assert progress["data"]["progress"] == 40
    assert events[-1]["data"]["progress"] == 100

    # Mail: exactly one per announced step for the opted-in reporter, none for the other.
    announced = ProposalEvent.objects.exclude(action__in=["create", "follow_up"]).count()
    assert announced == 6
    assert len(mail.outbox) == announced
    assert all(m.to == [reporter.email] for m in mail.outbox)
    assert not Notification.objects.filter(user=quiet).exists()
    assert Notification.objects.filter(user=reporter, sent_at__isnull=False).count() == announced


def test_the_reporters_observation_page_shows_the_proposal(client, coordinator, viewer, reporter):
    from django.urls import reverse

    from rake.proposals import services

    from .core_helpers import make_proposal

    observation = ObservationFactory(reporter=reporter, status="accepted")
    proposal = make_proposal(coordinator, observations=[observation], status="under_consideration",
                             title="Youth housing advice")
    services.proposal_transition(user=viewer, proposal=proposal, action="decide",
                                 data={"outcome": "partly", "decision_text": "Agreed for two municipalities."})
    client.force_login(reporter)
    page = client.get(reverse("observations:detail", args=[observation.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Decision on the proposal “Youth housing advice”: partly accepted" in html
    assert "Agreed for two municipalities." in html
