"""Free-text search over observations: the one place for database-specific search.

PostgreSQL also matches Finnish and Swedish word forms ("asunnottomuus" finds "asunnottomia") through
its full-text configurations, served by expression indexes that migration 0002 creates on PostgreSQL
only. Every database matches substrings, so SQLite finds the same literal hits.
"""

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

FULL_TEXT_CONFIGS = ("finnish", "swedish")
# The expressions must match the indexes in migration 0002 exactly, or PostgreSQL will not use them.
FULL_TEXT_SQL = " OR ".join(
    f"to_tsvector('{config}'::regconfig, description) @@ plainto_tsquery('{config}'::regconfig, %s)"
    for config in FULL_TEXT_CONFIGS
)


def text_search(queryset, query):
    query = (query or "").strip()[:200]
    if not query:
        return queryset
    condition = Q(description__icontains=query) | Q(proposed_action__icontains=query)
    if query.isdigit():
        condition |= Q(pk=int(query))
    if connection.vendor == "postgresql":
        table = queryset.model._meta.db_table
        # The table name is the model's; the query is a %s parameter.
        matches = RawSQL(f"SELECT id FROM {table} WHERE {FULL_TEXT_SQL}", [query] * len(FULL_TEXT_CONFIGS))  # nosec B608 B611
        condition |= Q(pk__in=matches)
    return queryset.filter(condition)
