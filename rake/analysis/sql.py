"""SQL over the raw observation tables, shared by the rollup rebuild and the raw statistics queries.

Plain SQL that runs on PostgreSQL and SQLite. The multi-valued dimensions are read through
"relation" subqueries of distinct (observation id, value) pairs, so joining one never counts an
observation twice for the same value (two sub-themes of one phenomenon give the phenomenon once).
"""

import time
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext_lazy as _

from rake.core.errors import ValidationError

from rake.observations.models import Observation, ObservationPhenomenon
from rake.taxonomy.models import ClientGroup, ObservationType, Phenomenon, SupportNeed


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def relation_sql(dimension):
    """SELECT oid, v: the distinct values of a multi-valued dimension per observation."""
    links, phenomena = _table(ObservationPhenomenon), _table(Phenomenon)
    if dimension == "phenomenon":
        # Here and below: identifiers are quoted model table names, never user input.
        return (f"SELECT DISTINCT l.observation_id AS oid, p.national_code AS v FROM {links} l "  # nosec B608
                f"JOIN {phenomena} p ON p.id = l.phenomenon_id "
                f"WHERE p.national_code IS NOT NULL AND p.national_code <> ''")
    if dimension == "sub_theme":
        return (f"SELECT DISTINCT l.observation_id AS oid, p.code AS v FROM {links} l "  # nosec B608
                f"JOIN {phenomena} p ON p.id = l.phenomenon_id WHERE p.parent_id IS NOT NULL")
    if dimension == "client_group":
        through = _table(Observation.client_groups.through)
        return (f"SELECT t.observation_id AS oid, g.code AS v FROM {through} t "  # nosec B608
                f"JOIN {_table(ClientGroup)} g ON g.id = t.clientgroup_id")
    if dimension == "support_need":
        through = _table(Observation.support_needs.through)
        return (f"SELECT t.observation_id AS oid, CAST(n.code AS TEXT) AS v FROM {through} t "  # nosec B608
                f"JOIN {_table(SupportNeed)} n ON n.id = t.supportneed_id")
    raise ValueError(dimension)


def month_sql(column="o.observed_on"):
    """The first day of the column's month, as a date (PostgreSQL) or 'YYYY-MM-DD' text (SQLite)."""
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


# Single-valued dimensions ("" when the observation has none), over `observations o LEFT JOIN types ty`.
SINGLE_SQL = {
    "county": "o.county_code",
    "municipality": "COALESCE(o.municipality_code, '')",
    "polarity": "COALESCE(o.polarity, '')",
    "observation_type": "COALESCE(ty.code, '')",
}


def from_sql():
    """The observations with their type, aliased o and ty."""
    return (f"{_table(Observation)} o LEFT JOIN {_table(ObservationType)} ty "
            f"ON ty.id = o.observation_type_id")


class QueryTooLarge(ValidationError):
    """A statistics question that would cost a worker more than its time (400 `query_too_large`)."""

    code = "query_too_large"

    def __init__(self, message=None):
        super().__init__(message=message or _("These statistics would take too long to count. Split by fewer "
                                              "dimensions, or narrow the months, the counties or the filters."),
                         code=self.code)


QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE of a statement cancelled by statement_timeout


@contextmanager
def query_deadline(seconds: float):
    """Stop the queries run inside once they have taken `seconds` together, raising QueryTooLarge: PostgreSQL's
    statement_timeout for a transaction of their own (each statement gets the whole time: there is one heavy
    one), SQLite's progress handler, which interrupts the running statement."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(max(1, int(seconds * 1000)))])
            try:
                yield
            except OperationalError as error:
                if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
                    raise QueryTooLarge() from error
                raise
            with connection.cursor() as cursor:  # inside an outer transaction the limit would outlive this block
                cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
        return
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + seconds
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        yield
    except OperationalError as error:
        if "interrupted" in str(error) and time.monotonic() > deadline:
            raise QueryTooLarge() from error
        raise
    finally:
        raw.set_progress_handler(None, 0)
