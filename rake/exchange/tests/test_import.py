"""manage.py import_national: rake-exchange/2 documents exported by two counties' coordinators reproduce the
numbers their counties publish; re-import is idempotent; invalid documents are refused with the file and the
failing path; hidden cells stay unknown; rake-exchange/1 documents still import."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from rake.analysis.release import protected_stats
from rake.analysis.selectors import observation_stats
from rake.core.models import AuditEntry
from rake.exchange.export import document_cells
from rake.exchange.models import ImportedCell, ImportedCountyYear, ImportedTableCell
from rake.exchange.selectors import imported_county_totals, imported_totals, imported_years
from rake.exchange.tests.conftest import YEAR

URL = reverse("api:exports-national")
VERSION_1 = Path(__file__).parent / "data" / "rake-exchange-1-15-2025.json"
pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(two_counties, api_as, coordinator, other_coordinator, tmp_path):
    """{county: path} of the 2025 documents exported by the coordinators of 15 and 06."""
    paths = {}
    for user in (coordinator, other_coordinator):
        response = api_as(user).get(URL, {"year": YEAR})
        assert response.status_code == 200
        county = response.json()["producer"]["county"]
        paths[county] = tmp_path / f"{county}.json"
        paths[county].write_bytes(response.content)
    return paths


def run(*args):
    out, err = [], []

    class Sink:
        def __init__(self, into):
            self.into = into

        def write(self, text):
            self.into.append(text)

        def flush(self):
            pass

    try:
        call_command("import_national", *map(str, args), stdout=Sink(out), stderr=Sink(err))
    except CommandError as error:
        return "".join(out), "".join(err), error
    return "".join(out), "".join(err), None


def source_totals(*, suppressed):
    """The source's totals by county × phenomenon of 2025: as the county publishes them (its protected release)
    or true."""
    totals = {}
    for county in ("15", "06"):
        window = {"since": datetime.date(YEAR, 1, 1), "until": datetime.date(YEAR, 12, 1)}
        if suppressed:
            result = protected_stats(counties={county}, group_by=["phenomenon"], **window)
        else:
            result = observation_stats(group_by=["phenomenon"], county=county, **window)
        totals.update({(county, row["phenomenon"]): row["count"] for row in result["rows"]})
    return totals


def table(document, table_id):
    return next(t for t in document["tables"] if t["id"] == table_id)


def test_importing_two_counties_reproduces_their_published_numbers(documents):
    out, err, error = run(documents["15"], documents["06"])
    assert error is None, err
    cells_15 = document_cells(json.loads(documents["15"].read_text()))
    assert f"imported {cells_15} cells of 2025 for counties 15" in out
    assert imported_years() == [YEAR]
    totals = {(t.county, t.phenomenon): t for t in imported_totals(year=YEAR)}
    published, true = source_totals(suppressed=True), source_totals(suppressed=False)
    assert set(totals) == set(published) == set(true)
    # Each imported total is the one the county publishes: exact, or hidden (never guessed).
    assert {key: t.count for key, t in totals.items()} == published
    assert {key: t.count for key, t in totals.items() if key[0] == "15"} == {
        ("15", "homelessness"): 6, ("15", "livelihood"): 5}
    assert any(t.hidden for t in totals.values())
    # The county totals and the population they were compared with come from the documents.
    county_totals = imported_county_totals(year=YEAR)
    assert county_totals["15"][0].count == 11 and county_totals["15"][1] > 0


def test_the_import_command_is_audited_under_its_own_name(documents):
    run(documents["15"])
    entry = AuditEntry.objects.get(action="exchange.import")
    assert entry.actor_username == "manage.py import_national"
    assert entry.actor_id is None


def test_hidden_cells_stay_unknown(documents):
    run(documents["06"])
    document = json.loads(documents["06"].read_text())
    hidden = [c for t in document["tables"] for c in t["cells"] if c["count"] is None]
    assert hidden, "county 06 has a small count"
    assert ImportedTableCell.objects.filter(county_code="06", count__isnull=True).count() == len(hidden)
    substance_use = next(t for t in imported_totals(year=YEAR) if t.phenomenon == "substance_use")
    assert substance_use.hidden and substance_use.count is None
    with translation.override("en"):
        assert substance_use.display == ".."


def test_reimport_is_idempotent(documents):
    run(documents["15"], documents["06"])
    before = sorted(ImportedTableCell.objects.values_list("county_code", "table", "period", "value", "count"))
    out, err, error = run(documents["15"], documents["06"])
    assert error is None, err
    assert "unchanged: 15" in out
    after = sorted(ImportedTableCell.objects.values_list("county_code", "table", "period", "value", "count"))
    assert after == before
    assert ImportedCountyYear.objects.filter(year=YEAR).count() == 2


def test_a_new_document_replaces_the_county_year(documents, tmp_path):
    run(documents["15"])
    document = json.loads(documents["15"].read_text())
    phenomena = table(document, "phenomenon")
    phenomena["cells"] = [c for c in phenomena["cells"] if c["phenomenon"] == "homelessness"]
    path = tmp_path / "15-corrected.json"
    path.write_text(json.dumps(document))
    assert run(path)[2] is None
    assert set(ImportedTableCell.objects.filter(county_code="15", table="phenomenon").values_list(
        "value", flat=True)) == {"homelessness"}
    assert ImportedCountyYear.objects.get(county_code="15", year=YEAR).source_name == "15-corrected.json"


def test_an_invalid_document_is_refused_with_the_file_and_the_path(documents, tmp_path):
    document = json.loads(documents["15"].read_text())
    document["tables"][1]["cells"][1]["count"] = -3
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    out, err, error = run(bad, documents["06"])
    assert error is not None and "bad.json" in str(error)
    assert "bad.json: refused" in err
    assert "  $.tables[1].cells[1].count: -3 is less than the minimum of 0" in err
    # The bad file changed nothing; the good one was imported.
    assert not ImportedCountyYear.objects.filter(county_code="15").exists()
    assert ImportedCountyYear.objects.filter(county_code="06").exists()


@pytest.mark.parametrize("change, path", [
    (lambda d: d.update(schema="rake-exchange/3"), "$.schema"),
    (lambda d: d.pop("threshold"), "$"),
    (lambda d: d["tables"][1]["cells"][0].update(county="06"), "$.tables[1].cells[0].county"),
    (lambda d: d["tables"][1]["cells"][0].update(period="2024"), "$.tables[1].cells[0].period"),
    (lambda d: d["tables"][1]["cells"].append(dict(d["tables"][1]["cells"][0])), "$.tables[1].cells[2]"),
    (lambda d: d["tables"][1]["cells"][0].pop("phenomenon"), "$.tables[1].cells[0]"),
    (lambda d: d["tables"][1].update(dimensions=["county", "period", "polarity"]), "$.tables[1].dimensions"),
    (lambda d: d.update(counties=["15", "98"]), "$.counties[1]"),
    (lambda d: d.update(generated_at="2025-13-45T10:00:00Z"), "$.generated_at"),
])
def test_what_is_wrong_is_named(documents, tmp_path, change, path):
    document = json.loads(documents["15"].read_text())
    change(document)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    _out, err, error = run(bad)
    assert error is not None
    assert f"  {path}:" in err
    assert not ImportedTableCell.objects.exists()


def test_a_file_that_is_not_json_is_refused(tmp_path, db):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    _out, err, error = run(bad, tmp_path / "missing.json")
    assert error is not None
    assert "notes.txt: not JSON" in err
    assert "missing.json: cannot read the file" in err


def test_another_taxonomy_version_warns_or_is_refused_when_strict(documents, tmp_path):
    document = json.loads(documents["15"].read_text())
    document["taxonomy_version"] = "1999.1"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(document))
    _out, err, error = run("--strict-taxonomy", other)
    assert error is not None and "$.taxonomy_version" in err
    assert not ImportedTableCell.objects.exists()
    out, err, error = run(other)
    assert error is None
    assert "warning" in err and "1999.1" in err
    assert ImportedCountyYear.objects.get(county_code="15").taxonomy_version == "1999.1"


def test_a_national_document_imports_every_county_it_covers(two_counties, api_as, national, tmp_path):
    path = tmp_path / "national.json"
    path.write_bytes(api_as(national).get(URL, {"year": YEAR}).content)
    assert run(path)[2] is None
    document = json.loads(path.read_text())
    assert ImportedCountyYear.objects.filter(year=YEAR).count() == len(document["counties"])
    assert ImportedTableCell.objects.count() == document_cells(document)


def test_export_national_writes_a_document_that_imports(two_counties, tmp_path):
    path = tmp_path / "15.json"
    call_command("export_national", "--year", str(YEAR), "--county", "15", "--output", str(path))
    document = json.loads(path.read_text())
    assert document["counties"] == ["15"] and document["producer"]["county"] == "15"
    assert run(path)[2] is None
    assert {(t.phenomenon, t.count) for t in imported_totals(year=YEAR)} == {("homelessness", 6), ("livelihood", 5)}


def test_a_version_1_document_still_imports_with_its_totals_exact_at_least_or_hidden(tmp_path, db):
    out, err, error = run(VERSION_1)
    assert error is None, err
    assert "imported 3 cells of 2025 for counties 15" in out
    source = ImportedCountyYear.objects.get(county_code="15", year=2025)
    assert source.schema == "rake-exchange/1" and source.population is None
    assert ImportedCell.objects.count() == 3 and not ImportedTableCell.objects.exists()
    totals = {t.phenomenon: t for t in imported_totals(year=2025)}
    assert totals["livelihood"].count == 5
    homelessness = totals["homelessness"]
    assert homelessness.count is None and homelessness.known == 6 and not homelessness.hidden
    with translation.override("en"):
        assert homelessness.display == "at least 6"
    assert imported_county_totals(year=2025) == {}  # version 1 carries no total and no population
