"""The dashboard in a real browser: a viewer of two counties filters by phenomenon and county, sees the
filtered table, downloads it as CSV, and axe finds no violation; the page also fits a 320 px screen."""

import csv
import io
import re

import pytest

from rake.accounts import services as accounts
from rake.accounts.models import Role
from rake.analysis.dashboard import default_range
from rake.analysis.tests.helpers import accepted_observation

from tests.browser.helpers import log_in, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def viewer():
    """A viewer in Keski-Suomi (15) and Satakunta (06). In the default range, county 15 has seven
    homelessness and two livelihood observations, county 06 six homelessness and one livelihood."""
    observed_on = default_range()[0].replace(day=15)
    keski_suomi = accounts.organisation_get_or_create(name="Keski-Suomen hyvinvointialue (test)", county_code="15")
    satakunta = accounts.organisation_get_or_create(name="Satakunnan hyvinvointialue (test)", county_code="06")
    for county, organisation, homelessness, livelihood in (("15", keski_suomi, 7, 2), ("06", satakunta, 6, 1)):
        reporter = member(f"worker{county}", organisation, Role.REPORTER)
        coordinator = member(f"coordinator{county}", organisation, Role.COORDINATOR)
        for phenomenon, count in (("homelessness", homelessness), ("livelihood", livelihood)):
            for _ in range(count):
                accepted_observation(reporter, coordinator, county=county, observed_on=observed_on.isoformat(),
                                     phenomena=[phenomenon])
    user = member("viewer", keski_suomi, Role.VIEWER)
    accounts.membership_grant(user=user, organisation=satakunta, role=Role.VIEWER)
    return user


def test_viewer_filters_the_dashboard_and_downloads_a_table(viewer, new_page, assert_accessible):
    page = new_page("fi")
    log_in(page, "viewer")
    page.goto("/analysis/dashboard/")
    assert page.locator("h1").count() == 1
    assert page.locator("#table-by-county").count() == 1  # two counties: the comparison is there
    assert_accessible(page, "dashboard")

    page.select_option("#id_county", "15")
    page.select_option("#id_phenomenon", "homelessness")
    page.click("form.rake-filters button[type=submit]")
    page.wait_for_url(re.compile(r"phenomenon=homelessness"))
    assert "county=15" in page.url

    rows = page.locator("#table-by-phenomenon tbody tr")
    assert rows.count() == 1
    cells = rows.first.locator("td, th").all_inner_texts()
    assert cells[0] == "homelessness" and cells[2] == "7"
    assert page.locator("#table-by-county").count() == 0
    assert page.locator("#table-by-municipality").count() == 1
    assert page.locator("#table-by-sub-theme").count() == 1
    assert page.locator("#chart-by-phenomenon[role=img]").count() == 1
    assert "7" in page.locator("#summary-by-phenomenon").inner_text()
    assert_accessible(page, "dashboard filtered by county and phenomenon")

    with page.expect_download() as download_info:
        page.locator("#table-by-phenomenon a[href*='by-phenomenon.csv']").click()
    download = download_info.value
    since, until = default_range()
    # A viewer's statistics are published by calendar year: the range is widened to whole years.
    assert download.suggested_filename == (
        f"rake-by-phenomenon-15-homelessness-{since:%Y}-01-{until:%Y}-12.csv")
    content = open(download.path(), "rb").read()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][0] == "homelessness" and rows[1][2:] == ["7", "0", "", ""]


def test_dashboard_fits_a_320px_screen(viewer, new_page, assert_accessible):
    page = new_page("fi", width=320, height=640)
    log_in(page, "viewer")
    page.goto("/analysis/dashboard/?county=06")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the dashboard scrolls sideways at 320 px by {overflow} px"
    # Small counts of the viewer's table are hidden, and the chart marks them without a bar.
    body = page.locator("#table-by-phenomenon tbody").inner_text()
    assert body.count("..") >= 1 and "<" not in body
    assert page.locator("#table-by-phenomenon .rake-hidden-legend").inner_text() == (
        ".. = pieni luku tai sen suojaamiseksi piilotettu")
    assert_accessible(page, "dashboard at 320 px")
