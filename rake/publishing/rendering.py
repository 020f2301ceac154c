"""A report as HTML, PDF, infographic and tables, all from the content dict of rake.publishing.content.

Contract:
- render_html(content) -> str: the whole report page (one template, also the PDF's source). The report's
  CSS (rake/static/rake/report.css) is written into the page, so a stored version looks the same later.
- render_pdf(content) -> bytes: WeasyPrint from the same HTML, with title, language and bookmarks.
- render_infographic_svg(content) -> str and render_infographic_png(content) -> bytes: one page.
- report_tables(content) -> list of tables for CSV/XLSX (rake.analysis.downloads.table_download takes each).

Everything renders in the report's own language (content["meta"]["language"]), whatever the request's is.
Nothing reads the database: the content is the snapshot. No network: WeasyPrint gets a URL fetcher that
allows data: URLs only.
"""

import datetime
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rake.analysis import charts
from rake.analysis.dashboard import TABLES_BY_SLUG, DashboardFilters, Row, summarise_rows
from rake.privacy import marks

from .periods import Period

REPORT_CSS = "rake/report.css"
PDF_VARIANT = "pdf/ua-1"
TABLE_TITLES = {
    "by-phenomenon": gettext_lazy("Observations by phenomenon"),
    "by-polarity": gettext_lazy("Negative and positive observations"),
    "over-time": gettext_lazy("Observations over time"),
    "by-client-group": gettext_lazy("Observations by client group"),
    "by-support-need": gettext_lazy("Observations by support need (Social Welfare Act § 11)"),
    "by-sub-theme": gettext_lazy("Observations by sub-theme"),
}
COLUMNS = {
    "phenomenon": gettext_lazy("Phenomenon"),
    "polarity": gettext_lazy("Negative or positive"),
    "period": gettext_lazy("Period"),
    "client_group": gettext_lazy("Client group"),
    "support_need": gettext_lazy("Support need"),
    "sub_theme": gettext_lazy("Sub-theme"),
}


# --- helpers --------------------------------------------------------------------------------------------

def _date(value):
    """An ISO date or datetime as a date in the active language's short format ("" for nothing). A stored
    datetime is UTC: it is shown as the local (Helsinki) date."""
    if not value:
        return ""
    parsed = datetime.datetime.fromisoformat(value) if "T" in value else datetime.date.fromisoformat(value)
    if isinstance(parsed, datetime.datetime):
        parsed = timezone.localdate(parsed) if timezone.is_aware(parsed) else parsed.date()
    return formats.date_format(parsed, "SHORT_DATE_FORMAT")


def _n(value):
    """A count as the reader's language writes it ("20 000" in Finnish); text unchanged."""
    if isinstance(value, int) and not isinstance(value, bool):
        return formats.number_format(value, force_grouping=True)
    return value


def _shown(count):
    """A stored count as the reader sees it: the number, or ".." when hidden (None). Read from the count, not
    a stored display text, so that versions stored with the earlier mark "<5" are shown the same way."""
    return _n(marks.shown(count))


def _css():
    path = finders.find(REPORT_CSS) or str(Path(settings.BASE_DIR) / "rake" / "static" / REPORT_CSS)
    return Path(path).read_text(encoding="utf-8")


def _table(content, slug):
    return next((table for table in content["figures"]["tables"] if table["slug"] == slug), None)


def _compared(row, threshold):
    """A stored row as the dashboard's Row, for its change and its summary sentence."""
    return Row(row["code"], row["label"], row["count"], row.get("previous"), threshold)


def _summary(table, threshold):
    """One sentence about the table from its published numbers only: the dashboard's summary."""
    return summarise_rows([_compared(row, threshold) for row in table["rows"]], threshold=threshold,
                          leader=TABLES_BY_SLUG[table["slug"]].leader,
                          empty=_("There are no counted observations for this period."))


def _chart(table, chart_id, title, summary_id):
    items = [charts.ChartItem(row["label"], row["count"]) for row in table["rows"]]
    draw = charts.column_chart if table["chart"] == "column" else charts.bar_chart
    return draw(items, chart_id=chart_id, title=str(title), summary_id=summary_id)


