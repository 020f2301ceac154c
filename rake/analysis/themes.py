"""Keywords per phenomenon and period, and emerging themes, for a county's coordinators (DESIGN §4.4).

Everything but the observations behind a theme is read from the keyword counts (`TermCount`,
rake/analysis/keywords.py): counted observations per county × month × phenomenon × term, with the term
ALL holding the number of counted observations. Sums over counties and months never count an
observation twice (it has one county and one month), so shares and rates are exact.

Privacy: a term is shown only when at least `settings.RAKE_SUPPRESSION_THRESHOLD` distinct observations
in the shown scope (counties, phenomenon, period) contain it; names and places never become terms.

Emerging themes. The recent window is the last `recent_months` full months (the current month is not
over yet), the baseline the `baseline_months` months before it. For a term, with
    a = recent observations containing it,    n1 = all counted recent observations,
    b = baseline observations containing it,  n2 = all counted baseline observations,
the 2 × 2 table [[a, n1 − a], [b, n2 − b]] is tested with the log-likelihood ratio (Dunning 1993)
    G² = 2 · Σ O · ln(O / E)   over the four cells, E = row total × column total / (n1 + n2),
which follows a χ² distribution with one degree of freedom when both windows share one rate. A term is
emerging when its rate rose (a / n1 > b / n2), G² ≥ 10.83 (p < 0.001: strict, because hundreds of terms
are tested at once) and a ≥ max(MIN_RECENT, threshold). The change is the ratio of the rates,
(a / n1) / (max(b, ½) / n2), so a term new in the recent window has a finite ratio. Themes are sorted
by G², strongest first.

Clusters: emerging terms that occur in largely the same recent observations (Jaccard overlap of their
observation sets ≥ CLUSTER_JACCARD) are grouped greedily, strongest term first; each theme lists the
terms grouped with it. The sets come from lemmatising the newest CLUSTER_SCAN texts of the recent window
on demand (a sample is enough for an overlap); the observations behind a theme scan the whole window
(at most MAX_SCAN observations). Texts' terms are cached per process, so a repeated scan is fast.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, Sum

from rake.core import dates
from rake.core.dates import add_months
from rake.core.errors import PermissionDenied
from rake.observations.models import Observation

from .keywords import TEXT_FIELDS, TOTAL, text_terms
from .models import ALL, TermCount
from .rollups import COUNTED_STATUSES

DEFAULT_RECENT_MONTHS = 3
DEFAULT_BASELINE_MONTHS = 12
MIN_RECENT = 5
CRITICAL_G2 = 10.83  # χ², 1 degree of freedom, p = 0.001
CLUSTER_JACCARD = 0.5
MAX_SCAN = 20_000
CLUSTER_SCAN = 3_000  # clusters are estimated from the newest recent observations


@dataclass(frozen=True)
class Windows:
    baseline_start: datetime.date
    recent_start: datetime.date  # also the end (exclusive) of the baseline
    recent_end: datetime.date  # exclusive: the first day of the current month

    @property
    def recent_last(self):
        """The first day of the recent window's last month (for display)."""
        return add_months(self.recent_end, -1)

    @property
    def baseline_last(self):
        return add_months(self.recent_start, -1)


def windows(*, recent_months=DEFAULT_RECENT_MONTHS, baseline_months=DEFAULT_BASELINE_MONTHS, today=None):
    """The recent window (the last full months) and the baseline before it."""
    this_month = (today or dates.today()).replace(day=1)
    recent_start = add_months(this_month, -recent_months)
    return Windows(add_months(recent_start, -baseline_months), recent_start, this_month)


def suppression_threshold():
    """The smallest number of observations a shown term must occur in."""
    return settings.RAKE_SUPPRESSION_THRESHOLD


def _threshold(threshold):
    return suppression_threshold() if threshold is None else threshold


def _term_counts(*, counties, phenomenon, since, until):
    return TermCount.objects.filter(county_code__in=sorted(counties), phenomenon=phenomenon, month__gte=since,
                                    month__lt=until)


# --- Keywords -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Keyword:
    term: str
    count: int  # observations containing the term
    share: float  # of the scope's observations, 0…1

    @property
    def percent(self):
        return 100 * self.share


