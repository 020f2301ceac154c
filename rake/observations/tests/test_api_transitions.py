"""POST /api/v1/observations/{id}/transition and /answer, and the timeline the reporter reads."""

import pytest

from rake.core.models import AuditEntry
from rake.observations.models import Observation, Status

pytestmark = pytest.mark.django_db


def transition(client, observation, **body):
    return client.post(f"/api/v1/observations/{observation.pk}/transition", body, format="json")


def answer(client, observation, text):
    return client.post(f"/api/v1/observations/{observation.pk}/answer", {"answer": text}, format="json")


def timeline(client, observation):
    response = client.get(f"/api/v1/observations/{observation.pk}/timeline")
    assert response.status_code == 200
    return response.json()


def status_of(observation):
    return Observation.objects.get(pk=observation.pk).status


def test_accept_with_message_and_classification(coordinator_api, reporter_api, observation):
    response = transition(coordinator_api, observation, action="accept", reason="Kiitos, viemme tämän raporttiin.",
                          classification={"phenomena": ["homelessness.friends_relatives", "livelihood"],
                                          "client_groups": ["young_people"], "support_needs": [2]})

    assert response.status_code == 200
    assert response.json() == {"id": observation.pk, "status": "accepted"}
    body = reporter_api.get(f"/api/v1/observations/{observation.pk}").json()
    assert body["status"] == "accepted"
    assert body["phenomena"] == ["homelessness.friends_relatives", "livelihood"]
    assert body["client_groups"] == ["young_people"]
    assert body["support_needs"] == [2]

    events = timeline(reporter_api, observation)["events"]
    assert [e["kind"] for e in events] == ["submitted", "classified", "accept"]
    accepted = events[-1]
    assert accepted["message"] == "Kiitos, viemme tämän raporttiin."
    assert accepted["actor_role"] == "coordinator"
    assert accepted["title"]


def test_accept_without_message(coordinator_api, observation):
    assert transition(coordinator_api, observation, action="accept").status_code == 200
    assert status_of(observation) == Status.ACCEPTED


def test_reject_requires_a_reason(coordinator_api, observation):
    response = transition(coordinator_api, observation, action="reject")

    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    assert status_of(observation) == Status.SUBMITTED


def test_reject_reason_reaches_the_reporter(coordinator_api, reporter_api, observation):
    response = transition(coordinator_api, observation, action="reject", reason="Tämä kuuluu Satakuntaan.")

    assert response.json()["status"] == "rejected"
    assert reporter_api.get(f"/api/v1/observations/{observation.pk}").json()["rejection_reason"] == (
        "Tämä kuuluu Satakuntaan.")
    last = timeline(reporter_api, observation)["events"][-1]
    assert (last["kind"], last["message"]) == ("reject", "Tämä kuuluu Satakuntaan.")


def test_clarification_round_trip(coordinator_api, reporter_api, observation):
    assert transition(coordinator_api, observation, action="request_clarification").status_code == 400

    asked = transition(coordinator_api, observation, action="request_clarification",
                       reason="Koskeeko tämä myös Jämsää?")
    assert asked.json()["status"] == "clarification_requested"
    assert observation.pk not in ids_in_queue(coordinator_api)

    assert answer(reporter_api, observation, "").status_code == 400
    answered = answer(reporter_api, observation, "Kyllä, sama tilanne Jämsässä.")

    assert answered.status_code == 200
    assert answered.json() == {"id": observation.pk, "status": "submitted"}
    assert observation.pk in ids_in_queue(coordinator_api)  # back in the triage queue
    events = timeline(reporter_api, observation)
    assert events["status"] == "submitted"
    assert [(e["kind"], e["actor_role"], e["message"]) for e in events["events"][1:]] == [
        ("request_clarification", "coordinator", "Koskeeko tämä myös Jämsää?"),
        ("clarification_answered", "reporter", "Kyllä, sama tilanne Jämsässä."),
    ]


def ids_in_queue(client):
    return {row["id"] for row in client.get("/api/v1/observations", {"status": "submitted"}).json()["results"]}


def test_answer_only_while_asked(reporter_api, observation):
    response = answer(reporter_api, observation, "Vastaus ilman kysymystä")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


@pytest.mark.parametrize("body", [{}, {"answer": "  "}, {"answer": ["x"]}, {"answer": "x" * 4001}])
def test_answer_validation(reporter_api, make_observation, body):
    observation = make_observation(status=Status.CLARIFICATION_REQUESTED)

    response = reporter_api.post(f"/api/v1/observations/{observation.pk}/answer", body, format="json")

    assert response.status_code == 400
    assert status_of(observation) == Status.CLARIFICATION_REQUESTED


def test_close(coordinator_api, make_observation):
    observation = make_observation(status=Status.ACCEPTED)

    assert transition(coordinator_api, observation, action="close", reason="Käsitelty.").json()["status"] == "closed"


def test_classify(coordinator_api, observation):
    response = transition(coordinator_api, observation, action="classify",
                          classification={"phenomena": ["substance_use.gambling"], "polarity": "positive"})

    assert response.json() == {"id": observation.pk, "status": "submitted"}
    refreshed = Observation.objects.get(pk=observation.pk)
    assert [p.code for p in refreshed.phenomena.all()] == ["substance_use.gambling"]
    assert refreshed.polarity == "positive"


