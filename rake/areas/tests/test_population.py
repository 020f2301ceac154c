"""Population on 31 December (THL Sotkanet / Statistics Finland): its data migration and the selectors that
give rates per 10,000 inhabitants their denominator."""

import pytest

from rake.areas.loading import load_population, read_mergers
from rake.areas.models import Area, Population
from rake.areas.selectors import (area_list, area_years, county_population, municipality_get,
                                  municipality_population, population_year)
from rake.core.reference_cache import clear_all

pytestmark = pytest.mark.django_db

NATIONAL_2022 = 5_563_970  # the file's total for 2022 (shared/reference/README.md)


def test_the_migration_loads_five_years_of_309_municipalities():
    assert Population.objects.count() == 1545
    for year in range(2018, 2023):
        assert Population.objects.filter(year=year).count() == 309
    assert Population.objects.get(municipality_code="091", year=2022).population == 664_028
    assert Population.objects.get(municipality_code="179", year=2018).population == 141_305


def test_loading_again_adds_nothing():
    load_population(Population)

    assert Population.objects.count() == 1545


@pytest.mark.parametrize(("year", "expected"), [(2025, 2022), (2030, 2022), (2022, 2022), (2020, 2020),
                                                (2018, 2018), (2017, 2018), (1990, 2018)])
def test_population_year_is_the_latest_not_after_the_year_or_else_the_earliest(year, expected):
    assert population_year(year) == expected


def test_without_population_data_there_is_no_population_year_or_population():
    Population.objects.all().delete()
    clear_all()

    assert population_year(2025) is None
    assert county_population("15", 2025) is None
    assert municipality_population("179", 2025) is None


def test_known_populations():
    assert municipality_population("179", 2024) == (145_887, 2022)  # Jyväskylä
    assert municipality_population("179", 2019) == (142_400, 2019)
    assert county_population("90", 2025) == (664_028, 2022)  # Helsinki organises its services itself
    assert county_population("90", 2017) == (648_042, 2018)  # before the data: the earliest year
    assert county_population("90", 2025) == municipality_population("091", 2025)


def test_unknown_areas_have_no_population():
    assert county_population("99", 2025) is None
    assert county_population("091", 2025) is None  # a municipality's code is not a county's
    assert municipality_population("999", 2025) is None


@pytest.mark.parametrize("year", [2019, 2023, 2024, 2025, 2026])
def test_a_county_is_the_sum_of_its_municipalities(year):
    counties = area_list(kind=Area.Kind.COUNTY, year=year)
    assert counties.count() == 23
    for county in counties:
        municipalities = area_list(kind=Area.Kind.MUNICIPALITY, year=year, county=county.code)
        expected = sum(municipality_population(municipality.code, year)[0] for municipality in municipalities)

        assert county_population(county.code, year) == (expected, population_year(year)), county.code


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_the_counties_together_hold_everyone_once(year):
    counties = area_list(kind=Area.Kind.COUNTY, year=year).values_list("code", flat=True)

    assert sum(county_population(code, year)[0] for code in counties) == NATIONAL_2022


def test_pertunmaa_counts_in_mantyharju_after_their_merger_in_2025():
    assert municipality_population("588", 2024) == (1_600, 2022)
    assert municipality_population("507", 2024) == (5_564, 2022)
    # From 2025 Pertunmaa is part of Mäntyharju: its code is gone, its inhabitants are not.
    assert municipality_population("588", 2025) is None
    assert municipality_population("507", 2025) == (5_564 + 1_600, 2022)
    assert county_population("12", 2025) == county_population("12", 2024)


def test_a_merger_missing_from_the_mergers_file_keeps_its_inhabitants_in_the_county(monkeypatch):
    monkeypatch.setattr("rake.areas.selectors.read_mergers", lambda: [])
    clear_all()

    assert county_population("12", 2025) == county_population("12", 2024)
    assert municipality_population("507", 2025) == (5_564, 2022)


def test_every_code_of_the_population_is_a_municipality_of_every_classification_year():
    """Fails when new population or classification data needs a row in municipality_mergers.csv."""
    mergers = {merged: (into, first_year) for merged, into, first_year in read_mergers()}
    population_codes = set(Population.objects.values_list("municipality_code", flat=True))
    assert area_years() == [2023, 2024, 2025, 2026]
    for year in area_years():
        municipalities = set(area_list(kind=Area.Kind.MUNICIPALITY, year=year).values_list("code", flat=True))
        for code in population_codes:
            if code not in municipalities:
                into, first_year = mergers[code]
                assert first_year <= year and into in municipalities, (code, year)
        assert municipalities <= population_codes, year


def test_the_mergers_file_agrees_with_the_classification():
    assert read_mergers() == [("588", "507", 2025)]
    for merged, into, first_year in read_mergers():
        before, after = first_year - 1, first_year
        assert municipality_get(code=merged, year=before) is not None
        assert municipality_get(code=merged, year=after) is None
        assert municipality_get(code=into, year=after) is not None
        assert municipality_get(code=merged, year=before).county_code == \
            municipality_get(code=into, year=after).county_code


def test_a_saved_population_is_used_at_once():
    assert county_population("90", 2025) == (664_028, 2022)
    helsinki = Population.objects.get(municipality_code="091", year=2022)
    helsinki.population = 700_000
    helsinki.save()

    assert county_population("90", 2025) == (700_000, 2022)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_transactional_tests_have_the_population_too():
    """A flush after each of them empties the tables the migrations filled: the next one has them again."""
    assert Population.objects.count() == 1545
    assert county_population("90", 2025) == (664_028, 2022)
