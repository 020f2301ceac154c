"""Incremental count tables: add {key: ±n} to a table of counts in a few multi-row statements.

Shared by the statistics rollup (rake.analysis.rollups) and the keyword counts (rake.analysis.keywords).
A count table is a model with a `count` integer column, a unique constraint over the fields named in its
`KEY_FIELDS`, and keys given as tuples in that order.
"""

from django.db import connection

# Rows per statement. An accepted observation changes some 100 keys, so one statement nearly always does;
# the bound keeps a large delta under SQLite's 32,766 parameters (and PostgreSQL's 65,535).
ROWS_PER_STATEMENT = 1000


# Observation ids per statement where the ids are listed (`observation_id IN (…)`) to read their relations.
IDS_PER_STATEMENT = 10_000


def batches(items, size):
    """Consecutive slices of a list, `size` items each (the last may be shorter)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def upsert_counts(model, delta):
    """Add {key tuple: ±n} to `model`'s table with `INSERT … VALUES (…), (…) ON CONFLICT (key) DO UPDATE
    SET count = count + n`, rows in key order (so that concurrent writers lock rows in the same order and
    do not deadlock); then delete the rows of the decreased keys that reached 0 or less.

    One statement for many rows rather than one per row: an accept's hundred keys cost one round trip and
    one statement on the server instead of a hundred (ADR 0010)."""
    key_fields = model.KEY_FIELDS
    items = sorted(((key, n) for key, n in delta.items() if n), key=lambda item: tuple(map(str, item[0])))
    if not items:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(name) for name in key_fields)
    count = quote("count")
    key_row = "(" + ", ".join(["%s"] * len(key_fields)) + ")"
    count_row = "(" + ", ".join(["%s"] * (len(key_fields) + 1)) + ")"
    fields = [model._meta.get_field(name) for name in key_fields]

    def params(key):
        # Each value as the database wants it (a date becomes text on SQLite).
        return [field.get_db_prep_save(value, connection) for field, value in zip(fields, key)]

    with connection.cursor() as cursor:
        for batch in batches(items, ROWS_PER_STATEMENT):
            rows = ", ".join([count_row] * len(batch))
            # Identifiers are quoted model table/column names, never user input; values are %s parameters.
            cursor.execute(
                f"INSERT INTO {table} ({columns}, {count}) VALUES {rows} "  # nosec B608
                f"ON CONFLICT ({columns}) DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}",
                [value for key, n in batch for value in (*params(key), n)])
        gone = [key for key, n in items if n < 0]
        for batch in batches(gone, ROWS_PER_STATEMENT):
            keys = ", ".join([key_row] * len(batch))
            # Identifiers are quoted model table/column names, never user input; values are %s parameters.
            cursor.execute(
                f"DELETE FROM {table} WHERE {count} <= 0 AND ({columns}) IN (VALUES {keys})",  # nosec B608
                [value for key in batch for value in params(key)])
