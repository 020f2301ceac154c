"""The protected release's bookkeeping: versions raised by changes, refresh, windows as whole periods."""

import datetime

import pytest

from rake.analysis import release
from rake.analysis.models import ProtectedRelease, ReleaseVersion
from rake.analysis.tests.helpers import accepted_observation, plenty_of_observations


def _total(year):
    return release.protected_stats(counties={"15"}, since=datetime.date(year, 1, 1),
                                   until=datetime.date(year, 12, 1))["rows"]


def test_an_accept_raises_the_version_of_its_county_year_only(reporter, coordinator):
    accepted_observation(reporter, coordinator, observed_on="2025-03-02")
    accepted_observation(reporter, coordinator, observed_on="2025-04-02")
    accepted_observation(reporter, coordinator, observed_on="2024-04-02")
    versions = dict(((county, year), n) for county, year, n in
                    ReleaseVersion.objects.values_list("county_code", "year", "count"))
    assert versions == {("15", 2025): 2, ("15", 2024): 1}


def test_the_answer_follows_a_change_once_the_refresh_time_has_passed(reporter, coordinator, settings):
    plenty_of_observations(reporter, coordinator)
    assert _total(2025) == [{"count": 30, "suppressed": False}]
    settings.RAKE_RELEASE_REFRESH_SECONDS = 0  # 0: an out-of-date release is computed on the read itself
    accepted_observation(reporter, coordinator, observed_on="2025-06-02")
    assert _total(2025) == [{"count": 31, "suppressed": False}]


def _api_total(client, year):
    response = client.get("/api/v1/stats/observations", {"county": "15", "since": f"{year}-01", "until": f"{year}-12"})
    assert response.status_code == 200
    return response.json()["rows"]


def test_an_old_out_of_date_release_is_served_as_stored_and_computed_after_the_response(
        reporter, coordinator, viewer, client_as, settings):
    plenty_of_observations(reporter, coordinator)
    client = client_as(viewer)
    assert _api_total(client, 2025) == [{"count": 30, "suppressed": False}]
    settings.RAKE_RELEASE_REFRESH_SECONDS = 3600
    accepted_observation(reporter, coordinator, observed_on="2025-06-02")
    assert _api_total(client, 2025) == [{"count": 30, "suppressed": False}]  # young: served as it is
    assert not release._due
    ProtectedRelease.objects.update(computed_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    # Old and out of date: this reader is not kept waiting for the computation ...
    assert release.protected_stats(counties={"15"}, since=datetime.date(2025, 1, 1),
                                   until=datetime.date(2025, 12, 1))["rows"] == [{"count": 30, "suppressed": False}]
    assert release._due == {("15", 2025)}
    # ... which the request's end runs: a request ends with the computation done.
    release._due.clear()
    ProtectedRelease.objects.update(computed_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    assert _api_total(client, 2025) == [{"count": 30, "suppressed": False}]
    assert not release._due
    assert ProtectedRelease.objects.get(year=2025).version == ReleaseVersion.objects.get(year=2025).count
    assert _api_total(client, 2025) == [{"count": 31, "suppressed": False}]


def test_a_refresh_is_claimed_once_and_a_failed_one_keeps_the_stored_release(
        reporter, coordinator, viewer, client_as, settings, monkeypatch, caplog):
    plenty_of_observations(reporter, coordinator)
    client = client_as(viewer)
    assert _api_total(client, 2025) == [{"count": 30, "suppressed": False}]
    settings.RAKE_RELEASE_REFRESH_SECONDS = 3600
    accepted_observation(reporter, coordinator, observed_on="2025-06-02")
    ProtectedRelease.objects.update(computed_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))

    def failing(county, year, **_kwargs):
        raise RuntimeError("solver gone")
    monkeypatch.setattr(release, "compute_release", failing)
    assert _api_total(client, 2025) == [{"count": 30, "suppressed": False}]
    assert "computing the protected release of county 15, 2025 failed" in caplog.text
    # The claim moved the release's time on: the next reads serve it without claiming it again.
    assert _api_total(client, 2025) == [{"count": 30, "suppressed": False}]
    assert caplog.text.count("failed") == 1
    assert ProtectedRelease.objects.get(year=2025).version != ReleaseVersion.objects.get(year=2025).count


def test_a_release_made_with_another_threshold_is_computed_again(reporter, coordinator, settings):
    plenty_of_observations(reporter, coordinator)
    settings.RAKE_RELEASE_REFRESH_SECONDS = 3600
    assert _total(2025) == [{"count": 30, "suppressed": False}]
    settings.RAKE_SUPPRESSION_THRESHOLD = 40
    assert _total(2025) == [{"count": None, "suppressed": True}]


@pytest.mark.parametrize(("since", "until", "grains", "pieces"), [
    ("2025-01", "2025-12", ("year",), ["2025"]),
    ("2024-01", "2025-12", ("year",), ["2024", "2025"]),
    ("2025-01", "2025-11", ("year",), None),
    ("2025-01", "2025-11", release.TIME_SERIES, ["2025H1", "2025Q3", "2025-10", "2025-11"]),
    ("2025-02", "2025-04", release.TIME_SERIES, ["2025-02", "2025-03", "2025-04"]),
    ("2025-04", "2025-09", ("quarter",), ["2025Q2", "2025Q3"]),
    ("2025-05", "2025-09", ("quarter",), None),
])
def test_a_window_is_answered_by_whole_periods_the_longest_first(since, until, grains, pieces):
    def month(text):
        return datetime.date(int(text[:4]), int(text[5:]), 1)
    assert release.window_pieces(month(since), month(until), grains) == pieces


def test_refresh_computes_only_what_is_missing_or_out_of_date(reporter, coordinator):
    accepted_observation(reporter, coordinator, observed_on="2025-03-02")
    accepted_observation(reporter, coordinator, observed_on="2024-03-02")
    assert release.refresh_releases() == 2
    assert release.refresh_releases() == 0
    accepted_observation(reporter, coordinator, observed_on="2025-04-02")
    assert release.refresh_releases() == 1
    assert set(ProtectedRelease.objects.values_list("year", "observations")) == {(2024, 1), (2025, 2)}
    assert release.refresh_releases(every=True) == 2


def test_reading_a_year_without_observations_stores_nothing(reporter, coordinator):
    accepted_observation(reporter, coordinator, observed_on="2025-03-02")
    assert _total(2023) == []
    assert not ProtectedRelease.objects.filter(year=2023).exists()
    assert list(ProtectedRelease.objects.values_list("year", flat=True)) == []  # 2023's read wrote nothing
    assert _total(2025) == [{"count": None, "suppressed": True}]
    assert list(ProtectedRelease.objects.values_list("year", flat=True)) == [2025]


def test_a_county_year_without_observations_is_answered_empty_without_counting(reporter, coordinator, monkeypatch):
    """A read of years or counties with no counted observation (a previous period before the data began, a
    county without users) asks the rollup's index once, and computes no release (issue 14: a national page
    counted 154 empty county-years, 43 s at 1 M observations)."""
    accepted_observation(reporter, coordinator, observed_on="2025-04-02")
    computed = []
    real = release.compute_release
    monkeypatch.setattr(release, "compute_release", lambda *args, **kwargs: computed.append(args) or real(*args, **kwargs))
    cells = release.releases_cells([("15", 2025), ("15", 2023), ("06", 2025)])
    assert computed == [("15", 2025)]
    assert cells[("15", 2023)] == {} and cells[("06", 2025)] == {} and cells[("15", 2025)]
