"""Reporters are told what waits for them (issue 16): a count of the coordinators' questions on the front page
and in the navigation, an opt-in e-mail when a coordinator asks or answers (sent once, after the commit, and
again by send_proposal_notifications if it failed), and the latest message on "My observations"."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from rake.core import notifications as outbox
from rake.core.models import Notification
from rake.observations import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def opted_in(reporter):
    reporter.email_notifications = True
    reporter.save()
    return reporter


def ask(coordinator, observation, question="Missä kunnassa tämä tapahtui?"):
    return services.observation_request_clarification(user=coordinator, observation=observation, question=question)


def test_a_question_mails_the_opted_in_reporter_once_after_the_commit(opted_in, coordinator, make_observation,
                                                                      django_capture_on_commit_callbacks):
    observation = make_observation(language="fi")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ask(coordinator, observation)
    assert mail.outbox == []  # not before the commit
    callbacks[0]()
    callbacks[0]()  # a second delivery of the same row sends nothing
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [opted_in.email]
    assert message.subject == f"Kysymys havainnostasi {observation.pk}"
    # The mail tells that a question waits, not what it says: the reporter reads it in Rake.
    assert "Missä kunnassa" not in message.body
    assert Notification.objects.get().kind == "observation_message"


def test_an_answer_from_the_coordinator_mails_too_but_the_reporters_own_answer_does_not(
        opted_in, coordinator, make_observation, django_capture_on_commit_callbacks):
    observation = make_observation(language="sv")
    with django_capture_on_commit_callbacks(execute=True):
        observation = ask(coordinator, observation)
        observation = services.observation_answer_clarification(user=opted_in, observation=observation,
                                                                answer="Jyväskylässä.")
        services.observation_accept(user=coordinator, observation=observation, message="Tack, vi tar upp detta.")
    assert [m.subject for m in mail.outbox] == [f"En fråga om din observation {observation.pk}",
                                               f"Ett meddelande om din observation {observation.pk}"]


def test_no_mail_without_opting_in_or_without_a_message(reporter, coordinator, make_observation,
                                                        django_capture_on_commit_callbacks):
    observation = make_observation()
    with django_capture_on_commit_callbacks(execute=True):
        ask(coordinator, observation)
    assert mail.outbox == [] and not Notification.objects.exists()
    reporter.email_notifications = True
    reporter.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.observation_accept(user=coordinator, observation=make_observation())  # no message
    assert mail.outbox == []


def test_nothing_is_sent_when_the_transaction_rolls_back(opted_in, coordinator, make_observation,
                                                         django_capture_on_commit_callbacks):
    observation = make_observation()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            ask(coordinator, observation)
            raise RuntimeError("later failure")
    assert mail.outbox == [] and not Notification.objects.exists()


def test_a_failed_mail_is_sent_by_the_same_command_as_proposal_mail(opted_in, coordinator, make_observation,
                                                                    monkeypatch, django_capture_on_commit_callbacks):
    observation = make_observation(language="fi")

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(outbox, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        ask(coordinator, observation)
    assert Notification.objects.get().sent_at is None
    monkeypatch.undo()

    out = StringIO()
    call_command("send_proposal_notifications", stdout=out)
    assert "1 sent, 0 still unsent" in out.getvalue()
    assert len(mail.outbox) == 1
    call_command("send_proposal_notifications", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_the_reporter_turns_the_mail_on_and_off_on_my_observations(client_as, reporter):
    client = client_as(reporter)
    page = client.get(reverse("observations:mine")).content.decode()
    assert 'name="email_notifications"' in page and "checked" not in page.split('name="email_notifications"')[1][:40]

    response = client.post(reverse("observations:mine_notifications"), {"email_notifications": "on"})
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert reporter.email_notifications is True
    client.post(reverse("observations:mine_notifications"), {})
    reporter.refresh_from_db()
    assert reporter.email_notifications is False


def test_the_setting_is_for_reporters(client_as, viewer):
    assert client_as(viewer).post(reverse("observations:mine_notifications"), {"email_notifications": "on"}
                                  ).status_code == 403


def test_the_waiting_questions_are_counted_in_the_navigation_and_on_the_front_page(
        client_as, reporter, coordinator, make_observation):
    client = client_as(reporter)
    assert 'class="rake-badge"' not in client.get(reverse("core:home")).content.decode()
    first, second = make_observation(), make_observation()
    ask(coordinator, first)
    ask(coordinator, second)

    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="rake-badge" aria-hidden="true">2</span>' in page
    assert "(2 questions wait for your answer)" in page
    assert 'id="questions-waiting"' in page
    waiting = client.get(reverse("observations:mine"), {"waiting": "1"})
    assert [row["observation"].pk for row in waiting.context["rows"]] == [second.pk, first.pk]
    services.observation_answer_clarification(user=reporter, observation=first, answer="Jyväskylässä.")
    assert '<span class="rake-badge" aria-hidden="true">1</span>' in client.get(reverse("core:home")).content.decode()


def test_my_observations_shows_the_latest_message_in_the_first_column_for_phones(client_as, reporter, coordinator,
                                                                                 make_observation):
    ask(coordinator, make_observation(), question="Kuinka monta asiakasta tämä koskee?")
    page = client_as(reporter).get(reverse("observations:mine")).content.decode()
    row_header = page.split('<th scope="row"')[1].split("</th>")[0]
    assert "rake-narrow-only" in row_header and "Kuinka monta asiakasta tämä koskee?" in row_header
