"""The rake-exchange/1 export: valid against its schema, always suppressed, permitted to national users and
coordinators only, audited; the schema endpoint."""

import datetime
import json

import pytest
from django.urls import reverse

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.analysis.selectors import observation_counts
from rake.core.models import AuditEntry
from rake.exchange.export import GROUP_BY, national_export_document, taxonomy_version
from rake.exchange.schema import SCHEMA_PATH, schema_errors
from rake.exchange.tests.conftest import YEAR

URL = reverse("api:exports-national")
SCHEMA_URL = reverse("api:exports-national-schema")
pytestmark = pytest.mark.django_db


def cell(document, **match):
    found = [c for c in document["cells"] if all(c[key] == value for key, value in match.items())]
    assert len(found) == 1, found
    return found[0]


def test_the_export_of_a_coordinator_is_their_county_and_validates(two_counties, api_as, coordinator):
    response = api_as(coordinator).get(URL, {"year": YEAR})
    assert response.status_code == 200
    document = response.json()
    assert schema_errors(document) == []
    assert document["schema"] == "rake-exchange/1"
    assert document["producer"]["county"] == "15"
    assert document["counties"] == ["15"]
    assert {c["county"] for c in document["cells"]} == {"15"}
    assert document["period"] == {"year": YEAR, "granularity": "quarter"}
    assert document["taxonomy_version"] == taxonomy_version() == json.loads(
        (SCHEMA_PATH.parents[2] / "taxonomy" / "data" / "taxonomy.json").read_text())["version"]
    assert document["threshold"] == 5
    true_counts = observation_counts(group_by=GROUP_BY, period="quarter", county="15",
                                     since=datetime.date(YEAR, 1, 1), until=datetime.date(YEAR, 12, 1))
    cells = {(c["phenomenon"], c["period"], c["polarity"], c["observation_type"]): c for c in document["cells"]}
    assert set(cells) == set(true_counts)
    published = {key: c["count"] for key, c in cells.items() if not c["suppressed"]}
    # Nothing is small in county 15, so everything is published as it is.
    assert published == true_counts
    assert cells[("livelihood", "2025Q1", "positive", "good_practice")]["count"] == 5
    # The 2024 observation is not in the 2025 document.
    assert all(c["period"].startswith("2025") for c in document["cells"])


def test_the_export_is_suppressed_even_for_a_coordinator_with_raw_access(two_counties, api_as,
                                                                         other_coordinator):
    document = api_as(other_coordinator).get(URL, {"year": YEAR}).json()
    assert document["counties"] == ["06"]
    small = cell(document, phenomenon="substance_use")
    assert small["count"] is None and small["suppressed"] is True
    # No published count is small.
    assert all(c["count"] is None or c["count"] >= 5 for c in document["cells"])
    # A suppressed cell hides a real count (never an empty cell listed as hidden), and the small one is there.
    true_counts = observation_counts(group_by=GROUP_BY, period="quarter", county="06",
                                     since=datetime.date(YEAR, 1, 1), until=datetime.date(YEAR, 12, 1))
    hidden = [(c["phenomenon"], c["period"], c["polarity"], c["observation_type"])
              for c in document["cells"] if c["suppressed"]]
    assert hidden and all(true_counts.get(key, 0) > 0 for key in hidden)
    assert true_counts[(small["phenomenon"], small["period"], small["polarity"], small["observation_type"])] == 1


def test_a_national_user_gets_every_county_or_one(two_counties, api_as, national):
    client = api_as(national)
    document = client.get(URL, {"year": YEAR}).json()
    assert schema_errors(document) == []
    assert document["producer"]["county"] == "national"
    assert {"15", "06"} <= set(document["counties"]) and len(document["counties"]) > 2
    assert {c["county"] for c in document["cells"]} == {"15", "06"}
    assert cell(document, county="06", phenomenon="substance_use")["count"] is None
    one = client.get(URL, {"year": YEAR, "county": "06"}).json()
    assert one["counties"] == ["06"] and one["producer"]["county"] == "06"
    # A county's cells are the same in its own document and in the national one.
    assert [c for c in document["cells"] if c["county"] == "06"] == one["cells"]


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
    assert document["cells"] == [] and document["counties"] == ["15"]


def test_the_schema_is_served_to_anyone(api_as):
    response = api_as(None).get(SCHEMA_URL)
    assert response.status_code == 200
    schema = response.json()
    assert schema == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "rake-exchange/1" in schema["$id"]


def test_the_schema_rejects_what_it_should(two_counties):
    document = national_export_document(year=YEAR, counties=["15", "06"])
    assert schema_errors(document) == [] and len(document["cells"]) == 4
    broken = json.loads(json.dumps(document))
    broken["cells"][0].update(count=3, suppressed=True)
    broken["cells"][1]["count"] = -1
    broken["cells"][2]["phenomenon"] = "homelessness.hostels"
    broken["cells"][3]["period"] = "2025-04"
    broken["counties"] = ["015"]
    broken["extra"] = 1
    paths = {path for path, _message in schema_errors(broken)}
    assert {"$.cells[0].count", "$.cells[1].count", "$.cells[2].phenomenon", "$.cells[3].period",
            "$.counties[0]", "$"} <= paths
