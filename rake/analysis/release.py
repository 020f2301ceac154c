"""The protected release: every number a role without raw access sees (DESIGN §4.2, ADR 0012).

For each county and calendar year Rake computes one fixed set of tables (LATTICE) over the county-year's
counted observations and protects them together (rake.privacy.disclosure). Statistics for roles without
raw access are answered only from these cells, or from sums of them that are published whole: a sum of
published cells tells nothing the cells do not. A question whose answer is not such a sum (a window that
cuts a period, a combination of dimensions outside the lattice) is refused with `query_not_allowed`.

Why a county-year: counties run their own instances (DESIGN §6) and calendar years are how reports and
the national exchange count, so no cell of one release lies across two. The county-year's tables are:
totals and phenomena by month, quarter, half-year and year; every other table by year.
"""

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import product

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rake.core.dates import add_months, today
from rake.core.errors import ValidationError
from rake.observations.models import Observation
from rake.privacy.disclosure import Links, Protection, protect, publish_offered
from rake.taxonomy.models import Phenomenon
from rake.taxonomy.selectors import terms_by_code

from .counts import upsert_counts
from .models import ALL, ObservationRollup, ProtectedRelease, ReleaseVersion
from .rollups import COUNTED_STATUSES, observation_relations
from .selectors import observation_stats, period_key

# Raised whenever the lattice or the way it is protected changes: stored releases of another version are
# computed again.
LATTICE_VERSION = 3
TIME_SERIES = ("month", "quarter", "half", "year")
YEAR_ONLY = ("year",)
GRAIN_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
GRAIN_LABELS = {"month": gettext_lazy("month"), "quarter": gettext_lazy("quarter"),
                "half": gettext_lazy("half-year"), "year": gettext_lazy("year")}
MULTI_VALUED = ("phenomenon", "sub_theme", "client_group", "support_need")
DIMENSIONS = ("phenomenon", "sub_theme", "polarity", "observation_type", "client_group", "support_need",
              "municipality")
# A year's cell outside the lattice: the observations of a phenomenon that have at least one of its sub-themes
# the release hides that year ("other sub-themes"). Tables mostly hidden fall back to it (other_sub_themes).
OTHER_SUB_THEMES = "other_sub_themes"


@dataclass(frozen=True)
class Shape:
    """A table of the lattice: the dimensions it splits by (in DIMENSIONS order) and its period grains."""

    dims: tuple
    grains: tuple


LATTICE = (
    Shape((), TIME_SERIES),
    Shape(("phenomenon",), TIME_SERIES),
    *(Shape((name,), YEAR_ONLY) for name in DIMENSIONS if name != "phenomenon"),
    *(Shape(("phenomenon", name), YEAR_ONLY)
      for name in ("polarity", "observation_type", "client_group", "support_need", "municipality")),
    Shape(("polarity", "client_group"), YEAR_ONLY),
    Shape(("polarity", "support_need"), YEAR_ONLY),
)
SHAPES = {shape.dims: shape for shape in LATTICE}


def shape_of(names) -> Shape | None:
    """The lattice table that splits by exactly these dimensions (any order), or None."""
    return SHAPES.get(tuple(name for name in DIMENSIONS if name in set(names)))


# --- periods ---------------------------------------------------------------------------------------------

def period_parent(key: str) -> str | None:
    """month → quarter → half → year → None."""
    if len(key) == 7 and key[4] == "-":
        return f"{key[:4]}Q{(int(key[5:]) - 1) // 3 + 1}"
    if len(key) == 6 and key[4] == "Q":
        return f"{key[:4]}H{1 if int(key[5]) <= 2 else 2}"
    if len(key) == 6 and key[4] == "H":
        return key[:4]
    return None


def period_children(key: str) -> list[str]:
    year = key[:4]
    if len(key) == 4:
        return [f"{year}H1", f"{year}H2"]
    if key[4] == "H":
        first = 1 if key[5] == "1" else 3
        return [f"{year}Q{first}", f"{year}Q{first + 1}"]
    if key[4] == "Q":
        first = (int(key[5]) - 1) * 3 + 1
        return [f"{year}-{month:02d}" for month in range(first, first + 3)]
    return []


# --- cells and links --------------------------------------------------------------------------------------

