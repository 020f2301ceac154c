"""Writes on observations: creation, drafts, each transition's guard, classification and links."""

import pytest
from django.utils import translation

from rake.accounts.models import Role, User
from rake.accounts.tests.factories import MemberFactory
from rake.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from rake.core.models import AuditEntry
from rake.observations import services
from rake.observations.models import Observation, Status, TimelineEvent
from rake.observations.tests.factories import ObservationFactory, observation_payload
from rake.observations.transitions import OBSERVATION

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def kinds(observation):
    return list(observation.events.order_by("id").values_list("kind", flat=True))


# --- creation and drafts ---------------------------------------------------------------


def test_create_submits(reporter):
    observation, created = services.observation_create(user=reporter, data=observation_payload())

    assert created
    assert observation.status == Status.SUBMITTED
    assert observation.submitted_at is not None
    assert observation.created_by == reporter
    assert observation.county_code == "15"
    assert kinds(observation) == ["submitted"]
    entry = AuditEntry.objects.get(action="observation.create")
    assert entry.object_id == str(observation.pk)
    assert entry.actor_username == "reporter"


def test_create_draft(reporter):
    observation, _ = services.observation_create(user=reporter, data={"description": "Kesken"}, submit=False)

    assert observation.status == Status.DRAFT
    assert observation.submitted_at is None
    assert kinds(observation) == ["draft_saved"]


@pytest.mark.parametrize("who", ["analyst", "viewer", "national", "rake_admin", "no_role_user"])
def test_only_reporters_and_coordinators_may_create(request, who):
    with pytest.raises(PermissionDenied):
        services.observation_create(user=request.getfixturevalue(who), data=observation_payload())
    assert not Observation.objects.exists()


def test_invalid_create_stores_nothing(reporter):
    with pytest.raises(ValidationError):
        services.observation_create(user=reporter, data=observation_payload(polarity="sideways"))

    assert not Observation.objects.exists()
    assert not TimelineEvent.objects.exists()


def test_usual_service_area_and_municipality_are_remembered(reporter):
    services.observation_create(user=reporter, data=observation_payload(service_area="family_services",
                                                                         municipality="179"))

    reporter = User.objects.get(pk=reporter.pk)
    assert reporter.usual_service_area == "family_services"
    assert reporter.usual_municipality == "179"

    services.observation_create(user=reporter, data=observation_payload(service_area="youth_services"))
    reporter = User.objects.get(pk=reporter.pk)
    assert reporter.usual_service_area == "youth_services"
    assert reporter.usual_municipality == "179"  # not given this time: the earlier one stays


def test_update_and_submit_draft(reporter, make_observation):
    draft = make_observation(submit=False, observation_type="", polarity="")

    with pytest.raises(ValidationError) as caught:
        services.observation_update_draft(user=reporter, observation=draft, data={}, submit=True)
    assert set(caught.value.field_errors) == {"observation_type", "polarity"}

    services.observation_update_draft(user=reporter, observation=draft, data={"polarity": "mixed"})
    draft.refresh_from_db()
    assert (draft.status, draft.polarity) == (Status.DRAFT, "mixed")

    submitted = services.observation_update_draft(
        user=reporter, observation=draft, data={"observation_type": "good_practice", "municipality": "179"},
        submit=True,
    )
    assert submitted.status == Status.SUBMITTED
    assert submitted.submitted_at is not None
    assert kinds(submitted) == ["draft_saved", "submitted"]
    assert User.objects.get(pk=reporter.pk).usual_municipality == "179"


def test_draft_cannot_move_to_a_county_the_reporter_does_not_report_for(reporter, make_observation):
    draft = make_observation(submit=False)

    with pytest.raises(ValidationError) as caught:
        services.observation_update_draft(user=reporter, observation=draft, data={"county": "06"})
    assert list(caught.value.field_errors) == ["county"]
    assert Observation.objects.get(pk=draft.pk).county_code == "15"


def test_others_cannot_edit_a_draft(other_reporter, coordinator, make_observation):
    draft = make_observation(submit=False)

    for user in (other_reporter, coordinator):
        with pytest.raises(PermissionDenied):
            services.observation_update_draft(user=user, observation=draft, data={"description": "muutettu"})


