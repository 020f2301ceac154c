"""Observations per 10,000 inhabitants (issue 14 point 5): `rate=per_10000` of the statistics API, the rate
column of the dashboard's area tables and of their downloads. Expected rates are computed from
rake.areas.selectors (the one written on a page is first checked against them), so the tests say what a rate
is rather than copy numbers."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.analysis.dashboard import DashboardFilters, dashboard_table
from rake.analysis.rates import with_rates
from rake.analysis.tests.helpers import LEGENDS, accepted_observation, plenty_of_observations
from rake.areas.models import Area, Population
from rake.areas.selectors import area_list, county_population, municipality_population
from rake.core.reference_cache import clear_all

pytestmark = pytest.mark.django_db

URL = reverse("api:stats-observations")
DASHBOARD = reverse("analysis:dashboard")
YEAR_2025 = {"since": "2025-01", "until": "2025-12"}
NBSP = "\u00a0"


def _per_10000(count, population):
    return round(count * 10_000 / population, 1)


def _county(code, year=2025):
    """(population, population year)"""
    return county_population(code, year)


def _municipality(code, year=2025):
    return municipality_population(code, year)


@pytest.fixture
def plenty(reporter, coordinator):
    """County 15 in 2025: 20 in Jyväskylä (179), 10 in Hankasalmi (077); every cell published."""
    plenty_of_observations(reporter, coordinator)


@pytest.fixture
def few(reporter, coordinator):
    """County 15 in 2025: 3 in Jyväskylä, 2 in Hankasalmi; small enough for the release to hide them."""
    for _ in range(3):
        accepted_observation(reporter, coordinator, municipality="179")
    for _ in range(2):
        accepted_observation(reporter, coordinator, municipality="077", observed_on="2025-01-20")


def _get(client, **params):
    response = client.get(URL, {**params, "rate": "per_10000"})
    assert response.status_code == 200, response.content
    return response.json()


# --- the API ---------------------------------------------------------------------------------------------

def test_a_county_users_total_is_per_10000_inhabitants_of_their_county(api_as, coordinator, plenty):
    population, population_year = _county("15")
    body = _get(api_as(coordinator))

    assert body["population_year"] == population_year == 2022
    assert body["rows"] == [{"count": 30, "suppressed": False, "rate": _per_10000(30, population)}]


def test_counties_of_the_protected_release_have_their_own_rate(api_as, national, plenty):
    population, population_year = _county("15")
    for params in ({"group_by": "county"}, {"county": "15"}):
        body = _get(api_as(national), **params)

        assert body["suppressed"] is True
        assert body["population_year"] == population_year
        assert [(row["count"], row["rate"]) for row in body["rows"]] == [(30, _per_10000(30, population))], params


def test_the_whole_country_is_the_sum_of_every_county(api_as, national, plenty):
    population = sum(_county(area.code)[0] for area in area_list(kind=Area.Kind.COUNTY, year=2025))
    (row,) = _get(api_as(national))["rows"]

    assert row["rate"] == _per_10000(30, population)


@pytest.mark.parametrize("who", ["coordinator", "viewer"])
def test_municipalities_have_their_own_rate(api_as, request, plenty, who):
    client = api_as(request.getfixturevalue(who))
    body = _get(client, group_by="municipality")
    jyvaskyla, hankasalmi = _municipality("179")[0], _municipality("077")[0]

    assert {row["municipality"]: (row["count"], row["rate"]) for row in body["rows"]} == {
        "179": (20, _per_10000(20, jyvaskyla)), "077": (10, _per_10000(10, hankasalmi))}
    assert body["population_year"] == 2022
    # Filtered by a municipality: its own population, not the county's.
    (row,) = _get(client, municipality="077")["rows"]
    assert row["rate"] == _per_10000(10, hankasalmi)


def test_period_rows_use_their_own_years_population(api_as, coordinator, reporter, plenty):
    accepted_observation(reporter, coordinator, municipality="179", observed_on="2024-03-05")
    body = _get(api_as(coordinator), group_by="period", period="year", since="2024-01", until="2025-12")

    assert {row["period"]: row["rate"] for row in body["rows"]} == {
        "2024": _per_10000(1, _county("15", 2024)[0]), "2025": _per_10000(30, _county("15", 2025)[0])}
    assert body["population_year"] == 2022  # both years use the newest population


def test_a_hidden_count_has_a_null_rate(api_as, viewer, few):
    body = _get(api_as(viewer), group_by="municipality")

    assert body["rows"] and all(row["suppressed"] for row in body["rows"])
    assert [(row["count"], row["rate"]) for row in body["rows"]] == [(None, None)] * len(body["rows"])
    assert body["population_year"] == 2022


def test_without_the_parameter_the_answer_is_unchanged(api_as, coordinator, plenty):
    body = api_as(coordinator).get(URL, {"group_by": "municipality"}).json()

    assert "population_year" not in body
    assert all("rate" not in row for row in body["rows"])


@pytest.mark.translations
@pytest.mark.parametrize(("language", "message"), [
    ("en", "“per_1000” is not a valid choice."),
    ("fi", "”per_1000” ei ole kelvollinen vaihtoehto."),
    ("sv", "”per_1000” är inte ett giltigt val."),
])
def test_another_rate_is_a_field_error_in_the_users_language(api_as, coordinator, language, message):
    response = api_as(coordinator, language=language).get(URL, {"rate": "per_1000"})

    assert response.status_code == 400
    assert response.json() == {"rate": [message]}


def test_the_schema_documents_the_parameter_and_the_population_year(api_client):
    schema = api_client.get("/api/v1/schema?format=json").json()
    operation = schema["paths"]["/api/v1/stats/observations"]["get"]

    (parameter,) = [parameter for parameter in operation["parameters"] if parameter["name"] == "rate"]
    assert parameter["schema"]["enum"] == ["per_10000"]
    assert "population_year" in schema["components"]["schemas"]["ObservationStats"]["properties"]
    assert "population_year" in operation["description"]


# --- the rule, on rows of either answer ------------------------------------------------------------------

def _answer(*rows):
    return {"threshold": 5, "suppressed": True, "rows": [dict(row) for row in rows]}


def test_rows_spanning_population_years_name_each(db):
    answer = with_rates(_answer({"period": "2021", "count": 7, "suppressed": False},
                                {"period": "2024", "count": None, "suppressed": True}), counties={"15"})

    assert answer["population_year"] == {"2021": 2021, "2024": 2022}
    assert answer["rows"][0]["rate"] == _per_10000(7, _county("15", 2021)[0])
    assert answer["rows"][1]["rate"] is None


def test_several_counties_add_their_populations_and_unknown_areas_have_no_rate(db):
    both = _county("15")[0] + _county("06")[0]
    answer = with_rates(_answer({"count": 12, "suppressed": False},), counties={"15", "06"},
                        until=datetime.date(2025, 12, 1))
    assert answer["rows"][0]["rate"] == _per_10000(12, both)

    unknown = with_rates(_answer({"county": "15", "municipality": "", "count": 6, "suppressed": False},
                                 {"county": "99", "count": 6, "suppressed": False}),
                         counties=None, until=datetime.date(2025, 12, 1))
    assert [row["rate"] for row in unknown["rows"]] == [None, None]


def test_without_population_data_there_is_no_rate_or_population_year(db):
    Population.objects.all().delete()
    clear_all()
    answer = with_rates(_answer({"county": "15", "count": 30, "suppressed": False}), counties={"15"},
                        until=datetime.date(2025, 12, 1))

    assert answer["rows"][0]["rate"] is None and answer["population_year"] is None


# --- the dashboard and its downloads ---------------------------------------------------------------------

def _filters(**kwargs):
    return DashboardFilters(since=datetime.date(2025, 1, 1), until=datetime.date(2025, 12, 1), **kwargs)


def test_the_municipality_table_has_a_rate_beside_each_count(coordinator, plenty):
    table = dashboard_table(user=coordinator, filters=_filters(), slug="by-municipality")

    assert table.population_year == 2022 and table.has_rate_column
    assert {row.code: row.rate for row in table.rows} == {
        "179": _per_10000(20, _municipality("179")[0]), "077": _per_10000(10, _municipality("077")[0])}
    with translation.override("en"):
        headings = table.headings()
    assert headings[headings.index("Observations") + 1] == "Per 10,000 inhabitants (population on 31 Dec 2022)"


def test_the_national_county_comparison_has_rates_and_other_tables_do_not(national, plenty):
    table = dashboard_table(user=national, filters=_filters(), slug="by-county")

    assert [(row.code, row.count, row.rate) for row in table.rows] == [
        ("15", 30, _per_10000(30, _county("15")[0]))]
    assert not dashboard_table(user=national, filters=_filters(), slug="by-phenomenon").has_rate_column


def test_a_county_that_only_had_observations_before_has_a_rate_of_zero(coordinator, reporter):
    accepted_observation(reporter, coordinator, municipality="179", observed_on="2024-04-10")
    table = dashboard_table(user=coordinator, filters=_filters(), slug="by-municipality")

    assert [(row.code, row.count, row.previous, row.rate) for row in table.rows] == [("179", 0, 1, 0.0)]


def _section(html, slug):
    return html.split(f'id="table-{slug}"')[1].split("</section>")[0]


@pytest.mark.translations
@pytest.mark.parametrize(("language", "heading", "rate", "note"), [
    ("fi", f"10{NBSP}000 asukasta kohden (väkiluku 31.12.2022)", "21,7", "väkiluvusta 31.12.2022"),
    ("sv", f"Per 10{NBSP}000 invånare (folkmängd 31.12.2022)", "21,7", "folkmängden 31.12.2022"),
    ("en", "Per 10,000 inhabitants (population on 31 Dec 2022)", "21.7", "population on 31 December 2022"),
])
def test_the_page_shows_the_column_in_the_users_language(client_as, coordinator, plenty, language, heading,
                                                         rate, note):
    assert _per_10000(10, _municipality("077")[0]) == 21.7  # Hankasalmi: 10 of 4,6xx inhabitants
    client = client_as(coordinator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    table = _section(client.get(DASHBOARD, YEAR_2025).content.decode(), "by-municipality")

    assert f'<th scope="col">{heading}</th>' in table
    assert f'<td class="rake-number">10</td>\n          <td class="rake-number">{rate}</td>' in table
    assert note in table and "Sotkanet" in table
    other = _section(client.get(DASHBOARD, YEAR_2025).content.decode(), "by-phenomenon")
    assert heading not in other


@pytest.mark.translations
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_hidden_count_hides_its_rate_on_the_page(client_as, viewer, few, language):
    client = client_as(viewer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    table = _section(client.get(DASHBOARD, YEAR_2025).content.decode(), "by-municipality")

    assert table.count('<td class="rake-number">..</td>\n          <td class="rake-number">..</td>') == 2
    assert LEGENDS[language] in table


def test_downloads_carry_the_rate_column(client_as, coordinator, viewer, plenty, reporter):
    url = reverse("analysis:dashboard_download", args=["by-municipality", "csv"])
    content = client_as(coordinator).get(url, YEAR_2025).content.decode("utf-8-sig")
    lines = content.splitlines()

    assert lines[0] == ("Municipality,Observations,"
                        "\"Per 10,000 inhabitants (population on 31 Dec 2022)\","
                        "Previous period (January 2024 – December 2024),Change,Change %")
    assert f"Hankasalmi,10,{_per_10000(10, _municipality('077')[0])},0,," in lines

    xlsx = client_as(coordinator).get(url.replace("csv", "xlsx"), YEAR_2025).content
    workbook = load_workbook(io.BytesIO(xlsx))
    sheet = workbook.worksheets[0]
    assert sheet.cell(row=1, column=3).value == "Per 10,000 inhabitants (population on 31 Dec 2022)"
    rates = {sheet.cell(row=number, column=1).value: sheet.cell(row=number, column=3) for number in (2, 3)}
    assert rates["Jyväskylä"].value == _per_10000(20, _municipality("179")[0])
    assert rates["Jyväskylä"].number_format == "0.0"
    about = {row[0].value: row[1].value for row in workbook.worksheets[1].iter_rows()}
    assert about["Population"].startswith("On 31 December 2022 (source: THL, Sotkanet")


def test_a_hidden_count_hides_its_rate_in_the_download(client_as, viewer, few):
    url = reverse("analysis:dashboard_download", args=["by-municipality", "csv"])
    rows = list(csv.reader(io.StringIO(client_as(viewer).get(url, YEAR_2025).content.decode("utf-8-sig"))))

    assert rows[0][2] == "Per 10,000 inhabitants (population on 31 Dec 2022)"
    assert [row[1:3] for row in rows[1:3]] == [["..", ".."], ["..", ".."]]
    assert rows[-1] == [LEGENDS["en"]]


def test_a_viewer_of_two_counties_compares_them_per_inhabitant(viewer, plenty):
    from rake.accounts import services as accounts

    accepted_observation(MemberFactory(username="r06", role=Role.REPORTER, county="06"),
                         MemberFactory(username="c06", role=Role.COORDINATOR, county="06"), municipality="609")
    organisation = accounts.organisation_get_or_create(name="Satakunnan hyvinvointialue (test)", county_code="06")
    accounts.membership_grant(user=viewer, organisation=organisation, role=Role.VIEWER)
    viewer = type(viewer).objects.get(pk=viewer.pk)
    table = dashboard_table(user=viewer, filters=_filters(), slug="by-county")

    assert table.suppressed
    assert {row.code: (row.count, row.rate, row.rate_display) for row in table.rows} == {
        "15": (30, _per_10000(30, _county("15")[0]), "1.1"), "06": (None, None, "..")}
