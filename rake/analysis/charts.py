"""Server-rendered SVG charts for the dashboards (DESIGN §4.4).

Pure functions: data in, a safe SVG string out, no database. Every label is escaped. The charts are
images (`role="img"`) named by their `<title>` and described by the table's one-sentence summary
(`aria-describedby`); the numbers are written next to the bars, so nothing depends on colour, and the data
table beside each chart holds everything. A suppressed value never gets a bar: a dashed placeholder
marks it, with the hidden mark ".." written beside it (or the caller's text, such as "at least 7"), and a
chart with a hidden value ends with the legend of the mark (rake.privacy.marks).

The drawing is sized in a viewBox of CHART_WIDTH user units and scales to the width of its container
(CSS `width: 100%`), so it fits a 320 px screen.
"""

import textwrap
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from rake.privacy import marks

CHART_WIDTH = 360
# Helsinki Design System colours: "coat of arms" blue (4.9:1 against white) and black-90 text.
BAR_COLOUR = "#0072c6"
TEXT_COLOUR = "#1a1a1a"
PLACEHOLDER_COLOUR = "#666666"
AXIS_COLOUR = "#808080"
FONT = "font-family=\"HelsinkiGrotesk, Arial, sans-serif\""
MAX_LABEL_CHARS = 40


@dataclass(frozen=True)
class ChartItem:
    """One bar: its label, its value (None when suppressed) and what to write instead of a suppressed value
    (the hidden mark ".." unless told otherwise)."""

    label: str
    value: int | None
    display: str = ""

    @property
    def suppressed(self):
        return self.value is None

    @property
    def hidden_text(self):
        return self.display or marks.HIDDEN


def _shorten(label, limit=MAX_LABEL_CHARS):
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _svg(*, chart_id, title, summary_id, height, body):
    described = f' aria-describedby="{escape(summary_id)}"' if summary_id else ""
    # Every interpolated label is escaped (see _text and above).
    return mark_safe(  # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rake-chart" id="{escape(chart_id)}" role="img" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{escape(chart_id)}-title"{described}>'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f"{body}</svg>"
    )


def _scale(items, room):
    largest = max((item.value for item in items if not item.suppressed), default=0)
    return (lambda value: 0 if not largest else max(2, round(room * value / largest))), largest


def _text(x, y, content, *, size, bold=False, anchor=None):
    """A text element; `content` is escaped here."""
    weight = ' font-weight="bold"' if bold else ""
    align = f' text-anchor="{anchor}"' if anchor else ""
    return (f'<text x="{x}" y="{y}" font-size="{size}"{weight}{align} fill="{TEXT_COLOUR}" {FONT}>'
            f"{escape(content)}</text>")


def bar_chart(items, *, chart_id, title, summary_id=""):
    """A horizontal bar chart for categories: each item's label on a line of its own, its bar under it and
    the value written at the bar's end."""
    items = list(items)
    label_height, bar_height, gap = 18, 18, 10
    row_height = label_height + bar_height + gap
    value_room = 56
    width_of, _largest = _scale(items, CHART_WIDTH - value_room)
    parts = []
    for index, item in enumerate(items):
        top = 4 + index * row_height
        bar_top = top + label_height + 2
        parts.append(_text(0, top + 14, _shorten(item.label), size=15))
        if item.suppressed:
            parts.append(_placeholder(0, bar_top, 24, bar_height))
            parts.append(_text(30, bar_top + 14, _hidden_text(item), size=15, bold=_is_mark(item)))
        else:
            width = width_of(item.value)
            parts.append(f'<rect class="rake-chart__bar" x="0" y="{bar_top}" width="{width}" '
                         f'height="{bar_height}" fill="{BAR_COLOUR}"/>')
            parts.append(_text(width + 6, bar_top + 14, item.value, size=15, bold=True))
    height = 4 + len(items) * row_height
    height = _legend(items, parts, height)
    return _svg(chart_id=chart_id, title=title, summary_id=summary_id, height=max(height, 24), body="".join(parts))


