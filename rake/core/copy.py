"""Appending many rows to a table fast: COPY on PostgreSQL, one prepared INSERT on SQLite.

Used where a whole table is rebuilt from the observations (rake.analysis.keywords) and by the benchmark data's
loader (rake.demo.loader).
"""

from itertools import islice

from django.db import connection


def copy_rows(cursor, table, columns, tuples, *, chunk=2000, progress=None):
    """Append rows from an iterable of tuples: COPY … FROM STDIN on PostgreSQL, executemany of one prepared
    INSERT on SQLite. `progress(n)` is called after each chunk with its number of rows."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    tuples = iter(tuples)
    if connection.vendor == "postgresql":
        # The psycopg cursor under Django's wrapper. The rows stream to the server as they are written, so
        # it works on them (its own process) while the next ones are still being produced here.
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            while part := list(islice(tuples, chunk)):
                for values in part:
                    copy.write_row(values)
                if progress:
                    progress(len(part))
        return
    # Identifiers are quoted model table/column names, never user input; values are %s parameters.
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # nosec B608
    while part := list(islice(tuples, chunk)):
        cursor.executemany(sql, part)
        if progress:
            progress(len(part))
