"""A county's administration in Rake (DESIGN §5): users, their memberships and roles, and the county's own
phenomena. Each view checks the resolver, validates with a form and calls a service; every write is audited
by its service. Another county's users and phenomena answer 404, as if they did not exist."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rake.accounts import selectors as account_selectors
from rake.accounts import services as account_services
from rake.accounts.models import Membership
from rake.core.models import AuditEntry
from rake.areas.selectors import county_name
from rake.core import errors
from rake.core.audit import audit_record
from rake.taxonomy import selectors as taxonomy_selectors
from rake.taxonomy import services as taxonomy_services
from rake.taxonomy.models import Phenomenon

from .forms import MembershipForm, PhenomenonForm, UserCreateForm, UserFilterForm

PAGE_SIZE = 50


def _require_admin(request):
    if not request.user.permissions.can_administer():
        raise HttpPermissionDenied


def _user_or_404(request, pk):
    user = account_selectors.user_get(actor=request.user, pk=pk)
    if user is None:
        raise Http404
    return user


def admin_view(action="", object_type=""):
    """An administration view: admins only (403), a service's refusal as 403 or 404, and a refused write
    (POST) recorded in the audit log with the outcome "denied" — who tried to change what (DESIGN §4.2). The
    service wrote nothing; this entry is written outside its rolled-back transaction."""
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                _require_admin(request)
                try:
                    return view(request, *args, **kwargs)
                except errors.NotFound:
                    raise Http404 from None
                except errors.PermissionDenied:
                    raise HttpPermissionDenied from None
            except (HttpPermissionDenied, Http404):
                if request.method == "POST" and action:
                    audit_record(action=action(request) if callable(action) else action, user=request.user,
                                 request=request, object_type=object_type, object_id=kwargs.get("pk", ""),
                                 outcome=AuditEntry.Outcome.DENIED)
                raise
        return login_required(wrapper)
    return decorate


def _active_action(request):
    return "user.reactivate" if request.POST.get("active") == "1" else "user.deactivate"


# --- users ----------------------------------------------------------------------------------------------

@never_cache
@admin_view()
def users(request):
    form = UserFilterForm(request.GET or None)
    page = Paginator(account_selectors.user_list(actor=request.user, **form.filters()),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "administration/users.html", {"form": form, "page": page})


@never_cache
@admin_view("user.create", "accounts.user")
def user_new(request):
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = account_services.user_create(
                    actor=request.user, username=data["username"], email=data["email"],
                    first_name=data["first_name"], last_name=data["last_name"],
                    organisation=data["organisation"], role=data["role"],
                    preferred_language=data["preferred_language"], request=request)
                if data["send_link"]:
                    account_services.user_send_password_link(actor=request.user, user=user, request=request)
        except errors.ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The user was created.") + " " + (
                _("A link for setting a password was sent to %(email)s.") % {"email": user.email}
                if data["send_link"] else _("Send them a link for setting a password when they need one.")))
            return redirect("administration:user", pk=user.pk)
    return render(request, "administration/user_new.html", {"form": form})


@never_cache
@admin_view()
def user_detail(request, pk):
    user = _user_or_404(request, pk)
    return _render_user(request, user, MembershipForm(actor=request.user))


def _render_user(request, user, membership_form, status=200):
    permissions = request.user.permissions
    memberships = list(account_selectors.user_memberships(user=user))
    # A user's only role is not offered for removal: the service refuses it (deactivate the user instead).
    rows = [
        {"membership": membership, "organisation": membership.organisation,
         "county": county_name(membership.organisation.county_code) if membership.organisation.county_code else "",
         "can_remove": len(memberships) > 1 and permissions.can_administer_organisation(membership.organisation)}
        for membership in memberships
    ]
    return render(request, "administration/user.html", {
        "target": user, "memberships": rows, "membership_form": membership_form,
        "can_change": permissions.can_change_user(user), "is_self": user.pk == request.user.pk,
    }, status=status)


@require_POST
@admin_view(_active_action, "accounts.user")
def user_active(request, pk):
    user = _user_or_404(request, pk)
    active = request.POST.get("active") == "1"
    account_services.user_set_active(actor=request.user, user=user, active=active, request=request)
    messages.success(request, _("The user was reactivated.") if active else _(
        "The user was deactivated: they can no longer log in."))
    return redirect("administration:user", pk=user.pk)


@require_POST
@admin_view("user.password_link", "accounts.user")
def user_password_link(request, pk):
    user = _user_or_404(request, pk)
    try:
        account_services.user_send_password_link(actor=request.user, user=user, request=request)
    except errors.ValidationError as exc:
        messages.error(request, "; ".join(str(m) for ms in exc.field_errors.values() for m in ms) or exc.message)
    else:
        messages.success(request, _("A link for setting a password was sent to %(email)s.") % {"email": user.email})
    return redirect("administration:user", pk=user.pk)


@require_POST
@admin_view("permission_change", "accounts.user")
def membership_add(request, pk):
    user = _user_or_404(request, pk)
    form = MembershipForm(request.POST, actor=request.user)
    if form.is_valid():
        account_services.membership_add(actor=request.user, user=user, request=request,
                                        organisation=form.cleaned_data["organisation"],
                                        role=form.cleaned_data["role"])
        messages.success(request, _("The role was added."))
        return redirect("administration:user", pk=user.pk)
    return _render_user(request, user, form, status=400)


@require_POST
@admin_view("permission_change", "accounts.membership")
def membership_remove(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=pk)
    user = _user_or_404(request, membership.user_id)
    try:
        account_services.membership_remove(actor=request.user, membership=membership, request=request)
    except errors.ValidationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The role was removed."))
    return redirect("administration:user", pk=user.pk)


# --- the county's own phenomena -------------------------------------------------------------------------

@never_cache
@admin_view()
def phenomena(request):
    rows = [{"phenomenon": phenomenon, "county": county_name(phenomenon.county_code)}
            for phenomenon in taxonomy_selectors.county_phenomena(counties=request.user.permissions.admin_counties())]
    return render(request, "administration/phenomena.html", {
        "rows": rows, "national": taxonomy_selectors.national_phenomena(),
        "several_counties": len({row["phenomenon"].county_code for row in rows}) > 1
        or request.user.permissions.admin_counties() is None,
    })


def _phenomenon_form(request, form, phenomenon, save, done):
    """Validate, call the service (`save(**arguments)`), and go back to the list or show the form's errors."""
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, request=request, **form.service_arguments())
        except errors.ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, done)
            return redirect("administration:phenomena")
    return render(request, "administration/phenomenon_form.html", {"form": form, "phenomenon": phenomenon})


