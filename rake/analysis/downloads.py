"""CSV and XLSX downloads of the dashboard's tables (DESIGN §4.4).

The rows and the hidden mark ("..") are the page's. A change that cannot be computed is an empty cell.
A file with a hidden cell carries the mark's legend under the table, after one empty row, in the first
column (".. = pieni luku tai sen suojaamiseksi piilotettu"), in CSV and on XLSX's first sheet alike: the
empty row keeps the table a block of its own for a spreadsheet's filters and selections, and whoever opens
either file reads the legend beside the marks. The XLSX's "About" sheet says the same. Formula injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return
before one) as a formula, and a label comes from reference data that admins edit; in CSV such text gets a
leading single quote, in XLSX every text is written as a plain string cell, never as a formula. Numbers
stay numbers in XLSX.

The area tables carry the page's rate per 10,000 inhabitants after the count: a number (with a decimal
point in CSV), ".." where the count is hidden, empty where the population is unknown; the heading names the
population year and the XLSX's "About" sheet its source.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.styles import Alignment

from rake.privacy import marks

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_rows(table):
    """The header and the data rows of a table, then the legend when a cell is hidden (see above) and the
    table's note when it fell back to a coarser grain."""
    rows = _data_rows(table)
    notes = [marks.legend()] if any(cell == marks.HIDDEN for cells in rows[1:] for cell in cells) else []
    if getattr(table, "note", ""):
        notes.append(table.note)  # the table fell back to a coarser grain
    return rows + [[], *([note] for note in notes)] if notes else rows


def _data_rows(table):
    """The header and the data rows of a dashboard table: numbers as ints, hidden as "..", a change that
    cannot be computed as "". A table of another shape (a report's) gives its own rows through
    download_rows()."""
    if hasattr(table, "download_rows"):
        return table.download_rows()
    rows = [table.headings()]
    for row in table.rows:
        cells = [row.label, row.count_display]
        if table.has_rate_column:
            cells.append(_rate_cell(row))
        cells += [
            row.previous_display,
            "" if row.change is None else row.change,
            "" if row.change_percent is None else row.change_percent,
        ]
        rows.append(cells)
    return rows


def _rate_cell(row):
    """The rate as a number; hidden with its count (".."), empty where the population is unknown."""
    if row.count is None:
        return marks.HIDDEN
    return "" if row.rate is None else row.rate


def neutralise(value):
    """Text a spreadsheet could read as a formula, prefixed with a single quote; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_csv(table):
    """UTF-8 with a byte order mark, so that Excel reads the Finnish and Swedish letters right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for cells in table_rows(table):
        writer.writerow([neutralise(cell if isinstance(cell, int) else str(cell)) for cell in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _write(cell, value):
    """A number as a number; text always as a string cell (openpyxl would store "=…" as a formula). The
    hidden mark is aligned right, like the numbers of its column."""
    if not isinstance(value, (int, float)):
        value = str(value)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = TYPE_STRING
        if value == marks.HIDDEN:
            cell.alignment = Alignment(horizontal="right")
    else:
        cell.value = value
        if isinstance(value, float):  # a rate: always its one decimal, 2.0 too
            cell.number_format = "0.0"


def table_xlsx(table):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Table")[:31]
    for row_number, cells in enumerate(table_rows(table), start=1):
        for column_number, value in enumerate(cells, start=1):
            _write(sheet.cell(row=row_number, column=column_number), value)
    about = workbook.create_sheet(_("About")[:31])
    filters = table.filters
    notes = [
        (_("Table"), str(table.title)),
        (_("Months"), filters.range_text()),
        (_("Previous period"), filters.previous().range_text()),
        (_("Period"), filters.period_label()),
        (_("County"), filters.county_label()),
        (_("Phenomenon"), filters.phenomenon_label()),
    ]
    if getattr(table, "has_rate_column", False):
        notes.append((_("Population"), _("On 31 December %(year)s (source: THL, Sotkanet / Statistics Finland, "
                                         "CC BY 4.0)") % {"year": table.population_year}))
    if table.suppressed:
        notes.append((_("Suppression"), _("Counts smaller than %(threshold)s are hidden, and so are some larger "
                                          "counts from which a small one could be worked out. Both are shown as "
                                          "“..”: %(legend)s.")
                       % {"threshold": table.threshold, "legend": marks.MEANING}))
    for row_number, (name, value) in enumerate(notes, start=1):
        for column_number, text in enumerate((str(name), str(value)), start=1):
            _write(about.cell(row=row_number, column=column_number), text)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_download(table, fmt):
    """(content, content type) of the table in the format ("csv" or "xlsx")."""
    content = table_csv(table) if fmt == "csv" else table_xlsx(table)
    return content, CONTENT_TYPES[fmt]
