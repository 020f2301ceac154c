"""observation_clean: the rules shared by the web form and the API."""

import datetime

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.core.errors import ValidationError
from rake.observations.tests.factories import observation_payload
from rake.observations.validation import observation_clean

pytestmark = pytest.mark.django_db


def errors_of(**kwargs):
    with pytest.raises(ValidationError) as caught:
        observation_clean(**kwargs)
    return caught.value.field_errors


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def savo_reporter(db):
    return MemberFactory(role=Role.REPORTER, county="12")


def test_valid_submission_is_cleaned(reporter):
    cleaned = observation_clean(data=observation_payload(
        municipality="179", service_area="adult_social_work", client_groups=["young_people", "young_people"],
        support_needs=[3, "2"], description="  Teksti.  ",
    ), user=reporter)

    assert cleaned["county_code"] == "15"  # from the reporter's organisation
    assert cleaned["municipality_code"] == "179"
    assert cleaned["description"] == "Teksti."
    assert [p.code for p in cleaned["phenomena"]] == ["livelihood"]
    assert [c.code for c in cleaned["client_groups"]] == ["young_people"]
    assert [s.code for s in cleaned["support_needs"]] == [3, 2]
    assert cleaned["observation_type"].code == "need"
    assert cleaned["service_area"].code == "adult_social_work"
    assert cleaned["observed_on"] == datetime.date(2025, 3, 14)
    assert cleaned["observed_precision"] == "day"


@pytest.mark.parametrize("missing", ["description", "phenomena", "observation_type", "polarity"])
def test_required_on_submit(reporter, missing):
    data = observation_payload()
    del data[missing]

    errors = errors_of(data=data, user=reporter)

    assert list(errors) == [missing]


@pytest.mark.parametrize("empty", [None, "", []])
def test_empty_phenomena_is_missing(reporter, empty):
    errors = errors_of(data=observation_payload(phenomena=empty), user=reporter)

    assert errors == {"phenomena": ["Choose at least one phenomenon."]}


def test_draft_requires_nothing_but_a_county(reporter):
    cleaned = observation_clean(data={}, user=reporter, submit=False)

    assert cleaned == {"county_code": "15"}


def test_no_county_without_membership():
    from rake.accounts.tests.factories import UserFactory

    with pytest.raises(ValidationError):
        observation_clean(data=observation_payload(), user=UserFactory())
    assert "county" in errors_of(data=observation_payload())


def test_county_the_user_may_not_report_for(reporter):
    assert errors_of(data=observation_payload(county="06"), user=reporter) == {
        "county": ["You cannot report observations for this wellbeing services county."]}


def test_unknown_county(reporter):
    assert errors_of(data=observation_payload(county="99"), user=reporter) == {"county": ["Unknown code “99”."]}


def test_municipality_outside_the_county(reporter):
    errors = errors_of(data=observation_payload(municipality="091"), user=reporter)

    assert errors == {"municipality": [
        "Helsinki does not belong to the chosen wellbeing services county in 2025."]}


def test_municipality_is_checked_in_the_observation_year(savo_reporter):
    in_2024 = observation_clean(data=observation_payload(municipality="588", observed_on="2024-06-01"),
                                user=savo_reporter)
    assert in_2024["municipality_code"] == "588"

    errors = errors_of(data=observation_payload(municipality="588", observed_on="2025-01-15"), user=savo_reporter)
    assert errors == {"municipality": ["Unknown code “588”."]}


def test_month_precision(reporter):
    cleaned = observation_clean(data=observation_payload(observed_on="2024-11"), user=reporter)

    assert cleaned["observed_on"] == datetime.date(2024, 11, 1)
    assert cleaned["observed_precision"] == "month"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phenomena", ["homelessness", "no_such_thing"]),
        ("phenomena", [7]),
        ("client_groups", ["aliens"]),
        ("support_needs", [11]),
        ("support_needs", ["x"]),
        ("support_needs", [True]),
        ("observation_type", "rumour"),
        ("observation_type", 3),
        ("service_area", "space_travel"),
        ("municipality", "999"),
        ("municipality", 179),
        ("county", 15),
    ],
)
def test_unknown_codes(reporter, field, value):
    errors = errors_of(data=observation_payload(**{field: value}), user=reporter)

    assert list(errors) == [field]
    assert errors[field][0].startswith("Unknown code")


