"""Every role × every observation action through the API, allowed and denied (DESIGN §2, issue 2 point 6).

The observation belongs to a reporter of Keski-Suomi (county 15). 404 means "you cannot know it exists",
403 means "you may see it but not do this".
"""

import pytest

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.observations.models import Observation, Status, TimelineEvent
from rake.observations.tests.factories import ObservationFactory, observation_payload

pytestmark = pytest.mark.django_db

SECRET = "Matriisitesti: asiakkaan tilanne, jota vain oikeutetut saavat lukea."

ACTIONS = ["create", "list", "retrieve", "timeline", "accept", "reject", "request_clarification", "answer", "close",
           "quarantine", "classify", "release", "delete"]
WRITES = {"accept": "accepted", "reject": "rejected", "request_clarification": "clarification_requested",
          "answer": "submitted", "close": "closed", "quarantine": "quarantined", "classify": None,
          "release": "submitted"}
# The status the observation has before the action.
STARTS = {"answer": Status.CLARIFICATION_REQUESTED, "release": Status.QUARANTINED}
TRANSITION_BODIES = {
    "accept": {"action": "accept", "reason": "Hyväksytty"},
    "reject": {"action": "reject", "reason": "Ei kuulu meille"},
    "request_clarification": {"action": "request_clarification", "reason": "Missä?"},
    "close": {"action": "close"},
    "quarantine": {"action": "quarantine", "reason": "Henkilötieto"},
    "classify": {"action": "classify", "classification": {"phenomena": ["livelihood"], "polarity": "mixed"}},
    "release": {"action": "release"},
}

A = 200  # allowed (201 for create)
F = 403  # forbidden: may see the observation, may not do this
H = 404  # hidden: may not know the observation exists
U = 401  # not authenticated

# release: only the county's coordinators see a quarantined observation at all.
#                     create list retr. timel. accept reject clar. answer close quar. classify release delete
MATRIX = {
    "owner":             [A, A, A, A, F, F, F, A, F, F, F, H, F],
    "colleague":         [A, A, H, H, H, H, H, H, H, H, H, H, H],
    "coordinator":       [A, A, A, A, A, A, A, F, A, A, A, A, A],
    "other_coordinator": [A, A, H, H, H, H, H, H, H, H, H, H, H],
    "analyst":           [F, A, A, A, F, F, F, F, F, F, F, H, F],
    "viewer":            [F, F, H, H, H, H, H, H, H, H, H, H, H],
    "national":          [F, F, H, H, H, H, H, H, H, H, H, H, H],
    "admin":             [F, F, H, H, H, H, H, H, H, H, H, H, H],
    "anonymous":         [U, U, U, U, U, U, U, U, U, U, U, U, U],
}
# Who may read the observation's text at all.
READERS = {"owner", "coordinator", "analyst"}

CASES = [(role, action, MATRIX[role][i]) for role in MATRIX for i, action in enumerate(ACTIONS)]


def make_user(role):
    return {
        "colleague": lambda: MemberFactory(role=Role.REPORTER, county="15"),
        "coordinator": lambda: MemberFactory(role=Role.COORDINATOR, county="15"),
        "other_coordinator": lambda: MemberFactory(role=Role.COORDINATOR, county="06"),
        "analyst": lambda: MemberFactory(role=Role.ANALYST, county="15"),
        "viewer": lambda: MemberFactory(role=Role.VIEWER, county="15"),
        "national": lambda: MemberFactory(role=Role.NATIONAL, national=True),
        "admin": lambda: MemberFactory(role=Role.ADMIN, county="15"),
        "anonymous": lambda: None,
    }[role]()


@pytest.fixture
def owner(db):
    return MemberFactory(username="owner", role=Role.REPORTER, county="15")


def perform(client, action, observation):
    base = f"/api/v1/observations/{observation.pk}"
    if action == "create":
        return client.post("/api/v1/observations", observation_payload(), format="json")
    if action == "list":
        return client.get("/api/v1/observations")
    if action == "retrieve":
        return client.get(base)
    if action == "timeline":
        return client.get(f"{base}/timeline")
    if action == "answer":
        return client.post(f"{base}/answer", {"answer": "Vastaus kysymykseen"}, format="json")
    if action == "delete":
        return client.delete(base, {"reason": "Kaksoiskappale"}, format="json")
    return client.post(f"{base}/transition", TRANSITION_BODIES[action], format="json")


@pytest.mark.parametrize(("role", "action", "expected"), CASES, ids=[f"{r}-{a}" for r, a, _ in CASES])
def test_matrix(api_as, owner, role, action, expected):
    status = STARTS.get(action, Status.SUBMITTED)
    observation = ObservationFactory(reporter=owner, description=SECRET, status=status)
    user = owner if role == "owner" else make_user(role)
    observations_before = Observation.objects.count()
    events_before = TimelineEvent.objects.filter(observation=observation).count()

    response = perform(api_as(user), action, observation)

    if expected == U:
        assert response.status_code in (401, 403)
    elif expected == A:
        assert response.status_code == {"create": 201, "delete": 204}.get(action, 200), response.content
    else:
        assert response.status_code == expected, response.content

    if action == "delete":
        assert Observation.objects.filter(pk=observation.pk).exists() == (expected != A)
        return
    after = Observation.objects.get(pk=observation.pk)
    if action == "create":
        assert Observation.objects.count() == observations_before + (1 if expected == A else 0)
    elif action in WRITES and expected == A:
        assert after.status == (WRITES[action] or status)
        assert TimelineEvent.objects.filter(observation=observation).count() > events_before
    else:
        # Nothing changed.
        assert after.status == status
        assert TimelineEvent.objects.filter(observation=observation).count() == events_before

    # Raw text reaches only those who may read it: never viewers, national users, admins or strangers.
    shown = SECRET in response.content.decode()
    if role not in READERS:
        assert not shown
    elif action in ("retrieve", "list"):
        assert shown


@pytest.mark.parametrize("role", ["viewer", "national"])
def test_no_endpoint_gives_raw_text_to_viewer_or_national(api_as, owner, role):
    """Viewers and national users walk every observation endpoint (and the list filters) without ever
    receiving a description."""
    user = make_user(role)
    client = api_as(user)
    submitted = ObservationFactory(reporter=owner, description=SECRET)
    accepted = ObservationFactory(reporter=owner, description=SECRET + " (hyväksytty)", status=Status.ACCEPTED)

    bodies = []
    for observation in (submitted, accepted):
        for action in ACTIONS:
            bodies.append(perform(client, action, observation).content.decode())
    for query in ({"county": "15"}, {"status": "accepted"}, {"q": "Matriisitesti"}, {"mine": "1"}):
        bodies.append(client.get("/api/v1/observations", query).content.decode())

    assert all(SECRET not in body for body in bodies)
    assert all(SECRET[:30] not in body for body in bodies)


def test_matrix_covers_every_role_and_action():
    assert set(MATRIX) == {"owner", "colleague", "coordinator", "other_coordinator", "analyst", "viewer", "national",
                           "admin", "anonymous"}
    assert all(len(row) == len(ACTIONS) for row in MATRIX.values())
