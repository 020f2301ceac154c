import pytest
from django.conf import settings
from django.utils import translation

from rake.core.errors import PermissionDenied, PersonalDataFound, ValidationError
from rake.core.prepublish import PublishCheckFailed, errors_of
from rake.observations.models import Status, TimelineEvent
from rake.publishing import services
from rake.publishing.models import Publication, PublicationQuote, PublicationStatus

pytestmark = pytest.mark.django_db

PERSONAL = "Asiakas Matti Virtanen (puh. 040 123 4567) jäi ilman asuntoa."


def test_create_makes_a_draft_with_default_texts_in_its_language(coordinator):
    finnish = services.publication_create(user=coordinator, county="15", period="2025H1", language="fi",
                                          audience="board", title="")
    swedish = services.publication_create(user=coordinator, county="15", period="2025Q3", language="sv",
                                          audience="regional_government", title="Rapport")
    assert finnish.status == PublicationStatus.DRAFT
    assert finnish.period == "2025H1" and finnish.created_by == coordinator
    # A default title from the county and the period's label, never its code; the method names its dates.
    assert finnish.title == "Sosiaalisen raportoinnin raportti: Keski-Suomen hyvinvointialue, 1.1.–30.6.2025"
    assert "ajalta 1.1.–30.6.2025." in finnish.method and "2025H1" not in finnish.method
    assert "under perioden 1.7.–30.9.2025." in swedish.method and "2025Q3" not in swedish.method
    assert "hyväksytyt" in finnish.method and f"{settings.RAKE_SUPPRESSION_THRESHOLD}" in finnish.method
    assert "godkända" in swedish.method and swedish.title == "Rapport"
    assert finnish.summary and swedish.summary


def test_default_texts_follow_the_report_language_not_the_users(coordinator):
    with translation.override("en"):
        swedish = services.publication_create(user=coordinator, county="15", period="2025", language="sv",
                                              audience="board", title="")
    assert swedish.title == "Rapport om social rapportering: Mellersta Finlands välfärdsområde, år 2025"
    assert f"{settings.RAKE_SUPPRESSION_THRESHOLD}" in swedish.method and "2025" in swedish.method


@pytest.mark.parametrize("field,value", [("period", "2025H3"), ("county", "99"), ("language", "en"),
                                         ("audience", "everyone")])
def test_create_refuses_bad_input_by_field(coordinator, field, value):
    data = {"county": "15", "period": "2025", "language": "fi", "audience": "board", "title": ""}
    data[field] = value
    with pytest.raises(ValidationError) as error:
        services.publication_create(user=coordinator, **data)
    assert field in error.value.field_errors
    assert not Publication.objects.exists()


@pytest.mark.parametrize("role", ["reporter", "viewer", "analyst", "other_coordinator", "national"])
def test_only_the_countys_coordinators_build_reports(request, role, draft_report):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.publication_create(user=user, county="15", period="2025", language="fi", audience="board")
    with pytest.raises(PermissionDenied):
        services.publication_update_sections(user=user, publication=draft_report, data={"summary": "x"})
    with pytest.raises(PermissionDenied):
        services.publication_publish(user=user, publication=draft_report)
    assert not draft_report.versions.exists()


def test_update_sections_keeps_what_is_not_given(coordinator, draft_report):
    method = draft_report.method
    services.publication_update_sections(user=coordinator, publication=draft_report, data={
        "summary": "Uusi tiivistelmä.", "phenomena": {"homelessness": "Asunnottomuus kasvoi."}})
    draft_report.refresh_from_db()
    assert draft_report.summary == "Uusi tiivistelmä."
    assert draft_report.phenomena_texts == {"homelessness": "Asunnottomuus kasvoi."}
    assert draft_report.method == method
    with pytest.raises(ValidationError) as error:
        services.publication_update_sections(user=coordinator, publication=draft_report,
                                             data={"title": " ", "phenomena": {"nonsense": "x"}})
    assert set(error.value.field_errors) == {"title", "phenomenon_nonsense"}