def _split_period(key):
    """'2025-04' → ('04', '2025'); '2025Q2' → ('Q2', '2025'); '2025H1' → ('H1', '2025'); '2025' → ('2025', '')."""
    key = str(key)
    if len(key) == 7 and key[4] == "-":
        return key[5:], key[:4]
    if len(key) == 6 and key[4] in "QH":
        return key[4:], key[:4]
    return key, ""


def column_chart(items, *, chart_id, title, summary_id=""):
    """A column chart over time: one column per period (labels are period keys such as '2025-04'), the value
    written above each column; the year is written under the first column of each year."""
    items = list(items)
    top_room, axis_room = 20, 34
    plot_height = 150
    count = max(len(items), 1)
    slot = CHART_WIDTH / count
    column = max(2.0, min(40.0, slot * 0.7))
    font = 12 if slot >= 24 else 9 if slot >= 16 else 7
    height_of, _largest = _scale(items, plot_height)
    baseline = top_room + plot_height
    parts = [f'<line x1="0" y1="{baseline}" x2="{CHART_WIDTH}" y2="{baseline}" stroke="{AXIS_COLOUR}" '
             f'stroke-width="1"/>']
    previous_year = None
    for index, item in enumerate(items):
        centre = round(slot * index + slot / 2, 1)
        left = round(centre - column / 2, 1)
        short, year = _split_period(item.label)
        if item.suppressed:
            parts.append(_placeholder(left, baseline - 16, round(column, 1), 16))
            parts.append(_text(centre, baseline - 20, item.hidden_text, size=font, bold=True, anchor="middle"))
        else:
            height = height_of(item.value)
            parts.append(f'<rect class="rake-chart__bar" x="{left}" y="{baseline - height}" '
                         f'width="{round(column, 1)}" height="{height}" fill="{BAR_COLOUR}"/>')
            parts.append(_text(centre, baseline - height - 4, item.value, size=font, bold=True, anchor="middle"))
        parts.append(_text(centre, baseline + 14, short, size=font, anchor="middle"))
        if year and year != previous_year:
            parts.append(_text(left, baseline + 28, year, size=font))
        previous_year = year
    height = _legend(items, parts, baseline + axis_room)
    return _svg(chart_id=chart_id, title=title, summary_id=summary_id, height=height, body="".join(parts))


def _placeholder(x, y, width, height, css_class="rake-chart__placeholder"):
    """A hollow, dashed box: there is a value here, but it is not shown."""
    return (f'<rect class="{css_class}" x="{x}" y="{y}" width="{width}" height="{height}" '
            f'fill="none" stroke="{PLACEHOLDER_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"/>')


def _is_mark(item):
    return item.hidden_text == marks.HIDDEN


def _hidden_text(item):
    """The mark alone; another text (a lower bound) says that the value itself is hidden."""
    return marks.HIDDEN if _is_mark(item) else _("%(display)s (hidden)") % {"display": item.hidden_text}


LEGEND_SIZE, LEGEND_LINE, LEGEND_CHARS = 12, 16, 56


def _legend(items, parts, height):
    """Below a chart with a hidden value: a dashed box and the legend of "..", wrapped to the chart's width.
    Appends to `parts` and returns the chart's new height (`height` when nothing is hidden)."""
    if not any(item.suppressed and _is_mark(item) for item in items):
        return height
    top = height + 6
    lines = textwrap.wrap(marks.legend(), LEGEND_CHARS)
    parts.append(_placeholder(0, top + 2, 16, 12, "rake-chart__legend-key"))
    for index, line in enumerate(lines):
        parts.append(_text(22, top + 12 + index * LEGEND_LINE, line, size=LEGEND_SIZE))
    return top + 4 + len(lines) * LEGEND_LINE
