import datetime

import pytest

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.core.dates import today
from rake.core.errors import InvalidTransition, PermissionDenied, PersonalDataFound, ValidationError
from rake.core.models import AuditEntry, Notification
from rake.observations.models import TimelineEvent
from rake.proposals import services
from rake.privacy.scanner import STRONG_MESSAGE
from rake.proposals.models import Proposal, ProposalEvent

from .core_helpers import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(make_observation):
    return make_observation(status="accepted")


def test_create_makes_a_draft_with_its_event_audit_and_hidden_timeline_entry(coordinator, accepted):
    proposal = make_proposal(coordinator, observations=[accepted.pk])

    assert proposal.status == "draft"
    assert proposal.county_code == "15"
    assert list(proposal.observations.all()) == [accepted]
    assert list(proposal.events.values_list("action", flat=True)) == ["create"]
    assert AuditEntry.objects.filter(action="proposal.create", object_id=str(proposal.pk)).exists()
    event = TimelineEvent.objects.get(observation=accepted, kind="proposal.created")
    # A draft is the coordinators' own until submitted.
    assert event.visible_to_reporter is False
    assert event.data["proposal_id"] == proposal.pk


def test_create_requires_the_texts_and_a_source(coordinator):
    with pytest.raises(ValidationError) as error:
        services.proposal_create(user=coordinator, title="", rationale=" ", addressee="")
    assert set(error.value.field_errors) >= {"title", "rationale", "addressee"}

    with pytest.raises(ValidationError) as error:
        services.proposal_create(user=coordinator, title="T", rationale="R", addressee="A")
    assert "observations" in error.value.field_errors


def test_create_refuses_unaccepted_and_other_counties_observations(coordinator, make_observation):
    submitted = make_observation()
    other_county = make_observation(status="accepted", reporter=MemberFactory(role=Role.REPORTER, county="06"))
    for observation in (submitted, other_county):
        with pytest.raises(ValidationError) as error:
            make_proposal(coordinator, observations=[observation.pk], county="15")
        assert "observations" in error.value.field_errors


def test_create_refuses_unknown_phenomenon_and_kind(coordinator):
    with pytest.raises(ValidationError) as error:
        make_proposal(coordinator, phenomenon="weather", addressee_kind="parliament")
    assert set(error.value.field_errors) == {"phenomenon", "addressee_kind"}