def test_a_quote_with_personal_data_is_refused_with_its_findings(coordinator, draft_report, accepted):
    with pytest.raises(PersonalDataFound) as error:
        services.quote_add(user=coordinator, publication=draft_report, observation=accepted, text=PERSONAL)
    kinds = {finding["kind"] for finding in error.value.extra["findings"]}
    assert "phone" in kinds
    assert not PublicationQuote.objects.exists()


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.REJECTED, Status.QUARANTINED])
def test_only_counted_observations_are_quoted(coordinator, draft_report, make_observation, status):
    observation = make_observation(status=status)
    with pytest.raises(ValidationError) as error:
        services.quote_add(user=coordinator, publication=draft_report, observation=observation, text="Hyvä lause.")
    assert "observation" in error.value.field_errors


def test_a_quote_must_come_from_the_reports_county_and_period(coordinator, draft_report, make_observation):
    outside = make_observation(status="accepted", observed_on="2024-12-31")
    with pytest.raises(ValidationError):
        services.quote_add(user=coordinator, publication=draft_report, observation=outside, text="Hyvä lause.")


def test_an_unapproved_quote_blocks_approved_ones_are_printed_and_marked_used(coordinator, draft_report, accepted,
                                                                              reporter):
    unapproved = services.quote_add(user=coordinator, publication=draft_report, observation=accepted,
                                    text="Odotusajat venyvät viikkoihin.")
    approved = services.quote_add(user=coordinator, publication=draft_report, observation=accepted,
                                  text="Nuoret nukkuvat kavereiden sohvilla.", phenomenon="homelessness")
    assert unapproved.phenomenon == "homelessness"  # the observation's primary phenomenon by default
    services.quote_approve(user=coordinator, quote=approved)
    with pytest.raises(PublishCheckFailed) as refused:
        services.publication_publish(user=coordinator, publication=draft_report, confirm_warnings=True)
    assert [(f.code, f.section) for f in errors_of(refused.value.findings)] == [("quote_not_approved", "quotes")]
    assert not draft_report.versions.exists()
    services.quote_remove(user=coordinator, quote=unapproved)
    version = services.publication_publish(user=coordinator, publication=draft_report, confirm_warnings=True)
    texts = [quote["text"] for phenomenon in version.content["phenomena"] for quote in phenomenon["quotes"]]
    assert texts == ["Nuoret nukkuvat kavereiden sohvilla."]
    assert "Nuoret nukkuvat kavereiden sohvilla." in version.html
    assert "Odotusajat venyvät viikkoihin." not in version.html
    accepted.refresh_from_db()
    assert accepted.status == Status.USED
    assert TimelineEvent.objects.filter(observation=accepted, kind="mark_used", visible_to_reporter=True).exists()


def test_quote_remove(coordinator, draft_report, accepted):
    quote = services.quote_add(user=coordinator, publication=draft_report, observation=accepted, text="Lyhyt ote.")
    services.quote_remove(user=coordinator, quote=quote)
    assert not draft_report.quotes.exists()


def test_a_correction_is_a_new_version_with_a_changelog(coordinator, draft_report):
    services.publication_update_sections(user=coordinator, publication=draft_report, data={"summary": "Ensimmäinen."})
    first = services.publication_publish(user=coordinator, publication=draft_report, confirm_warnings=True)
    first_html, first_pdf = first.html, bytes(first.pdf)
    services.publication_update_sections(user=coordinator, publication=draft_report, data={"summary": "Korjattu."})
    with pytest.raises(ValidationError) as error:
        services.publication_publish(user=coordinator, publication=draft_report, changelog="  ")
    assert "changelog" in error.value.field_errors
    second = services.publication_publish(user=coordinator, publication=draft_report, confirm_warnings=True,
                                          changelog="Tiivistelmä korjattu.")
    assert (first.number, second.number) == (1, 2)
    assert "Korjattu." in second.html and "Tiivistelmä korjattu." in second.html
    first.refresh_from_db()
    assert first.html == first_html and bytes(first.pdf) == first_pdf
    assert "Ensimmäinen." in first.html and "Korjattu." not in first.html
    assert second.content["meta"]["history"][0]["version"] == 1


def test_the_system_path_publishes_without_a_user(db):
    publication = services.publication_create(user=None, system=True, county="15", period="2025-04",
                                              language="sv", audience="public", summary="Sammanfattning.")
    version = services.publication_publish(user=None, system=True, publication=publication, confirm_warnings=True)
    assert version.number == 1 and version.published_by is None
    with pytest.raises(PermissionDenied):
        services.publication_create(user=None, county="15", period="2025", language="fi", audience="board")