def test_submitted_observation_is_no_longer_a_draft(reporter, observation):
    with pytest.raises(PermissionDenied):
        services.observation_update_draft(user=reporter, observation=observation, data={"description": "x"})


def test_delete_draft_leaves_an_audit_entry_and_no_content(reporter, other_reporter, make_observation):
    draft = make_observation(submit=False, description="Luonnoksen salainen sisältö")
    draft_id = draft.pk
    with pytest.raises(NotFound):
        services.observation_delete_draft(user=other_reporter, observation=draft)

    services.observation_delete_draft(user=reporter, observation=draft)

    assert not Observation.objects.filter(pk=draft_id).exists()
    assert not TimelineEvent.objects.filter(observation_id=draft_id).exists()
    entry = AuditEntry.objects.get(action="observation.delete_draft")
    assert entry.object_id == str(draft_id)
    assert "salainen" not in str(entry.detail)


# --- each transition's guard -------------------------------------------------------------

ACTIONS = {
    "accept": lambda user, obs: services.observation_accept(user=user, observation=obs, message="Kiitos"),
    "reject": lambda user, obs: services.observation_reject(user=user, observation=obs, reason="Ei koske meitä"),
    "request_clarification": lambda user, obs: services.observation_request_clarification(
        user=user, observation=obs, question="Missä kunnassa?"),
    "close": lambda user, obs: services.observation_close(user=user, observation=obs),
    "quarantine": lambda user, obs: services.observation_quarantine(user=user, observation=obs, reason="Nimi"),
    "mark_used": lambda user, obs: services.observation_mark_used(user=user, observation=obs),
}


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_coordinator_transition_guard(coordinator, make_observation, action, status):
    observation = make_observation(status=status)
    transition = OBSERVATION.transitions[action]
    allowed_from, target = transition.sources, transition.target

    if status in allowed_from:
        result = ACTIONS[action](coordinator, observation)
        assert result.status == target
        assert Observation.objects.get(pk=observation.pk).status == target
        assert kinds(observation)[-1] == action
        assert AuditEntry.objects.filter(action=f"observation.{action}", object_id=str(observation.pk)).exists()
    else:
        with pytest.raises(InvalidTransition) as caught:
            ACTIONS[action](coordinator, observation)
        assert caught.value.code == "invalid_transition"
        assert caught.value.extra == {"status": status}
        assert Observation.objects.get(pk=observation.pk).status == status
        assert kinds(observation)[-1] != action


def test_transition_table_matches_the_design():
    allowed = {action: {str(s) for s in spec.sources} for action, spec in OBSERVATION.transitions.items()}

    assert allowed["submit"] == {"draft"}
    assert allowed["accept"] == {"submitted", "clarification_requested"}
    assert allowed["reject"] == {"submitted", "clarification_requested"}
    assert allowed["answer_clarification"] == {"clarification_requested"}
    assert "draft" not in allowed["quarantine"] and "quarantined" not in allowed["quarantine"]
    assert "rejected" not in allowed["close"]


@pytest.mark.parametrize("status", Status.values)
def test_answer_clarification_guard(reporter, make_observation, status):
    observation = make_observation(status=status)

    if status == Status.CLARIFICATION_REQUESTED:
        result = services.observation_answer_clarification(user=reporter, observation=observation,
                                                           answer="Jyväskylässä.")
        assert result.status == Status.SUBMITTED  # back in the triage queue
        assert kinds(observation)[-1] == "clarification_answered"
    else:
        with pytest.raises(InvalidTransition):
            services.observation_answer_clarification(user=reporter, observation=observation, answer="x")