@pytest.mark.parametrize(
    ("field", "value"),
    [("polarity", "sideways"), ("frequency", "daily"), ("affected_estimate", "7"), ("trend", "up"),
     ("language", "de"), ("reporter_kind", "robot"), ("channel", "fax"), ("trend", ""), ("polarity", 1)],
)
def test_invalid_choices(reporter, field, value):
    errors = errors_of(data=observation_payload(**{field: value}), user=reporter)

    assert list(errors) == [field]
    assert "is not a valid choice" in errors[field][0]


@pytest.mark.parametrize(
    ("field", "limit"), [("description", 4000), ("proposed_action", 2000), ("proposed_owner", 300)]
)
def test_text_limits(reporter, field, limit):
    assert field not in errors_of(data=observation_payload(**{field: "x" * limit, "polarity": "?"}), user=reporter)
    errors = errors_of(data=observation_payload(**{field: "x" * (limit + 1)}), user=reporter)

    assert errors == {field: [f"Ensure this text has at most {limit} characters (it has {limit + 1})."]}


@pytest.mark.parametrize("value", [42, ["text"], {"fi": "teksti"}])
def test_text_must_be_text(reporter, value):
    assert errors_of(data=observation_payload(description=value), user=reporter) == {"description": ["Enter text."]}


def test_nul_character_is_refused(reporter):
    assert "description" in errors_of(data=observation_payload(description="a\x00b"), user=reporter)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday", "Enter a date as YYYY-MM-DD or a month as YYYY-MM."),
        ("2025-02-30", "Enter a date as YYYY-MM-DD or a month as YYYY-MM."),
        ("2025-13", "Enter a date as YYYY-MM-DD or a month as YYYY-MM."),
        ([2025, 1, 1], "Enter a date as YYYY-MM-DD or a month as YYYY-MM."),
        ("2999-01-01", "The date cannot be in the future."),
        ("1999-12-31", "The date is too far in the past."),
    ],
)
def test_observed_on(reporter, value, message):
    assert errors_of(data=observation_payload(observed_on=value), user=reporter) == {"observed_on": [message]}


@pytest.mark.parametrize("value", ["maybe", "true", 1, None])
def test_wants_feedback_must_be_boolean(reporter, value):
    assert errors_of(data=observation_payload(wants_feedback=value), user=reporter) == {
        "wants_feedback": ["Must be true or false."]}


def test_all_errors_are_reported_at_once(reporter):
    errors = errors_of(data={"municipality": "091", "polarity": "x", "phenomena": ["nope"],
                             "description": "y" * 4001}, user=reporter)

    assert set(errors) == {"municipality", "polarity", "phenomena", "description", "observation_type"}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)
FIELDS = ["county", "municipality", "service_area", "observation_type", "polarity", "phenomena", "client_groups",
          "support_needs", "description", "proposed_action", "proposed_owner", "frequency", "affected_estimate",
          "trend", "observed_on", "language", "reporter_kind", "channel", "wants_feedback"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=8), submit=st.booleans())
def test_any_json_input_is_cleaned_or_refused_with_field_errors(reporter, data, submit):
    """Whatever a client sends, validation answers with cleaned values or field errors — never a crash."""
    try:
        observation_clean(data=data, user=reporter, submit=submit)
    except ValidationError as error:
        assert error.field_errors
        assert set(error.field_errors) <= set(FIELDS)
        assert all(isinstance(str(message), str) for messages in error.field_errors.values() for message in messages)