def county_year_counts(county: str, year: int) -> dict:
    """{cell key: count} of every non-empty cell of the county-year's lattice. A cell key is (period key,
    ((dimension, value), …)) with the dimensions in DIMENSIONS order; an observation counts once in each
    cell its values fall in (in several cells of a table when it has several phenomena)."""
    return _county_year_tally(county, year)[0]


def _county_year_tally(county: str, year: int) -> tuple[dict, Counter]:
    """(county_year_counts, {frozenset of an observation's sub-themes: how many observations have it})."""
    observations = Observation.objects.filter(
        county_code=county, status__in=COUNTED_STATUSES, observed_on__gte=datetime.date(year, 1, 1),
        observed_on__lte=datetime.date(year, 12, 31)).order_by()
    rows = list(observations.values_list("id", "observed_on", "municipality_code", "polarity", "observation_type__code"))
    # The relations of the same observations by a subquery: listing tens of thousands of ids as parameters
    # costs more than the query.
    relations = observation_relations(observations.values("id"))
    # Tallied first by each table's own values (a year-only table's by its values alone), then spread over
    # the value combinations and periods: far fewer distinct value sets than observations.
    tallies = {shape: Counter() for shape in LATTICE}
    sub_theme_sets = Counter()
    for observation_id, observed_on, municipality, polarity, observation_type in rows:
        phenomena, sub_themes, client_groups, support_needs = relations[observation_id]
        values = {"municipality": (municipality or "",), "polarity": (polarity or "",),
                  "observation_type": (observation_type or "",), "phenomenon": tuple(sorted(phenomena)),
                  "sub_theme": tuple(sorted(sub_themes)), "client_group": tuple(sorted(client_groups)),
                  "support_need": tuple(sorted(support_needs))}
        if sub_themes:
            sub_theme_sets[frozenset(sub_themes)] += 1
        month = observed_on.replace(day=1)
        for shape, tally in tallies.items():
            tally[(month if shape.grains != YEAR_ONLY else None, tuple(values[name] for name in shape.dims))] += 1
    counts = defaultdict(int)
    for shape, tally in tallies.items():
        for (month, values), n in tally.items():
            periods = [period_key(month, grain) for grain in shape.grains] if month else [str(year)]
            for combination in product(*values):
                pairs = tuple(zip(shape.dims, combination))
                for period in periods:
                    counts[(period, pairs)] += n
    # In key order: the protection's choices between equal candidates follow the cells' order, so the same data
    # gives the same release whatever order the database returned the observations in.
    return dict(sorted(counts.items())), sub_theme_sets


def _grain(period):
    if len(period) == 4:
        return "year"
    return {"-": "month", "Q": "quarter", "H": "half"}[period[4]]


def lattice_links(counts: dict, sub_theme_parents: dict) -> Links:
    """What links the cells (rake.privacy.disclosure.Links): a period is the sum of its parts and a
    single-valued dimension's cells sum to the table without it; a multi-valued dimension's cell lies within
    the table without it, and the phenomena together cover it (every observation has one); a sub-theme lies
    within its phenomenon."""
    links = Links()
    lines = defaultdict(list)  # (period, pairs without one dimension, that dimension) → cells
    for key in counts:
        period, pairs = key
        for i, (name, _value) in enumerate(pairs):
            lines[(period, pairs[:i] + pairs[i + 1:], name)].append(key)
    for key in counts:
        period, pairs = key
        shape = SHAPES[tuple(name for name, _value in pairs)]
        children = [(child, pairs) for child in period_children(period)]
        if children and _grain(children[0][0]) in shape.grains:
            links.relations.append((key, [child for child in children if child in counts]))
        for name in DIMENSIONS:
            parts = lines.get((period, pairs, name))
            if not parts:
                continue
            if name in MULTI_VALUED:
                links.inclusions.extend((part, key) for part in parts)
                if name == "phenomenon":
                    links.covers.append((key, parts))
            else:
                links.relations.append((key, parts))
        if len(pairs) == 1 and pairs[0][0] == "sub_theme":
            parent = (period, (("phenomenon", sub_theme_parents.get(pairs[0][1])),))
            if parent in counts:
                links.inclusions.append((key, parent))
    return links


