"""GET /api/v1/stats/observations: grouping, periods, filters, scope and suppression by role."""

import pytest
from django.urls import reverse

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.analysis.tests.helpers import accepted_observation, plenty_of_observations
from rake.observations import services

URL = reverse("api:stats-observations")


@pytest.fixture
def data(reporter, coordinator):
    """County 15: six homelessness observations in April 2025 (Jyväskylä, children; one also young people),
    two livelihood ones in January 2025 (Hankasalmi, positive, support need 3), one still submitted.
    County 06: one homelessness observation."""
    for number in range(6):
        groups = ["children", "young_people"] if number == 0 else ["children"]
        accepted_observation(reporter, coordinator, municipality="179", client_groups=groups,
                phenomena=["homelessness.hostels"] if number < 2 else ["homelessness"])
    for _ in range(2):
        accepted_observation(reporter, coordinator, municipality="077", observed_on="2025-01-20", phenomena=["livelihood"],
                polarity="positive", support_needs=[3], observation_type="good_practice")
    services.observation_create(user=reporter, data={"description": "Odottaa käsittelyä.", "phenomena": ["other"],
                                                     "observation_type": "need", "polarity": "negative",
                                                     "observed_on": "2025-04-02"})
    accepted_observation(MemberFactory(username="r06", role=Role.REPORTER, county="06"),
            MemberFactory(username="c06", role=Role.COORDINATOR, county="06"), municipality="609")


def _rows(response, *names):
    assert response.status_code == 200, response.content
    return {tuple(row[name] for name in names): (row["count"], row["suppressed"]) for row in response.json()["rows"]}


def test_coordinator_sees_unsuppressed_counts_of_their_county(api_as, coordinator, data):
    response = api_as(coordinator).get(URL, {"group_by": "phenomenon"})
    body = response.json()
    assert body["threshold"] == 5 and body["suppressed"] is False
    assert _rows(response, "phenomenon") == {("homelessness",): (6, False), ("livelihood",): (2, False)}


def test_total_without_group_by(api_as, coordinator, data):
    assert _rows(api_as(coordinator).get(URL), ) == {(): (8, False)}


def test_viewer_sees_small_counts_suppressed(api_as, viewer, data):
    response = api_as(viewer).get(URL, {"group_by": "phenomenon"})
    body = response.json()
    assert body["threshold"] == 5 and body["suppressed"] is True
    rows = _rows(response, "phenomenon")
    assert rows[("livelihood",)] == (None, True)
    # With only two cells and a published total, the other one has to go too.
    assert rows[("homelessness",)] == (None, True)
    assert {row["count"] for row in body["rows"]} == {None}


def test_viewer_sees_large_counts(api_as, viewer, reporter, coordinator):
    plenty_of_observations(reporter, coordinator)
    rows = _rows(api_as(viewer).get(URL, {"group_by": "polarity", "phenomenon": "homelessness"}), "polarity")
    assert rows == {("negative",): (20, False)}
    rows = _rows(api_as(viewer).get(URL, {"group_by": "period", "period": "month"}), "period")
    assert rows == {("2025-01",): (10, False), ("2025-04",): (20, False)}


def test_periods(api_as, coordinator, data):
    client = api_as(coordinator)
    expected = {"month": {"2025-01": 2, "2025-04": 6}, "quarter": {"2025Q1": 2, "2025Q2": 6},
                "half": {"2025H1": 8}, "year": {"2025": 8}}
    for period, counts in expected.items():
        rows = _rows(client.get(URL, {"group_by": "period", "period": period}), "period")
        assert rows == {(key,): (n, False) for key, n in counts.items()}