@pytest.mark.parametrize("user_fixture", ["reporter", "analyst", "viewer", "national", "other_coordinator"])
def test_only_the_countys_coordinators_create(request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    with pytest.raises(PermissionDenied):
        services.proposal_create(user=user, county="15", title="T", rationale="R", addressee="A",
                                 phenomenon="homelessness")
    assert not Proposal.objects.exists()


def test_the_whole_workflow_records_each_step(coordinator, viewer, accepted):
    proposal = make_proposal(coordinator, observations=[accepted])
    proposal = services.proposal_transition(user=coordinator, proposal=proposal, action="submit")
    proposal = services.proposal_transition(user=coordinator, proposal=proposal, action="consider")
    proposal = services.proposal_transition(user=viewer, proposal=proposal, action="decide", data={
        "outcome": "partly", "decision_text": "Hyväksyttiin osittain.", "decision_reference": "§ 12/2026",
        "decided_on": "2026-01-15"})
    assert (proposal.status, proposal.outcome, proposal.decided_on) == ("decided", "partly",
                                                                        datetime.date(2026, 1, 15))
    proposal = services.proposal_transition(user=coordinator, proposal=proposal, action="start")
    proposal = services.proposal_transition(user=viewer, proposal=proposal, action="progress",
                                            data={"progress": "40", "note": "Kaksi kuntaa mukana."})
    assert (proposal.status, proposal.progress) == ("in_progress", 40)
    proposal = services.proposal_transition(user=coordinator, proposal=proposal, action="implement")
    assert (proposal.status, proposal.progress) == ("implemented", 100)
    proposal = services.proposal_transition(user=coordinator, proposal=proposal, action="close",
                                            data={"note": "Valmis."})
    assert proposal.status == "closed"

    assert list(proposal.events.values_list("action", flat=True)) == [
        "create", "submit", "consider", "decide", "start", "progress", "implement", "close"]
    kinds = list(TimelineEvent.objects.filter(observation=accepted, kind__startswith="proposal.",
                                              visible_to_reporter=True).values_list("kind", flat=True))
    assert kinds == ["proposal.submitted", "proposal.under_consideration", "proposal.decided", "proposal.started",
                     "proposal.progress", "proposal.implemented", "proposal.closed"]
    decided = TimelineEvent.objects.get(observation=accepted, kind="proposal.decided")
    assert decided.message == "Hyväksyttiin osittain."
    assert decided.data["decision_text"] == "Hyväksyttiin osittain."
    assert decided.actor_role == "viewer"
    assert TimelineEvent.objects.get(observation=accepted, kind="proposal.progress").data["progress"] == 40
    assert AuditEntry.objects.filter(action="proposal.decide", object_id=str(proposal.pk)).count() == 1


@pytest.mark.parametrize(("status", "action"), [
    ("draft", "consider"), ("draft", "decide"), ("submitted", "decide"), ("under_consideration", "start"),
    ("decided", "progress"), ("decided", "implement"), ("implemented", "progress"), ("closed", "follow_up"),
    ("implemented", "follow_up"),
    ("submitted", "close"), ("in_progress", "submit"),
])
def test_steps_out_of_order_are_invalid_transitions(coordinator, status, action):
    proposal = make_proposal(coordinator, status=status)
    with pytest.raises(InvalidTransition):
        services.proposal_transition(user=coordinator, proposal=proposal, action=action, data={
            "outcome": "accepted", "decision_text": "x", "progress": 10, "follow_up_on": "2030-01-01"})
    proposal.refresh_from_db()
    assert proposal.status == status


def test_a_rejected_proposal_cannot_start_but_can_close(coordinator, viewer):
    proposal = make_proposal(coordinator, status="under_consideration")
    proposal = services.proposal_transition(user=viewer, proposal=proposal, action="decide",
                                            data={"outcome": "rejected", "decision_text": "Ei resursseja."})
    with pytest.raises(InvalidTransition):
        services.proposal_transition(user=coordinator, proposal=proposal, action="start")
    proposal = services.proposal_transition(user=coordinator, proposal=proposal, action="close")
    assert proposal.status == "closed"


def test_decide_validates_its_input(coordinator, viewer):
    proposal = make_proposal(coordinator, status="under_consideration")
    with pytest.raises(ValidationError) as error:
        services.proposal_transition(user=viewer, proposal=proposal, action="decide", data={
            "outcome": "maybe", "decision_text": "", "decided_on": (today() + datetime.timedelta(days=2))})
    assert set(error.value.field_errors) == {"outcome", "decision_text", "decided_on"}
    proposal.refresh_from_db()
    assert proposal.status == "under_consideration"
    assert not proposal.events.filter(action="decide").exists()


@pytest.mark.parametrize("value", [-1, 101, "forty", None])
def test_progress_must_be_a_percentage(coordinator, value):
    proposal = make_proposal(coordinator, status="in_progress")
    with pytest.raises(ValidationError) as error:
        services.proposal_transition(user=coordinator, proposal=proposal, action="progress", data={"progress": value})
    assert "progress" in error.value.field_errors


def test_progress_may_set_the_next_follow_up(coordinator):
    proposal = make_proposal(coordinator, status="in_progress")
    proposal = services.proposal_transition(user=coordinator, proposal=proposal, action="progress",
                                            data={"progress": 10, "follow_up_on": "2030-06-01"})
    assert proposal.follow_up_on == datetime.date(2030, 6, 1)


def test_follow_up_needs_a_date_and_shows_in_the_reporters_timeline(coordinator, viewer, accepted,
                                                                    django_capture_on_commit_callbacks):
    proposal = make_proposal(coordinator, observations=[accepted], status="decided")
    with pytest.raises(ValidationError) as error:
        services.proposal_transition(user=viewer, proposal=proposal, action="follow_up", data={"note": "x"})
    assert "follow_up_on" in error.value.field_errors
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_transition(user=viewer, proposal=proposal, action="follow_up",
                                                data={"follow_up_on": datetime.date(2030, 1, 31), "note": "Kysy."})
    assert (proposal.status, proposal.follow_up_on) == ("decided", datetime.date(2030, 1, 31))
    assert proposal.events.last().data["follow_up_on"] == "2030-01-31"
    # The reporter sees the next follow-up date in the observation's timeline, without an e-mail.
    event = TimelineEvent.objects.get(observation=accepted, kind="proposal.follow_up")
    assert event.visible_to_reporter is True
    assert event.data["follow_up_on"] == "2030-01-31"
    assert not Notification.objects.filter(kind="proposal_event", object_id=proposal.events.last().pk).exists()


def test_unknown_action_is_a_validation_error(coordinator):
    proposal = make_proposal(coordinator)
    with pytest.raises(ValidationError) as error:
        services.proposal_transition(user=coordinator, proposal=proposal, action="approve")
    assert "action" in error.value.field_errors


# --- parents and children -------------------------------------------------------------------------------
def test_a_parent_is_implemented_only_after_its_children_are_finished(coordinator):
    parent = make_proposal(coordinator, status="in_progress")
    first = make_proposal(coordinator, parent=parent, weight=1, status="in_progress")
    second = make_proposal(coordinator, parent=parent, weight=3, status="in_progress")

    with pytest.raises(ValidationError) as error:
        services.proposal_transition(user=coordinator, proposal=parent, action="progress", data={"progress": 50})
    assert "progress" in error.value.field_errors

    services.proposal_transition(user=coordinator, proposal=first, action="implement")
    with pytest.raises(InvalidTransition):
        services.proposal_transition(user=coordinator, proposal=parent, action="implement")
    services.proposal_transition(user=coordinator, proposal=second, action="close")
    parent = services.proposal_transition(user=coordinator, proposal=parent, action="implement")
    assert parent.status == "implemented"


def test_parent_must_be_of_the_county_and_unfinished(coordinator, other_coordinator):
    finished = make_proposal(coordinator, status="closed")
    other = make_proposal(other_coordinator)
    for parent in (finished, other):
        with pytest.raises(ValidationError) as error:
            make_proposal(coordinator, parent=parent.pk)
        assert "parent" in error.value.field_errors


# --- editing ----------------------------------------------------------------------------------------------
def test_update_edits_drafts_and_submitted_only(coordinator):
    proposal = make_proposal(coordinator, status="submitted")
    proposal = services.proposal_update(user=coordinator, proposal=proposal, title="Uusi otsikko", weight=2)
    assert (proposal.title, proposal.weight) == ("Uusi otsikko", 2)
    assert proposal.events.last().action == "update"

    proposal = services.proposal_transition(user=coordinator, proposal=proposal, action="consider")
    with pytest.raises(InvalidTransition):
        services.proposal_update(user=coordinator, proposal=proposal, title="Liian myöhään")


def test_update_refuses_unknown_fields_and_cycles(coordinator):
    parent = make_proposal(coordinator)
    child = make_proposal(coordinator, parent=parent)
    with pytest.raises(ValidationError) as error:
        services.proposal_update(user=coordinator, proposal=parent, status="decided")
    assert "status" in error.value.field_errors
    with pytest.raises(ValidationError) as error:
        services.proposal_update(user=coordinator, proposal=parent, parent=child)
    assert "parent" in error.value.field_errors


def test_observations_added_to_a_submitted_proposal_get_their_own_visible_step(coordinator, make_observation):
    first = make_observation(status="accepted")
    second = make_observation(status="accepted")
    proposal = make_proposal(coordinator, observations=[first], status="submitted")
    services.proposal_update(user=coordinator, proposal=proposal, observations=[first.pk, second.pk])
    assert TimelineEvent.objects.filter(observation=second, kind="proposal.observations_added",
                                        visible_to_reporter=True).count() == 1
    assert not TimelineEvent.objects.filter(observation=first, kind="proposal.observations_added").exists()
    # The proposal was submitted once: adding observations is a step of its own.
    assert list(proposal.events.values_list("action", flat=True)) == [
        "create", "submit", "update", "observations_added"]
    assert proposal.events.last().data["observations"] == [second.pk]
    assert AuditEntry.objects.filter(action="proposal.submit", object_id=str(proposal.pk)).count() == 1
    assert AuditEntry.objects.filter(action="proposal.observations_added", object_id=str(proposal.pk)).count() == 1


def test_update_by_a_viewer_is_denied(coordinator, viewer):
    proposal = make_proposal(coordinator)
    with pytest.raises(PermissionDenied):
        services.proposal_update(user=viewer, proposal=proposal, title="x")


# --- the role × action matrix -------------------------------------------------------------------------------
ROLES = ["reporter", "coordinator", "analyst", "viewer", "national", "other_coordinator", "other_viewer"]
# action → the status the proposal is in before it.
ACTION_FROM = {
    "submit": "draft", "consider": "submitted", "decide": "under_consideration", "start": "decided",
    "progress": "in_progress", "implement": "in_progress", "close": "decided", "follow_up": "submitted",
}
ACTION_DATA = {
    "decide": {"outcome": "accepted", "decision_text": "Hyväksytään."},
    "progress": {"progress": 40},
    "follow_up": {"follow_up_on": "2030-01-01"},
}
ALLOWED = {
    "coordinator": set(ACTION_FROM) | {"create", "update"},
    "viewer": {"decide", "progress", "follow_up"},
}


@pytest.fixture
def other_viewer(db):
    return MemberFactory(username="other-viewer", role=Role.VIEWER, county="06")


def _users(request):
    return {role: request.getfixturevalue(role) for role in ROLES}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["create", "update", *ACTION_FROM])
