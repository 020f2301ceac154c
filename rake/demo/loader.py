"""Bulk insertion of observations, for the benchmark data (`scripts/bench*.py`,
`manage.py generate_benchmark_data`; the rows themselves come from rake.demo.benchmark).

These bypass the services on purpose (speed): no timeline events, no audit entries, no rollup deltas.
A caller that needs the statistics rollups rebuilds them afterwards (rake.analysis.rollups.rebuild).

`insert()` writes one batch in one transaction: it reserves the primary keys of the new observations
first, so the rows of the phenomenon, client group and support need through tables are built without
reading anything back, then writes every table with COPY … FROM STDIN (PostgreSQL, psycopg 3) or one
prepared INSERT run with executemany (SQLite).

`loading()` wraps a large load (many batches) to make it fast, and undoes what it changed however the
block ends (normal end, exception, Ctrl-C):
- From `drop_indexes_from` new rows on (default 50,000), the secondary indexes of the observation and
  through tables (the non-unique B-trees the models declare: twelve on the observation table, two on each
  through table) are dropped before the load and built again after it, in a `finally`: building an index
  once is much cheaper than maintaining it row by row. Primary keys and unique constraints stay. Should the
  process be killed outright (no `finally`), the next `loading()` or `restore_indexes()` builds the missing
  ones first (`manage.py generate_benchmark_data --observations 0` does it).
- The two full-text GIN indexes on PostgreSQL (migration 0002) are kept and maintained during the load:
  the server does that work in its own process while this one generates the next rows (COPY streams
  them), whereas building them afterwards is work nobody overlaps, and it grows faster than the rows.
  Measured on the 2-core machine (shared with other work): 200,000 observations in 47 s with them dropped
  and built again (22 s of it building), 44 s with them kept; 1,000,000 in 347 s with them dropped (137 s
  of it building them; rows not yet streamed), 167 s and 221 s (two runs) with them kept.
- PostgreSQL: `synchronous_commit = off` per batch (a server crash can lose the last batches, never
  corrupt anything); for a superuser, `session_replication_role = replica` for the session, which skips
  the foreign key triggers (the rows are consistent by construction: ids from the reference tables and
  the reserved keys); ANALYZE of the tables at the end.
- SQLite: `PRAGMA synchronous = OFF` and a 256 MB page cache for the connection only, restored at the
  end. The journal stays WAL (settings), so a killed process cannot corrupt the file, only a power cut
  during the load could.

"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.utils import timezone

from rake.core.copy import copy_rows
from rake.observations.models import Observation, ObservationPhenomenon
from rake.taxonomy.models import ClientGroup, ObservationType, Phenomenon, ServiceArea, SupportNeed

# A load of at least this many observations drops the secondary indexes and builds them again (`loading()`).
DROP_INDEXES_FROM = 50_000


@dataclass
class Row:
    """One observation to insert: its field values by attname (`county_code`, `observation_type_id`, …;
    missing ones get the field's default) and the codes of its relations (the first phenomenon is primary)."""

    values: dict
    phenomena: list = field(default_factory=list)
    client_groups: list = field(default_factory=list)
    support_needs: list = field(default_factory=list)


class Taxonomy:
    """Code → id of the reference data, read once."""

    def __init__(self):
        self.phenomena = dict(Phenomenon.objects.values_list("code", "pk"))
        self.types = dict(ObservationType.objects.values_list("code", "pk"))
        self.service_areas = dict(ServiceArea.objects.values_list("code", "pk"))
        self.client_groups = dict(ClientGroup.objects.values_list("code", "pk"))
        self.support_needs = dict(SupportNeed.objects.values_list("code", "pk"))


def _reserve_ids(cursor, table, count):
    """`count` new primary keys for `table`, so that relation rows need no read-back.

    PostgreSQL: taken from the table's identity sequence (safe beside concurrent inserts). SQLite: the
    ids after the largest one ever used (AUTOINCREMENT's sqlite_sequence, or MAX(id)); the write
    transaction Django opens (IMMEDIATE, see settings) keeps other writers out until it commits.
    """
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [table, count])
        return [r[0] for r in cursor.fetchall()]
    # Identifiers are quoted model table/column names, never user input; values are %s parameters.
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quote(table)}")  # nosec B608
    last = cursor.fetchone()[0]
    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
    found = cursor.fetchone()
    last = max(last, found[0] if found else 0)
    return list(range(last + 1, last + 1 + count))


