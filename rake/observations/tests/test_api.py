"""POST/GET /api/v1/observations and GET /api/v1/observations/{id}."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.core.models import AuditEntry
from rake.observations.models import Observation, Status
from rake.observations.tests.factories import ObservationFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/observations"


def detail(pk):
    return f"/api/v1/observations/{pk}"


def post(client, body, **extra):
    return client.post(LIST, body, format="json", **extra)


FULL = {
    "county": "15",
    "municipality": "179",
    "service_area": "adult_social_work",
    "observation_type": "service_effect",
    "polarity": "mixed",
    "phenomena": ["homelessness.eviction_threat", "livelihood"],
    "client_groups": ["families_with_children", "immigrants"],
    "support_needs": [2, 7],
    "description": "Vuokrarästien takia häätöuhan alla olevat lapsiperheet eivät saa aikaa sosiaalityöntekijälle "
                   "ennen häätöpäivää. Sama toistuu viikoittain.",
    "proposed_action": "Varataan häätöuhkatilanteille viikoittainen päivystysaika.",
    "proposed_owner": "Aikuissosiaalityön palvelualue",
    "frequency": "recurring",
    "affected_estimate": "6-20",
    "trend": "increasing",
    "observed_on": "2025-04-17",
    "language": "sv",
    "reporter_kind": "ngo",
    "channel": "ombudsman",
    "wants_feedback": False,
}


# --- create -------------------------------------------------------------------------------


def test_every_field_round_trips(reporter_api):
    response = post(reporter_api, FULL)

    assert response.status_code == 201, response.json()
    created = response.json()
    assert set(created) == {"id", "status"}
    assert created["status"] == "submitted"

    body = reporter_api.get(detail(created["id"])).json()
    for field, value in FULL.items():
        assert body[field] == value, field
    assert body["observed_precision"] == "day"
    assert body["submitted_at"]
    assert body["rejection_reason"] == ""
    assert body["related"] == []


def test_defaults(reporter_api, payload, reporter):
    response = post(reporter_api, payload())
    body = reporter_api.get(detail(response.json()["id"])).json()

    assert body["county"] == "15"  # the reporter's organisation's county
    assert body["municipality"] == ""
    assert body["service_area"] is None
    assert body["trend"] == "unknown"
    assert body["language"] == "fi"
    assert body["reporter_kind"] == "professional"
    assert body["channel"] == "social_report"
    assert body["wants_feedback"] is True
    assert Observation.objects.get().created_by == reporter


def test_month_is_kept_as_a_period(reporter_api, payload):
    response = post(reporter_api, payload(observed_on="2024-11"))
    body = reporter_api.get(detail(response.json()["id"])).json()

    assert (body["observed_on"], body["observed_precision"]) == ("2024-11-01", "month")


def test_county_defaults_to_the_other_county_for_its_coordinator(api_as, other_coordinator, payload):
    response = post(api_as(other_coordinator), payload())

    assert response.status_code == 201
    assert Observation.objects.get().county_code == "06"


@pytest.mark.parametrize("missing", ["description", "phenomena", "observation_type", "polarity"])
def test_required_fields_are_named(reporter_api, payload, missing):
    body = payload()
    del body[missing]

    response = post(reporter_api, body)

    assert response.status_code == 400
    assert list(response.json()) == [missing]
    assert not Observation.objects.exists()


def test_empty_body_names_all_required_fields(reporter_api):
    response = post(reporter_api, {})

    assert response.status_code == 400
    assert set(response.json()) == {"description", "phenomena", "observation_type", "polarity"}


def test_blank_description_is_missing(reporter_api, payload):
    response = post(reporter_api, payload(description="   "))

    assert response.status_code == 400
    assert "description" in response.json()


def test_draft_saves_without_required_fields(reporter_api):
    response = post(reporter_api, {"status": "draft", "description": "Kesken: palaan tähän."})

    assert response.status_code == 201
    assert response.json()["status"] == "draft"
    draft = Observation.objects.get()
    assert (draft.status, draft.county_code, draft.submitted_at) == (Status.DRAFT, "15", None)
    assert reporter_api.get(detail(draft.pk)).json()["description"] == "Kesken: palaan tähän."


def test_draft_still_validates_what_it_has(reporter_api):
    response = post(reporter_api, {"status": "draft", "municipality": "091"})

    assert response.status_code == 400
    assert list(response.json()) == ["municipality"]


def test_municipality_outside_the_county(reporter_api, payload):
    response = post(reporter_api, payload(county="15", municipality="091"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {
        "municipality": ["Helsinki does not belong to the chosen wellbeing services county in 2025."]}


def test_municipality_is_checked_in_the_observation_year(api_as, payload):
    client = api_as(MemberFactory(role=Role.REPORTER, county="12"))

    in_2024 = post(client, payload(county="12", municipality="588", observed_on="2024-05-02"))
    in_2025 = post(client, payload(county="12", municipality="588", observed_on="2025-05-02"))

    assert in_2024.status_code == 201
    assert in_2025.status_code == 400
    assert list(in_2025.json()) == ["municipality"]
    assert Observation.objects.count() == 1


def test_county_the_reporter_does_not_belong_to(reporter_api, payload):
    response = post(reporter_api, payload(county="06"))

    assert response.status_code == 400
    assert list(response.json()) == ["county"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("county", "99"),
        ("municipality", "999"),
        ("phenomena", ["homelessness", "no_such_phenomenon"]),
        ("client_groups", ["martians"]),
        ("service_area", "space"),
        ("observation_type", "rumour"),
        ("support_needs", [11]),
        ("support_needs", [0]),
        ("polarity", "sideways"),
        ("frequency", "daily"),
        ("affected_estimate", "100"),
        ("trend", "up"),
        ("language", "de"),
        ("reporter_kind", "robot"),
        ("channel", "fax"),
    ],
)
def test_unknown_codes_and_choices(reporter_api, payload, field, value):
    response = post(reporter_api, payload(**{field: value}))

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not Observation.objects.exists()


@pytest.mark.parametrize(("field", "limit"), [("description", 4000), ("proposed_action", 2000),
                                              ("proposed_owner", 300)])
def test_over_long_text(reporter_api, payload, field, limit):
    assert post(reporter_api, payload(**{field: "a" * limit})).status_code == 201

    response = post(reporter_api, payload(**{field: "a" * (limit + 1)}))

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phenomena", 5),
        ("phenomena", "homelessness"),
        ("phenomena", {"code": "homelessness"}),
        ("support_needs", ["a"]),
        ("support_needs", "3"),
        ("client_groups", [["young_people"]]),
        ("wants_feedback", "maybe"),
        ("wants_feedback", [True]),
        ("observed_on", "yesterday"),
        ("observed_on", "17.4.2025"),
        ("observed_on", "2025-02-30"),
        ("observed_on", "2999-01-01"),
        ("observed_on", 20250417),
        ("description", {"fi": "teksti"}),
        ("description", ["teksti"]),
        ("county", ["15"]),
        ("status", "accepted"),
    ],
)
def test_wrong_types(reporter_api, payload, field, value):
    response = post(reporter_api, payload(**{field: value}))

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize(
    "raw",
    [b"{", b'{"description": "x",}', b"[]", b'[{"description": "x"}]', b'"text"', b"42", b"null",
     b"\xff\xfe", b'{"description": "\\ud800"}'],
)
def test_malformed_bodies(reporter_api, raw):
    response = reporter_api.post(LIST, raw, content_type="application/json")

    assert response.status_code == 400
    assert not Observation.objects.exists()


def test_unsupported_media_type(reporter_api):
    response = reporter_api.post(LIST, "description=x", content_type="text/plain")

    assert response.status_code == 415


def test_over_long_idempotency_key(reporter_api, payload):
    response = post(reporter_api, payload(), HTTP_IDEMPOTENCY_KEY="k" * 201)

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=5,
)
KEYS = list(FULL) + ["status", "unknown_field"]


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.dictionaries(st.sampled_from(KEYS), JSON, max_size=6) | JSON)
def test_never_500(reporter_api, body):
    """Whatever JSON a client sends, the answer is 201 or 400 with field errors."""
    response = reporter_api.post(LIST, json.dumps(body, allow_nan=True), content_type="application/json")

    assert response.status_code in (201, 400), response.content
    if response.status_code == 400:
        assert isinstance(response.json(), dict) and response.json()


# --- messages in the user's language ---------------------------------------------------------

NOT_A_CHOICE = {"fi": "\"sideways\" ei ole kelvollinen valinta.", "sv": "\"sideways\" är inte ett giltigt val.",
                "en": "\"sideways\" is not a valid choice."}  # DRF's own message and translations


def required_message(language):
    """Rake says "This field is required." in its own words where its catalog has them, else Django's."""
    with translation.override(language):
        return gettext("This field is required.")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_messages_follow_accept_language(api_as, reporter, payload, language):
    client = api_as(reporter, language=language)
    body = payload()
    del body["observation_type"]

    missing = post(client, body)
    bad_choice = post(client, payload(polarity="sideways"))

    assert missing.json() == {"observation_type": [required_message(language)]}
    assert bad_choice.json() == {"polarity": [NOT_A_CHOICE[language]]}
    assert missing["Content-Language"] == language
    if language != "en":
        assert required_message(language) != "This field is required."


