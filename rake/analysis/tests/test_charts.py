"""The SVG charts: accessible names, escaped labels, values written out, no bar for a suppressed value."""

import re
from xml.etree import ElementTree

from django.utils import translation

from rake.analysis.charts import ChartItem, bar_chart, column_chart

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
        root = _parse(bar_chart([ChartItem("big", 40), ChartItem("small", None, "<5")], chart_id="c", title="t"))
    rects = list(root.iter(f"{SVG}rect"))
    assert [rect.get("class") for rect in rects] == ["rake-chart__bar", "rake-chart__placeholder"]
    placeholder = rects[1]
    assert placeholder.get("fill") == "none" and placeholder.get("stroke-dasharray")
    assert "<5 (hidden)" in _texts(root)
    root = _parse(bar_chart([ChartItem("small", None, "<5")], chart_id="c", title="t"))
    assert not [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "rake-chart__bar"]


def test_column_chart_draws_periods_and_never_a_suppressed_column():
    items = [ChartItem("2025-01", 7), ChartItem("2025-02", None, "<5"), ChartItem("2025-03", 0),
             ChartItem("2026-01", 14)]
    root = _parse(column_chart(items, chart_id="time", title="Over time", summary_id="summary-time"))
    assert root.get("role") == "img" and root.get("aria-describedby") == "summary-time"
    classes = [rect.get("class") for rect in root.iter(f"{SVG}rect")]
    assert classes.count("rake-chart__placeholder") == 1
    assert classes.count("rake-chart__bar") == 3
    texts = _texts(root)
    assert {"7", "14", "<5", "01", "02", "2025", "2026"} <= set(texts)
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
