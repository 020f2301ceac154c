"""manage.py generate_benchmark_data: counts, re-runs, areas, taxonomy coverage and rollups."""

import io

import pytest
from django.core.management import call_command

from rake.accounts.models import Membership, Role, User
from rake.analysis import rollups
from rake.analysis.models import ALL, ObservationRollup
from rake.areas.models import Area
from rake.areas.selectors import area_effective_year
from rake.observations.models import Observation, ObservationPhenomenon
from rake.taxonomy.models import Phenomenon

pytestmark = pytest.mark.django_db

N = 300


def generate(n, seed=1):
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_benchmark_data", observations=n, seed=seed, batch_size=120, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


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
    total = ObservationRollup.objects.filter(phenomenon=ALL, sub_theme=ALL, client_group=ALL,
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
    from rake.observations import demo_texts
    assert set(demo_texts.SUBTHEMES) <= used

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
