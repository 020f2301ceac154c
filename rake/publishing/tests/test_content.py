"""Report content: the figures equal the statistics selector's for the county and period, suppression holds,
labels come in the report's language, and the snapshot is plain JSON."""

import json

import pytest
from django.utils import translation

from rake.analysis.release import protected_stats
from rake.publishing.content import build_content, build_figures, taxonomy_version
from rake.core.periods import parse_period, period_choices, period_label, period_text
from rake.publishing.tests.helpers import QUOTES, SECTIONS, make_content, report_data


@pytest.fixture
def data(reporter, coordinator):
    report_data(reporter, coordinator)


def _table(figures, slug):
    return next(table for table in figures["tables"] if table["slug"] == slug)


def _stats(group_by, key="2025", **options):
    period = parse_period(key)
    return protected_stats(counties={"15"}, since=period.since, until=period.until, group_by=group_by,
                           **options)["rows"]


def test_figures_are_the_protected_release_the_api_shows(data):
    figures = build_figures(county="15", period=parse_period("2025"), language="en")
    assert figures["threshold"] == 5
    assert figures["totals"]["count"] == _stats(())[0]["count"] == 22
    assert figures["totals"]["previous"] == _stats((), key="2024")[0]["count"] == 8

    split = {(row["phenomenon"], row["polarity"]): row["count"] for row in _stats(("phenomenon", "polarity"))}
    for row in _table(figures, "by-phenomenon")["rows"]:
        for polarity, cell in row["cells"].items():
            assert cell["count"] == split.get((row["code"], polarity), 0), (row["code"], polarity)
    for slug, dimension in (("by-polarity", "polarity"), ("by-sub-theme", "sub_theme")):
        expected = {row[dimension]: row["count"] for row in _stats((dimension,))}
        assert {row["code"]: row["count"] for row in _table(figures, slug)["rows"]} == expected
    for slug, dimension in (("by-client-group", "client_group"), ("by-support-need", "support_need")):
        expected = {(row[dimension], row["polarity"]): row["count"] for row in _stats((dimension, "polarity"))}
        got = {(row["code"], polarity): cell["count"] for row in _table(figures, slug)["rows"]
               for polarity, cell in row["cells"].items() if (row["code"], polarity) in expected}
        assert got == expected
    over_time = _table(figures, "over-time")
    assert over_time["grain"] == "quarter"
    expected = {row["period"]: row["count"] for row in _stats(("period",), period="quarter")}
    assert {row["code"]: row["count"] for row in over_time["rows"] if row["code"] in expected} == expected
    assert [row["code"] for row in over_time["rows"]] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]


def test_a_short_period_is_shown_by_month_without_the_tables_published_by_year_only(data):
    figures = build_figures(county="15", period=parse_period("2025Q2"), language="en")
    assert [row["code"] for row in _table(figures, "over-time")["rows"]] == ["2025-04", "2025-05", "2025-06"]
    assert figures["totals"]["count"] == _stats((), key="2025Q2")[0]["count"]
    assert figures["totals"]["count"] in (12, None)
    assert [table["slug"] for table in figures["tables"]] == ["by-phenomenon", "over-time"]
    assert figures["year_only"] == ["by-polarity", "by-client-group", "by-support-need", "by-sub-theme"]
    phenomena = _table(figures, "by-phenomenon")
    assert not phenomena["split"] and phenomena["previous"]  # the quarter before is published by quarter too


def test_a_small_count_stays_hidden(data):
    figures = build_figures(county="15", period=parse_period("2025"), language="en")
    mental = next(row for row in _table(figures, "by-phenomenon")["rows"] if row["code"] == "mental_health")
    assert mental["count"] is None and mental["display"] == ".."
    assert mental["cells"]["negative"] == {"count": None, "display": ".."}
    # The row totals and their polarity cells are one suppressed table: a row never has exactly one
    # hidden part beside a shown total.
    for row in _table(figures, "by-phenomenon")["rows"]:
        hidden = [cell for cell in row["cells"].values() if cell["count"] is None]
        assert not (row["count"] is not None and len(hidden) == 1), row
    # The share of negative ones comes from two published numbers: 15 negative (12 + 3) of 22.
    assert figures["totals"]["negative"] == 15 and figures["totals"]["count"] == 22
    assert figures["totals"]["negative_percent"] == 68


