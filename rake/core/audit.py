"""Writing and searching the append-only audit log (DESIGN §4.2)."""

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

# What each action of the log means, as the audit view and its search name it: the codes stay in the database.
# A new action needs a label here (rake/core/tests/test_audit_labels.py finds the actions in the code).
ACTION_LABELS = {
    "login": _("Logging in"),
    "logout": _("Logging out"),
    "permission_change": _("Change of roles"),
    "user.change": _("Change of a user"),
    "user.create": _("User created"),
    "user.deactivate": _("User deactivated"),
    "user.reactivate": _("User reactivated"),
    "user.password_link": _("Password link sent"),
    "user.password_set": _("Password set through the link"),
    "organisation.change": _("Change of an organisation"),
    "taxonomy.change": _("Change of the classification"),
    "admin.change": _("Change in the administration"),
    "audit.search": _("Search of the audit log"),
    "dashboard.download": _("Download from the dashboard"),
    "exchange.export": _("National exchange: export"),
    "exchange.import": _("National exchange: import"),
    "privacy.acknowledge": _("Personal data: a finding marked as a false alarm"),
    "privacy.confirm_findings": _("Personal data: findings confirmed"),
    "privacy.rescan": _("Personal data: stored texts scanned again"),
    "observation.create": _("Observation: saved as a draft"),
    "observation.update": _("Observation: draft edited"),
    "observation.submit": _("Observation: sent"),
    "observation.read": _("Observation: read"),
    "observation.list": _("Observations: list viewed"),
    "observation.classify": _("Observation: classified"),
    "observation.accept": _("Observation: accepted"),
    "observation.reject": _("Observation: rejected"),
    "observation.request_clarification": _("Observation: clarification asked"),
    "observation.answer_clarification": _("Observation: clarification answered"),
    "observation.close": _("Observation: closed"),
    "observation.quarantine": _("Observation: hidden for personal data"),
    "observation.release": _("Observation: released from hiding"),
    "observation.mark_used": _("Observation: used in a report"),
    "observation.link": _("Observation: linked to another"),
    "observation.unlink": _("Observation: link removed"),
    "observation.edit_text": _("Observation: text edited"),
    "observation.redact": _("Observation: part of a text removed"),
    "observation.delete_draft": _("Observation: draft deleted"),
    "observation.hard_delete": _("Observation: deleted permanently"),
    "proposal.create": _("Proposal: created"),
    "proposal.update": _("Proposal: edited"),
    "proposal.observations_added": _("Proposal: observations added"),
    "proposal.submit": _("Proposal: submitted"),
    "proposal.consider": _("Proposal: taken under consideration"),
    "proposal.decide": _("Proposal: decision recorded"),
    "proposal.start": _("Proposal: work started"),
    "proposal.progress": _("Proposal: progress recorded"),
    "proposal.implement": _("Proposal: implemented"),
    "proposal.close": _("Proposal: closed"),
    "proposal.follow_up": _("Proposal: next follow-up set"),
    "publication.create": _("Report: created"),
    "publication.update": _("Report: edited"),
    "publication.publish": _("Report: published"),
    "publication.quote_add": _("Report: quote added"),
    "publication.quote_approve": _("Report: quote approved"),
    "publication.quote_remove": _("Report: quote removed"),
}


def action_label(action):
    """The action as people name it; an action without a label (a new one) as its code."""
    return ACTION_LABELS.get(action, action)


def object_label(object_type, object_id):
    """"havainto 152" for ("observations.observation", "152"): the model's own name, not its code."""
    if not object_type:
        return ""
    try:
        name = apps.get_model(object_type)._meta.verbose_name
    except (LookupError, ValueError):
        name = object_type
    return f"{capfirst(name)} {object_id}".strip()


def roles_label(roles):
    """"rake-koordinaattori, raportoija" for "coordinator, reporter" (audit_summary's roles), named by the
    membership's own choices (core builds on no app: the model is looked up, not imported)."""
    names = dict(apps.get_model("accounts", "Membership")._meta.get_field("role").choices)
    return ", ".join(str(names.get(role.strip(), role.strip())) for role in roles.split(",") if role.strip())


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
    """The distinct actions in the log, for the search form's choices: [(code, label)] by label."""
    codes = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return sorted(((code, str(action_label(code))) for code in codes), key=lambda pair: pair[1].lower())
