"""The report as HTML, PDF, infographic and tables: structure, accessibility, language, metadata, and that a
small count never shows anywhere."""

import copy
import csv
import io
import re
from html import unescape
from html.parser import HTMLParser

import pypdf
import pytest
from django.utils import translation
from openpyxl import load_workbook

from rake.analysis.downloads import table_download
from rake.analysis.tests.helpers import LEGENDS, assert_no_bound_mark
from rake.publishing import rendering
from rake.publishing.tests.helpers import QUOTES, SECTIONS, make_content, report_data


@pytest.fixture
def data(reporter, coordinator):
    report_data(reporter, coordinator)


@pytest.fixture
def content(data):
    return make_content()


class Elements(HTMLParser):
    """Start tags with their attributes, in order, and the text inside the <h1>…<h3>s and <title>s."""

    def __init__(self):
        super().__init__()
        self.tags, self.headings, self._open = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3"):
            self._open = [tag, ""]

    def handle_data(self, data):
        if self._open:
            self._open[1] += data

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self.headings.append((tag, " ".join(self._open[1].split())))
            self._open = None


def parse(html):
    parser = Elements()
    parser.feed(html)
    return parser


def _rows(html, label):
    """The text of every table row whose header cell is `label`."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows if f">{label}<" in row]


def test_html_structure_and_accessibility(content):
    html = rendering.render_html(content)
    page = parse(html)
    assert ("html", {"lang": "en"}) in page.tags
    assert [tag for tag, _text in page.headings].count("h1") == 1
    assert page.headings[0] == ("h1", "Social report 2025")
    # Real hierarchy: no h3 before the first h2, never a skipped level.
    levels = [int(tag[1]) for tag, _text in page.headings]
    assert all(after - before <= 1 for before, after in zip(levels, levels[1:]))
    h2s = [text for tag, text in page.headings if tag == "h2"]
    for heading in ("Summary", "Method and coverage", "Figures", "Homelessness", "Good practices", "Proposals",
                    "Addressee", "Version history"):
        assert heading in h2s
    ths = [attrs for tag, attrs in page.tags if tag == "th"]
    assert ths and all(attrs.get("scope") in ("col", "row") for attrs in ths)
    assert html.count("<caption") == html.count("<table")
    svgs = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert svgs and all(attrs.get("role") == "img" and attrs.get("aria-labelledby") for attrs in svgs)
    assert html.count("<title id=\"chart-") == len(svgs)
    assert "<title>Social report 2025</title>" in html
    # The texts, the quote and the key figures.
    assert "Homelessness among young people grew." in html
    assert f"<blockquote class=\"report-quote\"><p>{QUOTES[0]['text']}</p></blockquote>" in html
    assert "counted observations" in html and ">22<" in html
    assert SECTIONS["addressee"] in html


def test_html_escapes_the_texts(data):
    content = make_content()
    content["sections"]["summary"] = "<script>alert(1)</script>"
    html = rendering.render_html(content)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_suppression_holds_in_the_html(content):
    html = rendering.render_html(content)
    rows = _rows(html, "Mental health")
    assert rows, "the mental health row is in the table"
    for row in rows:
        assert row.startswith("Mental health ..")
        assert not re.search(r"\b3\b", row)
    assert f'<p class="report-hint report-hidden-legend">{LEGENDS["en"]}</p>' in html
    assert_no_bound_mark(html)


def test_a_version_stored_with_the_old_mark_is_rendered_with_the_new_one(content):
    """Versions published before ".." stored "<5" as the display; rendering reads the counts."""
    old = copy.deepcopy(content)
    for table in old["figures"]["tables"]:
        for row in table["rows"]:
            if row["count"] is None:
                row["display"] = "<5"
            for cell in row.get("cells", {}).values():
                if cell["count"] is None:
                    cell["display"] = "<5"
            if row.get("previous", 0) is None:
                row["previous_display"] = "<5"
    old["figures"]["totals"].pop("negative_display", None)
    html = rendering.render_html(old)
    assert _rows(html, "Mental health")[0].startswith("Mental health ..")
    assert_no_bound_mark(html)
    assert_no_bound_mark(rendering.render_infographic_svg(old))
    for table in rendering.report_tables(old):
        assert_no_bound_mark(repr(table.download_rows()))


def test_rendering_does_not_change_the_content(content):
    before = repr(content)
    rendering.render_html(content)
    rendering.report_tables(content)
    assert repr(content) == before


def test_pdf_has_title_language_bookmarks_and_hides_small_counts(content):
    pdf = rendering.render_pdf(content)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.metadata["/Title"] == "Social report 2025"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    outline = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                outline.append(item.title)

    walk(reader.outline)
    for heading in ("Social report 2025", "Summary", "Method and coverage", "Figures", "Homelessness",
                    "Good practices", "Version history"):
        assert heading in outline
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert re.search(r"Mental health\s+\.\.", text)
    assert not re.search(r"Mental health\s+3\b", text)
    assert LEGENDS["en"] in " ".join(text.split())
    assert_no_bound_mark(text)
    assert len(reader.pages) >= 4
    assert re.search(r"\b2 / \d+", text), "page numbers in the footer"


def _structure(reader):
    """The PDF's structure elements in reading order, each a dict (type without the slash, its /Alt, /A
    attributes and /ID)."""
    elements = []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if "/S" in node:
            elements.append({"type": str(node["/S"])[1:], "alt": node.get("/Alt"),
                             "attributes": node.get("/A") or {}, "id": node.get("/ID")})
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if not isinstance(kid, int):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return elements


def test_pdf_is_tagged_for_accessibility(content):
    """PDF/UA-1: marked and tagged, language and title shown as the window's title, headings h1–h3 without
    skipping a level, tables with header cells the data cells point to, and every chart a figure with
    alternative text."""
    reader = pypdf.PdfReader(io.BytesIO(rendering.render_pdf(content)))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert reader.metadata["/Title"] == "Social report 2025"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()

    elements = _structure(reader)
    types = [element["type"] for element in elements]
    headings = [int(kind[1]) for kind in types if re.fullmatch(r"H[1-6]", kind)]
    assert headings[0] == 1 and headings.count(1) == 1
    assert {2, 3} <= set(headings)
    assert all(level <= previous + 1 for previous, level in zip(headings, headings[1:])), headings

    html_tables = rendering.render_html(content).count("<table")
    assert types.count("Table") == html_tables
    header_ids = {str(element["id"]) for element in elements if element["type"] == "TH"}
    cells = [element for element in elements if element["type"] == "TD"]
    assert header_ids and cells
    for cell in cells:
        headers = [str(header) for header in cell["attributes"]["/Headers"]]
        assert headers and set(headers) <= header_ids

    alts = [str(element["alt"] or "") for element in elements if element["type"] == "Figure"]
    assert alts and all(alt.strip() for alt in alts)
    # A chart's alternative text is its title and the sentence that sums it up.
    summary = unescape(re.search(r'id="summary-figure-1">([^<]+)</p>', rendering.render_html(content))[1])
    assert f"Observations by phenomenon: {summary}" in alts


def test_a_swedish_pdf_is_tagged_in_swedish(data):
    reader = pypdf.PdfReader(io.BytesIO(rendering.render_pdf(make_content(language="sv"))))
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    alts = [str(element["alt"]) for element in _structure(reader) if element["type"] == "Figure"]
    assert any(alt.startswith("Observationer per fenomen: ") for alt in alts)


def test_pdf_refuses_to_fetch_anything(content):
    fetcher = rendering.offline_fetcher()
    for url in ("https://example.com/font.woff", "http://example.com/a.css", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_changelog_shows_in_a_second_version(data):
    content = make_content(version=2, changelog="Corrected the figures of mental health.",
                           history=[{"version": 1, "published_at": "2026-01-15T09:00:00+02:00", "changelog": ""}])
    html = rendering.render_html(content)
    assert "Corrected the figures of mental health." in html
    versions = html.split('id="versions"', 1)[1]
    assert ">1<" in versions and ">2<" in versions and "First version." in versions


@pytest.mark.parametrize("published_at, shown", [
    ("2026-05-01T22:30:00+00:00", "2.5.2026"),  # after midnight in Helsinki (UTC+3 in summer)
    ("2026-05-01T20:30:00+00:00", "1.5.2026"),
    ("2026-05-01", "1.5.2026"),
])
def test_a_publication_date_is_the_local_date(published_at, shown):
    with translation.override("fi"):
        assert rendering._date(published_at) == shown


def test_a_swedish_report_is_in_swedish(data):
    content = make_content(language="sv")
    html = rendering.render_html(content)
    page = parse(html)
    assert ("html", {"lang": "sv"}) in page.tags
    assert "Bostadslöshet" in [text for tag, text in page.headings if tag == "h2"]
    assert "Keski-Suomen hyvinvointialue" not in html  # the county's Swedish name
    assert "Mellersta Finlands välfärdsområde" in html
    reader = pypdf.PdfReader(io.BytesIO(rendering.render_pdf(content)))
    assert reader.trailer["/Root"]["/Lang"] == "sv"


def test_infographic_svg_is_accessible_and_hides_small_counts(content):
    svg = rendering.render_infographic_svg(content)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="infographic-title">Social report 2025</title>' in svg
    assert "<desc id=\"infographic-desc\">" in svg
    assert "Source: Rake, Keski-Suomen hyvinvointialue, published" in svg
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    index = texts.index("Mental health")
    assert texts[index + 1] == ".."
    assert texts[-1] == LEGENDS["en"]  # at the foot
    assert LEGENDS["en"] in svg.split('<desc id="infographic-desc">')[1].split("</desc>")[0]
    assert_no_bound_mark(svg)


def test_infographic_png(content):
    png = rendering.render_infographic_png(content, scale=0.25)
    assert png.startswith(b"\x89PNG")
    from PIL import Image

    assert Image.open(io.BytesIO(png)).size == (270, 338)


def test_report_tables_download_with_suppression(content):
    tables = rendering.report_tables(content)
    assert [table.slug for table in tables][:2] == ["by-phenomenon", "by-polarity"]
    with translation.override("en"):  # as the public view does, in the report's language
        data, content_type = table_download(tables[0], "csv")
        xlsx, _content_type = table_download(tables[0], "xlsx")
    assert content_type.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    # Labels, not codes: the downloads are read by people (the codes are in the API and the exchange).
    assert rows[0][:6] == ["Phenomenon", "Observations", "Per 10,000 inhabitants (population on 31 Dec 2022)",
                           "Negative", "Positive", "Mixed"]
    assert not any(row and row[0] in ("mental_health", "homelessness") for row in rows)
    mental = next(row for row in rows if row[0] == "Mental health")
    assert mental[1] == ".." and mental[2] == ".." and mental[3] == ".." and "3" not in mental[1:6]
    assert rows[-2:] == [[], [LEGENDS["en"]]]
    workbook = load_workbook(io.BytesIO(xlsx))
    sheet = workbook.worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    mental = next(row for row in values if row[0] == "Mental health")
    assert mental[1] == ".." and mental[2] == ".." and 3 not in mental[1:6]
    assert values[-1][0] == LEGENDS["en"]
    homelessness = next(row for row in values if row[0] == "Homelessness")
    assert homelessness[6] == 8  # the previous period, a number


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_quarter_report_says_its_breakdowns_are_published_by_year_only(data, language):
    content = make_content(period="2025Q2", language=language)
    html = rendering.render_html(content)
    with translation.override(language):
        note = str(rendering._("Observations by polarity, client group, support need and sub-theme are published "
                               "for whole calendar years only, so this report for a shorter period shows the "
                               "totals, the phenomena and their course over time."))
        negative = str(rendering._("negative observations"))
    assert note in html and note.split()[0] not in ("Observations", "")
    assert negative not in html  # no key figure from a table the quarter does not have
    assert_no_bound_mark(html)