def test_only_the_author_answers(other_reporter, coordinator, make_observation):
    observation = make_observation(status=Status.CLARIFICATION_REQUESTED)

    for user in (other_reporter, coordinator):
        with pytest.raises(PermissionDenied):
            services.observation_answer_clarification(user=user, observation=observation, answer="x")


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("who", ["reporter", "other_coordinator", "analyst", "viewer", "national"])
def test_only_the_county_coordinator_triages(request, observation, action, who):
    with pytest.raises(PermissionDenied):
        ACTIONS[action](request.getfixturevalue(who), observation)
    assert Observation.objects.get(pk=observation.pk).status == Status.SUBMITTED


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reject_needs_a_reason(coordinator, observation, reason):
    with pytest.raises(ValidationError) as caught:
        services.observation_reject(user=coordinator, observation=observation, reason=reason)
    assert list(caught.value.field_errors) == ["reason"]


def test_reject_records_the_reason_for_the_reporter(coordinator, observation):
    services.observation_reject(user=coordinator, observation=observation, reason="  Kuuluu toiselle alueelle. ")

    observation.refresh_from_db()
    assert observation.rejection_reason == "Kuuluu toiselle alueelle."
    assert observation.decided_at is not None
    event = observation.events.get(kind="reject")
    assert (event.message, event.visible_to_reporter, event.actor_role) == (
        "Kuuluu toiselle alueelle.", True, Role.COORDINATOR)


@pytest.mark.parametrize("question", [None, "", "x" * 4001])
def test_clarification_needs_a_question(coordinator, observation, question):
    with pytest.raises(ValidationError):
        services.observation_request_clarification(user=coordinator, observation=observation, question=question)


def test_answer_needs_text(reporter, make_observation):
    observation = make_observation(status=Status.CLARIFICATION_REQUESTED)

    with pytest.raises(ValidationError):
        services.observation_answer_clarification(user=reporter, observation=observation, answer=" ")


def test_quarantine_is_hidden_from_the_reporter(coordinator, observation):
    services.observation_quarantine(user=coordinator, observation=observation, reason="Henkilötunnus tekstissä")

    event = observation.events.get(kind="quarantine")
    assert event.visible_to_reporter is False
    assert event.data == {"previous_status": "submitted"}


def test_accept_requires_a_complete_classification(coordinator, make_observation):
    incomplete = make_observation(submit=False, observation_type="", polarity="", status=Status.SUBMITTED)

    with pytest.raises(ValidationError) as caught:
        services.observation_accept(user=coordinator, observation=incomplete)
    assert set(caught.value.field_errors) == {"observation_type", "polarity"}
    assert Observation.objects.get(pk=incomplete.pk).status == Status.SUBMITTED

    accepted = services.observation_accept(user=coordinator, observation=incomplete, message="Hyvä havainto",
                                           classification={"observation_type": "need", "polarity": "negative"})
    assert accepted.status == Status.ACCEPTED
    assert kinds(incomplete)[-2:] == ["classified", "accept"]
    assert incomplete.events.get(kind="accept").message == "Hyvä havainto"


# --- classification -----------------------------------------------------------------------


def test_classification_replaces_phenomena_in_order(coordinator, make_observation):
    observation = make_observation(phenomena=["homelessness", "livelihood"])

    _, changed = services.observation_classify(
        user=coordinator, observation=observation,
        classification={"phenomena": ["mental_health.crisis", "substance_use", "homelessness"],
                        "client_groups": ["young_people"], "support_needs": [4, 9], "polarity": "mixed",
                        "observation_type": "service_effect", "service_area": "youth_services"},
    )

    observation = Observation.objects.get(pk=observation.pk)
    assert list(observation.phenomenon_links.values_list("phenomenon__code", "position")) == [
        ("mental_health.crisis", 0), ("substance_use", 1), ("homelessness", 2)]
    assert observation.primary_phenomenon.code == "mental_health.crisis"
    assert [c.code for c in observation.client_groups.all()] == ["young_people"]
    assert sorted(s.code for s in observation.support_needs.all()) == [4, 9]
    assert (observation.polarity, observation.observation_type.code, observation.service_area.code) == (
        "mixed", "service_effect", "youth_services")
    assert set(changed) == {"phenomena", "client_groups", "support_needs", "polarity", "observation_type",
                            "service_area"}
    event = observation.events.get(kind="classified")
    assert set(event.data["fields"]) == set(changed)
    assert AuditEntry.objects.filter(action="observation.classify").count() == 1


