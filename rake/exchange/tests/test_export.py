"""The rake-exchange/2 export: valid against its schema, cut from the protected release (the same cells the
API shows a national user), linked tables of DESIGN §4.5 with the population, permitted to national users and
coordinators only, audited; the schema endpoint."""

import datetime
import json

import pytest
from django.urls import reverse

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.analysis.release import protected_stats
from rake.areas.selectors import county_population
from rake.core.models import AuditEntry
from rake.exchange.export import TABLES, national_export_document, taxonomy_version
from rake.exchange.schema import exchange_schema, schema_errors
from rake.exchange.tests.conftest import YEAR

URL = reverse("api:exports-national")
SCHEMA_URL = reverse("api:exports-national-schema")
pytestmark = pytest.mark.django_db


def table(document, table_id):
    return next(t for t in document["tables"] if t["id"] == table_id)


def cell(document, table_id, **match):
    found = [c for c in table(document, table_id)["cells"] if all(c[key] == value for key, value in match.items())]
    assert len(found) == 1, found
    return found[0]


def test_the_export_of_a_coordinator_is_their_county_and_validates(two_counties, api_as, coordinator):
    response = api_as(coordinator).get(URL, {"year": YEAR})
    assert response.status_code == 200
    document = response.json()
    assert schema_errors(document) == []
    assert document["schema"] == "rake-exchange/2"
    assert document["producer"]["county"] == "15"
    assert document["counties"] == ["15"] and document["year"] == YEAR
    assert document["taxonomy_version"] == taxonomy_version() != ""
    assert document["threshold"] == 5
    assert [t["id"] for t in document["tables"]] == [table_id for table_id, _dimension, _grain in TABLES]
    assert table(document, "phenomenon")["dimensions"] == ["county", "period", "phenomenon"]
    assert table(document, "total")["dimensions"] == ["county", "period"]
    population, population_year = county_population("15", YEAR)
    assert document["population"] == {"source": "THL Sotkanet / Statistics Finland, CC BY 4.0",
                                      "year": population_year, "counties": {"15": population}}
    # Nothing is small in county 15: the year's tables are published as they are.
    assert cell(document, "total", county="15")["count"] == 11
    assert cell(document, "phenomenon", phenomenon="homelessness")["count"] == 6
    assert cell(document, "observation_type", observation_type="good_practice")["count"] == 5
    assert cell(document, "half_phenomenon", phenomenon="livelihood")["period"] == "2025H1"
    # The 2024 observation is not in the 2025 document.
    assert all(c["period"].startswith("2025") for t in document["tables"] for c in t["cells"])


@pytest.mark.parametrize("table_id, group_by, period", [
    ("total", [], "year"), ("phenomenon", ["phenomenon"], "year"), ("polarity", ["polarity"], "year"),
    ("client_group", ["client_group"], "year"), ("half_phenomenon", ["phenomenon"], "half")])
def test_every_cell_is_the_one_the_api_shows_a_national_user(two_counties, table_id, group_by, period):
    document = national_export_document(year=YEAR, counties=["15", "06"])
    cells = {}
    for c in table(document, table_id)["cells"]:
        keys = tuple(str(c[name]) for name in ["county", "period", *group_by])
        cells[keys] = c["count"]
    answer = protected_stats(counties={"15", "06"}, group_by=["county", "period", *group_by], period=period,
                             since=datetime.date(YEAR, 1, 1), until=datetime.date(YEAR, 12, 1))
    expected = {tuple(str(row[name] or "not_given") for name in ["county", "period", *group_by]): row["count"]
                for row in answer["rows"]}
    assert cells == expected


def test_the_export_is_protected_even_for_a_coordinator_with_raw_access(two_counties, api_as, other_coordinator):
    document = api_as(other_coordinator).get(URL, {"year": YEAR}).json()
    assert document["counties"] == ["06"]
    assert cell(document, "phenomenon", phenomenon="substance_use")["count"] is None
    # No published count is small, and a hidden cell is never an empty one.
    for t in document["tables"]:
        assert all(c["count"] is None or c["count"] >= 5 for c in t["cells"])


