import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.core.errors import NotFound, PermissionDenied
from rake.proposals import selectors, services
from rake.proposals.models import Proposal
from rake.publishing import services as publishing

from .core_helpers import make_proposal

pytestmark = pytest.mark.django_db


def test_list_shows_the_countys_proposals_to_its_staff_and_national(coordinator, analyst, viewer, national,
                                                                     other_coordinator):
    ours = make_proposal(coordinator)
    theirs = make_proposal(other_coordinator)
    for user in (coordinator, analyst, viewer):
        assert list(selectors.proposal_list(user=user)) == [ours]
    assert set(selectors.proposal_list(user=national)) == {ours, theirs}
    assert list(selectors.proposal_list(user=other_coordinator)) == [theirs]


@pytest.mark.parametrize("user_fixture", ["reporter", "no_role_user"])
def test_reporters_cannot_list_proposals(request, user_fixture):
    with pytest.raises(PermissionDenied):
        selectors.proposal_list(user=request.getfixturevalue(user_fixture))


def test_list_filters(coordinator, national, other_coordinator):
    submitted = make_proposal(coordinator, status="submitted", addressee_kind="regional_government",
                              title="Aluehallitukselle")
    draft = make_proposal(coordinator, title="Lautakunnalle")
    other = make_proposal(other_coordinator)
    assert list(selectors.proposal_list(user=coordinator, status="submitted")) == [submitted]
    assert list(selectors.proposal_list(user=coordinator, addressee_kind="board")) == [draft]
    assert list(selectors.proposal_list(user=coordinator, search="aluehall")) == [submitted]
    assert list(selectors.proposal_list(user=national, county="06")) == [other]


def test_get_is_scoped(coordinator, other_coordinator):
    proposal = make_proposal(coordinator)
    assert selectors.proposal_get(user=coordinator, pk=proposal.pk) == proposal
    with pytest.raises(NotFound):
        selectors.proposal_get(user=other_coordinator, pk=proposal.pk)


def test_progress_of_a_parent_is_the_weighted_mean_of_its_children(coordinator):
    parent = make_proposal(coordinator, status="in_progress")
    light = make_proposal(coordinator, parent=parent, weight=1, status="in_progress")
    heavy = make_proposal(coordinator, parent=parent, weight=3, status="in_progress")
    services.proposal_transition(user=coordinator, proposal=light, action="progress", data={"progress": 100})
    services.proposal_transition(user=coordinator, proposal=heavy, action="progress", data={"progress": 20})
    parent.refresh_from_db()
    # (100 × 1 + 20 × 3) / 4 = 40
    assert selectors.progress_of(parent) == 40
    assert selectors.progress_of(Proposal.objects.get(pk=heavy.pk)) == 20


def test_progress_is_recursive_and_ignores_dropped_children(coordinator):
    root = make_proposal(coordinator, status="in_progress")
    middle = make_proposal(coordinator, parent=root, weight=1, status="in_progress")
    leaf = make_proposal(coordinator, parent=middle, status="in_progress")
    done = make_proposal(coordinator, parent=root, weight=1, status="implemented")
    services.proposal_transition(user=coordinator, proposal=leaf, action="progress", data={"progress": 50})
    # middle = 50 (from leaf), done = 100 → root 75
    assert selectors.progress_of(root) == 75
    dropped = make_proposal(coordinator, parent=root, weight=10, status="closed")
    assert dropped.progress == 0
    assert selectors.progress_of(root) == 75
    assert done.progress == 100


def test_follow_up_due_lists_open_proposals_whose_date_has_come(coordinator, other_coordinator, national):
    on = datetime.date(2026, 3, 1)
    overdue = make_proposal(coordinator, status="decided", follow_up_on=datetime.date(2026, 2, 1))
    due = make_proposal(coordinator, status="submitted", follow_up_on=on)
    make_proposal(coordinator, status="decided", follow_up_on=datetime.date(2026, 3, 2))  # not yet
    make_proposal(coordinator, status="decided")  # no date
    finished = make_proposal(coordinator, status="in_progress", follow_up_on=datetime.date(2026, 1, 1))
    services.proposal_transition(user=coordinator, proposal=finished, action="implement")
    theirs = make_proposal(other_coordinator, follow_up_on=datetime.date(2026, 1, 1))

    assert list(selectors.proposals_follow_up_due(user=coordinator, on=on)) == [overdue, due]
    assert list(selectors.proposals_follow_up_due(user=national, on=on)) == [theirs, overdue, due]