class Neighbours:
    """The cells that may be hidden to protect a cell: the same table's cells that differ in one value,
    its margins (the table without one dimension), and the same cell in the parent, sibling and child periods."""

    def __init__(self, keys):
        self.keys = set(keys)
        self.by_line = defaultdict(list)  # (period, dims with one value left out) → keys
        for key in keys:
            period, pairs = key
            for i in range(len(pairs)):
                self.by_line[(period, pairs[:i] + ((pairs[i][0], None),) + pairs[i + 1:])].append(key)

    def __call__(self, key):
        period, pairs = key
        found = []
        for i in range(len(pairs)):
            found.extend(self.by_line[(period, pairs[:i] + ((pairs[i][0], None),) + pairs[i + 1:])])
            found.append((period, pairs[:i] + pairs[i + 1:]))
        parent = period_parent(period)
        related = period_children(period)
        if parent:
            related += [parent, *period_children(parent)]
        found.extend((other, pairs) for other in related)
        return [near for near in dict.fromkeys(found) if near != key and near in self.keys]


def sub_theme_parents() -> dict:
    """{sub-theme code: its national phenomenon code}."""
    return {code: term.national_code for code, term in terms_by_code(Phenomenon).items() if term.parent_id}


def protect_county_year(county: str, year: int, threshold: int) -> Protection:
    """The protection of a county-year's lattice, with the year's other-sub-themes cells offered after it."""
    counts, sub_theme_sets = _county_year_tally(county, year)
    parents = sub_theme_parents()
    links = lattice_links(counts, parents)
    protection = protect(counts, links, threshold=threshold, candidates=Neighbours(counts))
    offered, offered_links = other_sub_theme_cells(str(year), protection.hidden, sub_theme_sets, parents)
    if not offered:
        return protection
    return publish_offered(protection, links, offered, offered_links)


def other_sub_theme_cells(year: str, hidden, sub_theme_sets: Counter, parents: dict) -> tuple[dict, Links]:
    """The year's other-sub-themes cells and their links, for each phenomenon with two or more hidden
    sub-themes (with one, the cell would be that sub-theme): the cell holds the observations having any of
    them, so each lies within it, it lies within the phenomenon, and together they cover it."""
    merged = defaultdict(set)
    for period, pairs in hidden:
        if period == year and len(pairs) == 1 and pairs[0][0] == "sub_theme":
            merged[parents.get(pairs[0][1])].add(pairs[0][1])
    offered, links = {}, Links()
    for phenomenon, codes in sorted(merged.items(), key=lambda item: str(item[0])):
        if phenomenon is None or len(codes) < 2:
            continue
        key = (year, ((OTHER_SUB_THEMES, phenomenon),))
        offered[key] = sum(n for themes, n in sub_theme_sets.items() if themes & codes)
        parts = [(year, (("sub_theme", code),)) for code in sorted(codes)]
        links.inclusions.extend((part, key) for part in parts)
        links.inclusions.append((key, (year, (("phenomenon", phenomenon),))))
        links.covers.append((key, parts))
    return offered, links


# --- stored releases --------------------------------------------------------------------------------------

def encode_key(key) -> str:
    """'2025Q1|phenomenon=homelessness;polarity=negative': the stored and cached form of a cell key."""
    period, pairs = key
    return period + "|" + ";".join(f"{name}={value}" for name, value in pairs)


def decode_key(text: str):
    period, _bar, rest = text.partition("|")
    return period, tuple(tuple(pair.split("=", 1)) for pair in rest.split(";") if pair)


def bump_versions(county_years) -> None:
    """Mark county-years whose counted observations changed: one upsert, in the change's transaction."""
    upsert_counts(ReleaseVersion, Counter(set(county_years)))


def _current_version(county, year):
    return ReleaseVersion.objects.filter(county_code=county, year=year).values_list("count", flat=True).first() or 0


logger = logging.getLogger(__name__)

_parsed = {}  # (county, year) → (stored release id, version, computed_at, ParsedRelease)


