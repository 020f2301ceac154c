"""The published report page is a self-contained document: inline styles allowed there, scripts never."""

import pytest
from django.urls import reverse

from rake.publishing import services

pytestmark = pytest.mark.django_db


def test_public_report_page_allows_inline_styles_but_no_scripts(client_as, coordinator, draft_report):
    services.publication_publish(user=coordinator, publication=draft_report, confirm_warnings=True)

    response = client_as().get(reverse("publishing:public_version", args=["15", draft_report.pk, 1]))

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy + ";"
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
