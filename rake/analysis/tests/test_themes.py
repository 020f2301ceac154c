"""Keywords per phenomenon and period, emerging themes, the observations behind them and the page."""

import datetime
import math
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.analysis import keywords, themes
from rake.analysis.counts import upsert_counts
from rake.analysis.models import ALL, TermCount
from rake.core.dates import add_months, today
from rake.core.errors import PermissionDenied
from rake.observations.models import Observation, Status
from rake.observations.tests.factories import ObservationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def test_windows_are_the_last_full_months_and_the_months_before():
    span = themes.windows(recent_months=3, baseline_months=12, today=TODAY)
    assert (span.baseline_start, span.recent_start, span.recent_end) == (
        datetime.date(2025, 8, 1), datetime.date(2026, 8, 1), datetime.date(2026, 11, 1))
    assert (span.recent_last, span.baseline_last) == (datetime.date(2026, 10, 1), datetime.date(2026, 7, 1))
    assert add_months(datetime.date(2026, 1, 31), -1) == datetime.date(2025, 12, 1)


def test_g_squared_matches_the_entropy_form_and_is_zero_for_equal_rates():
    def entropy(*counts):
        return -sum(c * math.log(c / sum(counts)) for c in counts if c)

    a, n1, b, n2 = 30, 200, 40, 1200
    expected = 2 * (entropy(a + b, n1 + n2 - a - b) + entropy(n1, n2) - entropy(a, n1 - a, b, n2 - b))
    assert themes.g_squared(a, n1, b, n2) == pytest.approx(expected)
    assert themes.g_squared(10, 100, 120, 1200) == pytest.approx(0.0, abs=1e-9)
    assert themes.g_squared(0, 0, 5, 100) == 0.0


def _counts(county, phenomenon, month, total, **terms):
    upsert_counts(TermCount, {(county, phenomenon, month, ALL): total,
                              **{(county, phenomenon, month, term): n for term, n in terms.items()}})


@pytest.fixture
def synthetic(db):
    """100 observations a month in county 15; "rising" jumps from 2 to 25 a month in the recent window,
    "steady" stays at 20, "rare" appears a few times only. County 06 has a rising term of its own."""
    span = themes.windows(today=TODAY)
    month = span.baseline_start
    while month < span.recent_end:
        recent = month >= span.recent_start
        _counts("15", ALL, month, 100, rising=25 if recent else 2, steady=20, rare=1 if recent else 0)
        _counts("06", ALL, month, 100, other=30 if recent else 1, steady=20)
        month = add_months(month, 1)
    return span


def test_a_jumping_term_emerges_and_a_steady_one_does_not(synthetic):
    emerging = themes.emerging_themes(counties=["15"], today=TODAY)
    assert [theme.term for theme in emerging.themes] == ["rising"]
    theme = emerging.themes[0]
    assert (emerging.recent_observations, emerging.baseline_observations) == (300, 1200)
    assert (theme.recent, theme.baseline) == (75, 24)
    assert theme.recent_rate == pytest.approx(25.0)
    assert theme.baseline_rate == pytest.approx(2.0)
    assert theme.ratio == pytest.approx(12.5)
    assert theme.score == pytest.approx(themes.g_squared(75, 300, 24, 1200))
    # The other county's term is not in this county's themes, but both counties together see both.
    together = themes.emerging_themes(counties=["15", "06"], today=TODAY)
    assert {theme.term for theme in together.themes} == {"rising", "other"}


def test_no_theme_without_a_baseline(db):
    _counts("15", ALL, datetime.date(2026, 10, 1), 50, new=40)
    emerging = themes.emerging_themes(counties=["15"], today=TODAY)
    assert emerging.themes == [] and emerging.baseline_observations == 0


def test_a_rise_below_the_minimum_count_is_not_a_theme(db):
    span = themes.windows(today=TODAY)
    _counts("15", ALL, span.baseline_start, 1000, tiny=0, steady=1)
    _counts("15", ALL, span.recent_start, 10, tiny=4, steady=1)
    with override_settings(RAKE_SUPPRESSION_THRESHOLD=3):
        assert themes.emerging_themes(counties=["15"], today=TODAY, min_recent=5).themes == []
        assert [t.term for t in themes.emerging_themes(counties=["15"], today=TODAY, min_recent=4).themes] == ["tiny"]


