"""Logins and logouts are audited however they happen (web form, admin, API token)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from rake.core.audit import audit_record
from rake.core.models import AuditEntry


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit_record(action="login", user=user, request=request, obj=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="logout", user=user, request=request, obj=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        action="login",
        request=request,
        username=str(credentials.get("username", ""))[:150],
        outcome=AuditEntry.Outcome.FAILURE,
    )
