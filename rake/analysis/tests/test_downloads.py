"""CSV and XLSX of a dashboard table: BOM and header, the hidden mark and its legend, numbers, formula
injection."""

import csv
import datetime
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from rake.analysis.dashboard import TABLES_BY_SLUG, DashboardFilters, Row, Table
from rake.analysis.downloads import neutralise, table_csv, table_rows, table_xlsx

MALICIOUS = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", '=HYPERLINK("http://example.com","x")']


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _table(rows, slug="by-client-group", suppressed=False):
    filters = DashboardFilters(since=datetime.date(2025, 1, 1), until=datetime.date(2025, 12, 1))
    return Table(spec=TABLES_BY_SLUG[slug], filters=filters, rows=rows, threshold=5, suppressed=suppressed)


def _rows():
    return [Row("children", "Children", 12, 10, 5), Row("elderly", "Older people", None, 7, 5),
            Row("young", "Young people", 6, None, 5), Row("new", "New group", 8, 0, 5)]


@pytest.mark.parametrize("text", MALICIOUS)
def test_neutralise_prefixes_formula_starts(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Lapset", "1 000", "..", ".. = a small number, or hidden to protect one", "",
                                   12, -3, None])
def test_neutralise_leaves_other_values(value):
    assert neutralise(value) == value


def test_table_rows_have_a_header_and_the_page_display():
    rows = table_rows(_table(_rows()))
    assert rows[0] == ["Client group", "Observations", "Previous period (January 2024 – December 2024)", "Change",
                       "Change %"]
    assert rows[1:] == [["Children", 12, 10, 2, 20], ["Older people", "..", 7, "", ""],
                        ["Young people", 6, "..", "", ""], ["New group", 8, 0, "", ""],
                        [], [".. = a small number, or hidden to protect one"]]


def test_a_table_without_hidden_cells_has_no_legend():
    rows = table_rows(_table([Row("children", "Children", 12, 10, 5)], suppressed=True))
    assert rows[1:] == [["Children", 12, 10, 2, 20]]


def test_csv_is_utf8_with_bom_and_neutralised():
    rows = [Row(code, label, 3, 1, 5) for code, label in zip("abcdefg", MALICIOUS)]
    rows.append(Row("ä", "Äitiys ja lapset", 6, 3, 5))
    content = table_csv(_table(rows))
    assert content.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row[0] for row in parsed[1:-1]] == ["'" + text for text in MALICIOUS]
    assert parsed[-1] == ["Äitiys ja lapset", "6", "3", "3", "100"]
    # A negative change is a number, not text: it keeps its sign unquoted.
    parsed = list(csv.reader(io.StringIO(table_csv(_table([Row("x", "x", 2, 4, 5)])).decode("utf-8-sig"))))
    assert parsed[1][-2:] == ["-2", "-50"]


def test_xlsx_writes_text_as_strings_and_numbers_as_numbers():
    rows = [Row(code, label, 3, 1, 5) for code, label in zip("abcdefg", MALICIOUS)]
    rows.append(Row("z", "Plain", None, 4, 5))
    workbook = load_workbook(io.BytesIO(table_xlsx(_table(rows, suppressed=True))))
    sheet = workbook.worksheets[0]
    for index, text in enumerate(MALICIOUS, start=2):
        cell = sheet.cell(row=index, column=1)
        assert cell.data_type == "s", text
        assert cell.value == text.replace("\r", "\n")  # XML reads a carriage return back as a line feed
        assert isinstance(sheet.cell(row=index, column=2).value, int)
    last = [cell.value for cell in sheet[len(MALICIOUS) + 2]]
    assert last == ["Plain", "..", 4, None, None]
    assert sheet.cell(row=len(MALICIOUS) + 2, column=2).alignment.horizontal == "right"
    assert sheet.max_row == len(MALICIOUS) + 4  # an empty row, then the legend
    assert sheet.cell(row=sheet.max_row, column=1).value == ".. = a small number, or hidden to protect one"
    about = {row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True)}
    assert about["Months"] == "January 2025 – December 2025"
    assert about["Suppression"] == ("Counts smaller than 5 are hidden, and so are some larger counts from which a "
                                    "small one could be worked out. Both are shown as “..”: a small number, or "
                                    "hidden to protect one.")


@pytest.mark.django_db
def test_xlsx_about_sheet_names_the_period_county_and_phenomenon_in_words():
    filters = DashboardFilters(since=datetime.date(2025, 1, 1), until=datetime.date(2025, 12, 1), period="quarter",
                               county="15", phenomenon="homelessness")
    table = Table(spec=TABLES_BY_SLUG["by-client-group"], filters=filters, rows=_rows(), threshold=5, suppressed=False)
    workbook = load_workbook(io.BytesIO(table_xlsx(table)))
    about = {row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True)}
    assert (about["Period"], about["County"], about["Phenomenon"]) == (
        "Quarter", "Keski-Suomen hyvinvointialue", "Homelessness")


def test_xlsx_never_stores_a_formula():
    rows = [Row("=cmd", "=1+2", 3, 1, 5)]
    workbook = load_workbook(io.BytesIO(table_xlsx(_table(rows))))
    for row in workbook.worksheets[0].iter_rows():
        for cell in row:
            assert cell.data_type != "f"
