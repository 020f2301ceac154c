"""Free-text search over observations: the one place for database-specific search.

PostgreSQL matches Finnish and Swedish word forms with its full-text configurations; every database
also matches substrings, so a search on SQLite finds the same literal hits.
"""

from django.db import connection
from django.db.models import Q


def text_search(queryset, query):
    query = (query or "").strip()[:200]
    if not query:
        return queryset
    condition = Q(description__icontains=query) | Q(proposed_action__icontains=query)
    if query.isdigit():
        condition |= Q(pk=int(query))
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        for config in ("finnish", "swedish"):
            vector = SearchVector("description", config=config)
            queryset = queryset.annotate(**{f"_search_{config}": vector})
            condition |= Q(**{f"_search_{config}": SearchQuery(query, config=config)})
    return queryset.filter(condition)