@dataclass
class Figure:
    """A table of the report ready for the template: title, sentence, chart and rows."""

    id: str
    title: str
    column: str
    summary: str
    chart: str
    table: dict
    polarities: list
    range_text: str
    previous_text: str
    threshold: int

    @property
    def rows(self):
        return self.table["rows"]

    @property
    def split(self):
        return self.table["split"]

    @property
    def previous(self):
        return self.table["previous"]

    @property
    def rates(self):
        """Whether the table has a column of observations per 10,000 inhabitants."""
        return bool(self.table.get("rates"))

    @property
    def note(self):
        """Why the table is coarser than asked (a longer period, small sub-themes counted together), or ""."""
        if self.table["slug"] == "by-sub-theme" and not any(row.get("merged") for row in self.rows):
            return ""  # a phenomenon's own rows: the note is for those that were merged
        return self.table.get("note", "")

    @property
    def has_hidden(self):
        """Whether a count of the table is hidden: a row's, a polarity cell's or a previous period's."""
        return any(row["count"] is None
                   or (self.split and any(cell["count"] is None for cell in row["cells"].values()))
                   or (self.previous and row.get("previous", 0) is None)
                   for row in self.rows)


def _figure(table, *, content, figure_id, title=None, rows=None):
    threshold = content["figures"]["threshold"]
    # Copies: rendering never changes the stored content.
    table = dict(table, rows=[dict(row) for row in (table["rows"] if rows is None else rows)])
    title = str(title or TABLE_TITLES[table["slug"]])
    summary_id = f"summary-{figure_id}"
    for row in table["rows"]:
        row["display_text"] = _shown(row["count"])
        if table["split"]:
            row["cell_list"] = [_shown(row["cells"][item["code"]]["count"])
                                for item in content["figures"]["polarities"]]
        if table.get("rates"):
            row["rate_text"] = _rate_shown(row)
        if table["previous"]:
            row["previous_text"] = _shown(row["previous"])
            compared = _compared(row, threshold)
            row["change_display"] = compared.change_display
            row["change_percent_display"] = compared.change_percent_display
    period = content["figures"]["period"]
    previous = Period(key="", kind="previous", since=datetime.date.fromisoformat(period["previous_since"]),
                      until=datetime.date.fromisoformat(period["previous_until"]))
    return Figure(
        id=figure_id, title=title, column=str(COLUMNS[table["dimension"]]),
        summary=_summary(table, threshold),
        chart=_chart(table, f"chart-{figure_id}", title, summary_id) if table["rows"] else "",
        table=table, polarities=content["figures"]["polarities"],
        range_text=content["meta"]["period"]["text"],
        previous_text=f"{_date(previous.since.isoformat())}–{_date(previous.last_day.isoformat())}",
        threshold=threshold,
    )


def _rate_shown(row):
    """A row's rate per 10,000 inhabitants as the dashboard shows it (Row.rate_display)."""
    return Row(row["code"], row["label"], row["count"], None, 0, rate=row.get("rate")).rate_display


def _key_figures(content):
    totals = content["figures"]["totals"]
    threshold = content["figures"]["threshold"]
    boxes = [{"value": _shown(totals["count"]), "label": _("counted observations")}]
    if totals.get("change_percent") is not None:
        change = Row("total", "", totals["count"], totals["previous"], threshold).change_percent_display
        boxes[0]["note"] = _("%(change)s on the previous period") % {"change": change}
    if totals.get("rate") is not None:
        boxes.append({"value": formats.number_format(totals["rate"], 1),
                      "label": _("observations per 10,000 inhabitants (population on 31 December %(year)s)")
                      % {"year": content["figures"]["population_year"]}})
    if totals.get("negative_percent") is not None:
        boxes.append({"value": f"{totals['negative_percent']} %", "label": _("describe a problem (negative)")})
    elif _table(content, "by-polarity") is not None:  # a shorter period has no polarity table (ADR 0012)
        boxes.append({"value": _shown(totals.get("negative")),
                      "label": _("negative observations")})
    top = totals.get("top_phenomenon")
    if top:
        boxes.append({"value": top["label"], "label": _("the most common phenomenon (%(count)s observations)")
                      % {"count": _n(top["count"])}, "text": True})
    phenomena = [row for row in _table(content, "by-phenomenon")["rows"] if row["count"] != 0]
    boxes.append({"value": len(phenomena), "label": _("phenomena with observations")})
    return boxes


