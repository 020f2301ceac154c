"""SQL over the raw observation tables, shared by the rollup rebuild and the raw statistics queries.

Plain SQL that runs on PostgreSQL and SQLite. The multi-valued dimensions are read through
"relation" subqueries of distinct (observation id, value) pairs, so joining one never counts an
observation twice for the same value (two sub-themes of one phenomenon give the phenomenon once).
"""

from django.db import connection

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