def test_permission_matrix(request, coordinator, role, action):
    user = request.getfixturevalue(role)
    allowed = action in ALLOWED.get(role, set())
    if action == "create":
        call = lambda: make_proposal(user, county="15")  # noqa: E731
    elif action == "update":
        proposal = make_proposal(coordinator)
        call = lambda: services.proposal_update(user=user, proposal=proposal, title="Muutettu")  # noqa: E731
    else:
        proposal = make_proposal(coordinator, status=ACTION_FROM[action])
        call = lambda: services.proposal_transition(  # noqa: E731
            user=user, proposal=proposal, action=action, data=ACTION_DATA.get(action))
    if allowed:
        call()
        assert ProposalEvent.objects.filter(action=action).exists()
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert not ProposalEvent.objects.filter(action=action).exists()


# --- personal data ------------------------------------------------------------------------------------------
NAME = "Asiasta päätti Liisa Korhonen."


@pytest.mark.parametrize("field", ["title", "rationale", "addressee"])
def test_create_refuses_personal_data_with_the_findings(coordinator, accepted, field):
    with pytest.raises(PersonalDataFound) as error:
        make_proposal(coordinator, observations=[accepted], **{field: NAME})
    findings = error.value.extra["findings"]
    assert [(f["field"], f["kind"], f["start"], f["end"]) for f in findings] == [(field, "person_name", 15, 29)]
    assert not Proposal.objects.exists()
    assert not TimelineEvent.objects.filter(kind__startswith="proposal.").exists()


