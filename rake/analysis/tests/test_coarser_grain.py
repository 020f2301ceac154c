"""Tables mostly hidden fall back to a coarser grain and say so (DESIGN §4.2, ADR 0012): over time, a longer
period; by sub-theme, the small sub-themes counted together as "other sub-themes" from the release's own cell."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation

from rake.analysis.dashboard import DashboardFilters, dashboard_table
from rake.analysis.release import (
    OTHER_SUB_THEMES,
    coarser_grains,
    mostly_hidden,
    other_sub_theme_cells,
    other_sub_themes,
    release_cells,
)
from rake.analysis.tests.helpers import accepted_observation, assert_no_bound_mark
from rake.areas.selectors import county_population
from rake.publishing.content import build_figures
from rake.core.periods import parse_period
from rake.publishing.rendering import render_html
from rake.publishing.tests.helpers import make_content

YEAR_2025 = {"since": "2025-01", "until": "2025-12"}
SMALL = {"homelessness.hostels": 2, "homelessness.eviction_threat": 2, "homelessness.rough_sleeping": 3}


@pytest.fixture
def data(reporter, coordinator):
    """County 15 in 2025: three observations a month (no month reaches 5; a quarter of 9 leaves each of its
    months room for 5 or more, so the quarters are published); homelessness
    with twelve on institutions and 2 + 2 + 3 on three small sub-themes (one of them also on institutions),
    the rest livelihood."""
    themes = ["homelessness.institutions"] * 11 + [["homelessness.institutions", "homelessness.hostels"]]
    for code, n in SMALL.items():
        themes += [code] * (n - (code == "homelessness.hostels"))
    themes += ["livelihood"] * (36 - len(themes))
    for index, theme in enumerate(themes):
        accepted_observation(reporter, coordinator, observed_on=f"2025-{index // 3 + 1:02d}-{index % 3 + 10}",
                             phenomena=theme if isinstance(theme, list) else [theme])


def _filters(**values):
    return DashboardFilters(since=datetime.date(2025, 1, 1), until=datetime.date(2025, 12, 1), calendar_years=True,
                            **values)


def test_the_rule():
    assert mostly_hidden([None, None, 3]) and not mostly_hidden([None, 3]) and not mostly_hidden([])
    assert coarser_grains("month") == ("quarter", "half", "year") and coarser_grains("year") == ()


def test_the_other_sub_themes_cell_holds_the_observations_with_any_hidden_one():
    year = "2025"
    hidden = {(year, (("sub_theme", "a.x"),)), (year, (("sub_theme", "a.y"),)), (year, (("sub_theme", "b.z"),)),
              ("2025Q1", ()), ("2024", (("sub_theme", "a.w"),))}
    sets = {frozenset({"a.x"}): 2, frozenset({"a.x", "a.y"}): 1, frozenset({"a.y", "a.v"}): 3, frozenset({"a.v"}): 9,
            frozenset({"b.z"}): 4}
    offered, links = other_sub_theme_cells(year, hidden, sets, {"a.x": "a", "a.y": "a", "b.z": "b", "a.w": "a"})
    key = (year, ((OTHER_SUB_THEMES, "a"),))
    assert offered == {key: 6}  # b has one hidden sub-theme: its cell would be that sub-theme
    assert sorted(links.inclusions) == sorted([((year, (("sub_theme", "a.x"),)), key),
                                               ((year, (("sub_theme", "a.y"),)), key),
                                               (key, (year, (("phenomenon", "a"),)))])
    assert links.covers == [(key, [(year, (("sub_theme", "a.x"),)), (year, (("sub_theme", "a.y"),))])]


def test_the_release_publishes_the_other_sub_themes_of_its_year(data):
    cells = release_cells("15", 2025)
    for code in SMALL:
        assert cells[("2025", (("sub_theme", code),))] is None
    assert cells[("2025", ((OTHER_SUB_THEMES, "homelessness"),))] == 7 - 1 + 1  # 7 observations, one has two
    found = other_sub_themes(counties={"15"}, since=datetime.date(2025, 1, 1), until=datetime.date(2025, 12, 1),
                             phenomenon="homelessness")
    assert found == {"count": 7, "merged": set(SMALL)}
    assert other_sub_themes(counties={"15"}, since=datetime.date(2025, 1, 1), until=datetime.date(2025, 3, 1),
                            phenomenon="homelessness") is None  # whole years only


def test_a_viewers_sub_theme_table_counts_the_small_ones_together(viewer, coordinator, data):
    with translation.override("en"):
        table = dashboard_table(user=viewer, filters=_filters(phenomenon="homelessness"), slug="by-sub-theme")
        exact = dashboard_table(user=coordinator, filters=_filters(phenomenon="homelessness"), slug="by-sub-theme")
    assert [(row.code, row.count) for row in table.rows] == [("homelessness.institutions", 12), ("", 7)]
    assert table.rows[-1].label == "Other sub-themes" and "Other sub-themes" in table.note
    assert not exact.note and len(exact.rows) == 4  # raw access: every sub-theme, nothing merged


def test_a_viewers_months_become_quarters(viewer, coordinator, data):
    with translation.override("en"):
        table = dashboard_table(user=viewer, filters=_filters(period="month"), slug="over-time")
        exact = dashboard_table(user=coordinator, filters=_filters(period="month"), slug="over-time")
    assert [(row.code, row.count) for row in table.rows] == [(f"2025Q{q}", 9) for q in range(1, 5)]
    assert table.note == "By “Month” most numbers would be hidden, so the table is shown by “Quarter”."
    assert len(exact.rows) == 12 and not exact.note


@pytest.mark.parametrize("language, other, note", [
    ("fi", "Muut alateemat", "Kuukausi"), ("sv", "Övriga underteman", "Månad")])
def test_the_page_and_the_download_say_so_in_finnish_and_swedish(client_as, viewer, data, language, other, note):
    client = client_as(viewer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    html = client.get(reverse("analysis:dashboard"), {**YEAR_2025, "phenomenon": "homelessness"}).content.decode()
    section = html.split('id="table-by-sub-theme"')[1].split("</section>")[0]
    assert other in section and 'class="rake-hint rake-coarser-note"' in section
    assert_no_bound_mark(html)
    html = client.get(reverse("analysis:dashboard"), {**YEAR_2025, "period": "month"}).content.decode()
    over_time = html.split('id="table-over-time"')[1].split("</section>")[0]
    assert f"“{note}”" in over_time or f"”{note}”" in over_time
    response = client.get(reverse("analysis:dashboard_download", args=["by-sub-theme", "csv"]),
                          {**YEAR_2025, "phenomenon": "homelessness"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [other, "7"] == lines[2][:2] and lines[-1][0].startswith(("Jos suurin osa", "Där de flesta"))


def test_a_report_counts_the_small_sub_themes_together_and_shows_rates(data):
    figures = build_figures(county="15", period=parse_period("2025"), language="fi")
    sub_themes = next(table for table in figures["tables"] if table["slug"] == "by-sub-theme")
    merged = [row for row in sub_themes["rows"] if row.get("merged")]
    assert [(row["phenomenon"], row["label"], row["count"]) for row in merged] == [
        ("homelessness", "Muut alateemat", 7)]
    assert not {row["code"] for row in sub_themes["rows"]} & set(SMALL)
    time_table = next(table for table in figures["tables"] if table["slug"] == "over-time")
    assert time_table["grain"] == "quarter"  # a year's report is by quarter already, and those are published
    phenomena = next(table for table in figures["tables"] if table["slug"] == "by-phenomenon")
    assert phenomena["rates"] and figures["population_year"] == 2022
    population, population_year = county_population("15", 2025)
    assert population_year == 2022
    homelessness = next(row for row in phenomena["rows"] if row["code"] == "homelessness")
    assert homelessness["rate"] == round(homelessness["count"] * 10_000 / population, 1)
    assert figures["totals"]["rate"] == round(36 * 10_000 / population, 1)
    html = render_html(make_content(period="2025", language="fi"))
    assert "Muut alateemat" in html and "10 000 asukasta kohden" in html
    assert_no_bound_mark(html)


def test_a_half_year_report_by_month_falls_back_to_quarters(data):
    figures = build_figures(county="15", period=parse_period("2025H1"), language="sv")
    time_table = next(table for table in figures["tables"] if table["slug"] == "over-time")
    assert time_table["grain"] == "quarter" and [row["count"] for row in time_table["rows"]] == [9, 9]
    assert "Månad" in time_table["note"] and "Kvartal" in time_table["note"]
