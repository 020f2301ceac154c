"""Rake's URLs with the OIDC login's, as config/urls.py has them when RAKE_OIDC_* is set at start-up."""

from django.urls import include, path

from config.urls import urlpatterns as rake_urlpatterns

urlpatterns = [path("accounts/oidc/", include("rake.accounts.oidc_urls")), *rake_urlpatterns]
