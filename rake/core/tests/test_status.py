"""The admins' status page (issue 3 point 6): active detectors, Voikko's state, the suppression threshold."""

from html import unescape

import pytest
from django.test import override_settings

from rake.privacy.detectors import without_voikko
from rake.privacy.detectors.morph import voikko_installed

pytestmark = pytest.mark.django_db

URL = "/admin-tools/status/"


@pytest.fixture
def admin_client(client_as, rake_admin):
    return client_as(rake_admin)


def test_lists_every_detector(admin_client):
    html = unescape(admin_client.get(URL).content.decode())

    for label in ("Personal identity code", "Phone number", "E-mail address", "Bank account number (IBAN)",
                  "Business ID", "Street address", "Postal code and place", "Date of birth", "Person's name"):
        assert f'<th scope="row">{label}</th>' in html
    assert "checked with python-stdnum" in html


@pytest.mark.skipif(not voikko_installed(), reason="libvoikko / voikko-fi not installed")
def test_voikko_in_use(admin_client):
    html = admin_client.get(URL).content.decode()

    assert "Voikko is in use" in html
    assert "Name detection is degraded" not in html
    assert "<strong>Degraded</strong>" not in html


def test_degraded_without_voikko(admin_client):
    with without_voikko():
        html = admin_client.get(URL).content.decode()

    assert "Name detection is degraded" in html
    assert "data-rake-degraded" in html
    assert html.count("<strong>Degraded</strong>") == 1  # names only; the other detectors run as usual
    assert "Voikko is not available: person names are found only from name lists" in html


@pytest.mark.translations
def test_degraded_in_finnish(client, rake_admin):
    client.force_login(rake_admin)
    with without_voikko():
        html = client.get(URL, HTTP_ACCEPT_LANGUAGE="fi").content.decode()

    assert "Nimien tunnistus on heikentynyt" in html
    assert "Puhelinnumerot" in html


@override_settings(RAKE_SUPPRESSION_THRESHOLD=7)
def test_shows_the_threshold(admin_client):
    html = admin_client.get(URL).content.decode()

    assert "<dd data-rake-threshold>7</dd>" in html


def test_in_the_admins_navigation(admin_client):
    # The main navigation leads to the administration, whose own navigation holds the status page.
    assert 'href="/administration/"' in admin_client.get("/").content.decode()
    assert f'href="{URL}"' in admin_client.get("/administration/").content.decode()


@pytest.mark.parametrize("role", ["reporter", "coordinator", "analyst", "viewer", "national"])
def test_admins_only(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == 403
    assert f'href="{URL}"' not in client.get("/").content.decode()


def test_login_required(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- the last rescan of the stored texts (manage.py privacy_rescan, issue 15) ------------------------------

def test_says_when_the_texts_were_never_rescanned(admin_client):
    html = unescape(admin_client.get(URL).content.decode())

    assert "data-rake-rescan-never" in html
    assert "The stored texts have not been rescanned yet." in html


def _rescan_with_findings(make_observation, *args):
    from io import StringIO

    from django.core.management import call_command

    from rake.observations.models import Observation

    observation = make_observation()
    Observation.objects.filter(pk=observation.pk).update(
        description="Tunnus 010190-900P, puhelin 040 123 4567, toinen 040 765 4321.")
    call_command("privacy_rescan", *args, stdout=StringIO(), stderr=StringIO())


def test_shows_the_last_rescan(admin_client, make_observation):
    _rescan_with_findings(make_observation)
    _rescan_with_findings(make_observation, "--apply")

    html = unescape(admin_client.get(URL).content.decode())

    assert "data-rake-rescan-never" not in html
    assert "observations holding a strong identifier were hidden" in html  # the latest run, not the dry one
    assert "<dd data-rake-rescan-texts>2</dd>" in html
    assert "<dd data-rake-rescan-findings>6 findings, not confirmed as false alarms when stored: 6</dd>" in html
    assert "<dd data-rake-rescan-strong>2 (2 observations)</dd>" in html
    assert "<dd data-rake-rescan-quarantined>2</dd>" in html
    assert '<tr><th scope="row">Personal identity code</th><td>2</td></tr>' in html
    assert '<tr><th scope="row">Phone number</th><td>4</td></tr>' in html
    assert "010190-900P" not in html


@pytest.mark.translations
@pytest.mark.parametrize("language, applied, kind", [
    ("fi", "piilotettiin tietosuojatarkistukseen", "Henkilötunnus"),
    ("sv", "doldes för dataskyddsgranskning", "Personbeteckning"),
])
def test_last_rescan_in_finnish_and_swedish(client, rake_admin, make_observation, language, applied, kind):
    _rescan_with_findings(make_observation, "--apply")
    client.force_login(rake_admin)

    html = unescape(client.get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode())

    assert applied in html
    assert f'<th scope="row">{kind}</th>' in html