def test_finnish_is_the_default_language(reporter_api, payload):
    response = post(reporter_api, payload(polarity="sideways"))

    assert response.json() == {"polarity": [NOT_A_CHOICE["fi"]]}


def _compiled(language):
    return (Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.mo").exists()


@pytest.mark.translations
@pytest.mark.parametrize(
    ("language", "expected_english"),
    [("fi", "Choose at least one phenomenon."), ("sv", "Choose at least one phenomenon.")],
)
def test_rakes_own_messages_are_translated(api_as, reporter, payload, language, expected_english):
    """Rake's own messages (not Django's or DRF's) come in Finnish and Swedish."""
    if not _compiled(language):
        pytest.skip(f"locale/{language} is not compiled (run compilemessages)")
    response = post(api_as(reporter, language=language), payload(phenomena=[], municipality="091"))
    english = post(api_as(reporter, language="en"), payload(phenomena=[], municipality="091"))

    assert english.json()["phenomena"] == [expected_english]
    assert response.json()["phenomena"] != english.json()["phenomena"]
    assert response.json()["municipality"] != english.json()["municipality"]


# --- detail -----------------------------------------------------------------------------------


def test_detail_read_is_audited(coordinator_api, observation):
    response = coordinator_api.get(detail(observation.pk), REMOTE_ADDR="198.51.100.4")

    assert response.status_code == 200
    assert response.json()["description"] == observation.description
    entry = AuditEntry.objects.get(action="observation.read")
    assert (entry.outcome, entry.object_id, entry.actor_username, entry.ip_address) == (
        "success", str(observation.pk), "coordinator", "198.51.100.4")
    assert observation.description not in json.dumps(entry.detail)


def test_denied_detail_is_404_and_audited(api_as, other_coordinator, observation):
    response = api_as(other_coordinator).get(detail(observation.pk))

    assert response.status_code == 404
    assert observation.description not in response.content.decode()
    assert AuditEntry.objects.get(action="observation.read").outcome == "denied"


def test_missing_detail_is_404(reporter_api):
    assert reporter_api.get(detail(10**9)).status_code == 404
    assert reporter_api.get("/api/v1/observations/abc").status_code == 404


def test_phenomena_keep_their_order(reporter_api, payload):
    response = post(reporter_api, payload(phenomena=["substance_use.drugs", "homelessness", "livelihood.debt"]))

    body = reporter_api.get(detail(response.json()["id"])).json()
    assert body["phenomena"] == ["substance_use.drugs", "homelessness", "livelihood.debt"]


# --- list -----------------------------------------------------------------------------------


@pytest.fixture
def listed(reporter, other_reporter):
    satakunta = MemberFactory(role=Role.REPORTER, county="06")
    return {
        "a": ObservationFactory(reporter=reporter, phenomena=["homelessness.hostels"], observed_on="2024-01-15",
                                municipality="179"),
        "b": ObservationFactory(reporter=other_reporter, phenomena=["livelihood"], observed_on="2024-07-01",
                                status=Status.ACCEPTED),
        "c": ObservationFactory(reporter=other_reporter, phenomena=["homelessness"], observed_on="2025-02-01",
                                municipality="182"),
        "draft": ObservationFactory(reporter=other_reporter, submit=False),
        "satakunta": ObservationFactory(reporter=satakunta, phenomena=["homelessness"]),
    }


def ids(response):
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"a", "b", "c"}),
        ({"status": "accepted"}, {"b"}),
        ({"status": "submitted,accepted"}, {"a", "b", "c"}),
        ({"phenomenon": "homelessness"}, {"a", "c"}),
        ({"phenomenon": "homelessness.hostels"}, {"a"}),
        ({"county": "15"}, {"a", "b", "c"}),
        ({"county": "06"}, set()),
        ({"municipality": "182"}, {"c"}),
        ({"since": "2024-07-01"}, {"b", "c"}),
        ({"until": "2024-07-01"}, {"a", "b"}),
        ({"since": "2024-02-01", "until": "2024-12-31"}, {"b"}),
        ({"status": "draft"}, set()),
    ],
)
def test_list_filters(coordinator_api, listed, query, expected):
    response = coordinator_api.get(LIST, query)

    assert response.status_code == 200
    assert ids(response) == {listed[name].pk for name in expected}
    assert response.json()["count"] == len(expected)


