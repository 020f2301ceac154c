"""Statistics of counted observations, read from the rollup (DESIGN §4.4, §5).

Semantics of the dimensions:
- phenomenon: the national phenomenon code; an observation with several phenomena counts once under each
  ("observations mentioning X"), once at most per national code (a sub-theme counts under its national
  phenomenon). sub_theme, client_group and support_need likewise. Single-valued: county, municipality,
  period (of `observed_on`), polarity, observation_type ("" when the observation has none).
- Totals over a multi-valued dimension are therefore not sums of its rows; each table is computed from
  the rollup with the other multi-valued dimensions fixed to ALL, so no observation is counted twice
  within a row.
"""

from collections import Counter

from django.conf import settings
from django.db.models import Sum

from rake.privacy.suppression import TOTAL, Dimension, suppress

from .models import ALL, ObservationRollup

GROUP_BY = ("phenomenon", "sub_theme", "county", "municipality", "period", "polarity", "observation_type",
            "client_group", "support_need")
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


def _period_parent(key):
    """month → quarter → year; quarter → year; half → year; year → TOTAL."""
    if "-" in key:
        year, month = key.split("-")
        return f"{year}Q{(int(month) - 1) // 3 + 1}"
    if "Q" in key or "H" in key:
        return key[:4]
    return TOTAL


def rollup_filter(*, group_by=(), counties=None, county=None, municipality=None, phenomenon=None, sub_theme=None,
                  client_group=None, support_need=None, polarity=None, observation_type=None, since=None,
                  until=None):
    """The rollup rows for a table: scope, filters, and ALL for the multi-valued dimensions not asked for."""
    rows = ObservationRollup.objects.all()
    if counties is not None:
        rows = rows.filter(county_code__in=sorted(counties))
    filters = {"phenomenon": phenomenon, "sub_theme": sub_theme, "client_group": client_group,
               "support_need": support_need}
    for name, column in MULTI_VALUED.items():
        value = filters[name]
        if value is not None:
            rows = rows.filter(**{column: str(value)})
        elif name in group_by:
            rows = rows.exclude(**{column: ALL})
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


def observation_counts(*, group_by=(), period="month", **filters):
    """{key tuple: count} grouped by `group_by` (in that order; the municipality's key is (county,
    municipality) so that it has one parent), from the rollup."""
    columns = []
    for name in group_by:
        if name == "period":
            columns.append("month")
        elif name == "municipality":
            columns.extend(["county_code", "municipality_code"])
        else:
            columns.append(MULTI_VALUED.get(name) or SINGLE_VALUED[name])
    columns = list(dict.fromkeys(columns))
    rows = rollup_filter(group_by=group_by, **filters).order_by().values(*columns).annotate(n=Sum("count"))
    counts = Counter()
    for row in rows:
        if not row["n"]:
            continue
        key = []
        for name in group_by:
            if name == "period":
                key.append(period_key(row["month"], period))
            elif name == "municipality":
                key.append((row["county_code"], row["municipality_code"]))
            elif name == "support_need":
                key.append(int(row["support_need"]))
            else:
                key.append(row[MULTI_VALUED.get(name) or SINGLE_VALUED[name]])
        counts[tuple(key)] += row["n"]
    return dict(counts)


def _dimensions(group_by, counts):
    dimensions = []
    for index, name in enumerate(group_by):
        parents = {}
        if name == "period":
            for key in counts:
                value = key[index]
                while value != TOTAL:
                    parents[value] = _period_parent(value)
                    value = parents[value]
        elif name == "municipality":
            # (county, municipality) → county → country; the county level is a value of its own.
            for key in counts:
                parents[key[index]] = ("county", key[index][0])
        dimensions.append(Dimension(name, parents))
    return dimensions


def observation_stats(*, group_by=(), period="month", suppressed=True, threshold=None, **filters):
    """`{threshold, rows: [{…keys, count | None, suppressed}]}` for the statistics API (DESIGN §5).

    With `suppressed` the counts go through rake.privacy.suppression over the whole cube of the asked
    dimensions, with the hierarchies municipality → county → country and month → quarter → year.
    Rows are the non-empty cells at the asked level, sorted by their keys.
    """
    threshold = settings.RAKE_SUPPRESSION_THRESHOLD if threshold is None else threshold
    group_by = tuple(group_by)
    if "municipality" in group_by:
        # The municipality's key carries its county, and its rows show it.
        group_by = tuple(name for name in group_by if name != "county")
    counts = observation_counts(group_by=group_by, period=period, **filters)
    keys = sorted(counts, key=lambda key: tuple(str(value) for value in key))
    names = list(group_by)
    if suppressed:
        table = suppress(counts, _dimensions(group_by, counts), threshold)
        published = {key: table.published(key) for key in keys}
    else:
        published = dict(counts)
    rows = []
    for key in keys:
        row = {}
        for name, value in zip(names, key):
            if name == "municipality":
                row.setdefault("county", value[0])
                row["municipality"] = value[1]
            else:
                row[name] = value
        row["count"] = published[key]
        row["suppressed"] = published[key] is None
        rows.append(row)
    return {"threshold": threshold, "suppressed": bool(suppressed), "rows": rows}