@dataclass(frozen=True)
class PhenomenonKeywords:
    phenomenon: str  # national code or ALL
    observations: int  # counted observations in the scope
    keywords: list


def keywords_by_phenomenon(*, counties, since, until, phenomena=None, limit=10, threshold=None):
    """The top `limit` keywords of counted observations observed in [since, until) in the counties, for all
    phenomena together (ALL) and for each national phenomenon with observations (or only those given),
    each with its count and share. Terms found in fewer than `threshold` observations are left out."""
    threshold = _threshold(threshold)
    rows = TermCount.objects.filter(county_code__in=sorted(counties), month__gte=since, month__lt=until)
    if phenomena is not None:
        rows = rows.filter(phenomenon__in=list(phenomena))
    sums = rows.order_by().values_list("phenomenon", "term").annotate(n=Sum("count"))
    totals, terms = {}, {}
    for phenomenon, term, n in sums:
        if term == TOTAL:
            totals[phenomenon] = n
        elif n >= max(threshold, 1):
            terms.setdefault(phenomenon, []).append((term, n))
    result = []
    for phenomenon in sorted(totals, key=lambda code: (code != ALL, code)):
        total = totals[phenomenon]
        top = sorted(terms.get(phenomenon, ()), key=lambda item: (-item[1], item[0]))[:limit]
        result.append(PhenomenonKeywords(phenomenon, total, [Keyword(term, n, n / total) for term, n in top]))
    return result


def keywords(*, counties, since, until, phenomenon=ALL, limit=20, threshold=None):
    """The top keywords for one phenomenon (or ALL) and period; see keywords_by_phenomenon."""
    found = keywords_by_phenomenon(counties=counties, since=since, until=until, phenomena=[phenomenon],
                                   limit=limit, threshold=threshold)
    return found[0] if found else PhenomenonKeywords(phenomenon, 0, [])


# --- Emerging themes ------------------------------------------------------------------------------

@dataclass
class Theme:
    term: str
    recent: int
    baseline: int
    recent_rate: float  # per 100 recent observations
    baseline_rate: float  # per 100 baseline observations
    ratio: float
    score: float  # G²
    related: list = field(default_factory=list)  # terms clustered with this one


@dataclass
class Emerging:
    windows: Windows
    phenomenon: str
    recent_observations: int
    baseline_observations: int
    themes: list


def g_squared(a, n1, b, n2):
    """The log-likelihood ratio G² of the 2 × 2 table [[a, n1 − a], [b, n2 − b]] (0 when degenerate)."""
    total = n1 + n2
    with_term = a + b
    if not total or not n1 or not n2 or with_term in (0, total):
        return 0.0
    score = 0.0
    for observed, row, column in ((a, n1, with_term), (n1 - a, n1, total - with_term), (b, n2, with_term),
                                  (n2 - b, n2, total - with_term)):
        if observed > 0:
            score += observed * math.log(observed * total / (row * column))
    return 2 * score


def emerging_themes(*, counties, phenomenon=ALL, recent_months=DEFAULT_RECENT_MONTHS,
                    baseline_months=DEFAULT_BASELINE_MONTHS, today=None, threshold=None, min_recent=MIN_RECENT,
                    limit=30):
    """Terms whose share of counted observations rose significantly in the recent window against the
    baseline (see the module's docstring for the test), strongest first, at most `limit`."""
    span = windows(recent_months=recent_months, baseline_months=baseline_months, today=today)
    rows = (_term_counts(counties=counties, phenomenon=phenomenon, since=span.baseline_start, until=span.recent_end)
            .order_by().values("term")
            .annotate(recent=Sum("count", filter=Q(month__gte=span.recent_start)),
                      baseline=Sum("count", filter=Q(month__lt=span.recent_start))))
    counts = {row["term"]: (row["recent"] or 0, row["baseline"] or 0) for row in rows}
    n1, n2 = counts.pop(TOTAL, (0, 0))
    minimum = max(_threshold(threshold), min_recent, 1)
    themes = []
    if n1 and n2:
        for term, (a, b) in counts.items():
            if a < minimum or a * n2 <= b * n1:
                continue
            score = g_squared(a, n1, b, n2)
            if score < CRITICAL_G2:
                continue
            ratio = (a / n1) / (max(b, 0.5) / n2)
            themes.append(Theme(term, a, b, 100 * a / n1, 100 * b / n2, ratio, score))
    # Ties (a compound and its parts often have equal counts): the longer, more specific term first.
    themes.sort(key=lambda theme: (-theme.score, -len(theme.term), theme.term))
    return Emerging(span, phenomenon, n1, n2, themes[:limit])