def test_multi_valued_dimensions_count_each_value_once(api_as, coordinator, data):
    client = api_as(coordinator)
    rows = _rows(client.get(URL, {"group_by": "client_group"}), "client_group")
    assert rows == {("children",): (6, False), ("young_people",): (1, False)}
    rows = _rows(client.get(URL, {"group_by": "sub_theme"}), "sub_theme")
    assert rows == {("homelessness.hostels",): (2, False)}
    rows = _rows(client.get(URL, {"group_by": "support_need,polarity"}), "support_need", "polarity")
    assert rows == {(3, "positive"): (2, False)}
    rows = _rows(client.get(URL, {"group_by": "phenomenon,client_group,observation_type"}),
                 "phenomenon", "client_group", "observation_type")
    assert rows == {("homelessness", "children", "need"): (6, False),
                    ("homelessness", "young_people", "need"): (1, False)}


def test_municipality_rows_carry_their_county(api_as, coordinator, data):
    response = api_as(coordinator).get(URL, {"group_by": "county,municipality"})
    assert _rows(response, "county", "municipality") == {("15", "179"): (6, False), ("15", "077"): (2, False)}


def test_filters(api_as, coordinator, data):
    client = api_as(coordinator)
    assert _rows(client.get(URL, {"polarity": "positive"})) == {(): (2, False)}
    assert _rows(client.get(URL, {"observation_type": "need"})) == {(): (6, False)}
    assert _rows(client.get(URL, {"municipality": "077"})) == {(): (2, False)}
    assert _rows(client.get(URL, {"phenomenon": "livelihood"})) == {(): (2, False)}
    assert _rows(client.get(URL, {"since": "2025-02", "until": "2025-12"})) == {(): (6, False)}
    assert _rows(client.get(URL, {"until": "2025-01-31"})) == {(): (2, False)}
    assert _rows(client.get(URL, {"county": "15", "group_by": "county"}), "county") == {("15",): (8, False)}


def test_national_sees_every_county_suppressed(api_as, national, data):
    response = api_as(national).get(URL, {"group_by": "county"})
    assert response.json()["suppressed"] is True
    rows = _rows(response, "county")
    assert set(rows) == {("15",), ("06",)}
    assert rows[("06",)] == (None, True)
    assert _rows(api_as(national).get(URL, {"county": "06"})) == {(): (None, True)}


def test_county_roles_see_their_county_only(api_as, coordinator, viewer, data):
    assert _rows(api_as(coordinator).get(URL, {"group_by": "county"}), "county") == {("15",): (8, False)}
    response = api_as(viewer).get(URL, {"county": "06"})
    assert response.status_code == 400
    assert "county" in response.json()


def test_analyst_sees_unsuppressed_counts(api_as, analyst, data):
    assert _rows(api_as(analyst).get(URL, {"group_by": "phenomenon"}), "phenomenon")[("livelihood",)] == (2, False)


@pytest.mark.parametrize("who", ["reporter", "no_role_user"])
def test_roles_without_aggregates_are_refused(api_as, request, who):
    response = api_as(request.getfixturevalue(who)).get(URL)
    assert response.status_code == 403


def test_anonymous_is_refused(api_client, db):
    assert api_client.get(URL).status_code in (401, 403)


@pytest.mark.parametrize("params, field", [
    ({"group_by": "colour"}, "group_by"),
    ({"group_by": "phenomenon,colour"}, "group_by"),
    ({"period": "week"}, "period"),
    ({"county": "abc"}, "county"),
    ({"municipality": "1"}, "municipality"),
    ({"phenomenon": "homelessness.hostels"}, "phenomenon"),
    ({"polarity": "neutral"}, "polarity"),
    ({"observation_type": "nothing"}, "observation_type"),
    ({"since": "2025-13"}, "since"),
    ({"since": "yesterday"}, "since"),
    ({"until": "2025-02-30"}, "until"),
    ({"since": "2025-05", "until": "2025-04"}, "until"),
    ({"group_by": "phenomenon\x00"}, "group_by"),
])
def test_bad_parameters_are_400_with_field_messages(api_as, coordinator, params, field):
    response = api_as(coordinator).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()
    assert all(isinstance(message, str) and message for message in response.json()[field])


def test_empty_result(api_as, viewer, db):
    body = api_as(viewer).get(URL, {"group_by": "phenomenon,period"}).json()
    assert body == {"threshold": 5, "suppressed": True, "rows": []}
