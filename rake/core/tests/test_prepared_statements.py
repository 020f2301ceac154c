"""On PostgreSQL a statement a connection runs again and again is prepared once (ADR 0011)."""

import pytest
from django.db import connection

from rake.accounts.models import Organisation

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"),
]


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_repeated_orm_query_is_prepared_with_its_values_bound_by_the_server():
    table = Organisation._meta.db_table
    for county in ("01", "02", "03", "04", "05", "06"):
        list(Organisation.objects.filter(county_code=county))

    statements = [s for s in prepared_statements() if f'FROM "{table}"' in s and '"county_code" = $1' in s]
    assert len(statements) == 1, prepared_statements()


def test_a_query_run_once_is_not_prepared():
    list(Organisation.objects.filter(name="only once"))

    assert not [s for s in prepared_statements() if '"name" = $1' in s]
