"""Security headers on every response: pages, API responses and error pages (issue 7, point 4)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response):
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_headers_on_a_page(client_as, reporter):
    response = client_as(reporter).get(reverse("observations:new"))

    assert response.status_code == 200
    assert_security_headers(response)


def test_headers_on_the_login_page(client_as):
    response = client_as().get(reverse("accounts:login"))

    assert response.status_code == 200
    assert_security_headers(response)


def test_headers_on_an_api_response(api_as, reporter):
    response = api_as(reporter).get("/api/v1/areas")

    assert response.status_code == 200
    assert_security_headers(response)


def test_headers_on_an_unauthenticated_api_response(client):
    response = client.get("/api/v1/observations")

    assert response.status_code == 401
    assert_security_headers(response)


def test_headers_on_a_404(client_as):
    response = client_as().get("/no-such-page/")

    assert response.status_code == 404
    assert_security_headers(response)


def test_no_page_template_has_inline_script_or_style_attributes():
    """The policy forbids inline scripts and style attributes; the templates must not need them."""
    from django.conf import settings

    offenders = []
    for path in (settings.BASE_DIR / "rake" / "templates").rglob("*.html"):
        if path.parts[-2] == "publishing" and (path.name.startswith("report") or
                                               path.name in ("builder_preview.html", "public_report.html")):
            continue  # The report document, alone or in the site page, has its own wider policy (publishing/views.py).
        text = path.read_text(encoding="utf-8")
        for needle in (" style=", " onclick=", " onchange=", " onsubmit=", " onload=", "javascript:", "<style"):
            if needle in text:
                offenders.append(f"{path.name}: {needle.strip()}")
        for line in text.splitlines():
            if "<script" in line and "src=" not in line:
                offenders.append(f"{path.name}: inline <script>")
    assert offenders == []


def test_api_docs_page_allows_only_its_inline_style(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["script-src"] == ["'self'"]
    body = response.content.decode()
    assert "<script>" not in body  # the start-up script comes from a URL of its own
    assert client.get("/api/v1/docs?script=").status_code == 200
