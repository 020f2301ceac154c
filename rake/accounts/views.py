"""Web login and logout, and setting a password from a link: Django's views with Rake's templates. Logins
are audited by signals."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from rake.core.audit import audit_record

from .forms import LoginForm, PasswordSetForm


@method_decorator(never_cache, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The organisation's identity provider, when one is configured (ADR 0009).
        context["oidc_name"] = settings.RAKE_OIDC_NAME if settings.RAKE_OIDC_ENABLED else ""
        return context


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5); the header's log-out button is a small form."""


@method_decorator(never_cache, name="dispatch")
class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The page behind the link an administrator sends (rake.accounts.services.user_send_password_link): Django's
    password reset confirmation, with Rake's template. The link works once."""

    template_name = "accounts/password_set.html"
    form_class = PasswordSetForm
    success_url = reverse_lazy("accounts:password_set_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password ends a login lockout: the administrator's link is how a locked-out user gets back in.
        axes_reset(username=form.user.get_username())
        audit_record(action="user.password_set", user=form.user, request=self.request, obj=form.user)
        return response


class PasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_set_done.html"
