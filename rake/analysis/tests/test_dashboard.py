"""The dashboard page and its downloads: tables equal to the statistics selector, suppression by role,
change against the previous period, filters in the URL, errors instead of failures, permissions, audit."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.analysis.dashboard import (
    DashboardFilterForm,
    DashboardFilters,
    add_months,
    dashboard_table,
    dashboard_tables,
    default_range,
    filters_for_scope,
    period_start,
)
from rake.analysis.selectors import observation_stats
from rake.core.dates import parse_date_or_month
from rake.core.models import AuditEntry
from rake.analysis.tests.helpers import LEGENDS, accepted_observation, assert_no_bound_mark, plenty_of_observations
from rake.taxonomy.models import Phenomenon

URL = reverse("analysis:dashboard")
YEAR_2025 = {"since": "2025-01", "until": "2025-12"}
COUNTY_15 = "Keski-Suomen hyvinvointialue"


@pytest.fixture(autouse=True)
def english():
    """Labels and summaries built outside a request come out in English."""
    with translation.override("en"):
        yield


def download_url(table, fmt):
    return reverse("analysis:dashboard_download", args=[table, fmt])


@pytest.fixture
def data(reporter, coordinator):
    """County 15 in 2025: six homelessness observations in April (Jyväskylä, children; two on hostels), two
    livelihood ones in January (Hankasalmi, positive, support need 3, good practice). County 15 in 2024: three
    homelessness observations in April. County 06 in 2025: one homelessness observation."""
    for number in range(6):
        accepted_observation(reporter, coordinator, municipality="179", client_groups=["children"],
                phenomena=["homelessness.hostels"] if number < 2 else ["homelessness"])
    for _ in range(2):
        accepted_observation(reporter, coordinator, municipality="077", observed_on="2025-01-20", phenomena=["livelihood"],
                polarity="positive", support_needs=[3], observation_type="good_practice")
    for _ in range(3):
        accepted_observation(reporter, coordinator, municipality="179", observed_on="2024-04-10")
    accepted_observation(MemberFactory(username="r06", role=Role.REPORTER, county="06"),
            MemberFactory(username="c06", role=Role.COORDINATOR, county="06"), municipality="609")


def _table(tables, slug):
    return next(table for table in tables if table.slug == slug)


def _filters(**kwargs):
    values = {"since": datetime.date(2025, 1, 1), "until": datetime.date(2025, 12, 1)}
    values.update(kwargs)
    return DashboardFilters(**values)


def _csv(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# --- access ----------------------------------------------------------------------------------------------

def test_anonymous_is_sent_to_log_in(client, db):
    for url in (URL, download_url("by-phenomenon", "csv")):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("who", ["reporter", "no_role_user", "rake_admin"])
def test_users_without_dashboard_access_get_403(client_as, request, who):
    user = request.getfixturevalue(who)
    assert client_as(user).get(URL).status_code == 403
    assert client_as(user).get(download_url("by-phenomenon", "csv")).status_code == 403


@pytest.mark.parametrize("who", ["coordinator", "analyst", "viewer", "national"])
def test_dashboard_roles_see_the_page(client_as, request, who):
    response = client_as(request.getfixturevalue(who)).get(URL)
    assert response.status_code == 200
    assert "Observations by phenomenon" in response.content.decode()


# --- numbers ---------------------------------------------------------------------------------------------

def test_tables_equal_the_statistics_selector(coordinator, data):
    tables = dashboard_tables(user=coordinator, filters=_filters())
    for table in tables:
        expected = observation_stats(counties={"15"}, group_by=[table.spec.dimension],
                                     period="month", since=datetime.date(2025, 1, 1),
                                     until=datetime.date(2025, 12, 1))
        shown = {row.code: row.count for row in table.rows if row.count}
        assert shown == {row[table.spec.dimension]: row["count"] for row in expected["rows"]}, table.slug
    assert {row.code: row.count for row in _table(tables, "by-phenomenon").rows} == {
        "homelessness": 6, "livelihood": 2}
    assert {row.code: row.count for row in _table(tables, "by-municipality").rows} == {"179": 6, "077": 2}
    assert {row.code: row.count for row in _table(tables, "by-support-need").rows} == {3: 2}



def test_observations_without_a_municipality_are_not_given_and_last(coordinator, reporter, data):
    """The row of observations with no municipality has a label (and a chart bar with one), after the named."""
    accepted_observation(reporter, coordinator)  # no municipality
    table = dashboard_table(user=coordinator, filters=_filters(), slug="by-municipality")
    assert [(row.code or "", row.label, row.count) for row in table.rows] == [
        ("077", "Hankasalmi", 2), ("179", "Jyväskylä", 6), ("", "Municipality not known", 1)]

def test_change_against_the_previous_period(coordinator, data):
    table = dashboard_table(user=coordinator, filters=_filters(), slug="by-phenomenon")
    rows = {row.code: row for row in table.rows}
    assert (rows["homelessness"].count, rows["homelessness"].previous) == (6, 3)
    assert (rows["homelessness"].change, rows["homelessness"].change_percent) == (3, 100)
    # Nothing before: no change is computed.
    assert (rows["livelihood"].previous, rows["livelihood"].change, rows["livelihood"].change_percent) == (0, None, None)
    assert rows["livelihood"].change_display == "—"
    assert table.summary == "Homelessness was the most common phenomenon (6 observations, +100 % on the previous period)."


def test_rows_that_only_had_observations_before_show_their_fall(coordinator, data):
    table = dashboard_table(user=coordinator, filters=_filters(since=datetime.date(2024, 1, 1),
                                                               until=datetime.date(2024, 12, 1)),
                            slug="by-phenomenon")
    assert {row.code: (row.count, row.previous) for row in table.rows} == {"homelessness": (3, 0)}
    later = dashboard_table(user=coordinator, filters=_filters(since=datetime.date(2026, 1, 1),
                                                               until=datetime.date(2026, 12, 1)),
                            slug="by-phenomenon")
    rows = {row.code: row for row in later.rows}
    assert (rows["homelessness"].count, rows["homelessness"].previous, rows["homelessness"].change_percent) == (
        0, 6, -100)


def test_over_time_lists_every_period_beside_the_same_period_a_range_earlier(coordinator, data):
    table = dashboard_table(user=coordinator, filters=_filters(), slug="over-time")
    assert [row.code for row in table.rows] == [f"2025-{month:02d}" for month in range(1, 13)]
    april = table.rows[3]
    assert (april.count, april.previous, april.change) == (6, 3, 3)
    assert table.rows[0].count == 2 and table.rows[1].count == 0
    quarters = dashboard_table(user=coordinator, filters=_filters(period="quarter"), slug="over-time")
    assert [(row.code, row.count, row.previous) for row in quarters.rows] == [
        ("2025Q1", 2, 0), ("2025Q2", 6, 3), ("2025Q3", 0, 0), ("2025Q4", 0, 0)]


LENGTH = {"month": 1, "quarter": 3, "half": 6, "year": 12}  # months in a period


def _in_month(month):
    """How many observations the fixture below has in a month: 1–4 from 2023-01 to 2025-06, told apart
    from their neighbours, and 1 each in 2024-07 and 2024-08, so 2024-07…08 has 2 (the issue's case)."""
    if not datetime.date(2023, 1, 1) <= month <= datetime.date(2025, 6, 1):
        return 0
    return 1 if (month.year, month.month) in ((2024, 7), (2024, 8)) else month.month % 4 + 1


@pytest.fixture
def monthly(reporter, coordinator):
    month = datetime.date(2023, 1, 1)
    while month <= datetime.date(2025, 6, 1):
        for _ in range(_in_month(month)):
            accepted_observation(reporter, coordinator, observed_on=month.replace(day=10).isoformat())
        month = add_months(month, 1)


def _months_total(since, until):
    """The fixture's true count of since..until."""
    total, month = 0, since
    while month <= until:
        total += _in_month(month)
        month = add_months(month, 1)
    return total


def test_over_time_csv_compares_a_part_of_a_year_with_the_months_just_before(client_as, coordinator,
                                                                            monthly):
    """Issue 14 point 6: 2024-09…10 by year is one row, "2024"; the previous period is 2024-07…08 (2), not
    the year 2023 looked up in a result that has only "2024"."""
    rows = _csv(client_as(coordinator).get(download_url("over-time", "csv"),
                                           {"county": "15", "since": "2024-09", "until": "2024-10",
                                            "period": "year"}))
    assert rows[0][2] == "Previous period (July 2024 – August 2024)"
    assert rows[1:] == [["Year 2024", "5", "2", "3", "150"]]


@pytest.mark.parametrize("since, until, period", [
    ("2024-09", "2024-10", "year"),  # shorter than the period
    ("2024-11", "2025-02", "quarter"),  # 4 months by quarter: the parts shift across quarters
    ("2024-01", "2025-06", "year"),  # longer than a period and not a multiple of it
    ("2024-03", "2025-02", "quarter"),  # 12 months, not aligned to quarters but a multiple of them
    ("2024-02", "2025-01", "half"),
    ("2024-01", "2025-12", "year"),  # aligned
    ("2024-05", "2024-09", "month"),
])
def test_every_over_time_row_compares_with_the_same_months_one_range_earlier(coordinator, monthly,
                                                                            since, until, period):
    filters = _filters(since=parse_date_or_month(since)[0], until=parse_date_or_month(until)[0], period=period)
    table = dashboard_table(user=coordinator, filters=filters, slug="over-time")
    months = filters.months
    for row in table.rows:
        first = max(period_start(row.code), filters.since)
        last = min(add_months(period_start(row.code), LENGTH[period] - 1), filters.until)
        assert row.count == _months_total(first, last), row.code
        assert row.previous == _months_total(add_months(first, -months), add_months(last, -months)), row.code
    assert sum(row.previous for row in table.rows) == _months_total(filters.previous().since,
                                                                    filters.previous().until)


def test_a_viewer_gets_whole_calendar_years_and_true_or_hidden_figures(viewer, monthly):
    """The protected release is published by calendar period: a viewer's two months become the whole year, the
    previous range the year before, and each figure is the true count or hidden."""
    filters = filters_for_scope(viewer, _filters(since=datetime.date(2024, 9, 1), until=datetime.date(2024, 10, 1),
                                                 period="year"))
    assert (filters.since, filters.until, filters.calendar_years) == (
        datetime.date(2024, 1, 1), datetime.date(2024, 12, 1), True)
    (row,) = dashboard_table(user=viewer, filters=filters, slug="over-time").rows
    true_2024 = sum(_in_month(datetime.date(2024, month, 1)) for month in range(1, 13))
    true_2023 = sum(_in_month(datetime.date(2023, month, 1)) for month in range(1, 13))
    assert row.code == "2024" and row.count in (true_2024, None) and row.previous in (true_2023, None)


def test_sub_themes_of_the_chosen_phenomenon_only(coordinator, reporter, data):
    accepted_observation(reporter, coordinator, phenomena=["homelessness", "livelihood.social_assistance"])
    assert "by-sub-theme" not in [t.slug for t in dashboard_tables(user=coordinator, filters=_filters())]
    table = dashboard_table(user=coordinator, filters=_filters(phenomenon="homelessness"), slug="by-sub-theme")
    assert {row.code: row.count for row in table.rows} == {"homelessness.hostels": 2}
    assert table.rows[0].label == "Hostels and temporary accommodation"


def test_county_comparison_for_national_users_with_county_names(national, data):
    tables = dashboard_tables(user=national, filters=_filters())
    slugs = [table.slug for table in tables]
    assert "by-county" in slugs and "by-municipality" not in slugs
    rows = {row.code: row for row in _table(tables, "by-county").rows}
    assert set(rows) == {"15", "06"}
    assert rows["15"].label == COUNTY_15
    assert rows["06"].suppressed  # one observation
    one = [table.slug for table in dashboard_tables(user=national, filters=_filters(county="15"))]
    assert "by-municipality" in one and "by-county" not in one


def test_county_comparison_for_a_viewer_of_two_counties(viewer, data):
    from rake.accounts import services as accounts

    organisation = accounts.organisation_get_or_create(name="Satakunnan hyvinvointialue (test)", county_code="06")
    accounts.membership_grant(user=viewer, organisation=organisation, role=Role.VIEWER)
    viewer = type(viewer).objects.get(pk=viewer.pk)
    slugs = [table.slug for table in dashboard_tables(user=viewer, filters=_filters())]
    assert "by-county" in slugs
    form = DashboardFilterForm({}, user=viewer)
    assert [code for code, _label in form.fields["county"].choices] == ["", "15", "06"]  # by name


# --- suppression -----------------------------------------------------------------------------------------

def test_viewer_sees_small_counts_suppressed_on_the_page(client_as, viewer, data):
    html = client_as(viewer).get(URL, YEAR_2025).content.decode()
    table = html.split('id="table-by-phenomenon"')[1].split("</section>")[0]
    assert '<td class="rake-number">..</td>' in table
    assert ">2<" not in table and ">6<" not in table
    assert "To protect privacy" in html
    assert "rake-chart__placeholder" in table and "rake-chart__bar" not in table
    assert f'<p class="rake-hint rake-hidden-legend">{LEGENDS["en"]}</p>' in table
    assert_no_bound_mark(html)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_hidden_counts_read_as_two_full_stops_with_the_legend_in_finnish_and_swedish(client_as, viewer, data,
                                                                                    language):
    client = client_as(viewer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    html = client.get(URL, YEAR_2025).content.decode()
    assert f'<html lang="{language}"' in html
    table = html.split('id="table-by-phenomenon"')[1].split("</section>")[0]
    assert '<td class="rake-number">..</td>' in table
    assert f'<p class="rake-hint rake-hidden-legend">{LEGENDS[language]}</p>' in table
    # The chart: no bar, the mark at the placeholder and the legend under it.
    chart = table.split("<svg")[1].split("</svg>")[0]
    assert "rake-chart__bar" not in chart and ">..</text>" in chart
    assert LEGENDS[language] in " ".join(re.findall(r">([^<>]*)</text>", chart))
    assert "“..”" in html or "”..”" in html  # the notice names the mark
    assert_no_bound_mark(html)


def test_a_table_with_nothing_hidden_has_no_legend(client_as, coordinator, data):
    html = client_as(coordinator).get(URL, YEAR_2025).content.decode()
    assert "rake-hidden-legend" not in html and LEGENDS["en"] not in html


def test_coordinator_sees_the_counts_unsuppressed(client_as, coordinator, data):
    html = client_as(coordinator).get(URL, YEAR_2025).content.decode()
    table = html.split('id="table-by-phenomenon"')[1].split("</section>")[0]
    assert '<td class="rake-number">..</td>' not in table and "rake-hidden-legend" not in table
    assert '<td class="rake-number">2</td>' in table and '<td class="rake-number">6</td>' in table
    assert "To protect privacy" not in html


def test_viewer_sees_large_counts_and_no_change_from_a_suppressed_previous(viewer, reporter, coordinator):
    plenty_of_observations(reporter, coordinator)
    for _ in range(3):  # 2024 has only three: hidden
        accepted_observation(reporter, coordinator, observed_on="2024-05-02")
    table = dashboard_table(user=viewer, filters=_filters(phenomenon="homelessness"), slug="by-polarity")
    (row,) = table.rows
    assert (row.count, row.previous, row.change, row.change_display) == (20, None, None, "—")
    assert row.previous_display == ".."


def test_viewer_download_is_suppressed_and_coordinator_download_is_not(client_as, viewer, coordinator, data):
    rows = _csv(client_as(viewer).get(download_url("by-phenomenon", "csv"), YEAR_2025))
    # Labels and months as people read them, no codes (those are in the API and the national exchange).
    assert rows[0] == ["Phenomenon", "Observations", "Previous period (January 2024 – December 2024)", "Change",
                       "Change %"]
    assert {row[0]: row[1] for row in rows[1:-2]} == {"Homelessness": "..", "Livelihood and financial situation": ".."}
    assert rows[-2:] == [[], [LEGENDS["en"]]]
    rows = _csv(client_as(coordinator).get(download_url("by-phenomenon", "csv"), YEAR_2025))
    assert rows[1:] == [["Homelessness", "6", "3", "3", "100"],
                        ["Livelihood and financial situation", "2", "0", "", ""]]


def test_xlsx_keeps_numbers_as_numbers_and_suppressed_as_text(client_as, viewer, coordinator, data):
    response = client_as(coordinator).get(download_url("by-phenomenon", "xlsx"), YEAR_2025)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Homelessness"] == (6, 3, 3, 100)
    response = client_as(viewer).get(download_url("by-phenomenon", "xlsx"), YEAR_2025)
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert {row[0]: row[1] for row in sheet.iter_rows(min_row=2, max_row=3, values_only=True)} == {
        "Homelessness": "..", "Livelihood and financial situation": ".."}
    assert sheet.max_row == 5 and sheet.cell(row=5, column=1).value == LEGENDS["en"]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_downloads_mark_hidden_counts_and_carry_the_legend_in_finnish_and_swedish(client_as, viewer, data,
                                                                                 language):
    client = client_as(viewer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    rows = _csv(client.get(download_url("by-phenomenon", "csv"), YEAR_2025))
    assert [row[1] for row in rows[1:-2]] == ["..", ".."]
    assert rows[-2:] == [[], [LEGENDS[language]]]
    assert_no_bound_mark(repr(rows))
    workbook = load_workbook(io.BytesIO(client.get(download_url("by-phenomenon", "xlsx"), YEAR_2025).content))
    values = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert [row[1] for row in values[1:3]] == ["..", ".."]
    assert values[3] == (None,) * 5 and values[4][0] == LEGENDS[language]
    about = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert about[-1][1].endswith(LEGENDS[language].removeprefix(".. = ") + ".")
    assert_no_bound_mark(repr(values) + repr(about))


# --- filters ---------------------------------------------------------------------------------------------

def test_filters_round_trip_in_the_url(client_as, coordinator, data):
    params = {"since": "2025-02", "until": "2025-07", "period": "quarter", "phenomenon": "homelessness",
              "county": "15"}
    response = client_as(coordinator).get(URL, params)
    html = response.content.decode()
    assert 'value="2025-02"' in html and 'value="2025-07"' in html
    assert '<option value="quarter" selected>' in html
    assert '<option value="homelessness" selected>' in html
    expected_query = "since=2025-02&amp;until=2025-07&amp;period=quarter&amp;county=15&amp;phenomenon=homelessness"
    assert f'{download_url("by-sub-theme", "csv")}?{expected_query}' in html
    filters = response.context["filters"]
    assert filters == DashboardFilters(since=datetime.date(2025, 2, 1), until=datetime.date(2025, 7, 1),
                                       period="quarter", county="15", phenomenon="homelessness")
    assert DashboardFilterForm(filters.query(), user=coordinator).filters() == filters



def test_a_viewers_form_shows_the_whole_years_the_page_shows(client_as, viewer, data):
    """The months asked for become whole calendar years for a protected role; the month fields, the notice and
    the downloads all say so. Without parameters, the defaults are widened the same way."""
    html = client_as(viewer).get(URL, {"since": "2025-02", "until": "2025-07"}).content.decode()
    assert 'value="2025-01"' in html and 'value="2025-12"' in html and 'value="2025-02"' not in html
    assert "so the figures cover the whole year 2025." in html
    assert f'{download_url("by-phenomenon", "csv")}?since=2025-01&amp;until=2025-12' in html
    since, until = default_range()
    html = client_as(viewer).get(URL).content.decode()
    assert f'value="{since:%Y}-01"' in html and f'value="{until:%Y}-12"' in html
    assert (f"whole years {since:%Y}–{until:%Y}." if since.year < until.year else f"whole year {until:%Y}.") in html


def test_a_month_with_an_error_stays_as_typed_for_a_viewer(client_as, viewer, data):
    response = client_as(viewer).get(URL, {"since": "2025-02", "until": "2025-1"})
    assert "until" in response.context["form"].errors
    html = response.content.decode()
    assert 'value="2025-02"' in html and 'value="2025-1"' in html

def test_defaults_are_the_last_twelve_full_months_by_month(client_as, coordinator):
    response = client_as(coordinator).get(URL)
    since, until = default_range()
    filters = response.context["filters"]
    assert (filters.since, filters.until, filters.period) == (since, until, "month")
    assert filters.months == 12 and until < datetime.date.today().replace(day=1)
    assert filters.county == "15"  # the coordinator's only county


@pytest.mark.parametrize("params, field", [
    ({"since": "2025-13"}, "since"),
    ({"since": "yesterday"}, "since"),
    ({"until": "2025-1"}, "until"),
    ({"since": "2025-06", "until": "2025-01"}, "until"),
    ({"since": "2001-01", "until": "2025-01"}, "until"),
    ({"period": "week"}, "period"),
    ({"phenomenon": "homelessness.hostels"}, "phenomenon"),
    ({"phenomenon": "x\x00"}, "phenomenon"),
    ({"county": "99"}, "county"),
    ({"since": "9999-01"}, "since"),
])
def test_invalid_filters_show_errors_and_the_defaults(client_as, coordinator, data, params, field):
    response = client_as(coordinator).get(URL, params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert "data-rake-error-summary" in html and f'href="#id_{field}"' in html
    filters = response.context["filters"]
    if field in ("since", "until"):
        assert (filters.since, filters.until) == default_range()
    assert client_as(coordinator).get(download_url("by-phenomenon", "csv"), params).status_code == 400


def test_a_viewer_cannot_pick_another_county(client_as, viewer, data):
    response = client_as(viewer).get(URL, {"county": "06", **YEAR_2025})
    assert response.status_code == 200
    assert "county" in response.context["form"].errors
    assert response.context["filters"].county == "15"
    assert [code for code, _label in response.context["form"].fields["county"].choices] == ["15"]
    tables = response.context["tables"]
    # County 15's municipalities only: 609 is in county 06.
    assert {row.code for row in _table(tables, "by-municipality").rows} == {"179", "077"}
    download = client_as(viewer).get(download_url("by-municipality", "csv"), {"county": "06", **YEAR_2025})
    assert download.status_code == 400
    assert download.content.decode() == "Check the filters of the dashboard."
    assert "Content-Disposition" not in download
    assert not AuditEntry.objects.filter(action="dashboard.download").exists()


# --- downloads -------------------------------------------------------------------------------------------

def test_download_file_name_and_audit(client_as, coordinator, data):
    response = client_as(coordinator).get(download_url("by-phenomenon", "csv"), {**YEAR_2025, "county": "15"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="rake-by-phenomenon-15-2025-01-2025-12.csv"'
    entry = AuditEntry.objects.get(action="dashboard.download")
    assert entry.actor_username == "coordinator"
    assert entry.object_id == "by-phenomenon"
    assert entry.detail == {"table": "by-phenomenon", "format": "csv", "suppressed": False,
                            "filters": {"since": "2025-01", "until": "2025-12", "period": "month", "county": "15"}}


def test_every_table_on_the_page_downloads(client_as, coordinator, data):
    client = client_as(coordinator)
    tables = client.get(URL, {**YEAR_2025, "phenomenon": "homelessness"}).context["tables"]
    assert len(tables) == 8
    for table in tables:
        for label, url in table.downloads:
            response = client.get(url)
            assert response.status_code == 200, url
    assert AuditEntry.objects.filter(action="dashboard.download").count() == 16


def test_download_of_a_table_that_does_not_apply_is_404(client_as, coordinator, viewer, data):
    client = client_as(coordinator)
    assert client.get(download_url("by-sub-theme", "csv"), YEAR_2025).status_code == 404
    assert client.get(download_url("by-county", "csv"), YEAR_2025).status_code == 404
    assert client.get(download_url("no-such-table", "csv"), YEAR_2025).status_code == 404
    assert client.get(download_url("by-phenomenon", "pdf"), YEAR_2025).status_code == 404
    assert not AuditEntry.objects.filter(action="dashboard.download").exists()


def test_formula_injection_in_a_label_is_neutralised_in_both_formats(client_as, coordinator, data):
    Phenomenon.objects.filter(code="homelessness").update(label_en='=HYPERLINK("http://example.com","x")')
    client = client_as(coordinator)
    rows = _csv(client.get(download_url("by-phenomenon", "csv"), YEAR_2025))
    assert rows[1][0] == "'=HYPERLINK(\"http://example.com\",\"x\")"
    response = client.get(download_url("by-phenomenon", "xlsx"), YEAR_2025)
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://example.com","x")'
    html = client.get(URL, YEAR_2025).content.decode()
    assert "=HYPERLINK(&quot;http://example.com&quot;" in html


def test_the_page_reads_the_statistics_in_a_bounded_number_of_queries(client_as, national, data, monkeypatch,
                                                                     django_assert_max_num_queries):
    """Two selector calls per table at most (the range and the one before), whatever the data; once the
    releases exist, a few queries per call."""
    from rake.analysis import dashboard

    calls = []
    original = dashboard.stats_answer
    monkeypatch.setattr(dashboard, "stats_answer", lambda **kwargs: calls.append(kwargs) or original(**kwargs))
    client = client_as(national)
    assert client.get(URL, {**YEAR_2025, "phenomenon": "homelessness"}).status_code == 200  # computes the releases
    calls.clear()
    with django_assert_max_num_queries(20 + 3 * 20):
        response = client.get(URL, {**YEAR_2025, "phenomenon": "homelessness"})
    assert response.status_code == 200
    assert len(calls) == 2 * len(response.context["tables"]) <= 20
    assert all(call["phenomenon"] == "homelessness" and call["period"] == "month" for call in calls)
    assert {(call["since"], call["until"]) for call in calls} == {
        (datetime.date(2025, 1, 1), datetime.date(2025, 12, 1)), (datetime.date(2024, 1, 1), datetime.date(2024, 12, 1))}

