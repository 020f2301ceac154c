"""upsert_counts: adding ±n to a count table in multi-row statements, across statement boundaries."""

import datetime
from collections import Counter

import pytest

from rake.analysis import counts
from rake.analysis.models import ALL, TermCount

MONTH = datetime.date(2026, 3, 1)


def table():
    return {row[:-1]: row[-1] for row in TermCount.objects.values_list(*TermCount.KEY_FIELDS, "count")}


def key(term, county="06", phenomenon=ALL, month=MONTH):
    return (county, phenomenon, month, term)


@pytest.fixture
def small_statements(monkeypatch):
    # Three rows per statement, so that a dozen keys span several statements.
    monkeypatch.setattr(counts, "ROWS_PER_STATEMENT", 3)


@pytest.mark.django_db
@pytest.mark.parametrize("rows_per_statement", ["default", "small"])
def test_adds_to_existing_rows_inserts_new_ones_and_deletes_those_that_reach_zero(
        rows_per_statement, request):
    if rows_per_statement == "small":
        request.getfixturevalue("small_statements")
    terms = [f"sana{number:02}" for number in range(12)]
    counts.upsert_counts(TermCount, {key(term): 2 for term in terms})
    assert table() == {key(term): 2 for term in terms}

    delta = Counter({key(term): -2 for term in terms[:5]})  # these reach 0 and go
    delta.update({key(term): -1 for term in terms[5:8]})  # these drop to 1
    delta.update({key(term): 3 for term in terms[8:]})  # these grow to 5
    delta.update({key("uusi", county="15"): 1, key("uusi", phenomenon="homelessness"): 4})  # new rows
    delta[key("sana99")] = 0  # no change, no row
    counts.upsert_counts(TermCount, delta)

    expected = {key(term): 1 for term in terms[5:8]}
    expected.update({key(term): 5 for term in terms[8:]})
    expected.update({key("uusi", county="15"): 1, key("uusi", phenomenon="homelessness"): 4})
    assert table() == expected


@pytest.mark.django_db
def test_an_empty_or_all_zero_delta_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        counts.upsert_counts(TermCount, {})
        counts.upsert_counts(TermCount, {key("sana"): 0})
    assert table() == {}
