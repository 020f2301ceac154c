"""Reads for the administration pages, scoped by the permission resolver (DESIGN §2)."""

from django.db.models import Q, QuerySet

from .models import Membership, Organisation, User


def administered_organisations(*, actor: User) -> QuerySet:
    """The organisations whose memberships `actor` manages: their counties' (every one for a superuser)."""
    counties = actor.permissions.admin_counties()
    if counties is None:
        return Organisation.objects.all()
    return Organisation.objects.filter(is_national=False, county_code__in=counties)


def user_list(*, actor: User, query: str = "", active: bool | None = None) -> QuerySet:
    """Users holding a membership in an organisation `actor` administers, with their memberships."""
    counties = actor.permissions.admin_counties()
    users = User.objects.all()
    if counties is not None:
        users = users.filter(pk__in=Membership.objects.filter(
            organisation__in=administered_organisations(actor=actor)).values("user_id"))
    if query:
        users = users.filter(Q(username__icontains=query) | Q(first_name__icontains=query)
                             | Q(last_name__icontains=query) | Q(email__icontains=query))
    if active is not None:
        users = users.filter(is_active=active)
    return users.prefetch_related("memberships__organisation").order_by("last_name", "first_name", "username")


def user_get(*, actor: User, pk: int) -> User | None:
    """The user if `actor` may see them, else None (the view answers 404: another county's users do not exist
    for a county's admin)."""
    user = User.objects.filter(pk=pk).first()
    if user is None or not actor.permissions.can_view_user(user):
        return None
    return user


def user_memberships(*, user: User) -> QuerySet:
    return user.memberships.select_related("organisation").order_by("organisation__name", "role")