# --- The observations behind a theme ------------------------------------------------------------

def _window_observations(*, county, phenomenon, since, until):
    observations = Observation.objects.filter(county_code=county, status__in=COUNTED_STATUSES,
                                              observed_on__gte=since, observed_on__lt=until)
    if phenomenon != ALL:
        observations = observations.filter(
            pk__in=Observation.phenomena.through.objects.filter(phenomenon__national_code=phenomenon)
            .values("observation_id"))
    return observations.order_by("-observed_on", "-pk")


def window_terms(*, county, phenomenon, since, until, limit=MAX_SCAN):
    """{observation id: its terms} for the county's counted observations observed in [since, until)
    (of the phenomenon, unless ALL), newest first, at most `limit` of them: lemmatised on demand."""
    rows = _window_observations(county=county, phenomenon=phenomenon, since=since, until=until) \
        .values_list("pk", *TEXT_FIELDS)[:limit]
    return {pk: text_terms(*texts) for pk, *texts in rows}


class TermObservations(list):
    """Observation ids, newest first; `complete` is False when only the newest MAX_SCAN were searched."""

    complete = True


def theme_observations(*, user, county, phenomenon, term, since, until, limit=MAX_SCAN):
    """The ids of the county's counted observations in [since, until) (of the phenomenon, unless ALL)
    whose texts contain the term, newest first. Only for the county's coordinators: they read raw texts."""
    if county not in user.permissions.triage_counties():
        raise PermissionDenied()
    found = window_terms(county=county, phenomenon=phenomenon, since=since, until=until, limit=limit)
    result = TermObservations(pk for pk, terms in found.items() if term in terms)
    result.complete = len(found) < limit
    return result


class ObservationsBehind:
    """The observations behind a term for a paginator: a slice loads only its own observations (with
    their phenomena), in the order of the ids. `complete` as in TermObservations."""

    def __init__(self, ids):
        self.ids = ids
        self.complete = ids.complete

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        by_id = Observation.objects.prefetch_related("phenomenon_links__phenomenon").in_bulk(ids)
        found = [by_id[pk] for pk in ids if pk in by_id]
        return found if isinstance(index, slice) else found[0]


def observations_behind(*, user, county, phenomenon, term, since, until):
    """The observations behind a term (see theme_observations), loaded page by page by a paginator."""
    return ObservationsBehind(theme_observations(user=user, county=county, phenomenon=phenomenon, term=term,
                                                 since=since, until=until))


def cluster(themes, terms_by_observation):
    """Group the themes whose recent observation sets overlap (Jaccard ≥ CLUSTER_JACCARD), greedily from
    the strongest; sets each theme's `related` and returns the groups (lists of terms)."""
    sets = {theme.term: set() for theme in themes}
    for pk, terms in terms_by_observation.items():
        for term in terms & sets.keys():
            sets[term].add(pk)
    groups, placed = [], set()
    for seed in themes:
        if seed.term in placed:
            continue
        group = [seed.term]
        placed.add(seed.term)
        for other in themes:
            if other.term in placed:
                continue
            union = sets[seed.term] | sets[other.term]
            if union and len(sets[seed.term] & sets[other.term]) / len(union) >= CLUSTER_JACCARD:
                group.append(other.term)
                placed.add(other.term)
        groups.append(group)
    by_term = {theme.term: theme for theme in themes}
    for group in groups:
        for term in group:
            by_term[term].related = [other for other in group if other != term]
    return groups


def emerging_clusters(emerging, *, county):
    """The emerging themes of one county grouped into clusters (lists of themes, the strongest first,
    the clusters in the order of their strongest theme), from the recent window's texts."""
    if not emerging.themes:
        return []
    span = emerging.windows
    observed = window_terms(county=county, phenomenon=emerging.phenomenon, since=span.recent_start,
                            until=span.recent_end, limit=CLUSTER_SCAN)
    by_term = {theme.term: theme for theme in emerging.themes}
    return [[by_term[term] for term in group] for group in cluster(emerging.themes, observed)]
