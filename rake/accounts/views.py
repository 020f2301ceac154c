"""Web login and logout: Django's views with Rake's templates. Logins are audited by signals."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from .forms import LoginForm


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