def test_update_refuses_personal_data(coordinator):
    proposal = make_proposal(coordinator, status="submitted")
    with pytest.raises(PersonalDataFound):
        services.proposal_update(user=coordinator, proposal=proposal, rationale=NAME)
    proposal.refresh_from_db()
    assert proposal.rationale == "Nuorten asunnottomuus on lisääntynyt."
    assert not proposal.events.filter(action="update").exists()


@pytest.mark.parametrize(("status", "action", "data", "field"), [
    ("under_consideration", "decide", {"outcome": "accepted", "decision_text": NAME}, "decision_text"),
    ("under_consideration", "decide", {"outcome": "accepted", "decision_text": "Hyväksytään.", "note": NAME},
     "note"),
    ("in_progress", "progress", {"progress": 40, "note": NAME}, "note"),
    ("submitted", "follow_up", {"follow_up_on": "2030-01-01", "note": NAME}, "note"),
    ("decided", "close", {"note": NAME}, "note"),
])
def test_a_step_refuses_personal_data_before_anyone_reads_it(coordinator, accepted, status, action, data, field):
    proposal = make_proposal(coordinator, observations=[accepted], status=status)
    events_before = TimelineEvent.objects.filter(observation=accepted).count()
    decision_before = proposal.decision_text
    with pytest.raises(PersonalDataFound) as error:
        services.proposal_transition(user=coordinator, proposal=proposal, action=action, data=data)
    assert {f["field"] for f in error.value.extra["findings"]} == {field}
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_text) == (status, decision_before)
    assert not proposal.events.filter(action=action).exists()
    assert TimelineEvent.objects.filter(observation=accepted).count() == events_before