def test_figures_are_json_and_labelled_in_the_language(data):
    english = build_figures(county="15", period=parse_period("2025"), language="en")
    swedish = build_figures(county="15", period=parse_period("2025"), language="sv")
    assert json.loads(json.dumps(english)) == english
    assert [row["label"] for row in _table(english, "by-phenomenon")["rows"]][0] == "Homelessness"
    assert [row["label"] for row in _table(swedish, "by-phenomenon")["rows"]][0] == "Bostadslöshet"
    assert {item["code"]: item["label"] for item in english["polarities"]}["negative"] == "Negative"


def test_content_holds_the_whole_snapshot(data):
    content = make_content(version=2, changelog="Corrected the figures of mental health.",
                           history=[{"version": 1, "published_at": "2026-01-15T09:00:00+02:00", "changelog": ""}])
    assert json.loads(json.dumps(content)) == content
    meta = content["meta"]
    assert meta["title"] == "Social report 2025"
    assert meta["county"] == {"code": "15", "name": "Keski-Suomen hyvinvointialue"}
    assert meta["period"]["key"] == "2025" and meta["period"]["since"] == "2025-01-01"
    assert meta["language"] == "en"
    assert meta["audience"]["code"] == "board" and meta["audience"]["label"]
    assert meta["version"] == 2 and meta["changelog"] == "Corrected the figures of mental health."
    assert meta["history"][0]["version"] == 1
    assert meta["taxonomy_version"] == taxonomy_version() != ""
    assert meta["threshold"] == 5
    assert content["sections"]["summary"] == SECTIONS["summary"]
    assert content["quotes"] == {"homelessness": [{"text": QUOTES[0]["text"], "observation_id": 1}]}
    codes = [item["code"] for item in content["phenomena"]]
    assert codes[:3] == ["homelessness", "livelihood", "mental_health"]
    homelessness = content["phenomena"][0]
    assert homelessness["text"] == SECTIONS["phenomena"]["homelessness"] and homelessness["quotes"]


def test_a_text_for_a_phenomenon_without_figures_still_has_a_section(data):
    period = parse_period("2025")
    figures = build_figures(county="15", period=period, language="en")
    content = build_content(county="15", period=period, language="en", audience="public", title="T",
                            sections={"phenomena": {"substance_use": "Nothing reported, but we hear of it."}},
                            quotes=[], figures=figures)
    assert "substance_use" in [item["code"] for item in content["phenomena"]]


@pytest.mark.parametrize(("language", "key", "label", "text"), [
    ("fi", "2025", "vuosi 2025", "Vuosi 2025 (1.1.–31.12.2025)"),
    ("sv", "2025", "år 2025", "År 2025 (1.1.–31.12.2025)"),
    ("fi", "2026H1", "1.1.–30.6.2026", "1.1.–30.6.2026"),
    ("sv", "2025H2", "1.7.–31.12.2025", "1.7.–31.12.2025"),
    ("fi", "2025Q3", "1.7.–30.9.2025", "1.7.–30.9.2025"),
    ("fi", "2025-04", "huhtikuu 2025", "Huhtikuu 2025 (1.4.–30.4.2025)"),
    ("sv", "2025-04", "april 2025", "April 2025 (1.4.–30.4.2025)"),
])
def test_period_labels_and_texts(language, key, label, text):
    """People see labels, never keys such as 2026H1; the cover adds the dates where the label has none."""
    with translation.override(language):
        period = parse_period(key)
        assert period_label(period) == label and period_text(period) == text


def test_period_choices_offer_begun_periods_newest_first_with_their_labels():
    import datetime

    with translation.override("fi"):
        groups = period_choices(today=datetime.date(2026, 5, 10))
    assert [year for year, _options in groups] == ["2026", "2025", "2024", "2023", "2022", "2021"]
    options_2026 = dict(groups[0][1])
    assert list(options_2026)[:4] == ["2026", "2026H1", "2026Q2", "2026Q1"]  # nothing that has not begun
    assert "2026H2" not in options_2026 and "2026-06" not in options_2026 and options_2026["2026-05"] == "toukokuu 2026"
    assert options_2026["2026H1"] == "1.1.–30.6.2026" and options_2026["2026"] == "vuosi 2026"
    assert len(groups[1][1]) == 1 + 2 + 4 + 12
    # Every offered key is one the single parser accepts.
    assert all(parse_period(key) for _year, options in groups for key, _label in options)