def test_list_pagination(coordinator_api, listed):
    first = coordinator_api.get(LIST, {"page_size": 2})

    body = first.json()
    assert {"count", "next", "results"} <= set(body)
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert "page=2" in body["next"] and "page_size=2" in body["next"]

    second = coordinator_api.get(body["next"]).json()
    assert second["next"] is None
    assert len(second["results"]) == 1
    assert ids(first) | ids(coordinator_api.get(body["next"])) == {listed[n].pk for n in "abc"}


def test_list_page_out_of_range_is_404(coordinator_api, listed):
    assert coordinator_api.get(LIST, {"page": 99}).status_code == 404


@pytest.mark.parametrize("page_size", ["abc", "-1", "0", "100000"])
def test_list_page_size_is_forgiving(coordinator_api, listed, page_size):
    response = coordinator_api.get(LIST, {"page_size": page_size})

    assert response.status_code == 200
    assert response.json()["count"] == 3


@pytest.mark.parametrize(("name", "value"), [("since", "yesterday"), ("until", "2024-13-01"), ("since", "2024-1")])
def test_list_bad_date_is_400(coordinator_api, name, value):
    response = coordinator_api.get(LIST, {name: value})

    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_list_rows_carry_the_observation(coordinator_api, listed):
    row = next(r for r in coordinator_api.get(LIST).json()["results"] if r["id"] == listed["a"].pk)

    assert row["description"] == listed["a"].description
    assert row["phenomena"] == ["homelessness.hostels"]
    assert row["county"] == "15" and row["municipality"] == "179"