def test_keywords_by_phenomenon_hide_terms_under_the_threshold(db):
    month = datetime.date(2026, 9, 1)
    _counts("15", ALL, month, 20, yömaja=5, velka=4)
    _counts("15", "homelessness", month, 8, yömaja=5)
    _counts("15", "livelihood", month, 12, velka=4)
    _counts("15", ALL, datetime.date(2026, 12, 1), 9, myöhemmin=9)  # outside the period
    with override_settings(RAKE_SUPPRESSION_THRESHOLD=5):
        rows = themes.keywords_by_phenomenon(counties=["15"], since=month, until=datetime.date(2026, 11, 1))
        assert [row.phenomenon for row in rows] == [ALL, "homelessness", "livelihood"]
        assert [(k.term, k.count, k.share) for k in rows[0].keywords] == [("yömaja", 5, 0.25)]
        assert rows[1].observations == 8 and rows[1].keywords[0].share == pytest.approx(5 / 8)
        assert rows[2].keywords == []
    with override_settings(RAKE_SUPPRESSION_THRESHOLD=4):
        only = themes.keywords(counties=["15"], since=month, until=datetime.date(2026, 11, 1),
                               phenomenon="livelihood")
        assert [(k.term, k.count) for k in only.keywords] == [("velka", 4)]


# --- With real observations ----------------------------------------------------------------------

def _recent_day(months_back=1):
    return add_months(today().replace(day=1), -months_back) + datetime.timedelta(days=9)


@pytest.fixture
def texts(reporter):
    """Accepted observations of county 15: yömaja and "hätämajoitus" rise together in the recent window."""
    made = {"recent": [], "baseline": []}
    for n in range(6):
        made["recent"].append(ObservationFactory(
            reporter=reporter, status=Status.ACCEPTED, observed_on=_recent_day(1 + n % 3).isoformat(),
            description=f"Yömaja on täynnä ja hätämajoitusta ei ole ({n}).", phenomena=["homelessness"]))
    for n in range(12):
        made["baseline"].append(ObservationFactory(
            reporter=reporter, status=Status.ACCEPTED, observed_on=_recent_day(4 + n).isoformat(),
            description=f"Toimeentulotuen päätökset viivästyvät ({n}).", phenomena=["livelihood"]))
    made["other"] = ObservationFactory(reporter=reporter, status=Status.ACCEPTED,
                                       observed_on=_recent_day(1).isoformat(),
                                       description="Velkaneuvontaan on pitkä jono.", phenomena=["livelihood"])
    made["submitted"] = ObservationFactory(reporter=reporter, observed_on=_recent_day(1).isoformat(),
                                           description="Yömaja on täynnä taas.", phenomena=["homelessness"])
    keywords.rebuild()
    return made


def test_emerging_themes_and_their_clusters_from_real_texts(texts):
    emerging = themes.emerging_themes(counties=["15"], min_recent=5)
    terms = [theme.term for theme in emerging.themes]
    assert {"yömaja", "hätämajoitus"} <= set(terms)
    assert "toimeentulotuki" not in terms
    span = emerging.windows
    observed = themes.window_terms(county="15", phenomenon=ALL, since=span.recent_start, until=span.recent_end)
    themes.cluster(emerging.themes, observed)
    by_term = {theme.term: theme for theme in emerging.themes}
    assert "hätämajoitus" in by_term["yömaja"].related
    assert "yömaja" in by_term["hätämajoitus"].related


