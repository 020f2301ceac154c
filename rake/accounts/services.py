from django.contrib.auth import authenticate
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from rake.core.audit import audit_record
from rake.core.errors import ServiceError, ValidationError

from .models import Membership, Organisation, User


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
def membership_grant(*, user, organisation, role, granted_by=None):
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        audit_record(action="permission_change", user=granted_by, obj=membership,
                     detail={"grant": role, "user": user.pk, "organisation": organisation.pk})
    return membership


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