def test_reordering_phenomena_changes_the_primary(coordinator, make_observation):
    observation = make_observation(phenomena=["homelessness", "livelihood"])

    services.observation_classify(user=coordinator, observation=observation,
                                  classification={"phenomena": ["livelihood", "homelessness"]})

    assert Observation.objects.get(pk=observation.pk).primary_phenomenon.code == "livelihood"


def test_unchanged_classification_records_nothing(coordinator, make_observation):
    observation = make_observation(phenomena=["homelessness"])

    _, changed = services.observation_classify(user=coordinator, observation=observation,
                                               classification={"phenomena": ["homelessness"], "polarity": "negative"})

    assert changed == []
    assert kinds(observation) == ["submitted"]


@pytest.mark.parametrize(
    ("classification", "field"),
    [
        ({"description": "uusi teksti"}, "classification"),
        ({"county": "06"}, "classification"),
        (["homelessness"], "classification"),
        ({"phenomena": []}, "phenomena"),
        ({"phenomena": ["nope"]}, "phenomena"),
        ({"polarity": ""}, "polarity"),
    ],
)
def test_invalid_classification(coordinator, observation, classification, field):
    with pytest.raises(ValidationError) as caught:
        services.observation_classify(user=coordinator, observation=observation, classification=classification)

    assert field in caught.value.field_errors
    assert [p.code for p in Observation.objects.get(pk=observation.pk).phenomena.all()] == ["homelessness"]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REJECTED, Status.CLOSED, Status.QUARANTINED])
def test_classify_guard(coordinator, make_observation, status):
    observation = make_observation(status=status)

    with pytest.raises(InvalidTransition):
        services.observation_classify(user=coordinator, observation=observation,
                                      classification={"polarity": "positive"})


def test_classify_needs_triage_rights(other_coordinator, analyst, observation):
    for user in (other_coordinator, analyst):
        with pytest.raises(PermissionDenied):
            services.observation_classify(user=user, observation=observation,
                                          classification={"polarity": "positive"})


# --- the API's dispatcher -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"action": "delete"}, "action"),
        ({"action": "classify"}, "classification"),
        ({"action": "reject", "reason": "x", "classification": {"polarity": "mixed"}}, "classification"),
    ],
)
def test_transition_dispatch_refuses_bad_requests(coordinator, observation, kwargs, field):
    with pytest.raises(ValidationError) as caught:
        services.observation_transition(user=coordinator, observation=observation, **kwargs)
    assert field in caught.value.field_errors


# --- links --------------------------------------------------------------------------------


def test_link_is_symmetric(coordinator, make_observation):
    one, two = make_observation(), make_observation()

    services.observation_link(user=coordinator, observation=one, other_id=two.pk)
    services.observation_link(user=coordinator, observation=two, other_id=one.pk)  # already linked: no-op

    assert list(one.related.values_list("pk", flat=True)) == [two.pk]
    assert list(two.related.values_list("pk", flat=True)) == [one.pk]
    for obs in (one, two):
        event = obs.events.get(kind="linked")
        assert event.visible_to_reporter is False
    assert AuditEntry.objects.filter(action="observation.link").count() == 1

    services.observation_unlink(user=coordinator, observation=two, other_id=one.pk)
    assert not one.related.exists() and not two.related.exists()


def test_link_is_limited_to_the_coordinators_county(coordinator, other_coordinator, observation, make_observation):
    satakunta = ObservationFactory(reporter=MemberFactory(role=Role.REPORTER, county="06"))
    draft = make_observation(submit=False)

    for other_id in (satakunta.pk, draft.pk, observation.pk, 10**9):
        with pytest.raises(ValidationError):
            services.observation_link(user=coordinator, observation=observation, other_id=other_id)
    with pytest.raises(ValidationError):
        services.observation_link(user=other_coordinator, observation=satakunta, other_id=observation.pk)
    with pytest.raises(PermissionDenied):
        services.observation_link(user=coordinator, observation=satakunta, other_id=observation.pk)
    assert not observation.related.exists()
    assert not satakunta.related.exists()
