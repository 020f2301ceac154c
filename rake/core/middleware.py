"""Response hardening that Django's and django-csp's middleware do not cover, and a 503 for a database
that is away for a moment."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
# Seconds a client is asked to wait before trying again when the database is unavailable.
RETRY_AFTER_SECONDS = 5


class NoStoreForAuthenticatedMiddleware:
    """Tell browsers and proxies not to store anything served to a logged-in user.

    Such pages and API responses may carry the raw text of observations; a shared computer's cache or a
    proxy must not keep it. Public pages (published reports, the login page) stay cacheable. DRF's token
    authentication happens in the view and sets `request.user` on the underlying request, so the check
    runs after the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if "no-store" not in response.get("Cache-Control", ""):
                add_never_cache_headers(response)
            # A response that differs by user must not be served to another one from a shared cache.
            patch_vary_headers(response, ["Cookie", "Authorization"])
        return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After, not 500, when the database connection fails or is refused.

    That happens while PostgreSQL restarts or fails over (or while SQLite stays locked past its timeout):
    the request did nothing, so the client may simply send it again — a submission with the same
    Idempotency-Key is never stored twice. Django closes the broken connection when the request ends, and
    the next request opens a new one. The page is rendered without the request context, whose navigation
    would need the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("Database unavailable: %s %s: %s", request.method, request.path, exception)
        if request.path.startswith("/api/"):
            response = JsonResponse({"code": "unavailable", "detail": _(
                "The service is unavailable for a moment. Try again in a few seconds.")}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
