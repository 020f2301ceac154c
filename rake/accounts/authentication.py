"""API token authentication that reads the user and their memberships in one query (ADR 0010)."""

from functools import cache

from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from .models import Membership, Organisation, User
from .permissions import MembershipSummary, Permissions


@cache
def _user_with_memberships_sql():
    quote = connection.ops.quote_name
    columns = ", ".join(f"u.{quote(field.column)}" for field in User._meta.concrete_fields)
    membership = (f"m.{quote('role')} AS membership_role, o.{quote('name')} AS membership_organisation, "
                  f"o.{quote('county_code')} AS membership_county, o.{quote('is_national')} AS membership_national")
    # Identifiers are quoted model table and column names, never input; the key is a %s parameter.
    return (
        f"SELECT {columns}, {membership} FROM {quote(Token._meta.db_table)} t "  # nosec B608
        f"JOIN {quote(User._meta.db_table)} u ON u.{quote('id')} = t.{quote('user_id')} "
        f"LEFT JOIN {quote(Membership._meta.db_table)} m ON m.{quote('user_id')} = u.{quote('id')} "
        f"LEFT JOIN {quote(Organisation._meta.db_table)} o ON o.{quote('id')} = m.{quote('organisation_id')} "
        f"WHERE t.{quote('key')} = %s"
    )


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's `Authorization: Token <key>` with its answers and messages, in one query instead of two.

    DRF reads the token and its user, then the permission resolver reads the user's memberships; every API
    request does both, and building the two ORM queries cost more CPU than many a request's own work. Here
    one statement (table and column names from the models, the key a parameter) joins the token, the user,
    the memberships and their organisations, and the resolver starts with the memberships it needs.
    """

    def authenticate_credentials(self, key):
        rows = list(User.objects.raw(_user_with_memberships_sql(), [key]))
        if not rows:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = rows[0]
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        memberships = [
            MembershipSummary(row.membership_role, row.membership_organisation, row.membership_county,
                              bool(row.membership_national))
            for row in rows if row.membership_role is not None
        ]
        user.permissions = Permissions(user, memberships=memberships)
        return user, Token(key=key, user=user)