def test_list_and_detail_show_each_observations_own_classification_and_links(reporter_api, coordinator_api,
                                                                            coordinator):
    from rake.observations.services import observation_link
    from rake.taxonomy.models import ClientGroup

    groups = ["immigrants", "families_with_children", "young_people"]
    in_taxonomy_order = list(ClientGroup.objects.filter(code__in=groups).order_by("sort_order", "pk")
                             .values_list("code", flat=True))
    sent = {
        "first": dict(FULL, client_groups=groups, support_needs=[7, 2], phenomena=["livelihood", "homelessness"]),
        "second": dict(FULL, service_area="family_services", observation_type="good_practice", client_groups=[],
                       support_needs=[3], phenomena=["substance_use.drugs"]),
        "third": dict(FULL, service_area="", client_groups=["young_people"], support_needs=[]),
    }
    made = {name: post(reporter_api, body).json()["id"] for name, body in sent.items()}
    for other in ("second", "third"):
        observation_link(user=coordinator, observation=Observation.objects.get(pk=made["first"]),
                         other_id=made[other])
    expected = {
        "first": {"service_area": "adult_social_work", "observation_type": "service_effect",
                  "phenomena": ["livelihood", "homelessness"], "client_groups": in_taxonomy_order,
                  "support_needs": [2, 7], "related": sorted([made["second"], made["third"]])},
        "second": {"service_area": "family_services", "observation_type": "good_practice",
                   "phenomena": ["substance_use.drugs"], "client_groups": [], "support_needs": [3],
                   "related": [made["first"]]},
        "third": {"service_area": None, "observation_type": "service_effect",
                  "phenomena": FULL["phenomena"], "client_groups": ["young_people"], "support_needs": [],
                  "related": [made["first"]]},
    }
    fields = list(expected["first"])

    rows = {row["id"]: row for row in coordinator_api.get(LIST, {"page_size": 50}).json()["results"]}
    for name, pk in made.items():
        assert {field: rows[pk][field] for field in fields} == expected[name], name
        one = reporter_api.get(detail(pk)).json()
        assert {field: one[field] for field in fields} == expected[name], name


