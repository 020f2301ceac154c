"""Keeping `ObservationRollup` equal to the raw observations (DESIGN §4.4).

What counts: observations whose status is accepted, used or closed (COUNTED_STATUSES). Drafts, submitted
ones and those waiting for clarification are not counted yet; rejected and quarantined ones are not
counted (a quarantine removes the counts until the observation is released back to a counted status);
deleted ones are gone. The month is the month the observation was made (`observed_on`), the area the
observation's own county and municipality codes.

Incremental maintenance: every service that can change an observation's contribution runs inside
`rake.observations.events.changing` (the observations app does not know this app). The analysis
listener (rake.analysis.listener) computes the observation's contribution (a {key: 1} Counter) before and
after the change and applies the difference, `count = count + delta` per changed key, in the service's
transaction. The observation's row is locked first, and keys are applied in sorted order, so concurrent
changes on PostgreSQL neither lose updates nor deadlock on the rollup rows; on SQLite the IMMEDIATE
transactions run one at a time. Rows that drop to 0 are deleted.

The table holds several grains (rake/analysis/grains.py); a change touches the observation's rows in
each of them.

`rebuild()` (manage.py rebuild_rollups) recomputes the whole table from the raw tables, in SQL.
"""

from collections import Counter, defaultdict
from itertools import chain, combinations, product

from django.db import connection, transaction

from rake.observations.models import Observation, ObservationPhenomenon, Status

from .counts import IDS_PER_STATEMENT, batches
from .grains import GRAINS, MULTI_VALUED
from .models import ALL, ObservationRollup, ProtectedRelease
from .sql import SINGLE_SQL, from_sql, month_sql, relation_sql

COUNTED_STATUSES = (Status.ACCEPTED, Status.USED, Status.CLOSED)
KEY_FIELDS = ObservationRollup.KEY_FIELDS
BASE_FIELDS = ("id", "county_code", "municipality_code", "observed_on", "polarity", "observation_type__code")


def rollup_keys(base, phenomena, sub_themes, client_groups, support_needs):
    """Every rollup key one observation adds 1 to: in each grain, each combination of its values or ALL."""
    county, municipality, observed_on, polarity, observation_type = base
    month = observed_on.replace(day=1)
    singles = {"municipality": municipality or "", "polarity": polarity or "",
               "observation_type": observation_type or ""}
    multis = dict(zip(MULTI_VALUED, (phenomena, sub_themes, client_groups, support_needs)))
    keys = []
    for grain in GRAINS:
        municipality_, polarity_, type_ = (singles[name] if name in grain.single else ALL
                                           for name in ("municipality", "polarity", "observation_type"))
        head = (grain.name, county, municipality_, month, polarity_, type_)
        choices = [(ALL, *sorted(multis[name])) if name in grain.multi else (ALL,) for name in MULTI_VALUED]
        keys.extend(head + tail for tail in product(*choices))
    return keys


def observation_relations(ids):
    """{observation id: (phenomena, sub-themes, client groups, support needs)} as sets of codes, of the
    observations `ids` names (a list, or a subquery of ids)."""
    relations = defaultdict(lambda: (set(), set(), set(), set()))
    links = ObservationPhenomenon.objects.filter(observation_id__in=ids).values_list(
        "observation_id", "phenomenon__national_code", "phenomenon__code", "phenomenon__parent_id")
    for observation_id, national_code, code, parent_id in links:
        if national_code:
            relations[observation_id][0].add(national_code)
        if parent_id is not None:
            relations[observation_id][1].add(code)
    groups = Observation.client_groups.through.objects.filter(observation_id__in=ids).values_list(
        "observation_id", "clientgroup__code")
    for observation_id, code in groups:
        relations[observation_id][2].add(code)
    needs = Observation.support_needs.through.objects.filter(observation_id__in=ids).values_list(
        "observation_id", "supportneed__code")
    for observation_id, code in needs:
        relations[observation_id][3].add(str(code))
    return relations


def contributions(observations):
    """Counter {key: n} of what the given observation queryset (any statuses) adds to the rollup."""
    total = Counter()
    rows = list(observations.filter(status__in=COUNTED_STATUSES).order_by().values_list(*BASE_FIELDS))
    for part in batches(rows, IDS_PER_STATEMENT):
        relations = observation_relations([row[0] for row in part])
        for row in part:
            total.update(rollup_keys(row[1:], *relations[row[0]]))
    return total


def _table():
    return ObservationRollup._meta.db_table


def _grain_inserts(grain):
    """INSERT … SELECT statements that fill one grain: one per subset of its multi-valued dimensions that
    take values (the others are ALL), so that no two statements write the same key."""
    table = connection.ops.quote_name(_table())
    columns = ", ".join(connection.ops.quote_name(name) for name in (*KEY_FIELDS, "count"))
    statuses = ", ".join(f"'{status}'" for status in COUNTED_STATUSES)
    subsets = chain.from_iterable(combinations(grain.multi, n) for n in range(len(grain.multi) + 1))
    for joined in subsets:
        grouped = [SINGLE_SQL["county"], month_sql()]
        values = {"grain": f"'{grain.name}'", "county_code": SINGLE_SQL["county"], "month": grouped[1]}
        for name, column in (("municipality", "municipality_code"), ("polarity", "polarity"),
                             ("observation_type", "observation_type")):
            if name in grain.single:
                values[column] = SINGLE_SQL[name]
                grouped.append(SINGLE_SQL[name])
            else:
                values[column] = f"'{ALL}'"
        joins = []
        for name in MULTI_VALUED:
            if name in joined:
                joins.append(f"JOIN ({relation_sql(name)}) r_{name} ON r_{name}.oid = o.id")
                values[name] = f"r_{name}.v"
                grouped.append(f"r_{name}.v")
            else:
                values[name] = f"'{ALL}'"
        select = ", ".join(values[name] for name in KEY_FIELDS)
        # Identifiers are quoted model table/column names, never user input; values are %s parameters.
        yield (f"INSERT INTO {table} ({columns}) SELECT {select}, COUNT(*) FROM {from_sql()} {' '.join(joins)} "  # nosec B608
               f"WHERE o.status IN ({statuses}) GROUP BY {', '.join(grouped)}")


def rebuild(*, progress=None):
    """Recompute the whole rollup from the raw tables: one INSERT … SELECT … GROUP BY per grain and subset
    of its multi-valued dimensions, in one transaction. On PostgreSQL the rollup table is locked first, so
    that changes committed meanwhile wait and then apply their deltas on top of the rebuilt table.
    `progress(done, total)` is called after each statement. Returns the number of rows written."""
    statements = [sql for grain in GRAINS for sql in _grain_inserts(grain)]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(_table())} IN EXCLUSIVE MODE")
        ObservationRollup.objects.all().delete()
        # Protected releases were computed from whatever the raw tables held then; they are made again.
        ProtectedRelease.objects.all().delete()
        for done, sql in enumerate(statements, 1):
            cursor.execute(sql)
            if progress:
                progress(done, len(statements))
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {connection.ops.quote_name(_table())}")
        return ObservationRollup.objects.count()


def raw_counts():
    """The rollup as it should be, computed from the raw tables ({key: n}); for tests and checks."""
    return +contributions(Observation.objects.all())


def rollup_counts():
    """The rollup table as {key: n}."""
    return {tuple(row[:-1]): row[-1] for row in ObservationRollup.objects.values_list(*KEY_FIELDS, "count")}
