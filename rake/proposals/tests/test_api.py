import pytest

from rake.proposals.models import Proposal, ProposalEvent, TransitionKey

from .core_helpers import make_proposal

pytestmark = pytest.mark.django_db

URL = "/api/v1/proposals"


def transition_url(proposal):
    return f"/api/v1/proposals/{proposal.pk}/transition"


@pytest.fixture
def accepted(make_observation):
    return make_observation(status="accepted")


def test_create_and_list(api_as, coordinator, accepted):
    api = api_as(coordinator)
    response = api.post(URL, {"title": "Asumisneuvonta", "rationale": "Nuorten asunnottomuus kasvaa.",
                              "addressee": "Aluehallitus", "addressee_kind": "regional_government",
                              "observations": [accepted.pk], "phenomenon": "homelessness"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    proposal = Proposal.objects.get(pk=body["id"])
    assert proposal.county_code == "15"

    response = api.get(URL)
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == 1 and page["next"] is None
    row = page["results"][0]
    assert row["id"] == proposal.pk
    assert row["observations"] == [accepted.pk]
    assert {"county", "title", "rationale", "addressee", "addressee_kind", "status", "outcome", "decision_text",
            "decision_reference", "decided_on", "progress", "follow_up_on", "observations", "phenomenon",
            "parent", "children"} <= set(row)
    assert (row["county"], row["progress"], row["parent"], row["children"]) == ("15", 0, None, [])


def test_create_reports_field_errors(api_as, coordinator, make_observation):
    submitted = make_observation()
    response = api_as(coordinator).post(URL, {"title": "", "rationale": "R", "addressee": "A",
                                              "observations": [submitted.pk]}, format="json")
    assert response.status_code == 400
    assert {"title", "observations"} <= set(response.json())
    response = api_as(coordinator).post(URL, ["not", "an", "object"], format="json")
    assert response.status_code == 400


@pytest.mark.parametrize(("language", "message"), [
    ("fi", "Ehdotuksen voi perustaa enintään 1000 havaintoon."),
    ("sv", "Ett förslag kan byggas på högst 1000 observationer."),
    ("en", "A proposal can be built on at most 1000 observations."),
])
def test_a_proposal_is_built_on_at_most_a_thousand_observations(api_as, coordinator, language, message):
    # 70,000 ids would be more values than PostgreSQL binds in one statement (ADR 0011): a 400, not a 503.
    ids = list(range(5_000_000, 5_070_000))
    response = api_as(coordinator).post(URL, {"title": "T", "rationale": "R", "addressee": "A",
                                              "observations": ids}, format="json",
                                        HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response.json()["observations"] == [message]
    assert not Proposal.objects.exists()


BEYOND_64_BITS = 2**70  # fuzzing found it: SQLite cannot compare it (OverflowError, a 500)


@pytest.mark.parametrize("fields", [
    {"observations": [BEYOND_64_BITS]},  # the county is then looked up from the observations
    {"observations": [BEYOND_64_BITS], "county": "15"},
    {"observations": [2**63]},
    {"publication": BEYOND_64_BITS, "phenomenon": "homelessness"},
    {"parent": BEYOND_64_BITS, "phenomenon": "homelessness"},
])
def test_an_id_beyond_64_bits_is_invalid_input(api_as, coordinator, fields):
    response = api_as(coordinator).post(URL, {"title": "T", "rationale": "R", "addressee": "A", **fields},
                                        format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    field = next(name for name in fields if name in {"observations", "publication", "parent"})
    assert set(response.json()) == {field}
    assert not Proposal.objects.exists()


def test_the_schema_documents_the_range_of_ids(api_as):
    schema = api_as(None).get("/api/v1/schema?format=json").json()
    fields = schema["components"]["schemas"]["ProposalInputRequest"]["properties"]
    for id_schema in (fields["observations"]["items"], fields["publication"], fields["parent"]):
        assert (id_schema["minimum"], id_schema["maximum"]) == (1, 2**63 - 1)


@pytest.mark.parametrize("user_fixture", ["reporter", "analyst", "viewer", "national"])
def test_only_coordinators_create(request, api_as, user_fixture):
    response = api_as(request.getfixturevalue(user_fixture)).post(
        URL, {"title": "T", "rationale": "R", "addressee": "A", "phenomenon": "homelessness"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_reporters_and_anonymous_cannot_list(api_as, reporter):
    assert api_as(reporter).get(URL).status_code == 403
    assert api_as(None).get(URL).status_code in (401, 403)


def test_list_filters_and_pagination(api_as, coordinator):
    for index in range(3):
        make_proposal(coordinator, title=f"Esitys {index}")
    submitted = make_proposal(coordinator, status="submitted", addressee_kind="municipality")
    api = api_as(coordinator)
    assert [r["id"] for r in api.get(URL, {"status": "submitted"}).json()["results"]] == [submitted.pk]
    assert [r["id"] for r in api.get(URL, {"addressee_kind": "municipality"}).json()["results"]] == [submitted.pk]
    assert api.get(URL, {"county": "06"}).json()["count"] == 0
    page = api.get(URL, {"page_size": 2}).json()
    assert page["count"] == 4 and len(page["results"]) == 2 and page["next"]


def test_a_decision_maker_sees_no_observation_ids(api_as, coordinator, viewer, accepted):
    make_proposal(coordinator, observations=[accepted])
    row = api_as(viewer).get(URL).json()["results"][0]
    assert row["observations"] == []


def test_transition_returns_the_proposal(api_as, coordinator, viewer):
    proposal = make_proposal(coordinator, status="under_consideration")
    response = api_as(viewer).post(transition_url(proposal), {
        "action": "decide", "outcome": "accepted", "decision_text": "Hyväksytään.",
        "decision_reference": "§ 5", "decided_on": "2026-01-10"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["outcome"], body["decision_text"], body["decided_on"]) == (
        "decided", "accepted", "Hyväksytään.", "2026-01-10")


def test_transition_errors_map_to_http(api_as, coordinator, reporter, other_coordinator):
    proposal = make_proposal(coordinator)
    api = api_as(coordinator)
    assert api.post(transition_url(proposal), {"action": "decide"}, format="json").status_code == 409
    assert api.post(transition_url(proposal), {"action": "fly"}, format="json").status_code == 400
    assert api.post("/api/v1/proposals/999999/transition", {"action": "submit"}, format="json").status_code == 404
    assert api_as(reporter).post(transition_url(proposal), {"action": "submit"}, format="json").status_code == 403
    # Another county's proposal is not found: its id reveals nothing.
    response = api_as(other_coordinator).post(transition_url(proposal), {"action": "submit"}, format="json")
    assert response.status_code == 404
    proposal = make_proposal(coordinator, status="in_progress")
    response = api.post(transition_url(proposal), {"action": "progress", "progress": 140}, format="json")
    assert response.status_code == 400
    assert "progress" in response.json()


def test_idempotency_key_replays_the_transition(api_as, coordinator):
    proposal = make_proposal(coordinator, status="in_progress")
    api = api_as(coordinator)
    body = {"action": "progress", "progress": 30, "note": "Käynnissä."}
    first = api.post(transition_url(proposal), body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post(transition_url(proposal), body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 200
    assert "Idempotent-Replayed" not in first
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert ProposalEvent.objects.filter(proposal=proposal, action="progress").count() == 1
    assert TransitionKey.objects.filter(key="k-1").count() == 1

    reused = api.post(transition_url(proposal), {**body, "progress": 31}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert reused.status_code == 409
    assert reused.json()["code"] == "idempotency_key_reused"
    # Without a key each request is a new step.
    api.post(transition_url(proposal), body, format="json")
    assert ProposalEvent.objects.filter(proposal=proposal, action="progress").count() == 2


def test_a_refused_transition_stores_no_key(api_as, coordinator):
    proposal = make_proposal(coordinator, status="in_progress")
    api = api_as(coordinator)
    bad = api.post(transition_url(proposal), {"action": "progress", "progress": 140}, format="json",
                   HTTP_IDEMPOTENCY_KEY="k-2")
    assert bad.status_code == 400
    assert not TransitionKey.objects.exists()


def test_schema_documents_the_endpoints(api_as, coordinator):
    response = api_as(coordinator).get("/api/v1/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    text = response.content.decode()
    assert "proposals_transition" in text and "proposals_create" in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_retries_with_one_key_make_one_step_and_one_mail(make_observation):
    from django.core import mail

    from rake.accounts.models import Role
    from rake.accounts.tests.factories import MemberFactory
    from rake.observations.tests.test_idempotency import client_for, run_concurrently

    coordinator = MemberFactory(username="coordinator", role=Role.COORDINATOR, county="15")
    proposal = make_proposal(coordinator, observations=[make_observation(status="accepted")], status="in_progress")
    mail.outbox.clear()
    body = {"action": "progress", "progress": 60, "note": "Puolivälissä."}

    def poster():
        response = client_for(coordinator).post(transition_url(proposal), body, format="json",
                                                HTTP_IDEMPOTENCY_KEY="same-key")
        return response.status_code, response.get("Idempotent-Replayed")

    results = run_concurrently([poster] * 5)

    assert [code for code, _ in results] == [200] * 5
    assert sorted(replayed or "" for _, replayed in results) == [""] + ["true"] * 4
    assert ProposalEvent.objects.filter(action="progress").count() == 1
    assert len(mail.outbox) == 1


def test_an_analyst_of_the_county_may_not_move_a_proposal(api_as, coordinator, analyst):
    proposal = make_proposal(coordinator)
    response = api_as(analyst).post(transition_url(proposal), {"action": "submit"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_personal_data_is_refused_with_its_findings(api_as, coordinator, viewer, accepted):
    response = api_as(coordinator).post(URL, {
        "title": "Asumisneuvonta", "rationale": "Asiasta päätti Liisa Korhonen.", "addressee": "Aluehallitus",
        "observations": [accepted.pk]}, format="json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "personal_data"
    assert [(f["field"], f["kind"]) for f in body["findings"]] == [("rationale", "person_name")]
    assert "Liisa" not in str(body)
    assert not Proposal.objects.exists()

    proposal = make_proposal(coordinator, observations=[accepted], status="under_consideration")
    response = api_as(viewer).post(transition_url(proposal), {
        "action": "decide", "outcome": "accepted", "decision_text": "Soita Mattille numeroon 040 123 4567."},
        format="json")
    assert response.status_code == 422
    assert {f["kind"] for f in response.json()["findings"]} == {"person_name", "phone"}
    proposal.refresh_from_db()
    assert proposal.status == "under_consideration"
