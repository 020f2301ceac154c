"""The SVG charts: accessible names, escaped labels, values written out, no bar for a suppressed value, the
hidden mark ".." and its legend."""

import re
from xml.etree import ElementTree

import pytest
from django.utils import translation

from rake.analysis.charts import LEGEND_CHARS, ChartItem, bar_chart, column_chart
from rake.analysis.tests.helpers import LEGENDS, assert_no_bound_mark

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & "quoted" \'single\''


def _parse(svg):
    return ElementTree.fromstring(str(svg))


def _texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_bar_chart_is_a_named_image_described_by_the_summary():
    svg = bar_chart([ChartItem("Asunnottomuus", 12)], chart_id="chart-x", title="Havainnot ilmiöittäin",
                    summary_id="summary-x")
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-x-title"
    assert root.get("aria-describedby") == "summary-x"
    assert root.get("width") == "100%" and root.get("viewBox").startswith("0 0 360 ")
    title = root.find(f"{SVG}title")
    assert title.get("id") == "chart-x-title" and title.text == "Havainnot ilmiöittäin"


def test_labels_and_title_are_escaped():
    svg = str(bar_chart([ChartItem(EVIL, 3)], chart_id='c"x', title=EVIL, summary_id="s"))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    root = _parse(svg)  # still well-formed XML
    assert root.find(f"{SVG}title").text == EVIL
    assert any("<script>" in text for text in _texts(root))
    svg = str(column_chart([ChartItem(EVIL, 3)], chart_id="c", title=EVIL))
    assert "<script>" not in svg
    _parse(svg)


def test_values_are_written_next_to_the_bars_and_bars_scale():
    root = _parse(bar_chart([ChartItem("a", 10), ChartItem("b", 5), ChartItem("c", 0)], chart_id="c", title="t"))
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "rake-chart__bar"]
    assert [float(bar.get("width")) for bar in bars][:2] == [304, 152]
    texts = _texts(root)
    assert "10" in texts and "5" in texts and "0" in texts


def test_a_suppressed_value_gets_a_marked_placeholder_and_no_bar():
    with translation.override("en"):
        root = _parse(bar_chart([ChartItem("big", 40), ChartItem("small", None)], chart_id="c", title="t"))
    rects = list(root.iter(f"{SVG}rect"))
    assert [rect.get("class") for rect in rects] == ["rake-chart__bar", "rake-chart__placeholder",
                                                     "rake-chart__legend-key"]
    placeholder = rects[1]
    assert placeholder.get("fill") == "none" and placeholder.get("stroke-dasharray")
    texts = _texts(root)
    assert texts[texts.index("small") + 1] == ".."
    assert LEGENDS["en"] in " ".join(texts)
    root = _parse(bar_chart([ChartItem("small", None, "..")], chart_id="c", title="t"))
    assert not [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "rake-chart__bar"]


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("draw", [bar_chart, column_chart])
def test_hidden_values_read_as_two_full_stops_with_the_legend_in_finnish_and_swedish(draw, language):
    items = [ChartItem("2025-01", 40), ChartItem("2025-02", None), ChartItem("2025-03", None, "..")]
    with translation.override(language):
        svg = str(draw(items, chart_id="c", title="t"))
    root = _parse(svg)
    assert [rect.get("class") for rect in root.iter(f"{SVG}rect")].count("rake-chart__bar") == 1
    texts = _texts(root)
    assert texts.count("..") == 2
    assert LEGENDS[language] in " ".join(texts)
    # The legend fits the chart: wrapped into short lines below everything else.
    legend_lines = [element for element in root.iter(f"{SVG}text") if element.get("font-size") == "12"
                    and element.get("x") == "22"]
    assert legend_lines and all(len(element.text) <= LEGEND_CHARS for element in legend_lines)
    height = float(root.get("viewBox").split()[3])
    assert all(float(element.get("y")) < height for element in legend_lines)
    assert_no_bound_mark(svg)


def test_a_chart_without_hidden_values_has_no_legend_and_the_same_height():
    plain = _parse(bar_chart([ChartItem("a", 10)], chart_id="c", title="t"))
    assert not [rect for rect in plain.iter(f"{SVG}rect") if rect.get("class") == "rake-chart__legend-key"]
    hidden = _parse(bar_chart([ChartItem("a", None)], chart_id="c", title="t"))
    assert float(hidden.get("viewBox").split()[3]) > float(plain.get("viewBox").split()[3])


def test_a_lower_bound_is_written_as_such_and_needs_no_legend():
    with translation.override("en"):
        root = _parse(bar_chart([ChartItem("county", None, "at least 7")], chart_id="c", title="t"))
    texts = _texts(root)
    assert "at least 7 (hidden)" in texts and LEGENDS["en"] not in " ".join(texts)


def test_column_chart_draws_periods_and_never_a_suppressed_column():
    items = [ChartItem("2025-01", 7), ChartItem("2025-02", None, ".."), ChartItem("2025-03", 0),
             ChartItem("2026-01", 14)]
    root = _parse(column_chart(items, chart_id="time", title="Over time", summary_id="summary-time"))
    assert root.get("role") == "img" and root.get("aria-describedby") == "summary-time"
    classes = [rect.get("class") for rect in root.iter(f"{SVG}rect")]
    assert classes.count("rake-chart__placeholder") == 1
    assert classes.count("rake-chart__bar") == 3
    texts = _texts(root)
    assert {"7", "14", "..", "01", "02", "2025", "2026"} <= set(texts)
    assert texts.count("2025") == 1  # the year is written once, under its first column


def test_empty_and_wide_charts_render():
    _parse(bar_chart([], chart_id="c", title="t"))
    _parse(column_chart([], chart_id="c", title="t"))
    root = _parse(column_chart([ChartItem(f"{2015 + n // 12}-{n % 12 + 1:02d}", n) for n in range(120)],
                               chart_id="c", title="t"))
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert all(width >= 2 for width in widths)
    assert all(re.fullmatch(r"[\d.]+", rect.get("x")) for rect in root.iter(f"{SVG}rect"))


def test_long_labels_are_shortened_in_the_chart():
    label = "Tuki jokapäiväisestä elämästä selviytymiseen ja muuhun hyvin pitkään asiaan"
    texts = _texts(_parse(bar_chart([ChartItem(label, 3)], chart_id="c", title="t")))
    assert texts[0].endswith("…") and len(texts[0]) <= 40
