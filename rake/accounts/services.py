import logging

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from rake.core.audit import audit_record
from rake.core.errors import NotFound, PermissionDenied, ServiceError, ValidationError

from .models import Membership, Organisation, Role, User

logger = logging.getLogger(__name__)


class AuthenticationFailed(ServiceError):
    code = "authentication_failed"
    http_status = 400
    default_message = _("Unable to log in with the given username and password.")


class AccountLocked(ServiceError):
    code = "account_locked"
    http_status = 429
    default_message = _("Too many failed logins for this account. Try again later or contact your "
                        "organisation's Rake administrator.")


def token_obtain(*, username, password, request=None):
    """Exchange credentials for an API token; logins are audited by the auth signals."""
    errors = {}
    if not username:
        errors["username"] = [_("This field is required.")]
    if not password:
        errors["password"] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    # With the request, django-axes counts the failure and refuses a locked-out username.
    user = authenticate(request=request, username=username, password=password)
    if user is None and getattr(request, "axes_locked_out", False):
        raise AccountLocked()
    if user is None or not user.is_active:
        raise AuthenticationFailed()
    token, _created = Token.objects.get_or_create(user=user)
    audit_record(action="login", user=user, request=request, obj=user, detail={"via": "api_token"})
    return token.key


@transaction.atomic
def user_update_preferences(*, user, usual_service_area=None, usual_municipality=None, email_notifications=None):
    """The user's own settings; None leaves one as it is. The observation form's remembered service area and
    municipality ("" forgets them) and the e-mail when a coordinator writes (rake.observations.notifications)."""
    changed = []
    if email_notifications is not None and user.email_notifications != bool(email_notifications):
        user.email_notifications = bool(email_notifications)
        changed.append("email_notifications")
    if usual_service_area is not None and user.usual_service_area != usual_service_area:
        user.usual_service_area = usual_service_area
        changed.append("usual_service_area")
    if usual_municipality is not None and user.usual_municipality != usual_municipality:
        user.usual_municipality = usual_municipality
        changed.append("usual_municipality")
    if changed:
        user.save(update_fields=changed)
    return user


@transaction.atomic
def membership_grant(*, user: User, organisation: Organisation, role: str, granted_by: User | None = None,
                     request: HttpRequest | None = None) -> Membership:
    """Give `user` the role in `organisation` (no scope check: seeding and tests; admins use membership_add)."""
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        audit_record(action="permission_change", user=granted_by, request=request, obj=membership,
                     detail={"grant": role, "user": user.pk, "organisation": organisation.pk})
    return membership


# --- administration in Rake (DESIGN §5): every write checks the admin's scope and is audited -------------

def _require_grantable(actor: User, organisation: Organisation, role: str) -> None:
    if role not in actor.permissions.grantable_roles(organisation):
        raise PermissionDenied(_("You cannot grant this role in this organisation."))


def _require_changeable(actor: User, user: User) -> None:
    if not actor.permissions.can_view_user(user):
        raise NotFound()
    if not actor.permissions.can_change_user(user):
        raise PermissionDenied()


@transaction.atomic
def user_create(*, actor: User, username: str, email: str, first_name: str = "", last_name: str = "",
                organisation: Organisation, role: str, preferred_language: str = "",
                request: HttpRequest | None = None) -> User:
    """A new user with one membership and no password: they set one through the link (user_send_password_link)
    or log in with the organisation's identity provider."""
    _require_grantable(actor, organisation, role)
    errors = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("A user with this username already exists.")]
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("A user with this e-mail address already exists.")]
    if errors:
        raise ValidationError(errors)
    user = User(username=username, email=email, first_name=first_name, last_name=last_name,
                preferred_language=preferred_language)
    user.set_unusable_password()
    user.save()
    audit_record(action="user.create", user=actor, request=request, obj=user,
                 detail={"organisation": organisation.pk, "role": role})
    membership_grant(user=user, organisation=organisation, role=role, granted_by=actor, request=request)
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool, request: HttpRequest | None = None) -> User:
    """Deactivate (the user can no longer log in; their sessions and API token stop working) or reactivate."""
    _require_changeable(actor, user)
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        Token.objects.filter(user=user).delete()
    audit_record(action="user.reactivate" if active else "user.deactivate", user=actor, request=request, obj=user)
    return user