STRONG = ("010190-900P", "FI21 1234 5600 0007 85")  # an identity code and an IBAN whose check is right


@pytest.mark.parametrize("identifier", STRONG)
@pytest.mark.parametrize("field", ["title", "rationale", "addressee"])
def test_a_strong_identifier_is_refused_with_a_message_to_remove_it(coordinator, accepted, field, identifier):
    with pytest.raises(PersonalDataFound) as error:
        make_proposal(coordinator, observations=[accepted], **{field: f"Tieto {identifier} mukaan."})
    assert error.value.message == STRONG_MESSAGE
    assert [(f["field"], f["strong"]) for f in error.value.extra["findings"]] == [(field, True)]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("identifier", STRONG)
def test_a_step_refuses_a_strong_identifier(coordinator, accepted, identifier):
    proposal = make_proposal(coordinator, observations=[accepted], status="under_consideration")
    with pytest.raises(PersonalDataFound) as error:
        services.proposal_transition(user=coordinator, proposal=proposal, action="decide",
                                     data={"outcome": "accepted", "decision_text": f"Maksetaan tilille {identifier}."})
    assert error.value.message == STRONG_MESSAGE


def test_available_actions_follow_the_status_the_role_and_the_outcome(coordinator, viewer, analyst):
    proposal = make_proposal(coordinator, status="under_consideration")
    assert services.available_actions(coordinator, proposal) == ["decide", "follow_up"]
    assert services.available_actions(viewer, proposal) == ["decide", "follow_up"]
    assert services.available_actions(analyst, proposal) == []
    proposal = services.proposal_transition(user=viewer, proposal=proposal, action="decide",
                                            data={"outcome": "rejected", "decision_text": "Ei resursseja."})
    # A rejected proposal is closed, not started.
    assert services.available_actions(coordinator, proposal) == ["close", "follow_up"]
    assert services.available_actions(viewer, proposal) == ["follow_up"]
    implemented = make_proposal(coordinator, status="implemented")
    assert services.available_actions(coordinator, implemented) == ["close"]


@pytest.mark.parametrize("observations", [[2**70], [str(2**70)], [2**63], ["²"], [0], [True]])
def test_ids_the_database_cannot_hold_are_refused_not_looked_up(coordinator, observations):
    # The API and the forms check ids before; the service must not give OverflowError to any caller.
    with pytest.raises(ValidationError) as refused:
        services.proposal_create(user=coordinator, title="T", rationale="R", addressee="A",
                                 observations=observations)
    assert set(refused.value.field_errors) == {"observations"}