class ParsedRelease:
    """One stored release's cells, parsed: `cells` {cell key: value | None}, and the same cells by table
    (`table(period, dims)`), built on first use so that a question reads only its own table's cells."""

    def __init__(self, cells: dict):
        self.cells = cells
        self._tables = None

    def table(self, period: str, dims: tuple) -> list:
        """[(cell values {dimension: code}, count | None)] of one table of one period."""
        if self._tables is None:
            tables = defaultdict(list)
            for (cell_period, pairs), value in self.cells.items():
                tables[(cell_period, tuple(name for name, _v in pairs))].append((dict(pairs), value))
            self._tables = dict(tables)
        return self._tables.get((period, dims), [])


EMPTY_RELEASE = ParsedRelease({})


def forget_parsed_releases() -> None:
    """Drop the process's parsed cells and claimed refreshes (tests: a rolled-back release's id, version and
    time can recur)."""
    _parsed.clear()
    _due.clear()


def release_cells(county: str, year: int) -> dict:
    """{cell key: published count | None} of one county-year (see releases_cells)."""
    return releases_cells([(county, year)])[(county, year)]


def releases_cells(county_years) -> dict:
    """{(county, year): {cell key: published count | None}} (see parsed_releases)."""
    return {county_year: parsed.cells for county_year, parsed in parsed_releases(county_years).items()}


def parsed_releases(county_years) -> dict[tuple[str, int], ParsedRelease]:
    """{(county, year): its ParsedRelease}, each computed when its stored release is missing or made with
    another threshold or lattice. One older than RAKE_RELEASE_REFRESH_SECONDS while the data has changed since
    is served as stored and computed after the response (_claim_refresh), or now when that setting is 0.
    Cells not listed are 0. Two queries for any number of county-years that need no
    computing; the cells are parsed once per process and stored release."""
    county_years = sorted(set(county_years))
    if not county_years:
        return {}
    counties = {county for county, _year in county_years}
    years = {year for _county, year in county_years}
    versions = {(county, year): version for county, year, version in ReleaseVersion.objects.filter(
        county_code__in=counties, year__in=years).values_list("county_code", "year", "count")}
    stored = {(release.county_code, release.year): release for release in ProtectedRelease.objects.filter(
        county_code__in=counties, year__in=years).defer("cells")}
    threshold = settings.RAKE_SUPPRESSION_THRESHOLD
    now = timezone.now()
    # A county-year without counted observations stores no release: ask the rollup's index which have any
    # rather than count each one's observations on every read (a national page asked 154 of them: 43 s).
    unstored = [county_year for county_year in county_years if county_year not in stored]
    with_data = _county_years_with_data(unstored) if unstored else set()
    answer = {}
    for county, year in county_years:
        version = versions.get((county, year), 0)
        release = stored.get((county, year))
        if release is None and (county, year) not in with_data:
            answer[(county, year)] = EMPTY_RELEASE
            continue
        current = release is not None and release.threshold == threshold and \
            release.lattice_version == LATTICE_VERSION
        if not current:  # missing, or protected another way: never served
            release = compute_release(county, year, version=version)
        elif release.version != version and \
                (now - release.computed_at).total_seconds() >= settings.RAKE_RELEASE_REFRESH_SECONDS:
            if settings.RAKE_RELEASE_REFRESH_SECONDS:
                _claim_refresh(release, now)  # served as stored; computed after the response
            else:
                release = compute_release(county, year, version=version)
        if release is None:  # no counted observation: every cell is 0, and nothing is stored
            answer[(county, year)] = EMPTY_RELEASE
            continue
        cached = _parsed.get((county, year))
        if not cached or cached[:3] != (release.pk, release.version, release.computed_at):
            raw = release.cells if "cells" in release.__dict__ else \
                ProtectedRelease.objects.values_list("cells", flat=True).get(pk=release.pk)
            cached = (release.pk, release.version, release.computed_at,
                      ParsedRelease({decode_key(key): value for key, value in raw}))
            _parsed[(county, year)] = cached
        answer[(county, year)] = cached[3]
    return answer


_due = set()  # (county, year) of out-of-date releases served by this process, computed after the response


