"""The dashboard's comparison of imported rake-exchange documents, for national users only."""

import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from rake.exchange.models import ImportedCountyYear
from rake.exchange.selectors import ImportedTotal
from rake.exchange.tests.conftest import YEAR

URL = reverse("analysis:dashboard")
TITLE = "Counties from imported reports"
pytestmark = pytest.mark.django_db


def page(user, **params):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    response = client.get(URL, {"since": f"{YEAR}-01", "until": f"{YEAR}-12", **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def imported(two_counties, api_as, national, tmp_path):
    path = tmp_path / "national.json"
    document = api_as(national).get(reverse("api:exports-national"), {"year": YEAR, "county": "15"}).json()
    path.write_text(json.dumps(document))
    other = api_as(national).get(reverse("api:exports-national"), {"year": YEAR, "county": "06"}).json()
    (tmp_path / "06.json").write_text(json.dumps(other))
    call_command("import_national", str(path), str(tmp_path / "06.json"), stdout=open("/dev/null", "w"))
    return document


def test_a_national_user_sees_the_imported_comparison(imported, national):
    html = page(national)
    assert TITLE in html
    section = html[html.index('id="table-imported-counties"'):]
    assert "Keski-Suomen hyvinvointialue" in section and "Satakunnan hyvinvointialue" in section
    county_15 = section[section.index("<td>15</td>"):].split("</tr>")[0]
    population = ImportedCountyYear.objects.get(county_code="15").population
    rate = f"{11 * 10_000 / population:.1f}"
    # County 15: homelessness 6, livelihood 5, three phenomena without observations; 11 in all, and per 10,000.
    assert re.findall(r'<td class="rake-number">([^<]*)</td>', county_15) == ["6", "5", "0", "0", "0", "11", rate]
    # County 06: its 7 homelessness and 1 substance-use observations are hidden cells; its total of 8 is
    # published (phenomena overlap, so it pins neither); the phenomena without observations are exact zeros.
    county_06 = section[section.index("<td>06</td>"):].split("</tr>")[0]
    rate_06 = f"{8 * 10_000 / ImportedCountyYear.objects.get(county_code='06').population:.1f}"
    assert re.findall(r'<td class="rake-number">([^<]*)</td>', county_06) == ["..", "0", "0", "..", "0", "8", rate_06]
    assert "population on 31 December 2022" in section
    assert '<p class="rake-hint rake-hidden-legend">.. = a small number, or hidden to protect one</p>' in section
    assert "have been imported for 2025" in section


def test_a_phenomenon_filter_adds_a_chart_without_bars_for_inexact_totals(imported, national):
    html = page(national, phenomenon="homelessness")
    section = html[html.index('id="table-imported-counties"'):]
    assert 'id="chart-imported-counties"' in section
    # County 06's homelessness total is hidden: no bar, and no number is made up for it.
    chart = section.split("<svg")[1].split("</svg>")[0]
    assert ">..</text>" in chart and ".. = a small number, or hidden to protect one" in section
    assert "Livelihood" not in section.split("</thead>")[0]


def test_county_roles_see_no_comparison(imported, coordinator):
    assert TITLE not in page(coordinator)


def test_without_imported_data_a_national_user_sees_no_comparison(national):
    assert TITLE not in page(national)


def test_totals_are_exact_at_least_or_hidden():
    from django.utils import translation

    with translation.override("en"):
        assert ImportedTotal("15", "homelessness", None, 12, 0, 5).display == "12"
        assert ImportedTotal("15", "homelessness", None, 12, 2, 5).display == "at least 12"
        assert ImportedTotal("15", "homelessness", None, 0, 3, 5).display == ".."
    assert ImportedTotal("15", "homelessness", None, 12, 2, 5).count is None
