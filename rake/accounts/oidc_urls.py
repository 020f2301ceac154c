"""The OIDC login's URLs, included by config/urls.py only when OIDC is configured (rake.accounts.oidc)."""

from django.urls import path

from . import oidc

app_name = "oidc"
urlpatterns = [
    path("authenticate/", oidc.OIDCLoginView.as_view(), name="authenticate"),
    path("callback/", oidc.OIDCCallbackView.as_view(), name="callback"),
]
