from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.core import notifications
from rake.proposals import services
from rake.core.models import Notification

from .core_helpers import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def step(coordinator, django_capture_on_commit_callbacks):
    """step(proposal, action, **data) → the proposal after the action, with the after-commit mail sent."""

    def run(proposal, action, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return services.proposal_transition(user=coordinator, proposal=proposal, action=action, data=data)

    return run


def test_an_opted_in_reporter_gets_one_mail_per_step(step, coordinator, reporter, make_observation, settings):
    observation = make_observation(status="accepted", wants_feedback=True, language="en")
    proposal = make_proposal(coordinator, observations=[observation], title="Housing advice")
    assert mail.outbox == []  # a draft is not announced

    proposal = step(proposal, "submit")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reporter.email]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == "Proposal for action: Housing advice"
    assert "A proposal for action was made: “Housing advice”" in message.body

    proposal = step(proposal, "consider")
    proposal = step(proposal, "decide", outcome="accepted", decision_text="The board agreed.")
    assert len(mail.outbox) == 3
    assert "Decision text: The board agreed." in mail.outbox[-1].body
    proposal = step(proposal, "follow_up", follow_up_on="2030-01-01")  # internal: no mail
    assert len(mail.outbox) == 3
    proposal = step(proposal, "start")
    proposal = step(proposal, "progress", progress=40)
    assert "Progress: 40 %" in mail.outbox[-1].body
    assert len(mail.outbox) == 5
    assert Notification.objects.filter(user=reporter, sent_at__isnull=False).count() == 5


def test_no_mail_without_opt_in_or_address(step, coordinator, make_observation):
    silent = make_observation(status="accepted", wants_feedback=False)
    no_address = MemberFactory(role=Role.REPORTER, county="15", email="")
    unreachable = make_observation(status="accepted", reporter=no_address)
    proposal = make_proposal(coordinator, observations=[silent, unreachable])
    step(proposal, "submit")
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_one_mail_per_reporter_even_with_several_observations(step, coordinator, reporter, other_reporter,
                                                              make_observation):
    observations = [make_observation(status="accepted"), make_observation(status="accepted"),
                    make_observation(status="accepted", reporter=other_reporter)]
    proposal = make_proposal(coordinator, observations=observations)
    step(proposal, "submit")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([reporter.email, other_reporter.email])


def test_a_parents_step_reaches_the_childrens_reporters(step, coordinator, reporter, make_observation):
    parent = make_proposal(coordinator)
    make_proposal(coordinator, parent=parent, observations=[make_observation(status="accepted")])
    step(parent, "submit")
    assert [m.to for m in mail.outbox] == [[reporter.email]]


def test_delivering_twice_sends_once(coordinator, reporter, make_observation, django_capture_on_commit_callbacks):
    proposal = make_proposal(coordinator, observations=[make_observation(status="accepted")])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.proposal_transition(user=coordinator, proposal=proposal, action="submit")
    assert len(callbacks) == 1
    callbacks[0]()
    callbacks[0]()
    notification = Notification.objects.get()
    notifications.deliver([notification.pk])
    assert len(mail.outbox) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(coordinator, make_observation,
                                                         django_capture_on_commit_callbacks):
    proposal = make_proposal(coordinator, observations=[make_observation(status="accepted")])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.proposal_transition(user=coordinator, proposal=proposal, action="submit")
            raise RuntimeError("later failure")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_failed_send_is_sent_by_the_next_delivery_run_in_the_observations_language(
        coordinator, make_observation, monkeypatch, django_capture_on_commit_callbacks):
    swedish = make_observation(status="accepted", language="sv")
    proposal = make_proposal(coordinator, observations=[swedish], title="Bostadsrådgivning")

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(notifications, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_transition(user=coordinator, proposal=proposal, action="submit")
    notification = Notification.objects.get()
    assert (notification.sent_at, notification.language) == (None, "sv")
    monkeypatch.undo()

    out = StringIO()
    call_command("send_proposal_notifications", stdout=out)
    assert "1 sent, 0 still unsent" in out.getvalue()
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Åtgärdsförslag: Bostadsrådgivning"
    # A second run finds nothing left to send.
    call_command("send_proposal_notifications", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_the_message_is_in_the_observations_language(step, coordinator, reporter, other_reporter,
                                                     make_observation):
    swedish = make_observation(status="accepted", language="sv")
    english = make_observation(status="accepted", language="en", reporter=other_reporter)
    proposal = make_proposal(coordinator, observations=[swedish, english], title="Bostadsrådgivning")
    step(proposal, "submit")
    by_address = {message.to[0]: message for message in mail.outbox}
    swedish_mail, english_mail = by_address[reporter.email], by_address[other_reporter.email]
    assert swedish_mail.subject == "Åtgärdsförslag: Bostadsrådgivning"
    assert "Ett åtgärdsförslag som bygger på din observation har gått vidare." in swedish_mail.body
    assert english_mail.subject == "Proposal for action: Bostadsrådgivning"
    assert "A proposal for action built on your observation has moved on." in english_mail.body


def test_without_notify_a_step_makes_no_mail(coordinator, make_observation, django_capture_on_commit_callbacks):
    observation = make_observation(status="accepted")
    proposal = make_proposal(coordinator, observations=[observation])
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_transition(user=coordinator, proposal=proposal, action="submit", notify=False)
    assert mail.outbox == []
    assert not Notification.objects.exists()
    # The reporter still sees the step in the timeline.
    assert observation.events.filter(kind="proposal.submitted", visible_to_reporter=True).exists()