def password_link(user: User, request: HttpRequest) -> str:
    """The one-time link with which `user` sets a password (Django's password reset token: it stops working
    once the password is set, and after PASSWORD_RESET_TIMEOUT)."""
    path = reverse("accounts:password_set", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)})
    return request.build_absolute_uri(path)


def _send_password_mail(user: User, link: str, language: str) -> None:
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    try:
        with translation.override(language):
            subject = gettext("Set your password for Rake")
            body = gettext(
                "Hello,\n\nA Rake user account has been made for you: %(username)s. Set your password with this "
                "link. It can be used once and for %(days)s days.\n\n%(link)s\n\nIf you did not expect this "
                "message, you can ignore it.\n") % {"username": user.get_username(), "days": days, "link": link}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:  # noqa: BLE001 - a mail server failure must not break the request that committed
        logger.exception("Sending the password link to user %s failed", user.pk)


@transaction.atomic
def user_send_password_link(*, actor: User, user: User, request: HttpRequest) -> None:
    """E-mail `user` a link to set their password; the admin never types or sees a password. The mail goes
    after the commit; the audit entry never holds the link. Not through the outbox (rake.core.notifications):
    it sends one mail per (kind, object, user) and rebuilds it later without a request, whereas a link may be
    sent again and is made for this request's host; a failed mail is logged and the admin sends a new link."""
    _require_changeable(actor, user)
    if not user.is_active:
        raise ValidationError(message=_("The user is deactivated: reactivate them first."))
    if not user.email:
        raise ValidationError({"email": [_("The user has no e-mail address.")]})
    link = password_link(user, request)
    language = user.preferred_language or translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: _send_password_mail(user, link, language))
    audit_record(action="user.password_link", user=actor, request=request, obj=user)


def membership_add(*, actor: User, user: User, organisation: Organisation, role: str,
                   request: HttpRequest | None = None) -> Membership:
    if not actor.permissions.can_view_user(user):
        raise NotFound()
    _require_grantable(actor, organisation, role)
    return membership_grant(user=user, organisation=organisation, role=role, granted_by=actor, request=request)


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership, request: HttpRequest | None = None) -> None:
    """Remove a role. Refused outside the admin's organisations, for a user's last membership (deactivate
    them instead, so nobody is left without a county), and for the admin's own last admin role in a county
    (an admin cannot lock themselves out)."""
    user, organisation, role = membership.user, membership.organisation, membership.role
    if not actor.permissions.can_view_user(user):
        raise NotFound()
    if not actor.permissions.can_administer_organisation(organisation):
        raise PermissionDenied()
    if not user.memberships.exclude(pk=membership.pk).exists():
        raise ValidationError(message=_("This is the user's only role. Deactivate the user instead."))
    if user.pk == actor.pk and role == Role.ADMIN and not actor.is_superuser and not user.memberships.filter(
            role=Role.ADMIN, organisation__county_code=organisation.county_code).exclude(pk=membership.pk).exists():
        raise ValidationError(message=_("You cannot remove your own administrator role."))
    membership_pk = membership.pk
    membership.delete()
    audit_record(action="permission_change", user=actor, request=request, object_type="accounts.membership",
                 object_id=membership_pk, detail={"revoke": role, "user": user.pk, "organisation": organisation.pk})


def organisation_get_or_create(*, name, county_code="", is_national=False):
    organisation, _ = Organisation.objects.get_or_create(
        name=name, defaults={"county_code": county_code, "is_national": is_national}
    )
    return organisation


def user_get_or_create(*, username, password, email="", first_name="", last_name="", is_staff=False,
                       is_superuser=False):
    """The user, created when missing, with `password`; None gives an unusable password (an account nobody
    logs in to with a password, e.g. a synthetic reporter of the benchmarks)."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": email, "first_name": first_name, "last_name": last_name,
                  "is_staff": is_staff, "is_superuser": is_superuser},
    )
    if password is None:
        if created or user.has_usable_password():
            user.set_unusable_password()
            user.save()
    elif created or not user.check_password(password):
        user.set_password(password)
        user.save()
    return user