@pytest.mark.parametrize(
    "body",
    [
        {"action": "classify"},
        {"action": "classify", "classification": "homelessness"},
        {"action": "classify", "classification": {"phenomena": ["unknown"]}},
        {"action": "classify", "classification": {"description": "uusi"}},
        {"action": "reject", "reason": "x", "classification": {"polarity": "mixed"}},
        {"action": "delete"},
        {"action": ""},
        {},
        {"action": "accept", "reason": "x" * 4001},
        {"action": "accept", "reason": ["x"]},
    ],
)
def test_bad_transition_requests_are_400(coordinator_api, observation, body):
    response = transition(coordinator_api, observation, **body)

    assert response.status_code == 400
    assert status_of(observation) == Status.SUBMITTED


@pytest.mark.parametrize("raw", [b"{", b"[]", b"null"])
def test_malformed_transition_body(coordinator_api, observation, raw):
    response = coordinator_api.post(f"/api/v1/observations/{observation.pk}/transition", raw,
                                    content_type="application/json")

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.REJECTED, "accept"),
        (Status.REJECTED, "reject"),
        (Status.ACCEPTED, "accept"),
        (Status.CLOSED, "request_clarification"),
        (Status.CLOSED, "close"),
        (Status.REJECTED, "close"),
        (Status.QUARANTINED, "quarantine"),
        (Status.QUARANTINED, "accept"),
        (Status.CLOSED, "classify"),
    ],
)
def test_invalid_transition_is_409(coordinator_api, make_observation, status, action):
    observation = make_observation(status=status)

    response = transition(coordinator_api, observation, action=action, reason="Syy",
                          **({"classification": {"polarity": "mixed"}} if action == "classify" else {}))

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "invalid_transition"
    assert body["detail"]
    assert status_of(observation) == status


def test_invalid_transition_message_in_the_users_language(api_as, coordinator, make_observation):
    observation = make_observation(status=Status.REJECTED)

    english = transition(api_as(coordinator, language="en"), observation, action="accept").json()
    finnish = transition(api_as(coordinator, language="fi"), observation, action="accept").json()

    assert english["detail"] == "Accepting is not possible while the observation is “rejected”."
    assert english["status"] == "rejected"
    assert "accept" not in finnish["detail"].lower()  # no internal codes in the user's language
    assert finnish["detail"] != english["detail"]


def test_transitions_are_audited(coordinator_api, observation):
    transition(coordinator_api, observation, action="request_clarification", reason="Kysymys")
    transition(coordinator_api, observation, action="accept", classification={"polarity": "mixed"})

    actions = list(AuditEntry.objects.filter(object_id=str(observation.pk)).order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["observation.create", "observation.request_clarification", "observation.classify",
                       "observation.accept"]
    assert all(e.actor_username == "coordinator" for e in AuditEntry.objects.exclude(action="observation.create"))


def test_quarantine_is_not_shown_to_the_reporter(coordinator_api, reporter_api, observation):
    response = transition(coordinator_api, observation, action="quarantine", reason="Asiakkaan nimi tekstissä")

    assert response.json()["status"] == "quarantined"
    # Hidden from all but coordinators until redacted.
    assert reporter_api.get(f"/api/v1/observations/{observation.pk}").status_code == 404
    assert reporter_api.get(f"/api/v1/observations/{observation.pk}/timeline").status_code == 404
    assert [e["kind"] for e in timeline(coordinator_api, observation)["events"]] == ["submitted", "quarantine"]

    # Once redacted and back in the workflow, the reporter's timeline still leaves the quarantine out.
    Observation.objects.filter(pk=observation.pk).update(status=Status.SUBMITTED)
    events = timeline(reporter_api, observation)["events"]
    assert [e["kind"] for e in events] == ["submitted"]
    assert "Asiakkaan nimi" not in str(events)


def test_whole_loop_as_the_reporter_sees_it(coordinator_api, reporter_api, payload):
    created = reporter_api.post("/api/v1/observations", payload(), format="json").json()
    observation = Observation.objects.get(pk=created["id"])

    transition(coordinator_api, observation, action="classify", classification={"phenomena": ["livelihood.debt"]})
    transition(coordinator_api, observation, action="request_clarification", reason="Montako perhettä?")
    answer(reporter_api, observation, "Noin kymmenen.")
    transition(coordinator_api, observation, action="accept", reason="Otetaan mukaan kevään raporttiin.")
    transition(coordinator_api, observation, action="close", reason="Raportti julkaistu.")

    view = timeline(reporter_api, observation)
    assert view["status"] == "closed"
    assert view["status_label"]
    assert [(e["kind"], e["message"]) for e in view["events"]] == [
        ("submitted", ""),
        ("classified", ""),
        ("request_clarification", "Montako perhettä?"),
        ("clarification_answered", "Noin kymmenen."),
        ("accept", "Otetaan mukaan kevään raporttiin."),
        ("close", "Raportti julkaistu."),
    ]
    times = [e["at"] for e in view["events"]]
    assert times == sorted(times)