def test_the_observations_behind_a_theme(texts, reporter, coordinator, other_coordinator, analyst):
    inflected = ObservationFactory(reporter=reporter, status=Status.ACCEPTED, observed_on=_recent_day(2).isoformat(),
                                   description="Asiakas nukkui yömajassa kolme yötä.", phenomena=["homelessness"])
    span = themes.windows()
    found = themes.theme_observations(user=coordinator, county="15", phenomenon=ALL, term="yömaja",
                                      since=span.recent_start, until=span.recent_end)
    # Inflected forms count ("Yömaja" and "yömajassa" alike); the submitted one is not counted.
    assert inflected.pk in found
    assert set(found) == {o.pk for o in texts["recent"]} | {inflected.pk} and found.complete
    assert not themes.theme_observations(user=coordinator, county="15", phenomenon=ALL, term="yömaja",
                                         since=span.recent_start, until=span.recent_end, limit=2).complete
    assert themes.theme_observations(user=coordinator, county="15", phenomenon="livelihood", term="yömaja",
                                     since=span.recent_start, until=span.recent_end) == []
    for user in (other_coordinator, analyst):
        with pytest.raises(PermissionDenied):
            themes.theme_observations(user=user, county="15", phenomenon=ALL, term="yömaja",
                                      since=span.recent_start, until=span.recent_end)


# --- The page ------------------------------------------------------------------------------------

URL = reverse("analysis:themes")


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", ["reporter", "analyst", "viewer", "national", "rake_admin"])
def test_only_coordinators_see_the_page(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403


def test_the_page_shows_themes_keywords_and_the_observations_behind_a_term(client, coordinator, texts):
    client.force_login(coordinator)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Emerging themes" in page and "Keywords by phenomenon" in page
    # One row per cluster: the compound and its parts rose together in the same observations.
    clusters = response.context["clusters"]
    assert len(clusters) == 1
    assert {theme.term for theme in clusters[0]} >= {"hätämajoitus", "yömaja"}
    assert f'<th scope="row">{clusters[0][0].term}</th>' in page
    assert "?term=y%C3%B6maja" in page or "?term=yömaja" in page
    assert '<th scope="col">' in page and "<caption" in page
    assert "toimeentulotuki" not in re.search(r'id="emerging-caption".*?</table>', page, re.S).group(0)

    response = client.get(URL, {"term": "yömaja"}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "Observations with “yömaja”" in page
    for observation in texts["recent"]:
        assert reverse("observations:detail", args=[observation.pk]) in page
    for observation in (texts["other"], texts["submitted"], *texts["baseline"]):
        assert f'href="{reverse("observations:detail", args=[observation.pk])}"' not in page


def test_the_page_stays_in_the_coordinators_own_county(client, texts):
    outsider = MemberFactory(username="c06", role=Role.COORDINATOR, county="06")
    client.force_login(outsider)
    response = client.get(URL, {"county": "15", "term": "yömaja"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["county"] == "06"
    assert response.context["clusters"] == []
    page = response.content.decode()
    for observation in texts["recent"]:
        assert reverse("observations:detail", args=[observation.pk]) not in page


def test_empty_states(client, coordinator):
    client.force_login(coordinator)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "There are not enough accepted observations in both periods to compare them." in page
    assert "There are no accepted observations in the recent period." in page


def test_invalid_filters_fall_back_to_the_defaults_with_a_message(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL, {"recent": "0", "baseline": "x", "phenomenon": "nope"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["emerging"].windows == themes.windows()
    assert response.context["phenomenon"] == ALL
    assert response.context["form"].errors.keys() == {"recent", "baseline", "phenomenon"}


def test_names_never_appear_on_the_page(client, coordinator, reporter):
    for n in range(6):
        observation = ObservationFactory(reporter=reporter, status=Status.ACCEPTED,
                                         observed_on=_recent_day(1).isoformat(),
                                         description="Yömaja on täynnä.", phenomena=["homelessness"])
        # As if the reporter had acknowledged the names the privacy guard found.
        Observation.objects.filter(pk=observation.pk).update(
            description=f"Asiakas Matti Virtanen kertoi, että yömaja Jyväskylässä on täynnä ({n}).")
    keywords.rebuild()
    assert not TermCount.objects.filter(term__in=["matti", "virtanen", "jyväskylä"]).exists()
    client.force_login(coordinator)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode().lower()
    assert "yömaja" in page
    assert "virtanen" not in page and "matti" not in page and "jyväskylä" not in page
