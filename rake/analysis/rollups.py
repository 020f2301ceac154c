"""Keeping `ObservationRollup` equal to the raw observations (DESIGN §4.4).

What counts: observations whose status is accepted, used or closed (COUNTED_STATUSES). Drafts, submitted
ones and those waiting for clarification are not counted yet; rejected and quarantined ones are not
counted (a quarantine removes the counts until the observation is released back to a counted status);
deleted ones are gone. The month is the month the observation was made (`observed_on`), the area the
observation's own county and municipality codes.

Incremental maintenance: every service that can change an observation's contribution runs inside
`rake.observations.events.changing` (the observations app does not know this app). `RollupListener`
computes the observation's contribution (a {key: 1} Counter) before and after the change and applies the
difference with one upsert per changed key, `count = count + delta`, in the service's transaction. The
observation's row is locked first, and keys are applied in sorted order, so concurrent changes on
PostgreSQL neither lose updates nor deadlock on the rollup rows; on SQLite the IMMEDIATE transactions run
one at a time. Rows that drop to 0 are deleted.

`rebuild()` (manage.py rebuild_rollups) recomputes the whole table from the raw tables.
"""

from collections import Counter, defaultdict
from itertools import product

from django.db import connection, transaction

from rake.observations.models import Observation, ObservationPhenomenon, Status

from .models import ALL, ObservationRollup

COUNTED_STATUSES = (Status.ACCEPTED, Status.USED, Status.CLOSED)
KEY_FIELDS = ObservationRollup.KEY_FIELDS
_BASE_FIELDS = ("id", "county_code", "municipality_code", "observed_on", "polarity", "observation_type__code")


def _keys(base, phenomena, sub_themes, client_groups, support_needs):
    """Every rollup key one observation adds 1 to."""
    county, municipality, observed_on, polarity, observation_type = base
    month = observed_on.replace(day=1)
    head = (county, municipality or "", month, polarity or "", observation_type or "")
    choices = [(ALL, *sorted(values)) for values in (phenomena, sub_themes, client_groups, support_needs)]
    return [head + tail for tail in product(*choices)]


def _relations(ids):
    """{observation id: (phenomena, sub-themes, client groups, support needs)} as sets of codes."""
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
    rows = list(observations.filter(status__in=COUNTED_STATUSES).order_by().values_list(*_BASE_FIELDS))
    if not rows:
        return total
    relations = _relations([row[0] for row in rows])
    for row in rows:
        total.update(_keys(row[1:], *relations[row[0]]))
    return total


def contribution(observation_id):
    """What one observation (by id; a missing one contributes nothing) adds to the rollup."""
    return contributions(Observation.objects.filter(pk=observation_id))


def _table():
    return ObservationRollup._meta.db_table


def apply_delta(delta):
    """Add {key: ±n} to the rollup (an upsert per key, in key order); delete rows that reach 0."""
    items = sorted(((key, n) for key, n in delta.items() if n), key=lambda item: tuple(map(str, item[0])))
    if not items:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in KEY_FIELDS)
    table = quote(_table())
    placeholders = ", ".join(["%s"] * (len(KEY_FIELDS) + 1))
    upsert = (f"INSERT INTO {table} ({columns}, {quote('count')}) VALUES ({placeholders}) "
              f"ON CONFLICT ({columns}) DO UPDATE SET {quote('count')} = {table}.{quote('count')} + "
              f"EXCLUDED.{quote('count')}")
    where = " AND ".join(f"{quote(name)} = %s" for name in KEY_FIELDS)
    delete = f"DELETE FROM {table} WHERE {where} AND {quote('count')} <= 0"
    with connection.cursor() as cursor:
        cursor.executemany(upsert, [_params(key) + [n] for key, n in items])
        gone = [_params(key) for key, n in items if n < 0]
        if gone:
            cursor.executemany(delete, gone)


def _params(key):
    key = list(key)
    key[2] = connection.ops.adapt_datefield_value(key[2])
    return key


class RollupListener:
    """Registered with rake.observations.events in AnalysisConfig.ready()."""

    def snapshot(self, observation_id):
        return contribution(observation_id)

    def changed(self, observation_id, before, after):
        delta = Counter(after)
        delta.subtract(before)
        apply_delta(delta)


listener = RollupListener()

REBUILD_BATCH = 5000


def rebuild(*, batch_size=REBUILD_BATCH, progress=None):
    """Recompute the whole rollup from the raw tables in one pass over the counted observations.

    The observations are read in id batches (their relations with one query per batch and relation) and
    summed in memory — the table has one row per distinct key, far fewer than observations — then
    written in bulk. On PostgreSQL the rollup table is locked first, so that changes committed meanwhile
    wait and then apply their deltas on top of the rebuilt table. Returns the number of rows written.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {connection.ops.quote_name(_table())} IN EXCLUSIVE MODE")
        ObservationRollup.objects.all().delete()
        totals = Counter()
        counted = Observation.objects.filter(status__in=COUNTED_STATUSES).order_by("pk")
        last = 0
        while True:
            ids = list(counted.filter(pk__gt=last).values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            totals.update(contributions(Observation.objects.filter(pk__in=ids)))
            last = ids[-1]
            if progress:
                progress(len(ids))
        ObservationRollup.objects.bulk_create(
            (ObservationRollup(count=n, **dict(zip(KEY_FIELDS, key))) for key, n in totals.items() if n),
            batch_size=2000,
        )
        return len(totals)


def raw_counts():
    """The rollup as it should be, computed from the raw tables ({key: n}); for tests and checks."""
    return +contributions(Observation.objects.all())


def rollup_counts():
    """The rollup table as {key: n}."""
    return {tuple(row[:-1]): row[-1] for row in ObservationRollup.objects.values_list(*KEY_FIELDS, "count")}