def report_context(content):
    """Everything the report template needs (call inside translation.override of the report's language)."""
    meta = content["meta"]
    figures = []
    numbering = 0
    for slug in ("by-phenomenon", "by-polarity", "over-time", "by-client-group", "by-support-need"):
        table = _table(content, slug)
        if table is None or not table["rows"]:
            continue
        if slug == "over-time" and len(table["rows"]) < 2:
            continue
        numbering += 1
        figures.append(_figure(table, content=content, figure_id=f"figure-{numbering}"))
    phenomena = []
    sub_themes = _table(content, "by-sub-theme")
    split = _table(content, "by-phenomenon")
    for index, phenomenon in enumerate(content["phenomena"], start=1):
        own = [row for row in (sub_themes["rows"] if sub_themes else []) if row.get("phenomenon") == phenomenon["code"]]
        figure = None
        if own:
            figure = _figure(sub_themes, content=content, figure_id=f"phenomenon-{index}-figure", rows=own,
                             title=_("%(phenomenon)s: observations by sub-theme") % {"phenomenon": phenomenon["label"]})
        row = next((row for row in split["rows"] if row["code"] == phenomenon["code"]), None) if split else None
        numbers = ""
        if row and split["split"]:
            parts = ", ".join(f"{item['label']} {_shown(row['cells'][item['code']]['count'])}"
                              for item in content["figures"]["polarities"])
            numbers = _("Observations in this period: %(count)s (%(parts)s).") % {"count": _shown(row["count"]),
                                                                                  "parts": parts}
        elif row:
            numbers = _("Observations in this period: %(count)s.") % {"count": _shown(row["count"])}
        phenomena.append({**phenomenon, "id": f"phenomenon-{index}", "figure": figure, "row": row,
                          "numbers": numbers})
    sections = content["sections"]
    toc = [("summary", _("Summary")), ("method", _("Method and coverage")), ("figures", _("Figures"))]
    toc += [(item["id"], item["label"]) for item in phenomena]
    toc += [("good-practices", _("Good practices")), ("proposals", _("Proposals")),
            ("addressee", _("Addressee")), ("versions", _("Version history"))]
    history = list(meta.get("history") or [])
    history.append({"version": meta.get("version"), "published_at": meta.get("published_at"),
                    "changelog": meta.get("changelog") or ""})
    for item in history:
        item["date"] = _date(item.get("published_at"))
    # Rake's own static stylesheet, not user input.
    css = mark_safe(_css())  # nosec B308 B703
    return {
        "content": content, "meta": meta, "sections": sections, "figures": figures, "phenomena": phenomena,
        "toc": toc, "key_figures": _key_figures(content), "threshold": content["figures"]["threshold"],
        "totals": content["figures"]["totals"], "total_text": _shown(content["figures"]["totals"]["count"]),
        "year_only": bool(content["figures"].get("year_only")),
        "published_date": _date(meta.get("published_at")),
        "history": [item for item in history if item.get("version") or item.get("changelog")],
        "css": css,
    }


# --- HTML and PDF ---------------------------------------------------------------------------------------

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_MAIN = re.compile(r'<main class="report" id="main">(.*)</main>', re.S)


@dataclass
class Embedded:
    """A report page made by render_html, split to be shown inside the site's page: its stylesheet and the
    inside of its <main> (the report's own landmark would nest in the site's)."""

    css: str
    body: str


def embedded(html):
    """The stored or rendered report page as Embedded. Both parts are Rake's own output (the texts in it were
    escaped when it was rendered), so they are marked safe."""
    style, main = _STYLE.search(html), _MAIN.search(html)
    if style is None or main is None:
        raise ValueError("Not a report page made by render_html.")
    return Embedded(css=mark_safe(style[1]), body=mark_safe(main[1]))  # nosec B308 B703


def render_html(content):
    with translation.override(content["meta"]["language"]):
        return render_to_string("publishing/report.html", report_context(content))


def offline_fetcher():
    """WeasyPrint's URL fetcher allowing data: URLs only: a report never fetches anything, not even a file."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def _pdf(html, *, variant=None):
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=offline_fetcher(), base_url=None).write_pdf(pdf_variant=variant)


def render_pdf(content):
    """The PDF of the report: A4, page numbers, bookmarks from h1–h3, /Title and /Lang from the HTML. Tagged
    as PDF/UA-1 (WeasyPrint): headings, lists, tables with their header cells and charts as figures whose
    alternative text is the chart's <title>, so a screen reader reads it as it reads the page."""
    return _pdf(render_html(content), variant=PDF_VARIANT)


# --- infographic ----------------------------------------------------------------------------------------

INFOGRAPHIC_WIDTH, INFOGRAPHIC_HEIGHT = 1080, 1350
INK, MUTED, ACCENT, PALE = "#1a1a1a", "#4d4d4d", "#0072c6", "#e8f1fa"


def _svg_text(x, y, text, *, size, bold=False, fill=INK, anchor=None):
    weight = ' font-weight="bold"' if bold else ""
    align = f' text-anchor="{anchor}"' if anchor else ""
    return (f'<text x="{x}" y="{y}" font-size="{size}"{weight}{align} fill="{fill}" '
            f'font-family="DejaVu Sans, Arial, sans-serif">{escape(text)}</text>')


