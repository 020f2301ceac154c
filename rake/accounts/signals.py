"""Logins and logouts are audited however they happen (web form, admin, API token, OIDC provider)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from rake.core.audit import audit_record
from rake.core.models import AuditEntry


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    # authenticate() noted the backend that let the user in; say so when it was the OIDC provider.
    oidc = getattr(user, "backend", "") == "rake.accounts.oidc.OIDCBackend"
    audit_record(action="login", user=user, request=request, obj=user, detail={"method": "oidc"} if oidc else None)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="logout", user=user, request=request, obj=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # An OIDC login has no username: record the e-mail address the provider gave and why it was refused.
    refusal = getattr(request, "oidc_refusal", None)
    audit_record(
        action="login",
        request=request,
        username=str(refusal.email if refusal else credentials.get("username", ""))[:150],
        outcome=AuditEntry.Outcome.FAILURE,
        detail={"method": "oidc", "reason": refusal.reason} if refusal else None,
    )
