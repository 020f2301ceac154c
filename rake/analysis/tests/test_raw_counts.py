"""The counts as they should be, from the raw tables (what the soak and the tests compare the count tables
with): the observations' relations are read a batch of ids at a time, since one statement binds at most
65,535 values on PostgreSQL (ADR 0011)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rake.analysis import keywords, rollups
from rake.observations.models import ObservationPhenomenon

pytestmark = pytest.mark.django_db


def test_raw_counts_read_the_relations_a_batch_of_ids_at_a_time(monkeypatch, make_observation):
    for _ in range(5):
        make_observation(status="accepted")
    whole = rollups.raw_counts(), keywords.raw_counts()
    assert whole[0] and whole[1]

    monkeypatch.setattr(rollups, "IDS_PER_STATEMENT", 2)
    monkeypatch.setattr(keywords, "IDS_PER_STATEMENT", 2)
    with CaptureQueriesContext(connection) as queries:
        batched = rollups.raw_counts(), keywords.raw_counts()

    assert batched == whole
    links = ObservationPhenomenon._meta.db_table
    reads = [q["sql"] for q in queries.captured_queries if f'FROM "{links}"' in q["sql"]]
    assert len(reads) == 6  # 5 observations in batches of 2, 2 and 1, for the rollup and for the keywords
