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
import functools
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
from rake.core.periods import Period
from rake.privacy import marks


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


def _figure(table, *, content, figure_id, title=None, rows=None, for_pdf=False):
    """A table of the report as a Figure. `for_pdf`: the chart's <title>, which is the PDF's alternative text
    for it, also carries the summary sentence (on a web page the sentence describes the chart by
    aria-describedby instead)."""
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
    summary = _summary(table, threshold)
    chart_title = f"{title}: {summary}" if for_pdf and summary else title
    return Figure(
        id=figure_id, title=title, column=str(COLUMNS[table["dimension"]]), summary=summary,
        chart=_chart(table, f"chart-{figure_id}", chart_title, summary_id) if table["rows"] else "",
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


def report_context(content, *, for_pdf=False):
    """Everything the report template needs (call inside translation.override of the report's language);
    `for_pdf` as in _figure."""
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
        figures.append(_figure(table, content=content, figure_id=f"figure-{numbering}", for_pdf=for_pdf))
    phenomena = []
    sub_themes = _table(content, "by-sub-theme")
    split = _table(content, "by-phenomenon")
    for index, phenomenon in enumerate(content["phenomena"], start=1):
        own = [row for row in (sub_themes["rows"] if sub_themes else []) if row.get("phenomenon") == phenomenon["code"]]
        figure = None
        if own:
            title = _("%(phenomenon)s: observations by sub-theme") % {"phenomenon": phenomenon["label"]}
            figure = _figure(sub_themes, content=content, figure_id=f"phenomenon-{index}-figure", rows=own,
                             title=title, for_pdf=for_pdf)
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


def render_html(content, *, for_pdf=False):
    with translation.override(content["meta"]["language"]):
        return render_to_string("publishing/report.html", report_context(content, for_pdf=for_pdf))


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
    alternative text is the chart's <title> (its title and summary sentence), so a screen reader reads it as
    it reads the page."""
    return _pdf(render_html(content, for_pdf=True), variant=PDF_VARIANT)


# --- infographic ----------------------------------------------------------------------------------------

INFOGRAPHIC_WIDTH, INFOGRAPHIC_HEIGHT = 1080, 1350
INK, MUTED, ACCENT, PALE = "#1a1a1a", "#4d4d4d", "#0072c6", "#e8f1fa"
MARGIN = 72  # left and right; every text stays between the margins
FOOT_Y = INFOGRAPHIC_HEIGHT - 100  # the rule above the source line: the content ends above it
CARD_GAP, CARD_PADDING = 24, 24
# The font's ascent and descent in ems (DejaVu Sans, the infographic's first font): a line of text takes
# this much height around its baseline; lines are set 1.2 ems apart.
ASCENT, DESCENT, LEADING = 0.93, 0.24, 1.2
FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}


def _svg_text(x, y, text, *, size, bold=False, fill=INK, anchor=None):
    weight = ' font-weight="bold"' if bold else ""
    align = f' text-anchor="{anchor}"' if anchor else ""
    return (f'<text x="{x}" y="{round(y, 1):g}" font-size="{size}"{weight}{align} fill="{fill}" '
            f'font-family="DejaVu Sans, Arial, sans-serif">{escape(text)}</text>')


@functools.lru_cache(maxsize=64)
def _font(size, bold):
    """DejaVu Sans (Debian's fonts-dejavu-core) at `size` px, or None where it is not installed."""
    from PIL import ImageFont

    try:
        return ImageFont.truetype(FONT_FILES[bold], size)
    except OSError:
        return None


def text_width(text, *, size, bold=False):
    """The width in px of `text` set in DejaVu Sans, the widest of the infographic's fonts (Arial and the
    usual sans-serifs are narrower), so a line that fits here fits wherever the SVG is opened. Without the
    font, a generous 0.7 em a character."""
    font = _font(size, bold)
    return font.getlength(str(text)) if font else 0.7 * size * len(str(text))


def _wrap(text, width, *, size, bold=False):
    """Lines of `text` no wider than `width` px, broken between words, and whether a word wider than a
    line on its own had to be broken between its letters."""
    lines, line, broken = [], "", False
    for word in str(text).split(" "):  # not at no-break spaces, as in "10 000"
        if not word:
            continue
        candidate = f"{line} {word}".strip()
        if text_width(candidate, size=size, bold=bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for letter in word:
            if line and text_width(line + letter, size=size, bold=bold) > width:
                lines.append(line)
                line, broken = "", True
            line += letter
    if line:
        lines.append(line)
    return lines, broken


def _ellipsis(line, width, *, size, bold=False):
    while line and text_width(line + "…", size=size, bold=bold) > width:
        line = line[:-1].rstrip()
    return line + "…"


@dataclass
class TextBlock:
    """Lines of one text at one size that fit a width: `fit_text` makes them."""

    lines: list
    size: int
    bold: bool = False

    @property
    def height(self):
        """From the top of the first line to the bottom of the last, in px."""
        return (len(self.lines) - 1) * LEADING * self.size + (ASCENT + DESCENT) * self.size if self.lines else 0

    def svg(self, x, top, *, fill=INK):
        """The lines as <text>s, the first one's top at `top`."""
        baseline = top + ASCENT * self.size
        return [_svg_text(x, baseline + index * LEADING * self.size, line, size=self.size, bold=self.bold,
                          fill=fill) for index, line in enumerate(self.lines)]


def fit_text(text, width, *, size, min_size, max_lines=1, extra_lines=0, bold=False):
    """`text` in at most `max_lines` lines no wider than `width`, at the largest size from `size` down to
    `min_size` (in steps of 2 px) where no word has to be broken; failing that, at `min_size` in up to
    `extra_lines` more lines; failing that too, broken inside words with an ellipsis ending the last
    line. Measured with text_width."""
    for lines_allowed, sizes in ((max_lines, range(size, min_size - 1, -2)), (max_lines + extra_lines, [min_size])):
        for candidate in sizes:
            lines, broken = _wrap(text, width, size=candidate, bold=bold)
            if len(lines) <= lines_allowed and not broken:
                return TextBlock(lines, candidate, bold)
    lines, _broken = _wrap(text, width, size=min_size, bold=bold)
    if len(lines) > max_lines + extra_lines:
        last = max_lines + extra_lines - 1
        lines = lines[:last] + [_ellipsis(lines[last], width, size=min_size, bold=bold)]
    return TextBlock(lines, min_size, bold)


def _first_sentence(text, limit=160):
    text = " ".join(str(text or "").split())
    if not text:
        return ""
    end = text.find(". ")
    sentence = text if end == -1 else text[: end + 1]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _cards(boxes, top):
    """The key figures side by side in cards of one height, each card's texts fitted inside its padding:
    the <g>s and the cards' height."""
    width = (INFOGRAPHIC_WIDTH - 2 * MARGIN - (len(boxes) - 1) * CARD_GAP) // max(len(boxes), 1)
    inner = width - 2 * CARD_PADDING
    blocks = []
    for box in boxes:
        if box.get("text"):
            value = fit_text(box["value"], inner, size=36, min_size=24, max_lines=2, extra_lines=1, bold=True)
        else:
            value = fit_text(str(box["value"]), inner, size=64, min_size=32, bold=True)
        blocks.append((value, fit_text(box["label"], inner, size=20, min_size=16, max_lines=3, extra_lines=1)))
    height = max([200] + [2 * CARD_PADDING + value.height + 16 + label.height for value, label in blocks])
    groups = []
    for index, (value, label) in enumerate(blocks):
        x = MARGIN + index * (width + CARD_GAP)
        groups.append(
            '<g class="infographic-card">'
            f'<rect x="{x}" y="{round(top)}" width="{width}" height="{round(height)}" rx="8" fill="{PALE}"/>'
            + "".join(value.svg(x + CARD_PADDING, top + CARD_PADDING, fill=ACCENT))
            + "".join(label.svg(x + CARD_PADDING, top + CARD_PADDING + value.height + 16))
            + "</g>")
    return groups, round(height)


def render_infographic_svg(content):
    """One 1080 × 1350 page: title, county, period, key figures, phenomena bars, a line on good practices
    and the source. Every text is measured (text_width) and set to fit its line or card: a long title or
    word gets smaller type or another line, never crosses the margin. When the phenomena and the good
    practice do not fit above the foot, the good practice's lines go first, then the last phenomena rows.
    Suppressed counts are written as ".." and get no bar; the legend of ".." is at the foot when a count
    of the page is hidden."""
    with translation.override(content["meta"]["language"]):
        meta = content["meta"]
        line_width = INFOGRAPHIC_WIDTH - 2 * MARGIN
        parts = [f'<rect width="{INFOGRAPHIC_WIDTH}" height="{INFOGRAPHIC_HEIGHT}" fill="#ffffff"/>',
                 f'<rect width="{INFOGRAPHIC_WIDTH}" height="16" fill="{ACCENT}"/>']
        title = fit_text(meta["title"], line_width, size=54, min_size=40, max_lines=2, extra_lines=1, bold=True)
        parts += title.svg(MARGIN, 60)
        top = 60 + title.height + 24
        for text, size in ((meta["county"]["name"], 32), (meta["period"]["text"], 30)):
            block = fit_text(text, line_width, size=size, min_size=20)
            parts += block.svg(MARGIN, top, fill=MUTED)
            top += block.height + 10
        top += 40
        boxes = _key_figures(content)[:3]
        cards, card_height = _cards(boxes, top)
        parts += cards
        top += card_height + 48
        heading = fit_text(_("Observations by phenomenon"), line_width, size=34, min_size=24, bold=True)
        parts += heading.svg(MARGIN, top)
        top += heading.height + 16

        rows = _table(content, "by-phenomenon")["rows"][:6]
        labels = [fit_text(row["label"], line_width, size=26, min_size=20) for row in rows]
        bar_height, bar_gap, row_gap = 34, 8, 24
        row_height = max([label.height for label in labels], default=0) + bar_gap + bar_height
        room_below = FOOT_Y - 24 - top

        practice, practice_lines = _first_sentence(content["sections"].get("good_practices")), 3
        practice_heading = fit_text(_("Good practice"), line_width, size=28, min_size=22, bold=True)

        def practice_block(lines):
            return fit_text(practice, line_width, size=26, min_size=22, max_lines=lines) if practice and lines else None

        def practice_height(block):
            return 0 if block is None else 40 + practice_heading.height + 10 + block.height

        def rows_height(count, gap):
            return count * row_height + max(count - 1, 0) * gap

        block = practice_block(practice_lines)
        while block is not None and rows_height(len(rows), 12) + practice_height(block) > room_below:
            practice_lines -= 1
            block = practice_block(practice_lines)
        while rows and rows_height(len(rows), 12) + practice_height(block) > room_below:
            rows, labels = rows[:-1], labels[:-1]
        if len(rows) > 1:
            row_gap = min(row_gap, (room_below - practice_height(block) - rows_height(len(rows), 0)) / (len(rows) - 1))

        threshold = content["figures"]["threshold"]
        largest = max((row["count"] for row in rows if row["count"]), default=0)
        room = line_width - 120
        hidden = any(row["count"] is None for row in rows) or any(box["value"] == marks.HIDDEN for box in boxes)
        for row, label in zip(rows, labels, strict=True):
            parts += label.svg(MARGIN, top)
            bar_y = round(top + label.height + bar_gap)
            if row["count"] is None:
                parts.append(f'<rect x="{MARGIN}" y="{bar_y}" width="60" height="{bar_height}" fill="none" '
                             f'stroke="{MUTED}" stroke-width="2" stroke-dasharray="8 6"/>')
                parts.append(_svg_text(MARGIN + 76, bar_y + 27, marks.HIDDEN, size=26, bold=True))
            else:
                width = 0 if not largest else max(4, round(room * row["count"] / largest))
                parts.append(f'<rect x="{MARGIN}" y="{bar_y}" width="{width}" height="{bar_height}" fill="{ACCENT}"/>')
                parts.append(_svg_text(MARGIN + width + 14, bar_y + 27, row["count"], size=26, bold=True))
            top += row_height + row_gap
        if block is not None:
            top += 40 - row_gap
            parts += practice_heading.svg(MARGIN, top)
            top += practice_heading.height + 10
            parts += block.svg(MARGIN, top)

        source = _("Source: Rake, %(county)s, published %(date)s") % {
            "county": meta["county"]["name"], "date": _date(meta.get("published_at")) or _("not yet published")}
        parts.append(f'<line x1="{MARGIN}" y1="{FOOT_Y}" x2="{INFOGRAPHIC_WIDTH - MARGIN}" '
                     f'y2="{FOOT_Y}" stroke="{MUTED}" stroke-width="1"/>')
        parts += fit_text(source, line_width, size=22, min_size=16).svg(MARGIN, INFOGRAPHIC_HEIGHT - 77, fill=MUTED)
        if hidden:
            parts += fit_text(marks.legend(), line_width, size=18, min_size=14).svg(
                MARGIN, INFOGRAPHIC_HEIGHT - 43, fill=MUTED)
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
            # Labels, not codes: people read the downloads (the codes are in the API and the national exchange).
            headings = [str(COLUMNS[table["dimension"]]), _("Observations")]
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
                line = [row["label"], marks.shown(row["count"])]
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
                                      note=table.get("note", "")))
        return tables
