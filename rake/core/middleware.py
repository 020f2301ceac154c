"""Response hardening that Django's and django-csp's middleware do not cover."""

from django.utils.cache import add_never_cache_headers, patch_vary_headers


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
