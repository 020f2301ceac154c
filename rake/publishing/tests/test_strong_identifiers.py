"""A report's texts and quotes refuse strong identifiers (DESIGN §4.2, issue 15): a valid identity code or IBAN
in the title, a section, a phenomenon's text, the changelog or a quote is refused with a message saying to remove
it; the report's own texts refuse only strong identifiers ("Raportti 2025" reads as an address), a quote refuses
every finding. Quoting an observation whose texts hold acknowledged findings needs an audited confirmation."""

import pytest
from django.urls import reverse

from rake.core.errors import FindingsNotConfirmed, PersonalDataFound
from rake.core.models import AuditEntry
from rake.observations import services as observation_services
from rake.observations.models import Observation
from rake.privacy.scanner import STRONG_MESSAGE, scan_text
from rake.publishing import services

pytestmark = pytest.mark.django_db

HETU, HETU_BAD = "010190-900P", "010190-900A"
IBAN_OK = "FI21 1234 5600 0007 85"


@pytest.mark.parametrize("identifier", [HETU, IBAN_OK])
@pytest.mark.parametrize("key", ["summary", "method", "good_practices", "proposals", "addressee", "title"])
def test_report_sections_refuse_a_strong_identifier(coordinator, draft_report, key, identifier):
    with pytest.raises(PersonalDataFound) as refused:
        services.publication_update_sections(user=coordinator, publication=draft_report,
                                             data={key: f"Tekstissä on {identifier} vahingossa."})
    assert refused.value.message == STRONG_MESSAGE
    assert [f.field for f in refused.value.findings] == [key]
    draft_report.refresh_from_db()
    assert identifier not in getattr(draft_report, key)


def test_a_phenomenons_text_refuses_it_too(coordinator, draft_report):
    with pytest.raises(PersonalDataFound) as refused:
        services.publication_update_sections(user=coordinator, publication=draft_report,
                                             data={"phenomena": {"homelessness": f"Tili {IBAN_OK}."}})
    assert [f.field for f in refused.value.findings] == ["phenomenon_homelessness"]


def test_report_texts_about_figures_pass_other_findings(coordinator, draft_report):
    """Only strong identifiers count in a report's own texts: a year after a word reads as an address."""
    assert scan_text("Raportti 2025", language="fi")
    services.publication_update_sections(user=coordinator, publication=draft_report,
                                         data={"title": "Raportti 2025", "summary": f"Virheellinen {HETU_BAD}."})
    draft_report.refresh_from_db()
    assert draft_report.title == "Raportti 2025"


def test_the_new_reports_title_and_the_changelog_refuse_it(coordinator, draft_report):
    with pytest.raises(PersonalDataFound):
        services.publication_create(user=coordinator, county="15", period="2025", language="fi", audience="board",
                                    title=f"Raportti {HETU}")
    services.publication_publish(user=coordinator, publication=draft_report, confirm_warnings=True)
    with pytest.raises(PersonalDataFound):
        services.publication_publish(user=coordinator, publication=draft_report, changelog=f"Korjattu {HETU}.",
                                     confirm_warnings=True)
    assert draft_report.versions.count() == 1


@pytest.mark.parametrize("identifier", [HETU, HETU_BAD, IBAN_OK])
def test_a_quote_refuses_any_finding_with_the_strong_message_for_a_strong_one(coordinator, draft_report, accepted,
                                                                               identifier):
    with pytest.raises(PersonalDataFound) as refused:
        services.quote_add(user=coordinator, publication=draft_report, observation=accepted,
                           text=f"Lomakkeessa luki {identifier}.")
    assert (refused.value.message == STRONG_MESSAGE) == (identifier != HETU_BAD)
    assert not draft_report.quotes.exists()


@pytest.fixture
def acknowledged(reporter):
    """An accepted observation of the report's period whose name was confirmed as not personal data."""
    text = "Asiakas Matti Virtanen odotti päätöstä kuukausia."
    observation, _created = observation_services.observation_create(
        user=reporter, data={"description": text, "phenomena": ["homelessness"], "observation_type": "need",
                             "polarity": "negative", "observed_on": "2025-03-14"},
        acknowledged_findings=[{"field": "description", "start": f.start, "end": f.end, "kind": f.kind}
                               for f in scan_text(text, language="fi")])
    Observation.objects.filter(pk=observation.pk).update(status="accepted")
    observation.refresh_from_db()
    return observation


def test_quoting_an_observation_with_acknowledged_findings_needs_an_audited_confirmation(coordinator, draft_report,
                                                                                         acknowledged):
    with pytest.raises(FindingsNotConfirmed):
        services.quote_add(user=coordinator, publication=draft_report, observation=acknowledged,
                           text="Päätöstä odotettiin kuukausia.")
    assert not draft_report.quotes.exists()

    services.quote_add(user=coordinator, publication=draft_report, observation=acknowledged,
                       text="Päätöstä odotettiin kuukausia.", confirm_acknowledged_findings=True)
    entry = AuditEntry.objects.get(action="privacy.confirm_findings")
    assert entry.detail["action"] == "quote" and entry.object_id == str(acknowledged.pk)


def test_the_quote_form_shows_the_observations_findings_and_asks_for_the_confirmation(client_as, coordinator,
                                                                                     draft_report, acknowledged):
    client = client_as(coordinator)
    url = reverse("publishing:quotes", args=[draft_report.pk])
    page = client.get(url, {"observation": acknowledged.pk}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "data-rake-observation-findings" in page and 'name="confirm_acknowledged_findings"' in page

    form = {"observation": acknowledged.pk, "phenomenon": "homelessness", "text": "Päätöstä odotettiin kuukausia."}
    response = client.post(url, form)
    assert response.status_code == 200 and not draft_report.quotes.exists()
    response = client.post(url, {**form, "confirm_acknowledged_findings": "on"})
    assert response.status_code == 302 and draft_report.quotes.count() == 1


def test_the_sections_form_removes_a_strong_identifier_with_one_click(client_as, coordinator, draft_report):
    client = client_as(coordinator)
    url = reverse("publishing:edit", args=[draft_report.pk])
    summary = f"Yhteenveto: tili {IBAN_OK} mainittiin."
    form = {"title": draft_report.title, "summary": summary, "method": "Menetelmä."}
    page = client.post(url, form).content.decode()
    start = summary.index(IBAN_OK)
    value = f"summary:{start}:{start + len(IBAN_OK)}:iban"
    assert f'name="remove_finding" value="{value}"' in page and 'name="acknowledged_findings"' not in page

    page = client.post(url, {**form, "remove_finding": value}).content.decode()
    assert summary.replace(IBAN_OK, "[poistettu]") in page and "Menetelmä." in page
    draft_report.refresh_from_db()
    assert IBAN_OK not in draft_report.summary
