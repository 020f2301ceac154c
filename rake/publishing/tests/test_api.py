import pytest

from rake.publishing import services
from rake.publishing.models import Publication

pytestmark = pytest.mark.django_db
URL = "/api/v1/publications"


def test_anyone_lists_published_reports_but_never_drafts(api_as, coordinator, draft_report):
    other = services.publication_create(user=coordinator, county="15", period="2024", language="sv",
                                        audience="public", title="Utkast")
    services.publication_publish(user=coordinator, publication=draft_report, confirm_warnings=True)
    body = api_as(None).get(URL).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["id"] == draft_report.pk and item["county"] == "15" and item["period"] == "2025"
    assert item["language"] == "fi" and item["audience"] == "board"
    version = item["versions"][0]
    assert version["number"] == 1
    assert version["html_url"].endswith(f"/public/15/reports/{draft_report.pk}/v1/")
    assert version["pdf_url"].endswith(f"/public/15/reports/{draft_report.pk}/v1.pdf")
    assert other.pk not in [row["id"] for row in body["results"]]
    assert api_as(None).get(URL, {"county": "06"}).json()["count"] == 0


def test_coordinator_creates_and_publishes(api_as, coordinator):
    client = api_as(coordinator, language="en")
    response = client.post(URL, {"county": "15", "period": "2025Q3", "language": "sv", "audience": "management",
                                 "title": "Kvartalsrapport"}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert response.json()["versions"] == [] and Publication.objects.get(pk=pk).status == "draft"
    assert response.json()["period"] == "2025Q3" and response.json()["period_label"] == "1.7.–30.9.2025"
    # The pre-filled summary is an error: publishing is refused with the findings, and nothing is stored.
    response = client.post(f"{URL}/{pk}/publish", {"confirm_warnings": True}, format="json")
    assert response.status_code == 422 and response.json()["code"] == "publish_check_failed"
    findings = response.json()["findings"]
    assert {"severity": "error", "code": "placeholder_text", "section": "summary"} in [
        {key: finding[key] for key in ("severity", "code", "section")} for finding in findings]
    assert "pre-filled text" in next(f["message"] for f in findings if f["code"] == "placeholder_text")
    check = client.get(f"{URL}/{pk}/check").json()
    assert check["publishable"] is False and check["findings"] == findings
    assert not Publication.objects.get(pk=pk).versions.exists()

    response = client.post(URL, {"county": "15", "period": "2025Q3", "language": "sv", "audience": "management",
                                 "title": "Kvartalsrapport", "summary": "Bostadslösheten ökade."}, format="json")
    pk = response.json()["id"]
    # Only warnings are left (sections without text): they need confirm_warnings.
    response = client.post(f"{URL}/{pk}/publish", {}, format="json")
    assert response.status_code == 422 and response.json()["warnings_confirmed"] is False
    assert {finding["severity"] for finding in response.json()["findings"]} == {"warning"}
    assert client.get(f"{URL}/{pk}/check").json()["publishable"] is True
    response = client.post(f"{URL}/{pk}/publish", {"confirm_warnings": True}, format="json")
    assert response.status_code == 200 and response.json()["number"] == 1
    response = client.post(f"{URL}/{pk}/publish", {"confirm_warnings": True}, format="json")
    assert response.status_code == 400 and "changelog" in response.json()
    response = client.post(f"{URL}/{pk}/publish", {"changelog": "Korjattu luku.", "confirm_warnings": True},
                           format="json")
    assert response.status_code == 200 and response.json()["number"] == 2


def test_create_errors(api_as, coordinator, reporter):
    client = api_as(coordinator, language="en")
    response = client.post(URL, {"county": "15", "period": "2025-13", "language": "fi", "audience": "board"},
                           format="json")
    assert response.status_code == 400 and "period" in response.json()
    response = client.post(URL, {"county": "06", "period": "2025", "language": "fi", "audience": "board"},
                           format="json")
    assert response.status_code == 403
    response = client.post(URL, {"period": "2025"}, format="json")
    assert response.status_code == 400 and {"county", "language", "audience"} <= set(response.json())
    response = api_as(reporter).post(URL, {"county": "15", "period": "2025", "language": "fi",
                                          "audience": "board"}, format="json")
    assert response.status_code == 403
    assert api_as(None).post(URL, {}, format="json").status_code in (401, 403)
    assert not Publication.objects.exists()


def test_publish_errors(api_as, other_coordinator, coordinator, draft_report):
    assert api_as(other_coordinator).post(f"{URL}/{draft_report.pk}/publish", {}, format="json").status_code == 403
    assert api_as(coordinator).post(f"{URL}/999999/publish", {}, format="json").status_code == 404
    assert api_as(other_coordinator).get(f"{URL}/{draft_report.pk}/check").status_code == 403
    assert api_as(None).post(f"{URL}/{draft_report.pk}/publish", {}, format="json").status_code in (401, 403)
    assert not draft_report.versions.exists()