def test_public_get_needs_a_published_report(coordinator, make_observation):
    report = publishing.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                           audience="board", title="Raportti 2025", summary="Yhteenveto.")
    proposal = make_proposal(coordinator, publication=report, status="submitted")
    draft = make_proposal(coordinator, publication=report)
    with pytest.raises(NotFound):
        selectors.proposal_public_get(pk=proposal.pk)
    publishing.publication_publish(user=coordinator, publication=report, confirm_warnings=True)
    assert selectors.proposal_public_get(pk=proposal.pk) == proposal
    with pytest.raises(NotFound):
        selectors.proposal_public_get(pk=draft.pk)


def test_proposals_for_observations_include_parents_and_skip_drafts(coordinator, make_observation):
    observation = make_observation(status="accepted")
    untouched = make_observation(status="accepted")
    parent = make_proposal(coordinator, status="submitted")
    child = make_proposal(coordinator, parent=parent, observations=[observation], status="in_progress")
    services.proposal_transition(user=coordinator, proposal=child, action="progress", data={"progress": 30})
    make_proposal(coordinator, observations=[observation])  # a draft
    found = selectors.proposals_for_observations([observation, untouched])
    assert set(found) == {observation.pk}
    assert [(item["proposal"], item["progress"]) for item in found[observation.pk]] == [(parent, 30), (child, 30)]


def test_proposals_for_observations_take_the_same_queries_for_a_longer_page(coordinator, make_observation):
    def queries(count):
        observations = [make_observation(status="accepted") for _ in range(count)]
        parent = make_proposal(coordinator, status="submitted")
        for observation in observations:
            make_proposal(coordinator, parent=parent, observations=[observation], status="submitted")
        with CaptureQueriesContext(connection) as captured:
            found = selectors.proposals_for_observations(observations)
        assert len(found) == count
        return len(captured)

    assert queries(1) == queries(4)


def test_draft_children_do_not_count_for_the_parents_progress(coordinator):
    parent = make_proposal(coordinator, status="in_progress")
    done = make_proposal(coordinator, parent=parent, status="implemented")
    assert selectors.progress_of(parent) == 100
    make_proposal(coordinator, parent=parent, weight=5)  # a draft part: 0 %, still being written
    assert selectors.progress_of(parent) == 100
    assert selectors.progresses([parent, done]) == {parent.pk: 100, done.pk: 100}


def test_open_only_leaves_finished_proposals_out(coordinator):
    draft = make_proposal(coordinator)
    implemented = make_proposal(coordinator, status="implemented")
    closed = make_proposal(coordinator, status="closed")
    assert set(selectors.proposal_list(user=coordinator)) == {draft, implemented, closed}
    assert list(selectors.proposal_list(user=coordinator, open_only=True)) == [draft]


def test_proposals_are_grouped_by_the_body_they_are_addressed_to(coordinator):
    first = make_proposal(coordinator, addressee="Lautakunta")
    second = make_proposal(coordinator, addressee=" lautakunta ")
    other_kind = make_proposal(coordinator, addressee="Lautakunta", addressee_kind="municipality")
    groups = selectors.proposals_by_addressee([first, second, other_kind])
    assert [(group["kind"], group["addressee"], group["proposals"]) for group in groups] == [
        ("board", "Lautakunta", [first, second]), ("municipality", "Lautakunta", [other_kind])]


def test_follow_up_overdue_days(coordinator):
    on = datetime.date(2026, 3, 10)
    proposal = make_proposal(coordinator, status="decided", follow_up_on=datetime.date(2026, 3, 7))
    assert selectors.follow_up_overdue_days(proposal, on=on) == 3
    assert selectors.follow_up_overdue_days(proposal, on=datetime.date(2026, 3, 7)) == 0
    assert selectors.follow_up_overdue_days(proposal, on=datetime.date(2026, 3, 6)) is None
    proposal.status = "closed"
    assert selectors.follow_up_overdue_days(proposal, on=on) is None
    assert selectors.follow_up_overdue_days(make_proposal(coordinator), on=on) is None


def test_contributing_observations_include_the_childrens(coordinator, make_observation):
    first = make_observation(status="accepted")
    second = make_observation(status="accepted", reporter=MemberFactory(role=Role.REPORTER, county="15"))
    parent = make_proposal(coordinator, observations=[first])
    make_proposal(coordinator, parent=parent, observations=[second, first])
    assert list(selectors.contributing_observations(parent)) == [first, second]