@never_cache
@admin_view("taxonomy.change", "taxonomy.phenomenon")
def phenomenon_new(request):
    form = PhenomenonForm(request.POST or None, counties=request.user.permissions.admin_counties())

    def save(**arguments):
        county = form.cleaned_data.get("county") or form.county
        return taxonomy_services.county_phenomenon_create(county=county, **arguments)

    return _phenomenon_form(request, form, None, save, _("The phenomenon was added."))


@never_cache
@admin_view("taxonomy.change", "taxonomy.phenomenon")
def phenomenon_edit(request, pk):
    phenomenon = get_object_or_404(Phenomenon.objects.exclude(county_code=""), pk=pk)
    if not request.user.permissions.can_administer(phenomenon.county_code):
        raise Http404
    initial = {"label_fi": phenomenon.label_fi, "label_sv": phenomenon.label_sv, "label_en": phenomenon.label_en,
               "national_code": phenomenon.national_code, "valid_from": phenomenon.valid_from,
               "valid_to": phenomenon.valid_to}
    form = PhenomenonForm(request.POST or None, initial=initial, counties={phenomenon.county_code})

    def save(**arguments):
        return taxonomy_services.county_phenomenon_update(phenomenon=phenomenon, **arguments)

    return _phenomenon_form(request, form, phenomenon, save, _("The phenomenon was saved."))