def insert(rows, taxonomy=None, *, count=None, progress=None):
    """Insert the rows (observations and their links) in one transaction; returns the new ids in order.

    `rows` is a list of Rows, or an iterable of exactly `count` of them: a generator lets PostgreSQL store
    the first rows while the next are still being generated. `progress(n)` is called as each chunk of
    observation rows has been written (for a progress bar).

    Not bulk_create: building model instances and preparing every value through the ORM costs more than
    the database does at this scale. The primary keys are reserved first (`_reserve_ids`), so the rows of
    the phenomenon, client group and support need through tables are built without reading anything back,
    and every table is written with COPY (PostgreSQL) or one prepared INSERT (SQLite).
    """
    taxonomy = taxonomy or Taxonomy()
    count = len(rows) if count is None else count
    ops = connection.ops
    postgresql = connection.vendor == "postgresql"
    now = timezone.now()
    fields = [f for f in Observation._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    defaults["created_at"] = defaults["modified_at"] = now
    names = [f.attname for f in fields]
    # psycopg adapts Python values itself; SQLite needs Django's text forms of dates and datetimes.
    adapters = {}
    if not postgresql:
        for f in fields:
            if isinstance(f, models.DateTimeField):
                adapters[f.attname] = ops.adapt_datetimefield_value
            elif isinstance(f, models.DateField):
                adapters[f.attname] = ops.adapt_datefield_value
    table = Observation._meta.db_table
    GroupLink = Observation.client_groups.through
    NeedLink = Observation.support_needs.through
    links, group_links, need_links = [], [], []

    def observation_tuples(ids):
        # Collects the links on the way, for the through tables written after the observations.
        for pk, row in zip(ids, rows, strict=True):
            values = {**defaults, **row.values}
            for name, adapt in adapters.items():
                if values[name] is not None:
                    values[name] = adapt(values[name])
            links.extend((pk, taxonomy.phenomena[code], position) for position, code in enumerate(row.phenomena))
            group_links.extend((pk, taxonomy.client_groups[code]) for code in row.client_groups)
            need_links.extend((pk, taxonomy.support_needs[code]) for code in row.support_needs)
            yield (pk, *[values[name] for name in names])

    with transaction.atomic(), connection.cursor() as cursor:
        if postgresql:
            # Losing the last transactions on a server crash is fine for benchmark data; corruption cannot
            # happen. Saves a WAL flush per batch.
            cursor.execute("SET LOCAL synchronous_commit = off")
        ids = _reserve_ids(cursor, table, count)
        copy_rows(cursor, table, [Observation._meta.pk.column] + [f.column for f in fields], observation_tuples(ids),
               progress=progress)
        copy_rows(cursor, ObservationPhenomenon._meta.db_table, ["observation_id", "phenomenon_id", "position"],
               links)
        copy_rows(cursor, GroupLink._meta.db_table, ["observation_id", "clientgroup_id"], group_links)
        copy_rows(cursor, NeedLink._meta.db_table, ["observation_id", "supportneed_id"], need_links)
    return ids


def _loaded_models():
    return [Observation, ObservationPhenomenon, Observation.client_groups.through,
            Observation.support_needs.through]


def secondary_indexes():
    """[(table, index name, CREATE INDEX statement)] of the indexes a large load drops and builds again: the
    non-unique indexes the models declare on the observation and through tables, with the statements
    `migrate` used. Not the full-text GIN indexes (PostgreSQL, migration 0002): see the module docstring."""
    # Only building statements, never running them: no need to enter the editor (which SQLite refuses in
    # a transaction). `_model_indexes_sql` is Django's private API, the one `migrate` itself uses.
    editor = connection.schema_editor(collect_sql=True)
    return [(model._meta.db_table, str(statement.parts["name"]).strip('"'), str(statement))
            for model in _loaded_models() for statement in editor._model_indexes_sql(model)]


def _missing_indexes():
    indexes = secondary_indexes()
    with connection.cursor() as cursor:
        existing = {table: set(connection.introspection.get_constraints(cursor, table))
                    for table in {table for table, _, _ in indexes}}
    return [(table, name, sql) for table, name, sql in indexes if name not in existing[table]]


def _drop_indexes():
    with connection.cursor() as cursor:
        for _, name, _ in secondary_indexes():
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")


def restore_indexes():
    """Build the secondary indexes that are missing (after a load, or a load that was killed). Returns
    how many were built."""
    missing = _missing_indexes()
    with transaction.atomic(), connection.cursor() as cursor:
        if missing and connection.vendor == "postgresql":
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, _, sql in missing:
            cursor.execute(sql)
    return len(missing)


def _fast_settings():
    """{setting: value} for the load, on the command's own connection only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = cursor.fetchone()[0]
        return {"session_replication_role": "replica"} if superuser else {}
    # Not journal_mode: MEMORY or OFF would be faster still, but a process killed in the middle of a write
    # could then corrupt the file. WAL (settings) is safe against that whatever `synchronous` says.
    # SQLite refuses to change `synchronous` inside a transaction (the tests run in one).
    return {"cache_size": "-262144"} if connection.in_atomic_block else {"synchronous": "OFF", "cache_size": "-262144"}


def _apply(settings):
    """Apply connection settings; returns their previous values."""
    previous = {}
    with connection.cursor() as cursor:
        for name, value in settings.items():
            if connection.vendor == "postgresql":
                cursor.execute(f"SHOW {name}")
                previous[name] = cursor.fetchone()[0]
                cursor.execute(f"SET {name} = {value}")
            else:
                cursor.execute(f"PRAGMA {name}")
                previous[name] = cursor.fetchone()[0]
                cursor.execute(f"PRAGMA {name} = {value}")
    return previous


@contextmanager
def loading(new_rows, *, drop_indexes_from=DROP_INDEXES_FROM, on_indexes=None):
    """Make a load of about `new_rows` observations fast (see the module docstring) and undo the changes
    however it ends. `on_indexes()` is called before the dropped indexes are built again (to tell the user:
    it takes a while)."""
    restore_indexes()  # a previous load that was killed before it could build them again
    drop = new_rows >= drop_indexes_from
    previous = {}
    try:
        previous = _apply(_fast_settings())
        if drop:
            _drop_indexes()
        yield
    finally:
        _apply(previous)
        if drop:
            if on_indexes:
                on_indexes()
            restore_indexes()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in _loaded_models():
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
