"""Login with an organisation's OpenID Connect provider (mozilla-django-oidc; ADR 0009).

The provider only authenticates. A login succeeds for exactly one existing, active Rake user whose
e-mail address matches the provider's e-mail claim; Rake never creates users or grants roles from claims.
Active only when configured (RAKE_OIDC_* in config/settings/base.py).
"""

import logging
from dataclasses import dataclass

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

# What a provider, the network or a forged callback can make the library raise on the way to a user.
PROVIDER_ERRORS = (SuspiciousOperation, requests.RequestException, jwt.PyJWTError, ValueError, KeyError, TypeError,
                   AttributeError)


@dataclass
class Refusal:
    """Why an OIDC login was refused: read by the audit signal and the callback view's message."""

    reason: str
    email: str = ""

    @property
    def about_account(self):
        """True when the provider vouched for someone, but not for one active Rake user."""
        return self.reason != "invalid_response"


class Refused(Exception):
    def __init__(self, reason, email=""):
        super().__init__(reason)
        self.refusal = Refusal(reason, email)


class OIDCBackend(OIDCAuthenticationBackend):
    """Matches the provider's verified e-mail address to one active Rake user; never creates one."""

    def authenticate(self, request, **kwargs):
        # Only the OIDC callback passes a nonce. Password logins reach this backend too and must never
        # make it exchange a code that happens to be in the query string.
        if request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except Refused as refused:
            request.oidc_refusal = refused.refusal
        except PROVIDER_ERRORS as exc:
            logger.warning("OIDC login failed: %s", exc)
            request.oidc_refusal = Refusal("invalid_response")
        return None

    def get_or_create_user(self, access_token, id_token, payload):
        # `payload` is the ID token's verified claims. The library checks neither its audience nor that
        # the userinfo answer is about the same subject (OIDC Core 3.1.3.7 and 5.3.2); Rake does.
        audience = payload.get("aud")
        if self.OIDC_RP_CLIENT_ID not in ([audience] if isinstance(audience, str) else audience or []):
            logger.warning("OIDC login refused: the ID token's audience is %r", audience)
            raise Refused("invalid_response")
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if not payload.get("sub") or userinfo.get("sub") != payload.get("sub"):
            logger.warning("OIDC login refused: the userinfo answer is about another subject")
            raise Refused("invalid_response")
        claims = {**payload, **userinfo}
        email = str(claims.get("email") or "")
        if not email:
            raise Refused("no_email")
        if not self.verify_claims(claims):
            raise Refused("email_not_verified", email)
        users = list(self.filter_users_by_claims(claims)[:2])
        if not users:
            raise Refused("no_user", email)
        if len(users) > 1:
            raise Refused("several_users", email)
        if not self.user_can_authenticate(users[0]):
            raise Refused("inactive", email)
        return users[0]

    def verify_claims(self, claims):
        # email_verified is optional in OIDC; when the provider says the address is unverified, it could
        # be anyone's address.
        return claims.get("email_verified", True) in (True, "true")

    def filter_users_by_claims(self, claims):
        email = claims.get("email")
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email).order_by("pk")

    def create_user(self, claims):
        raise Refused("no_user", claims.get("email", ""))

    def get_user(self, user_id):
        # The library's get_user forgets is_active: ModelBackend's ends the session of a deactivated user.
        return ModelBackend.get_user(self, user_id)


@method_decorator(never_cache, name="dispatch")
class OIDCLoginView(OIDCAuthenticationRequestView):
    """Redirects to the provider with a fresh state, nonce and PKCE challenge kept in the session."""


@method_decorator(never_cache, name="dispatch")
class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here; a failure returns to the login page with a message."""

    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A state this session never sent: a replayed or forged callback, or an old browser tab.
            logger.warning("OIDC callback with an unknown state")
            return self.login_failure()

    def login_failure(self):
        refusal = getattr(self.request, "oidc_refusal", None)
        if refusal is not None and refusal.about_account:
            message = _(
                "Your %(provider)s account is not linked to an active Rake user. Ask your organisation's Rake "
                "administrator to check the e-mail address of your Rake account."
            )
        else:
            message = _("Logging in with %(provider)s did not succeed. Please try again.")
        messages.error(self.request, message % {"provider": settings.RAKE_OIDC_NAME})
        return redirect(settings.LOGIN_URL)