def _claim_refresh(release: ProtectedRelease, now: datetime.datetime) -> None:
    """Take the out-of-date release's recomputation for this process: a county-year's release takes seconds
    to compute at a million observations, more than a read may cost (DESIGN §7), so the reader gets the stored
    one and the computation runs when the response has gone (refresh_due_releases). Moving computed_at on is
    the claim: other readers, in this process or another, keep serving the stored release meanwhile, and if
    the computation fails the next read after RAKE_RELEASE_REFRESH_SECONDS claims it again."""
    claimed = ProtectedRelease.objects.filter(pk=release.pk, computed_at=release.computed_at).update(
        computed_at=now)
    if claimed:
        _due.add((release.county_code, release.year))


def refresh_due_releases(**_signal) -> None:
    """Compute the releases claimed by reads (connected to request_finished: after the response is sent)."""
    while _due:
        county, year = _due.pop()
        try:
            compute_release(county, year)
        except Exception:  # a failed refresh keeps the stored release; the next claim tries again
            logger.exception("computing the protected release of county %s, %s failed", county, year)


def _county_years_with_data(county_years) -> set:
    """Those of the (county, year) pairs that have counted observations, from the rollup's whole-county-month
    rows: one indexed query."""
    counties = sorted({county for county, _year in county_years})
    years = [year for _county, year in county_years]
    months = _county_months().filter(county_code__in=counties, month__gte=datetime.date(min(years), 1, 1),
                                     month__lte=datetime.date(max(years), 12, 1)).values_list(
        "county_code", "month").distinct().order_by()
    found = {(county, (datetime.date.fromisoformat(month) if isinstance(month, str) else month).year)
             for county, month in months}
    return found & set(county_years)


def compute_release(county: str, year: int, *, version: int | None = None) -> ProtectedRelease | None:
    """Protect the county-year's lattice now and store it; None (and nothing stored) when the county-year has
    no counted observation, so that reading an empty year writes nothing."""
    threshold = settings.RAKE_SUPPRESSION_THRESHOLD
    if version is None:
        version = _current_version(county, year)
    protection = protect_county_year(county, year, threshold)
    if not protection.counts:
        ProtectedRelease.objects.filter(county_code=county, year=year).delete()
        return None
    observations = protection.counts.get((str(year), ()), 0)
    cells = sorted([encode_key(key), protection.value(key)] for key in protection.counts)
    with transaction.atomic():
        release, _created = ProtectedRelease.objects.update_or_create(
            county_code=county, year=year,
            defaults={"version": version, "threshold": threshold, "lattice_version": LATTICE_VERSION,
                      "computed_at": timezone.now(), "observations": observations, "cells": cells,
                      "hidden": len(protection.hidden), "primary": len(protection.primary)})
    return release


# --- answering questions ----------------------------------------------------------------------------------

class QueryNotAllowed(ValidationError):
    """A question the protected release cannot answer without defeating disclosure control (400)."""

    code = "query_not_allowed"

    def __init__(self, message):
        super().__init__(message=message, code=self.code)


def _not_allowed(message):
    return QueryNotAllowed(message)


