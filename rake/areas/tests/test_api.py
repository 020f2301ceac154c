"""GET /api/v1/areas: Statistics Finland's municipalities and wellbeing counties, versioned by year."""

import pytest

from rake.areas.selectors import area_effective_year, municipality_get

pytestmark = pytest.mark.django_db

URL = "/api/v1/areas"


def get(client, **params):
    return client.get(URL, params)


def test_counties_2024(api_client):
    response = get(api_client, kind="county", year=2024)

    assert response.status_code == 200
    counties = {area["code"]: area for area in response.json()}
    assert len(counties) == 23
    keski_suomi = counties["15"]
    assert keski_suomi == {
        "code": "15",
        "kind": "county",
        "name": {"fi": "Keski-Suomen hyvinvointialue", "sv": "Mellersta Finlands välfärdsområde"},
        "county": "15",
        "year": 2024,
    }
    # Codes are strings with their leading zeros, as Statistics Finland writes them.
    assert "06" in counties and "90" in counties and "91" in counties
    assert all(isinstance(code, str) and len(code) == 2 for code in counties)


@pytest.mark.parametrize(("year", "count"), [(2023, 309), (2024, 309), (2025, 308), (2026, 308)])
def test_municipalities_per_year(api_client, year, count):
    response = get(api_client, kind="municipality", year=year)

    assert response.status_code == 200
    assert len(response.json()) == count
    assert {area["year"] for area in response.json()} == {year}


def test_pertunmaa_merged_into_mantyharju_in_2025(api_client):
    codes_2024 = {a["code"] for a in get(api_client, kind="municipality", year=2024).json()}
    codes_2025 = {a["code"] for a in get(api_client, kind="municipality", year=2025).json()}

    assert codes_2024 - codes_2025 == {"588"}
    assert codes_2025 - codes_2024 == set()
    assert "507" in codes_2025


def test_municipality_shape(api_client):
    response = get(api_client, kind="municipality", year=2024, county="15")
    jyvaskyla = next(a for a in response.json() if a["code"] == "179")

    assert jyvaskyla == {"code": "179", "kind": "municipality", "name": {"fi": "Jyväskylä", "sv": "Jyväskylä"},
                         "county": "15", "year": 2024}
    helsinki = next(a for a in get(api_client, kind="municipality", year=2024, county="90").json())
    assert helsinki["name"] == {"fi": "Helsinki", "sv": "Helsingfors"}
    assert helsinki["code"] == "091"


def test_county_filter(api_client):
    response = get(api_client, kind="municipality", year=2024, county="12")

    municipalities = response.json()
    assert response.status_code == 200
    assert municipalities
    assert {a["county"] for a in municipalities} == {"12"}
    assert {"507", "588"} <= {a["code"] for a in municipalities}
    assert "588" not in {a["code"] for a in get(api_client, kind="municipality", year=2025, county="12").json()}


def test_without_kind_lists_both_kinds(api_client):
    kinds = {a["kind"] for a in get(api_client, year=2024).json()}
    assert kinds == {"county", "municipality"}


def test_year_outside_classification_uses_nearest_year(api_client):
    assert len(get(api_client, kind="municipality", year=2030).json()) == 308
    assert len(get(api_client, kind="municipality", year=2001).json()) == 309
    assert area_effective_year(2030) == 2026


def test_anonymous_and_authenticated_may_read(api_as, reporter):
    assert get(api_as(reporter), kind="county", year=2024).status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "region"}, "kind"),
        ({"kind": "'; DROP TABLE"}, "kind"),
        ({"year": "abc"}, "year"),
        ({"year": "2024.5"}, "year"),
        ({"year": "99999999999999999999"}, "year"),
        ({"year": "-5"}, "year"),
    ],
)
def test_bad_parameters_are_400(api_client, params, field):
    response = get(api_client, **params)

    assert response.status_code == 400
    assert field in response.json()


def test_municipality_selector_is_versioned():
    assert municipality_get(code="588", year=2024).county_code == "12"
    assert municipality_get(code="588", year=2025) is None


@pytest.mark.parametrize("name", ["kind", "year", "county"])
def test_nul_in_parameters_is_400(api_client, name):
    response = api_client.get(f"{URL}?{name}=1%00")

    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_forms_build_area_choices_one_way(db):
    from rake.areas.selectors import county_choices, municipality_choices

    assert county_choices(["15", "06"], 2025) == [("15", "Keski-Suomen hyvinvointialue"),
                                                   ("06", "Satakunnan hyvinvointialue")]
    one = municipality_choices(["15"], 2025)
    assert ("179", "Jyväskylä") in one and all(isinstance(code, str) for code, _name in one)
    grouped = municipality_choices(["15", "06"], 2025)
    assert [name for name, _choices in grouped] == ["Keski-Suomen hyvinvointialue", "Satakunnan hyvinvointialue"]
    assert ("609", "Pori") in grouped[1][1]
