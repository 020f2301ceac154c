"""Incremental count tables: add {key: ±n} to a table of counts with one upsert per key.

Shared by the statistics rollup (rake.analysis.rollups) and the keyword counts (rake.analysis.keywords).
A count table is a model with a `count` integer column, a unique constraint over the fields named in its
`KEY_FIELDS`, and keys given as tuples in that order.
"""

from django.db import connection


def upsert_counts(model, delta):
    """Add {key tuple: ±n} to `model`'s table: `INSERT … ON CONFLICT (key) DO UPDATE SET count = count + n`
    per key, in key order (so that concurrent writers lock rows in the same order and do not deadlock);
    then delete the rows of the decreased keys that reached 0 or less."""
    key_fields = model.KEY_FIELDS
    items = sorted(((key, n) for key, n in delta.items() if n), key=lambda item: tuple(map(str, item[0])))
    if not items:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(name) for name in key_fields)
    count = quote("count")
    placeholders = ", ".join(["%s"] * (len(key_fields) + 1))
    # Identifiers are quoted model table/column names, never user input; values are %s parameters.
    upsert = (f"INSERT INTO {table} ({columns}, {count}) VALUES ({placeholders}) "  # nosec B608
              f"ON CONFLICT ({columns}) DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}")
    where = " AND ".join(f"{quote(name)} = %s" for name in key_fields)
    # Identifiers are quoted model table/column names, never user input; values are %s parameters.
    delete = f"DELETE FROM {table} WHERE {where} AND {count} <= 0"  # nosec B608
    fields = [model._meta.get_field(name) for name in key_fields]

    def params(key):
        # Each value as the database wants it (a date becomes text on SQLite).
        return [field.get_db_prep_save(value, connection) for field, value in zip(fields, key)]

    with connection.cursor() as cursor:
        cursor.executemany(upsert, [params(key) + [n] for key, n in items])
        gone = [params(key) for key, n in items if n < 0]
        if gone:
            cursor.executemany(delete, gone)
