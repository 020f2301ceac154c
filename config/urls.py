from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("api/v1/", include(("config.api_urls", "api"), namespace="api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
    path("accounts/", include("rake.accounts.urls")),
    path("observations/", include("rake.observations.urls")),
    path("analysis/", include("rake.analysis.urls")),
    path("", include("rake.publishing.urls")),
    path("proposals/", include("rake.proposals.urls")),
    path("administration/", include("rake.administration.urls")),
    path("", include("rake.core.urls")),
]
if settings.RAKE_OIDC_ENABLED:
    # Only when the organisation's identity provider is configured (ADR 0009).
    urlpatterns.insert(0, path("accounts/oidc/", include("rake.accounts.oidc_urls")))
