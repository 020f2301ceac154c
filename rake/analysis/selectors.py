"""Statistics of counted observations, read from the rollup (DESIGN §4.4, §5).

Semantics of the dimensions:
- phenomenon: the national phenomenon code; an observation with several phenomena counts once under each
  ("observations mentioning X"), once at most per national code (a sub-theme counts under its national
  phenomenon). sub_theme, client_group and support_need likewise. Single-valued: county, municipality,
  period (of `observed_on`), polarity, observation_type ("" when the observation has none).
- Totals over a multi-valued dimension are therefore not sums of its rows; each table is computed from
  the rollup with the other multi-valued dimensions fixed to ALL, so no observation is counted twice
  within a row.
- A table is read from the smallest rollup grain that holds every dimension it groups by or filters on
  (rake.analysis.grains); a table no grain holds is counted from the raw tables (`raw_observation_counts`,
  the same numbers, slower). Both give the same {key: count}.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.utils.translation import gettext as _

from rake.taxonomy.models import ClientGroup, Phenomenon, SupportNeed

from . import grains
from .models import ALL, ObservationRollup
from .rollups import COUNTED_STATUSES
from .sql import SINGLE_SQL, QueryTooLarge, from_sql, month_sql, query_deadline, relation_sql

GROUP_BY = ("phenomenon", "sub_theme", "county", "municipality", "period", "polarity", "observation_type",
            "client_group", "support_need")
# Bounded work per question (issue 15): every extra dimension multiplies the rows, a multi-valued one also the
# rows each observation counts in. Roles without raw access are bounded by the release's tables already.
MAX_DIMENSIONS = 3
MAX_MULTI_VALUED = 2
MAX_ROWS = 10_000
PERIODS = ("month", "quarter", "half", "year")
MULTI_VALUED = {"phenomenon": "phenomenon", "sub_theme": "sub_theme", "client_group": "client_group",
                "support_need": "support_need"}
SINGLE_VALUED = {"county": "county_code", "municipality": "municipality_code", "polarity": "polarity",
                 "observation_type": "observation_type"}


def period_key(month, period):
    """'2025-04', '2025Q2', '2025H1' or '2025' for the month (a date)."""
    if period == "month":
        return f"{month.year:04d}-{month.month:02d}"
    if period == "quarter":
        return f"{month.year:04d}Q{(month.month - 1) // 3 + 1}"
    if period == "half":
        return f"{month.year:04d}H{1 if month.month <= 6 else 2}"
    return f"{month.year:04d}"


def known_values(name):
    """Every value a multi-valued dimension can take in the rollup (its taxonomy codes, as text)."""
    if name == "phenomenon":
        return list(Phenomenon.NATIONAL_CODES)
    if name == "sub_theme":
        return list(Phenomenon.objects.filter(parent__isnull=False).values_list("code", flat=True))
    if name == "client_group":
        return list(ClientGroup.objects.values_list("code", flat=True))
    return [str(code) for code in SupportNeed.objects.values_list("code", flat=True)]


def rollup_filter(*, grain, group_by=(), counties=None, county=None, municipality=None, phenomenon=None, sub_theme=None,
                  client_group=None, support_need=None, polarity=None, observation_type=None, since=None,
                  until=None):
    """The rollup rows of a grain for a table: scope, filters, and ALL for the multi-valued dimensions not
    asked for. The grain must hold every dimension grouped by or filtered on."""
    rows = ObservationRollup.objects.filter(grain=grain.name)
    if counties is not None:
        rows = rows.filter(county_code__in=sorted(counties))
    filters = {"phenomenon": phenomenon, "sub_theme": sub_theme, "client_group": client_group,
               "support_need": support_need}
    for name, column in MULTI_VALUED.items():
        value = filters[name]
        if value is not None:
            rows = rows.filter(**{column: str(value)})
        elif name in group_by:
            # Every value but ALL, as a list: `IN (…)` is an index range where `<> '*'` is a full scan.
            rows = rows.filter(**{f"{column}__in": known_values(name)})
        else:
            rows = rows.filter(**{column: ALL})
    if county is not None:
        rows = rows.filter(county_code=county)
    if municipality is not None:
        rows = rows.filter(municipality_code=municipality)
    if polarity is not None:
        rows = rows.filter(polarity=polarity)
    if observation_type is not None:
        rows = rows.filter(observation_type=observation_type)
    if since is not None:
        rows = rows.filter(month__gte=since.replace(day=1))
    if until is not None:
        rows = rows.filter(month__lte=until.replace(day=1))
    return rows


def _needs(group_by, filters):
    """(single-valued, multi-valued) dimensions a table groups by or filters on, besides county and month."""
    asked = set(group_by) | {name for name, value in filters.items() if value is not None}
    return ([name for name in grains.SINGLE_VALUED if name in asked],
            [name for name in grains.MULTI_VALUED if name in asked])


def _key(group_by, period, values):
    """The key tuple of a result row, from {dimension: raw value}."""
    key = []
    for name in group_by:
        value = values[name]
        if name == "period":
            if isinstance(value, str):  # SQLite gives the month as text
                value = datetime.date.fromisoformat(value)
            key.append(period_key(value, period))
        elif name == "municipality":
            key.append((values["county"], value))
        elif name == "support_need":
            key.append(int(value))
        else:
            key.append(value)
    return tuple(key)


def observation_counts(*, group_by=(), period="month", **filters):
    """{key tuple: count} grouped by `group_by` (in that order; the municipality's key is (county,
    municipality) so that it has one parent), from the rollup, or from the raw tables when no grain
    holds the table."""
    grain = grains.grain_for(*_needs(group_by, filters))
    if grain is None:
        return raw_observation_counts(group_by=group_by, period=period, **filters)
    columns = {"period": "month", "county": "county_code"}
    columns.update({name: name for name in grains.MULTI_VALUED})
    columns.update({name: column for name, column in SINGLE_VALUED.items()})
    wanted = list(dict.fromkeys(
        column for name in group_by
        for column in ((["county_code"] if name == "municipality" else []) + [columns[name]])))
    rows = rollup_filter(grain=grain, group_by=group_by, **filters).order_by().values(*wanted).annotate(
        n=Sum("count"))
    counts = Counter()
    for row in rows:
        if row["n"]:
            values = {name: row[columns[name]] for name in group_by}
            values["county"] = row.get("county_code")
            counts[_key(group_by, period, values)] += row["n"]
    return dict(counts)


def raw_observation_counts(*, group_by=(), period="month", counties=None, county=None, municipality=None,
                           phenomenon=None, sub_theme=None, client_group=None, support_need=None, polarity=None,
                           observation_type=None, since=None, until=None):
    """The same as observation_counts, by one GROUP BY over the raw observation tables (no rollup)."""
    selects, joins, where, params = {}, [], [f"o.status IN ({', '.join(['%s'] * len(COUNTED_STATUSES))})"], \
        list(COUNTED_STATUSES)
    multi_filters = {"phenomenon": phenomenon, "sub_theme": sub_theme, "client_group": client_group,
                     "support_need": support_need}
    for name in grains.MULTI_VALUED:
        if name in group_by or multi_filters[name] is not None:
            joins.append(f"JOIN ({relation_sql(name)}) r_{name} ON r_{name}.oid = o.id")
            selects[name] = f"r_{name}.v"
            if multi_filters[name] is not None:
                where.append(f"r_{name}.v = %s")
                params.append(str(multi_filters[name]))
    for name, value in (("county", county), ("municipality", municipality), ("polarity", polarity),
                        ("observation_type", observation_type)):
        selects[name] = SINGLE_SQL[name]
        if value is not None:
            where.append(f"{SINGLE_SQL[name]} = %s")
            params.append(value)
    if counties is not None:
        counties = sorted(counties) or [""]
        where.append(f"o.county_code IN ({', '.join(['%s'] * len(counties))})")
        params.extend(counties)
    if since is not None:
        where.append("o.observed_on >= %s")
        params.append(since.replace(day=1))
    if until is not None:
        following = (until.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        where.append("o.observed_on < %s")
        params.append(following)
    selects["period"] = month_sql()
    grouped = list(dict.fromkeys(["county" if name == "municipality" else name for name in group_by] +
                                 [name for name in group_by]))
    columns = [selects[name] for name in grouped]
    # Identifiers are quoted model table/column names, never user input; values are %s parameters.
    sql = (f"SELECT {', '.join(columns + ['COUNT(*)'])} FROM {from_sql()} {' '.join(joins)} "  # nosec B608
           f"WHERE {' AND '.join(where)}" + (f" GROUP BY {', '.join(columns)}" if columns else ""))
    counts = Counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for *values, n in cursor.fetchall():
            if n:
                counts[_key(group_by, period, dict(zip(grouped, values)))] += n
    return dict(counts)


def check_question_size(group_by) -> None:
    """QueryTooLarge for a split by more dimensions than a worker may count (MAX_DIMENSIONS, MAX_MULTI_VALUED)."""
    multi = [name for name in group_by if name in MULTI_VALUED]
    if len(group_by) > MAX_DIMENSIONS or len(multi) > MAX_MULTI_VALUED:
        raise QueryTooLarge(_("Split the statistics by at most %(most)s dimensions, of which at most %(multi)s of "
                              "phenomenon, sub-theme, client group and support need.")
                            % {"most": MAX_DIMENSIONS, "multi": MAX_MULTI_VALUED})


def observation_stats(*, group_by=(), period="month", threshold=None, **filters):
    """`{threshold, suppressed: false, rows: [{…keys, count, suppressed: false}]}`: the exact counts, for roles
    with raw access to every county asked (rake.analysis.services.stats_scope). Everyone else is answered by
    rake.analysis.release.protected_stats, in the same shape. Rows are the non-empty cells at the asked level,
    sorted by their keys.
    """
    threshold = settings.RAKE_SUPPRESSION_THRESHOLD if threshold is None else threshold
    group_by = tuple(group_by)
    if "municipality" in group_by:
        # The municipality's key carries its county, and its rows show it.
        group_by = tuple(name for name in group_by if name != "county")
    check_question_size(group_by)
    with query_deadline(settings.RAKE_STATS_QUERY_SECONDS):
        counts = observation_counts(group_by=group_by, period=period, **filters)
    if len(counts) > MAX_ROWS:
        raise QueryTooLarge(_("These statistics would have more than %(rows)s rows. Split by fewer dimensions, "
                              "or narrow the months, the counties or the filters.") % {"rows": MAX_ROWS})
    rows = []
    for key in sorted(counts, key=lambda key: tuple(str(value) for value in key)):
        row = {}
        for name, value in zip(group_by, key):
            if name == "municipality":
                row.setdefault("county", value[0])
                row["municipality"] = value[1]
            else:
                row[name] = value
        row["count"] = counts[key]
        row["suppressed"] = False
        rows.append(row)
    return {"threshold": threshold, "suppressed": False, "rows": rows}