def test_a_national_user_gets_every_county_or_one(two_counties, api_as, national):
    client = api_as(national)
    document = client.get(URL, {"year": YEAR}).json()
    assert schema_errors(document) == []
    assert document["producer"]["county"] == "national"
    assert {"15", "06"} <= set(document["counties"]) and len(document["counties"]) > 2
    assert {c["county"] for c in table(document, "phenomenon")["cells"]} == {"15", "06"}
    one = client.get(URL, {"year": YEAR, "county": "06"}).json()
    assert one["counties"] == ["06"] and one["producer"]["county"] == "06"
    # A county's cells are the same in its own document and in the national one.
    for t, own in zip(document["tables"], one["tables"]):
        assert [c for c in t["cells"] if c["county"] == "06"] == own["cells"]


@pytest.mark.parametrize("role", [Role.REPORTER, Role.ANALYST, Role.VIEWER, Role.ADMIN])
def test_other_roles_are_refused_and_the_refusal_is_audited(api_as, role):
    user = MemberFactory(username=f"user-{role}", role=role, county="15")
    response = api_as(user).get(URL, {"year": YEAR})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="exchange.export", outcome="denied", actor_username=user.username).exists()


def test_a_coordinator_cannot_export_another_county(api_as, coordinator):
    assert api_as(coordinator).get(URL, {"year": YEAR, "county": "06"}).status_code == 403


def test_anonymous_is_refused(api_as):
    assert api_as(None).get(URL, {"year": YEAR}).status_code in (401, 403)


def test_the_export_is_audited_without_content(two_counties, api_as, coordinator):
    api_as(coordinator).get(URL, {"year": YEAR})
    entry = AuditEntry.objects.get(action="exchange.export", outcome="success")
    assert entry.actor_username == "coordinator"
    assert entry.object_id == str(YEAR)
    assert entry.detail["counties"] == ["15"]


@pytest.mark.parametrize("params", [{}, {"year": "25"}, {"year": "abcd"}, {"year": "1999"},
                                    {"year": "2025", "county": "x"}])
def test_bad_parameters_are_400(api_as, national, params):
    response = api_as(national, language="en").get(URL, params)
    assert response.status_code == 400
    assert set(response.json()) <= {"year", "county"}


def test_an_unknown_county_is_400(api_as, national):
    assert api_as(national).get(URL, {"year": YEAR, "county": "99"}).status_code == 400


def test_an_empty_year_is_a_valid_document_without_cells(db):
    document = national_export_document(year=2019, counties=["15"])
    assert schema_errors(document) == []
    assert all(t["cells"] == [] for t in document["tables"]) and document["counties"] == ["15"]


def test_the_schema_is_served_to_anyone(api_as):
    response = api_as(None).get(SCHEMA_URL)
    assert response.status_code == 200
    schema = response.json()
    assert schema == exchange_schema("rake-exchange/2")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "rake-exchange/2" in schema["$id"]


def test_the_schema_rejects_what_it_should(two_counties):
    document = national_export_document(year=YEAR, counties=["15", "06"])
    assert schema_errors(document) == []
    broken = json.loads(json.dumps(document))
    phenomena = table(broken, "phenomenon")["cells"]
    phenomena[0]["count"] = -1
    phenomena[1]["phenomenon"] = "homelessness.hostels"
    table(broken, "total")["cells"][0]["period"] = "2025Q2"
    broken["counties"] = ["015"]
    broken["extra"] = 1
    paths = {path for path, _message in schema_errors(broken)}
    index = [t["id"] for t in broken["tables"]].index("phenomenon")
    total = [t["id"] for t in broken["tables"]].index("total")
    assert {f"$.tables[{index}].cells[0].count", f"$.tables[{index}].cells[1].phenomenon",
            f"$.tables[{total}].cells[0].period", "$.counties[0]", "$"} <= paths
