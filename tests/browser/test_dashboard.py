"""The dashboard in a real browser: a viewer of two counties filters by phenomenon and county, sees the
filtered table, downloads it as CSV, and axe finds no violation; the viewer reads in Finnish and Swedish that
the statistics cover whole calendar years, and the form shows those years; the page fits 390 and 320 px screens,
its wide tables scrolling in labelled, focusable regions."""

import csv
import io
import re

import pytest

from rake.accounts import services as accounts
from rake.accounts.models import Role
from rake.analysis.dashboard import default_range
from rake.analysis.tests.helpers import LEGENDS, accepted_observation

from tests.browser.helpers import click_and_load, log_in, member

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
    assert cells[0] == "Asunnottomuus" and cells[1] == "7"  # the label, not the code
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
    assert rows[1] == ["Asunnottomuus", "7", "0", "", ""]


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


# The calendar-years notice of a protected role, as a Finnish and a Swedish reader sees it.
CALENDAR_YEARS = {
    "fi": ("Nämä tilastot julkaistaan kalenterivuosittain, joten luvut kattavat kokonaiset vuodet {since}–{until}.",
           "Nämä tilastot julkaistaan kalenterivuosittain, joten luvut kattavat koko vuoden {until}."),
    "sv": ("Denna statistik publiceras per kalenderår, så siffrorna gäller hela åren {since}–{until}.",
           "Denna statistik publiceras per kalenderår, så siffrorna gäller hela året {until}."),
}


def calendar_years_notice(language, since, until):
    several, one = CALENDAR_YEARS[language]
    return (several if since < until else one).format(since=since, until=until)


def test_viewer_reads_in_finnish_and_swedish_that_the_figures_cover_whole_years(viewer, new_page,
                                                                                 assert_accessible):
    """The default range (the last twelve full months) is widened to the calendar years it touches: the notice,
    the month fields, the tables' captions and the downloads all give those years, in either language."""
    since, until = (month.year for month in default_range())
    page = new_page("fi")
    log_in(page, "viewer")
    page.goto("/analysis/dashboard/?period=quarter")
    for language in ("fi", "sv"):
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator(".rake-calendar-years").inner_text() == calendar_years_notice(language, since, until)
        assert (page.input_value("#id_since"), page.input_value("#id_until")) == (f"{since}-01", f"{until}-12")
        # The months by name: "tammikuu 2025 – joulukuu 2026", "januari 2025 – december 2026".
        assert page.locator("#caption-by-phenomenon").inner_text().endswith(
            {"fi": f"tammikuu {since} – joulukuu {until}", "sv": f"januari {since} – december {until}"}[language])
        assert page.locator("#table-by-phenomenon a[href*='.csv']").get_attribute("href").endswith(
            f"since={since}-01&until={until}-12&period=quarter")
        assert page.locator("#table-by-phenomenon .rake-hidden-legend").inner_text() == LEGENDS[language]
        assert_accessible(page, f"the viewer's dashboard ({language})")
        if language == "fi":  # the header's language switch keeps the page and its filters
            page.select_option("#rake-language-select", "sv")
            click_and_load(page, "form.rake-language button[type=submit]")
            assert page.url.endswith("/analysis/dashboard/?period=quarter")


def test_viewers_dashboard_fits_a_390px_screen(viewer, new_page, assert_accessible):
    """A phone held upright: the document never scrolls sideways; a table wider than the screen scrolls in a
    region named by its caption, which the keyboard reaches and which shows its focus, and the caption stays
    on the screen."""
    page = new_page("sv", width=390, height=844)
    log_in(page, "viewer")
    page.goto("/analysis/dashboard/?county=15")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the dashboard scrolls sideways at 390 px by {overflow} px"
    assert page.locator(".rake-calendar-years").is_visible()
    regions = page.locator(".hds-table-container")
    assert regions.count() >= 5
    wide = 0
    for index in range(regions.count()):
        region = regions.nth(index)
        if not region.evaluate("element => element.scrollWidth > element.clientWidth"):
            continue
        wide += 1
        assert (region.get_attribute("role"), region.get_attribute("tabindex")) == ("region", "0")
        caption = page.locator(f"#{region.get_attribute('aria-labelledby')}")
        assert caption.inner_text().strip()
        box = caption.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, caption.inner_text()
    assert wide, "no table is wider than 390 px: the test no longer checks the scroll regions"
    page.locator("#table-by-phenomenon .rake-dashboard-downloads a").last.focus()  # then the next table's region
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const element = document.activeElement;
        return [element.getAttribute('aria-labelledby'), getComputedStyle(element).outlineStyle]; }""")
    assert focused[0].startswith("caption-") and focused[1] != "none"
    body = page.locator("#table-by-phenomenon tbody").inner_text()
    assert ".." in body and "<" not in body
    assert page.locator("#table-by-phenomenon .rake-hidden-legend").inner_text() == LEGENDS["sv"]
    assert_accessible(page, "the viewer's dashboard at 390 px")


@pytest.fixture
def sparse_viewer():
    """A viewer of Keski-Suomi, whose last full year has three observations a month (no month reaches 5, each
    quarter does): homelessness with twelve on institutions and 2 + 2 + 3 on three small sub-themes."""
    year = default_range()[1].year - 1
    organisation = accounts.organisation_get_or_create(name="Keski-Suomen hyvinvointialue (test)", county_code="15")
    reporter = member("worker15", organisation, Role.REPORTER)
    coordinator = member("coordinator15", organisation, Role.COORDINATOR)
    themes = [["homelessness.institutions"]] * 12 + [["homelessness.hostels"]] * 2 + \
        [["homelessness.eviction_threat"]] * 2 + [["homelessness.rough_sleeping"]] * 3
    themes += [["livelihood"]] * (36 - len(themes))
    for index, phenomena in enumerate(themes):
        accepted_observation(reporter, coordinator, county="15", phenomena=phenomena,
                             observed_on=f"{year}-{index // 3 + 1:02d}-{index % 3 + 10}")
    member("viewer", organisation, Role.VIEWER)
    return year


@pytest.mark.parametrize("language, width, other, note", [
    ("fi", 1280, "Muut alateemat", "Jaolla ”Kuukausi” suurin osa luvuista olisi piilotettu"),
    ("sv", 390, "Övriga underteman", "Per ”Månad” skulle de flesta talen vara dolda"),
])
def test_a_mostly_hidden_table_is_shown_coarser_and_says_so(sparse_viewer, new_page, assert_accessible, language,
                                                             width, other, note):
    page = new_page(language, width=width, height=900)
    log_in(page, "viewer")
    page.goto(f"/analysis/dashboard/?since={sparse_viewer}-01&until={sparse_viewer}-12&period=month"
              "&phenomenon=homelessness")
    assert page.locator("#table-over-time tbody tr").count() == 4  # quarters, not months
    assert page.locator("#table-over-time .rake-coarser-note").inner_text().startswith(note)
    sub_themes = page.locator("#table-by-sub-theme tbody").inner_text()
    assert other in sub_themes and ".." not in sub_themes
    assert page.locator("#table-by-sub-theme .rake-coarser-note").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the dashboard scrolls sideways at {width} px by {overflow} px"
    assert_accessible(page, f"a coarser dashboard ({language}, {width} px)")
