"""manage.py generate_benchmark_data: counts, re-runs, areas, taxonomy coverage, rollups, and the fast
load path (secondary indexes dropped and built again, also after an interrupted or killed run)."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection

from rake.accounts.models import Membership, Role, User
from rake.analysis import rollups
from rake.analysis.grains import GRAINS
from rake.analysis.models import ALL, ObservationRollup
from rake.areas.models import Area
from rake.areas.selectors import area_effective_year
from rake.demo import loader as bulk
from rake.observations.models import Observation, ObservationPhenomenon
from rake.observations.search import FULL_TEXT_SQL
from rake.taxonomy.models import Phenomenon

pytestmark = pytest.mark.django_db

N = 300


def generate(n, seed=1, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_benchmark_data", observations=n, seed=seed, batch_size=120, stdout=out, stderr=err,
                 **options)
    return out.getvalue(), err.getvalue()


def indexes():
    """{table: names of its indexes and constraints} for the tables a load writes."""
    tables = [Observation._meta.db_table, ObservationPhenomenon._meta.db_table,
              Observation.client_groups.through._meta.db_table, Observation.support_needs.through._meta.db_table]
    with connection.cursor() as cursor:
        return {table: set(connection.introspection.get_constraints(cursor, table)) for table in tables}


def bench_rows():
    return list(Observation.objects.filter(external_id__startswith="bench-").order_by("external_id")
                .values_list("external_id", "county_code", "observed_on", "status", "description"))


def test_creates_the_target_total_then_nothing_and_rollups_equal_raw_counts():
    out, err = generate(N)
    bench = Observation.objects.filter(external_id__startswith="bench-")
    assert bench.count() == N
    assert set(bench.values_list("external_id", flat=True)) == {f"bench-{n:07d}" for n in range(1, N + 1)}
    assert "100.0%" in err and "/s" in err and "ETA" in err  # the progress bar
    assert f"Created {N:,} benchmark observations" in out

    out, _ = generate(N)
    assert "Created 0 benchmark observations" in out
    assert bench.count() == N

    # Rollups equal the raw data: the whole table, and the grand total against a raw count.
    assert rollups.rollup_counts() == rollups.raw_counts()
    counted = Observation.objects.filter(status__in=rollups.COUNTED_STATUSES).count()
    total = ObservationRollup.objects.filter(grain=GRAINS[0].name, phenomenon=ALL, sub_theme=ALL, client_group=ALL,
                                             support_need=ALL)
    assert sum(total.values_list("count", flat=True)) == counted > 0


def test_realistic_content():
    generate(N)
    observations = Observation.objects.filter(external_id__startswith="bench-")

    # Municipalities belong to the observation's county in the classification year of its date.
    areas = {(code, year): county for code, year, county in Area.objects.filter(
        kind=Area.Kind.MUNICIPALITY).values_list("code", "year", "county_code")}
    with_municipality = 0
    for county, municipality, observed_on in observations.values_list("county_code", "municipality_code",
                                                                       "observed_on"):
        if municipality:
            with_municipality += 1
            assert areas[(municipality, area_effective_year(observed_on.year))] == county
    assert with_municipality > N // 2
    assert observations.values("county_code").distinct().count() >= 15

    # Every national phenomenon and every sub-theme in the text generator occurs.
    used = set(ObservationPhenomenon.objects.values_list("phenomenon__code", flat=True))
    assert set(Phenomenon.NATIONAL_CODES) <= used
    from rake.demo import texts
    assert set(texts.SUBTHEMES) <= used

    statuses = set(observations.values_list("status", flat=True))
    assert {"accepted", "used", "closed", "submitted", "rejected"} <= statuses
    assert set(observations.values_list("language", flat=True)) == {"fi", "sv"}
    assert set(observations.values_list("polarity", flat=True)) == {"negative", "positive", "mixed"}
    assert observations.values("observation_type").distinct().count() == 3
    assert Observation.client_groups.through.objects.filter(observation__in=observations).exists()
    assert Observation.support_needs.through.objects.filter(observation__in=observations).exists()

    # One synthetic reporter per county, member of the county's organisation, who cannot log in.
    for county in observations.values_list("county_code", flat=True).distinct():
        reporter = User.objects.get(username=f"bench-reporter-{county}")
        assert reporter.email == f"bench-reporter-{county}@example.com"
        assert not reporter.has_usable_password()
        assert Membership.objects.filter(user=reporter, role=Role.REPORTER,
                                         organisation__county_code=county).exists()
        assert set(observations.filter(county_code=county).values_list("created_by", flat=True)) == {reporter.pk}


def test_deterministic_with_a_seed_and_continues():
    generate(40, seed=5)
    first = list(Observation.objects.filter(external_id__startswith="bench-").order_by("external_id")
                 .values_list("external_id", "county_code", "description", "status"))
    Observation.objects.filter(external_id__startswith="bench-").delete()
    generate(25, seed=5)
    generate(40, seed=5)  # continues from bench-0000026
    second = list(Observation.objects.filter(external_id__startswith="bench-").order_by("external_id")
                  .values_list("external_id", "county_code", "description", "status"))
    assert first == second


def test_every_observation_has_its_relations():
    generate(N)
    observations = Observation.objects.filter(external_id__startswith="bench-")
    ids = set(observations.values_list("pk", flat=True))
    primaries = list(ObservationPhenomenon.objects.filter(observation__in=observations, position=0)
                     .values_list("observation_id", flat=True))
    assert sorted(primaries) == sorted(ids)  # exactly one primary phenomenon each
    for relation in (Observation.client_groups.through, Observation.support_needs.through):
        assert set(relation.objects.filter(observation__in=observations).values_list("observation_id",
                                                                                      flat=True)) == ids
    # Links point at the new rows only: the reserved keys are the rows' own keys.
    assert ObservationPhenomenon.objects.count() == ObservationPhenomenon.objects.filter(
        observation__in=observations).count()


def test_a_large_load_drops_the_secondary_indexes_and_builds_them_again(monkeypatch):
    before = indexes()
    secondary = {(table, name) for table, name, _ in bulk.secondary_indexes()}
    assert secondary and all(name in before[table] for table, name in secondary)
    during = []
    insert = bulk.insert

    def spy(*args, **kwargs):
        during.append(indexes())
        return insert(*args, **kwargs)

    monkeypatch.setattr(bulk, "insert", spy)
    out, err = generate(200, drop_indexes_from=150)
    assert len(during) == 2  # batches of 120
    for seen in during:
        assert not any(name in seen[table] for table, name in secondary)
        # Primary keys, unique constraints and the full-text indexes stay.
        assert "unique_observation_phenomenon" in seen[ObservationPhenomenon._meta.db_table]
        assert {name for name in before[Observation._meta.db_table] if name.endswith("_fts")} <= \
            seen[Observation._meta.db_table]
    assert indexes() == before
    assert "Rebuilding the indexes took" in out
    assert Observation.objects.filter(external_id__startswith="bench-").count() == 200


def test_a_small_load_keeps_the_indexes(monkeypatch):
    before = indexes()
    during = []
    insert = bulk.insert
    monkeypatch.setattr(bulk, "insert", lambda *a, **k: during.append(indexes()) or insert(*a, **k))
    out, _ = generate(100, drop_indexes_from=150)
    assert during and all(seen == before for seen in during)
    assert "indexes" not in out


def test_an_interrupted_load_builds_the_indexes_again_and_the_next_run_continues(monkeypatch):
    generate(300, seed=3)
    expected = bench_rows()
    Observation.objects.filter(external_id__startswith="bench-").delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Check the deferred foreign keys now: PostgreSQL refuses index DDL with checks pending (only
            # inside the test's transaction; a real run commits every batch).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    before = indexes()
    calls = []
    insert = bulk.insert

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return insert(*args, **kwargs)

    monkeypatch.setattr(bulk, "insert", interrupted)
    with pytest.raises(KeyboardInterrupt):
        generate(300, seed=3, drop_indexes_from=1)
    assert indexes() == before
    assert Observation.objects.filter(external_id__startswith="bench-").count() == 120  # the first batch

    monkeypatch.setattr(bulk, "insert", insert)
    out, _ = generate(300, seed=3, drop_indexes_from=1)
    assert "Created 180 benchmark observations" in out
    assert bench_rows() == expected


def test_a_run_builds_the_indexes_a_killed_run_left_missing():
    before = indexes()
    # A run killed outright (no `finally`) after dropping the indexes.
    bulk._drop_indexes()
    assert indexes() != before
    out, _ = generate(0)
    assert "Created 0 benchmark observations" in out
    assert indexes() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text indexes exist on PostgreSQL only")
def test_full_text_search_finds_generated_observations_after_a_large_load_through_its_indexes():
    generate(150, drop_indexes_from=1)
    for language in ("fi", "sv"):
        observation = Observation.objects.filter(external_id__startswith="bench-", language=language).first()
        word = max(re.findall(r"[^\W\d_]+", observation.description), key=len)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql = f"SELECT id FROM {Observation._meta.db_table} WHERE {FULL_TEXT_SQL}"
            cursor.execute(f"EXPLAIN {sql}", [word, word])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute(sql, [word, word])
            found = {row[0] for row in cursor.fetchall()}
        assert "observation_description_finnish_fts" in plan and "observation_description_swedish_fts" in plan
        assert observation.pk in found