def test_a_reporter_sees_only_the_links_to_observations_they_may_read(api_as, reporter, coordinator,
                                                                       make_observation, other_reporter):
    from rake.observations.services import observation_link, observation_transition

    own, own_other = make_observation(), make_observation()
    others = make_observation(reporter=other_reporter)
    quarantined = make_observation()
    for linked in (own_other, others, quarantined):
        observation_link(user=coordinator, observation=own, other_id=linked.pk)
    observation_transition(user=coordinator, observation=quarantined, action="quarantine", reason="Nimi")
    reporter_api, coordinator_api = api_as(reporter), api_as(coordinator)

    assert reporter_api.get(detail(others.pk)).status_code == 404
    assert reporter_api.get(detail(quarantined.pk)).status_code == 404
    assert reporter_api.get(detail(own.pk)).json()["related"] == [own_other.pk]
    listed = {row["id"]: row["related"] for row in reporter_api.get(LIST).json()["results"]}
    assert listed[own.pk] == [own_other.pk]
    # The county's coordinator reads them all.
    assert coordinator_api.get(detail(own.pk)).json()["related"] == sorted([own_other.pk, others.pk, quarantined.pk])


def test_reporter_lists_only_own(reporter_api, listed):
    assert ids(reporter_api.get(LIST)) == {listed["a"].pk}


def test_mine_is_read_as_yes_or_no(coordinator, coordinator_api, listed):
    own = ObservationFactory(reporter=coordinator)
    everything = {own.pk, listed["a"].pk, listed["b"].pk, listed["c"].pk}
    for value in ("0", "false", "False", "no", "off", ""):
        assert ids(coordinator_api.get(LIST, {"mine": value})) == everything, value
    for value in ("1", "true", "TRUE", "yes", "on"):
        assert ids(coordinator_api.get(LIST, {"mine": value})) == {own.pk}, value
    refused = coordinator_api.get(LIST, {"mine": "maybe"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert refused.json() == {"mine": ["Enter true or false."]}


def test_list_search(coordinator_api, listed):
    assert ids(coordinator_api.get(LIST, {"q": listed["b"].description[:20]})) == {listed["b"].pk}


# --- characters no database can store never cause a 500 ----------------------------------------

NUL, SURROGATE = "\x00", "\ud800"


@pytest.mark.parametrize("text", [NUL, SURROGATE])
@pytest.mark.parametrize(
    "field",
    ["description", "county", "municipality", "service_area", "observation_type", "polarity", "phenomena",
     "client_groups", "trend", "observed_on", "status"],
)
def test_forbidden_characters_in_create(reporter_api, payload, field, text):
    value = [f"a{text}"] if field in ("phenomena", "client_groups") else f"a{text}"
    response = reporter_api.post(LIST, json.dumps(payload(**{field: value})), content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize("name", ["q", "phenomenon", "county", "municipality", "status", "sort", "since"])
def test_nul_in_list_filters(coordinator_api, observation, name):
    response = coordinator_api.get(f"{LIST}?{name}=a%00b")

    assert response.status_code == 400
    assert list(response.json()) == [name]

