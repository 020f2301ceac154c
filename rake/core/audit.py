"""Writing and searching the append-only audit log (DESIGN §4.2)."""

from .models import AuditEntry


def client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(*, action, user=None, request=None, obj=None, object_type="", object_id="",
                 outcome=AuditEntry.Outcome.SUCCESS, detail=None, username=""):
    """Append one entry. `detail` must never hold observation text."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    organisation = role = ""
    actor_id = None
    if user is not None and getattr(user, "is_authenticated", False):
        actor_id = user.pk
        username = user.get_username()
        summary = getattr(user, "audit_summary", None)
        if summary:
            organisation, role = summary()
    return AuditEntry.objects.create(
        actor_id=actor_id,
        actor_username=username[:150],
        organisation=organisation[:200],
        role=role[:50],
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:80],
        ip_address=client_ip(request),
        outcome=outcome,
        detail=detail or {},
    )


def audit_search(*, query="", action="", username="", since=None, until=None, outcome=""):
    entries = AuditEntry.objects.all()
    if action:
        entries = entries.filter(action=action)
    if username:
        entries = entries.filter(actor_username__icontains=username)
    if outcome:
        entries = entries.filter(outcome=outcome)
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    if query:
        from django.db.models import Q

        entries = entries.filter(
            Q(object_id=query) | Q(object_type__icontains=query) | Q(action__icontains=query)
            | Q(actor_username__icontains=query) | Q(organisation__icontains=query)
        )
    return entries


def audit_actions():
    """The distinct actions in the log, for the search form's choices."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())
