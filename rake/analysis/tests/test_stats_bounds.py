"""Bounded work per statistics question (issue 15): at most MAX_DIMENSIONS dimensions (MAX_MULTI_VALUED of them
multi-valued), at most MAX_ROWS rows, and no longer than RAKE_STATS_QUERY_SECONDS of counting — each refused
with 400 `query_too_large` and a message in the user's language."""

import pytest
from django.db import connection
from django.urls import reverse

from rake.analysis import selectors
from rake.analysis.sql import QueryTooLarge, query_deadline
from rake.analysis.tests.helpers import accepted_observation

URL = reverse("api:stats-observations")
# Counts to a hundred million, one row at a time: far more than any deadline below allows, on either database.
ENDLESS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) "
           "SELECT count(*) FROM c")


@pytest.fixture
def data(reporter, coordinator):
    accepted_observation(reporter, coordinator, phenomena=["homelessness", "livelihood"], client_groups=["children"],
                         support_needs=[3])


@pytest.mark.parametrize("group_by", [
    "phenomenon,client_group,support_need,period",  # the 41 s question
    "phenomenon,client_group,support_need",  # three multi-valued
    "polarity,observation_type,municipality,period",  # four single-valued
])
def test_too_many_dimensions_are_refused_before_any_counting(api_as, coordinator, data, group_by,
                                                            django_assert_max_num_queries):
    client = api_as(coordinator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
    with django_assert_max_num_queries(3):  # the token and the user's scope; no statistics query
        response = client.get(URL, {"county": "15", "group_by": group_by})
    assert response.status_code == 400 and response.json()["code"] == "query_too_large"
    assert "enintään 3" in response.json()["detail"]


def test_three_dimensions_of_which_two_multi_valued_are_answered(api_as, coordinator, data):
    response = api_as(coordinator).get(URL, {"county": "15", "group_by": "phenomenon,client_group,period"})
    assert response.status_code == 200
    assert {(row["phenomenon"], row["client_group"]) for row in response.json()["rows"]} == {
        ("homelessness", "children"), ("livelihood", "children")}


def test_more_rows_than_allowed_are_refused(api_as, coordinator, data, monkeypatch):
    monkeypatch.setattr(selectors, "MAX_ROWS", 1)
    client = api_as(coordinator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    response = client.get(URL, {"county": "15", "group_by": "phenomenon"})
    assert response.status_code == 400 and response.json()["code"] == "query_too_large"
    assert "fler än 1 rader" in response.json()["detail"]
    assert api_as(coordinator).get(URL, {"county": "15"}).status_code == 200  # one row


def test_a_query_past_its_deadline_is_stopped(db):
    with pytest.raises(QueryTooLarge):  # run to its end, the query would return a count and raise nothing
        with query_deadline(0.2):
            with connection.cursor() as cursor:
                cursor.execute(ENDLESS)
    with query_deadline(5):  # the connection works afterwards, without the limit left behind
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone()[0] == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def test_a_statistics_question_past_its_deadline_is_400(api_as, coordinator, data, monkeypatch, settings):
    def endless(**_kwargs):
        with connection.cursor() as cursor:
            cursor.execute(ENDLESS)
        return {}

    settings.RAKE_STATS_QUERY_SECONDS = 0.2
    monkeypatch.setattr(selectors, "observation_counts", endless)
    response = api_as(coordinator).get(URL, {"county": "15", "group_by": "phenomenon"})
    assert response.status_code == 400 and response.json()["code"] == "query_too_large"