def _wrap(text, limit):
    """Lines of at most about `limit` characters, broken between words."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def _first_sentence(text, limit=160):
    text = " ".join(str(text or "").split())
    if not text:
        return ""
    end = text.find(". ")
    sentence = text if end == -1 else text[: end + 1]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def render_infographic_svg(content):
    """One 1080 × 1350 page: title, county, period, key figures, phenomena bars, a line on good practices
    and the source. Suppressed counts are written as ".." and get no bar; the legend of ".." is at the
    foot when a count of the page is hidden."""
    with translation.override(content["meta"]["language"]):
        meta = content["meta"]
        parts = [f'<rect width="{INFOGRAPHIC_WIDTH}" height="{INFOGRAPHIC_HEIGHT}" fill="#ffffff"/>',
                 f'<rect width="{INFOGRAPHIC_WIDTH}" height="16" fill="{ACCENT}"/>']
        y = 110
        for line in _wrap(meta["title"], 34)[:2]:
            parts.append(_svg_text(72, y, line, size=54, bold=True))
            y += 66
        parts.append(_svg_text(72, y + 4, meta["county"]["name"], size=32, fill=MUTED))
        parts.append(_svg_text(72, y + 48, meta["period"]["text"], size=30, fill=MUTED))
        y += 110
        boxes = _key_figures(content)[:3]
        box_width = (INFOGRAPHIC_WIDTH - 2 * 72 - 2 * 24) // 3
        for index, box in enumerate(boxes):
            x = 72 + index * (box_width + 24)
            parts.append(f'<rect x="{x}" y="{y}" width="{box_width}" height="200" rx="8" fill="{PALE}"/>')
            value_lines = _wrap(box["value"], 14)[:2] if box.get("text") else [str(box["value"])]
            value_size = 36 if box.get("text") else 64
            value_y = y + 80
            for line in value_lines:
                parts.append(_svg_text(x + 24, value_y, line, size=value_size, bold=True, fill=ACCENT))
                value_y += 42
            label_y = y + (150 if not box.get("text") or len(value_lines) == 1 else 168)
            for line in _wrap(box["label"], 24)[:2]:
                parts.append(_svg_text(x + 24, label_y, line, size=20, fill=INK))
                label_y += 24
        y += 270
        parts.append(_svg_text(72, y, _("Observations by phenomenon"), size=34, bold=True))
        y += 30
        threshold = content["figures"]["threshold"]
        rows = [row for row in _table(content, "by-phenomenon")["rows"]][:6]
        largest = max((row["count"] for row in rows if row["count"]), default=0)
        room = INFOGRAPHIC_WIDTH - 2 * 72 - 120
        hidden = any(row["count"] is None for row in rows) or any(box["value"] == marks.HIDDEN for box in boxes)
        for row in rows:
            parts.append(_svg_text(72, y + 34, row["label"], size=26))
            bar_y = y + 48
            if row["count"] is None:
                parts.append(f'<rect x="72" y="{bar_y}" width="60" height="34" fill="none" stroke="{MUTED}" '
                             f'stroke-width="2" stroke-dasharray="8 6"/>')
                parts.append(_svg_text(148, bar_y + 27, marks.HIDDEN, size=26, bold=True))
            else:
                width = 0 if not largest else max(4, round(room * row["count"] / largest))
                parts.append(f'<rect x="72" y="{bar_y}" width="{width}" height="34" fill="{ACCENT}"/>')
                parts.append(_svg_text(72 + width + 14, bar_y + 27, row["count"], size=26, bold=True))
            y += 96
        practice = _first_sentence(content["sections"].get("good_practices"))
        if practice:
            y += 50
            parts.append(_svg_text(72, y, _("Good practice"), size=28, bold=True))
            for line in _wrap(practice, 64)[:3]:
                y += 38
                parts.append(_svg_text(72, y, line, size=26))
        source = _("Source: Rake, %(county)s, published %(date)s") % {
            "county": meta["county"]["name"], "date": _date(meta.get("published_at")) or _("not yet published")}
        parts.append(f'<line x1="72" y1="{INFOGRAPHIC_HEIGHT - 100}" x2="{INFOGRAPHIC_WIDTH - 72}" '
                     f'y2="{INFOGRAPHIC_HEIGHT - 100}" stroke="{MUTED}" stroke-width="1"/>')
        parts.append(_svg_text(72, INFOGRAPHIC_HEIGHT - 56, source, size=22, fill=MUTED))
        if hidden:
            parts.append(_svg_text(72, INFOGRAPHIC_HEIGHT - 26, marks.legend(), size=18, fill=MUTED))
        description = " ".join(
            [meta["title"], meta["county"]["name"], meta["period"]["text"] + "."]
            + [f"{box['value']} {box['label']}." for box in boxes]
            + [_summary(_table(content, "by-phenomenon"), threshold)]
            + ([marks.legend()] if hidden else []))
        return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{INFOGRAPHIC_WIDTH}" '
                f'height="{INFOGRAPHIC_HEIGHT}" viewBox="0 0 {INFOGRAPHIC_WIDTH} {INFOGRAPHIC_HEIGHT}" '
                f'lang="{escape(meta["language"])}" aria-labelledby="infographic-title infographic-desc">'
                f'<title id="infographic-title">{escape(meta["title"])}</title>'
                f'<desc id="infographic-desc">{escape(description)}</desc>'
                + "".join(parts) + "</svg>")


def render_infographic_png(content, *, scale=1.0, svg=None):
    """The infographic as PNG bytes: the SVG (`svg`, or rendered from the content) on a page of its own size
    through WeasyPrint, then the page rendered by pdfium. `scale` 1 gives 1080 × 1350 pixels."""
    import pypdfium2

    svg = svg or render_infographic_svg(content)
    html = (f'<!DOCTYPE html><html lang="{escape(content["meta"]["language"])}"><head><meta charset="utf-8">'
            f'<style>@page {{ size: {INFOGRAPHIC_WIDTH}px {INFOGRAPHIC_HEIGHT}px; margin: 0 }} '
            f'body {{ margin: 0 }} svg {{ display: block }}</style></head><body>{svg}</body></html>')
    pdf = pypdfium2.PdfDocument(_pdf(html))
    try:
        # A CSS pixel is 0.75 pt; pdfium renders 72 dpi at scale 1.
        image = pdf[0].render(scale=scale / 0.75).to_pil()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# --- tables for CSV and XLSX ----------------------------------------------------------------------------

@dataclass
class ReportTable:
    """A report table shaped like rake.analysis.dashboard.Table for rake.analysis.downloads: a title, the
    filters of the report period, the threshold, and its cells from download_rows()."""

    slug: str
    title: str
    filters: DashboardFilters
    threshold: int
    headings_list: list
    cells: list
    suppressed: bool = True
    has_code_column: bool = True
    note: str = ""  # why the table is coarser than asked (rake.analysis.downloads writes it under the table)

    def headings(self):
        return list(self.headings_list)

    def download_rows(self):
        return [self.headings()] + [list(row) for row in self.cells]


def report_tables(content):
    """Every table of the report, in the report's language, for rake.analysis.downloads.table_download."""
    with translation.override(content["meta"]["language"]):
        meta = content["meta"]
        filters = DashboardFilters(since=datetime.date.fromisoformat(meta["period"]["since"]),
                                   until=datetime.date.fromisoformat(meta["period"]["until"]),
                                   county=meta["county"]["code"],
                                   period=(_table(content, "over-time") or {}).get("grain", "month"))
        polarities = content["figures"]["polarities"]
        tables = []
        for table in content["figures"]["tables"]:
            code_column = table["dimension"] not in ("period", "polarity")
            headings = ([_("Code")] if code_column else []) + [str(COLUMNS[table["dimension"]]), _("Observations")]
            if table.get("rates"):
                headings.append(_("Per 10,000 inhabitants (population on 31 Dec %(year)s)")
                                % {"year": content["figures"]["population_year"]})
            if table["split"]:
                headings += [str(item["label"]) for item in polarities]
            if table["previous"]:
                headings += [_("Previous period (%(range)s)") % {"range": filters.previous().range_text()},
                             _("Change"), _("Change %")]
            cells = []
            for row in table["rows"]:
                line = ([str(row["code"])] if code_column else []) + [row["label"], marks.shown(row["count"])]
                if table.get("rates"):
                    line.append(_rate_shown(row))
                if table["split"]:
                    line += [marks.shown(row["cells"][item["code"]]["count"]) for item in polarities]
                if table["previous"]:
                    line += [marks.shown(row["previous"]), "" if row["change"] is None else row["change"],
                             "" if row["change_percent"] is None else row["change_percent"]]
                cells.append(line)
            tables.append(ReportTable(slug=table["slug"], title=str(TABLE_TITLES[table["slug"]]), filters=filters,
                                      threshold=content["figures"]["threshold"], headings_list=headings, cells=cells,
                                      has_code_column=code_column, note=table.get("note", "")))
        return tables