def _grain_start(month: datetime.date, grain: str) -> datetime.date:
    size = GRAIN_MONTHS[grain]
    return month.replace(month=(month.month - 1) // size * size + 1, day=1)


def window_pieces(since: datetime.date, until: datetime.date, grains) -> list[str] | None:
    """The window's months as whole periods of the given grains, the longest first ('2024', '2025H1',
    '2025-07' …), or None when the window cuts a period of the finest grain allowed."""
    pieces, month, last = [], since.replace(day=1), until.replace(day=1)
    order = [grain for grain in TIME_SERIES[::-1] if grain in grains]  # year, half, quarter, month
    while month <= last:
        for grain in order:
            end = add_months(_grain_start(month, grain), GRAIN_MONTHS[grain] - 1)
            if _grain_start(month, grain) == month and end <= last:
                pieces.append(period_key(month, grain))
                month = add_months(end, 1)
                break
        else:
            return None
    return pieces


def _shape_for(group_by, filters):
    names = [name for name in group_by if name not in ("county", "period")]
    names += [name for name, value in filters.items() if value is not None]
    if "sub_theme" in names and "phenomenon" in filters and filters["phenomenon"] is not None:
        names.remove("phenomenon")  # a phenomenon's sub-themes: the sub-theme table, read for its codes
    return names, shape_of(names)


def protected_stats(*, counties=None, group_by=(), period="month", since=None, until=None, **filters) -> dict:
    """observation_stats' answer for a role without raw access, read from the protected releases only.

    Each row is a cell of the lattice, or a sum of cells (several counties, several periods) that is shown
    only when every cell in it is published. QUERY_NOT_ALLOWED (a ValidationError) for a question the
    lattice cannot answer that way."""
    filters = {name: value for name, value in filters.items() if value is not None}
    names, shape = _shape_for(group_by, filters)
    if shape is None:
        raise _not_allowed(_(
            "These statistics are published only as fixed tables: by phenomenon, and by one other dimension "
            "(polarity, observation type, client group, support need, sub-theme or municipality) with or "
            "without a phenomenon, and client groups or support needs by polarity."))
    scope = sorted(counties) if counties is not None else known_counties()
    if since is None or until is None:  # the data's span costs a scan of the rollup: only when needed
        first, last = _default_window(scope)
        since, until = since or first, until or last
    since, until = since.replace(day=1), until.replace(day=1)
    group_by = tuple(group_by)
    if "municipality" in group_by:
        group_by = tuple(name for name in group_by if name != "county")
    if "period" in group_by:
        if period not in shape.grains:
            raise _not_allowed(_("This table is published by year only; choose period=year."))
        pieces = window_pieces(since, until, (period,))
        rows_by_period = [(piece, [piece]) for piece in (pieces or [])]
    else:
        pieces = window_pieces(since, until, shape.grains)
        rows_by_period = [(None, pieces or [])]
    if pieces is None:
        raise _not_allowed(_("Choose whole calendar periods: this table is published by %(grains)s.") % {
            "grains": ", ".join(str(GRAIN_LABELS[grain]) for grain in TIME_SERIES[::-1] if grain in shape.grains
                                if "period" not in group_by or grain == period)})
    sub_theme_of = None
    if "sub_theme" in names and filters.get("phenomenon") is not None:
        sub_theme_of = str(filters["phenomenon"])
    fixed = {name: str(value) for name, value in filters.items() if name in shape.dims}
    parents = sub_theme_parents() if sub_theme_of is not None else {}
    releases = parsed_releases((county, int(piece[:4])) for county in scope
                               for _row, row_pieces in rows_by_period for piece in row_pieces)
    totals = {}  # row key → [count, hidden]
    for county in scope:
        for period_row, row_pieces in rows_by_period:
            for piece in row_pieces:
                for values, value in releases[(county, int(piece[:4]))].table(piece, shape.dims):
                    if any(values[name] != wanted for name, wanted in fixed.items()):
                        continue
                    if sub_theme_of is not None and parents.get(values["sub_theme"]) != sub_theme_of:
                        continue
                    key = _row_key(group_by, values, county, period_row)
                    entry = totals.setdefault(key, [0, False])
                    if value is None:
                        entry[1] = True
                    else:
                        entry[0] += value
    # A row is hidden when any cell in it is; cells missing from a release are 0 and change nothing.
    rows = []
    for key in sorted(totals, key=lambda key: tuple(str(value) for value in key)):
        count, hidden = totals[key]
        if not count and not hidden:
            continue
        row = {}
        for name, value in zip(group_by, key):
            if name == "municipality":
                row["county"], row["municipality"] = value
            else:
                row[name] = value
        row["count"] = None if hidden else count
        row["suppressed"] = hidden
        rows.append(row)
    return {"threshold": settings.RAKE_SUPPRESSION_THRESHOLD, "suppressed": True, "rows": rows}


# --- coarser grains for tables mostly hidden ----------------------------------------------------------------

def mostly_hidden(counts) -> bool:
    """Whether more than half of a table's counts are hidden (None): the table then falls back to a coarser
    grain where there is one (DESIGN §4.2)."""
    counts = list(counts)
    return 2 * sum(1 for count in counts if count is None) > len(counts)


def coarser_grains(period: str) -> tuple:
    """The time-series grains longer than `period`, the nearest first."""
    return TIME_SERIES[TIME_SERIES.index(period) + 1:] if period in TIME_SERIES else ()


def other_sub_themes(*, counties, since: datetime.date, until: datetime.date, phenomenon: str) -> dict | None:
    """A mostly hidden sub-theme table's fallback, for whole calendar years: {"count": observations having a
    sub-theme of the phenomenon that its year's release hides (None when one of the county-years' cells is
    hidden), "merged": the sub-themes whose every county-year is in that count}, or None when no county-year
    of the range has such a cell (ADR 0012)."""
    years = window_pieces(since, until, ("year",))
    if not years:
        return None
    parents = sub_theme_parents()
    scope = sorted(counties) if counties is not None else known_counties()
    releases = parsed_releases((county, int(year)) for county in scope for year in years)
    count, hidden, found = 0, False, False
    merged, kept = set(), set()
    for county in scope:
        for year in years:
            release = releases[(county, int(year))]
            other = (year, ((OTHER_SUB_THEMES, phenomenon),))
            in_other = other in release.cells
            if in_other:
                found = True
                if release.cells[other] is None:
                    hidden = True
                else:
                    count += release.cells[other]
            for values, value in release.table(year, ("sub_theme",)):
                if parents.get(values["sub_theme"]) == phenomenon and value != 0:
                    (merged if value is None and in_other else kept).add(values["sub_theme"])
    if not found:
        return None
    return {"count": None if hidden else count, "merged": merged - kept}


def stats_answer(*, counties, suppressed: bool, **params) -> dict:
    """The statistics answer for a scope (rake.analysis.services.stats_scope): exact counts for a role with
    raw access to every county asked, otherwise the protected release only — never a table protected on its
    own (ADR 0012). The API and the dashboards both ask here."""
    if suppressed:
        return protected_stats(counties=counties, **params)
    return observation_stats(counties=counties, **params)


def _row_key(group_by, values, county, period_row):
    key = []
    for name in group_by:
        if name == "county":
            key.append(county)
        elif name == "period":
            key.append(period_row)
        elif name == "municipality":
            key.append((county, values["municipality"]))
        elif name == "support_need":
            key.append(int(values["support_need"]))
        else:
            key.append(values[name])
    return tuple(key)


def known_counties() -> list[str]:
    """Every county that has counted observations (the others have only empty cells)."""
    return sorted(set(_county_months().values_list("county_code", flat=True).distinct().order_by()))


def _county_months():
    """The rollup's rows of whole county-months: one per county and month with counted observations, read
    through the rollup's index (the other rows of the grain split the month by phenomenon)."""
    return ObservationRollup.objects.filter(grain="ps", phenomenon=ALL, sub_theme=ALL, client_group=ALL,
                                            support_need=ALL)


def _default_window(counties):
    """Whole calendar years from the first to the last with counted observations of the counties."""
    months = _county_months().filter(county_code__in=counties).aggregate(
        first=Min("month"), last=Max("month"))
    first, last = months["first"], months["last"]
    if isinstance(first, str):  # SQLite
        first, last = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    this_year = today().year
    return datetime.date((first or datetime.date(this_year, 1, 1)).year, 1, 1), \
        datetime.date((last or datetime.date(this_year, 1, 1)).year, 12, 1)


def refresh_releases(*, every: bool = False, progress=None) -> int:
    """Compute the release of every county-year with counted observations whose stored release is missing or
    out of date (every one with `every`); returns how many were computed. `progress(done, total, county, year,
    seconds)` is called after each."""
    months = _county_months().values_list("county_code", "month").distinct().order_by()
    county_years = sorted({(county, (datetime.date.fromisoformat(month) if isinstance(month, str) else month).year)
                           for county, month in months})
    threshold = settings.RAKE_SUPPRESSION_THRESHOLD
    versions = {(county, year): count for county, year, count in
                ReleaseVersion.objects.values_list("county_code", "year", "count")}
    stored = {(county, year): (version, kept_threshold, lattice) for county, year, version, kept_threshold, lattice in
              ProtectedRelease.objects.values_list("county_code", "year", "version", "threshold", "lattice_version")}
    due = [(county, year) for county, year in county_years
           if every or stored.get((county, year)) != (versions.get((county, year), 0), threshold, LATTICE_VERSION)]
    for done, (county, year) in enumerate(due, 1):
        started = timezone.now()
        compute_release(county, year, version=versions.get((county, year), 0))
        if progress:
            progress(done, len(due), county, year, (timezone.now() - started).total_seconds())
    return len(due)
