"""The pre-publish check of reports: what blocks (errors), what asks (warnings), and that the service enforces it."""

import pytest
from django.urls import reverse
from django.utils import translation

from rake.analysis.tests.helpers import accepted_observation, plenty_of_observations
from rake.core import prepublish
from rake.core.dates import today
from rake.core.models import AuditEntry
from rake.core.prepublish import PublishCheckFailed, errors_of, warnings_of
from rake.proposals import services as proposals
from rake.publishing import selectors, services
from rake.publishing.defaults import default_sections
from rake.core.periods import parse_period
from rake.publishing.tests.helpers import SECTIONS, SMALL, report_data

pytestmark = pytest.mark.django_db

ALL_TEXTS = {name: SECTIONS[name] for name in ("summary", "method", "good_practices", "addressee")}


def codes(findings):
    return sorted((finding.severity, finding.code, finding.section) for finding in findings)


def test_require_publishable_blocks_errors_always_and_warnings_until_confirmed():
    blocking = prepublish.error("placeholder_text", "x", "summary")
    asking = prepublish.warning("section_text_missing", "y", "addressee")
    prepublish.require_publishable([], warnings_confirmed=False)
    prepublish.require_publishable([asking], warnings_confirmed=True)
    with pytest.raises(PublishCheckFailed) as refused:
        prepublish.require_publishable([asking], warnings_confirmed=False)
    assert refused.value.http_status == 422 and refused.value.extra["findings"][0]["code"] == "section_text_missing"
    with pytest.raises(PublishCheckFailed):
        prepublish.require_publishable([blocking, asking], warnings_confirmed=True)


def test_the_prefilled_summary_is_an_error_in_every_language(coordinator):
    report = services.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                         audience="board")
    assert report.summary.startswith("Tähän tiivistelmä")
    findings = selectors.publication_check(report)
    assert ("error", "placeholder_text", "summary") in codes(findings)
    with pytest.raises(PublishCheckFailed):
        services.publication_publish(user=coordinator, publication=report, confirm_warnings=True)
    assert not report.versions.exists()

    # Left in place with more text around it, or pasted in another language's form into a phenomenon's text: still
    # a placeholder.
    swedish = default_sections(period=parse_period("2025"), language="sv")["summary"]
    assert swedish.startswith("Här")
    report = services.publication_update_sections(user=coordinator, publication=report, data={
        "summary": f"Oma alku.\n\n{report.summary}", "phenomena": {"homelessness": swedish.replace(" ", "\n ")}})
    assert {("error", "placeholder_text", "summary"), ("error", "placeholder_text", "phenomenon:homelessness")} <= set(
        codes(selectors.publication_check(report)))

    report = services.publication_update_sections(user=coordinator, publication=report, data={
        "summary": "Asunnottomuus kasvoi.", "phenomena": {"homelessness": "Nuoret odottavat asuntoa."}})
    assert not errors_of(selectors.publication_check(report))


def test_empty_required_texts_are_errors(coordinator, draft_report):
    draft_report = services.publication_update_sections(user=coordinator, publication=draft_report,
                                         data={"summary": "  ", "method": ""})
    findings = selectors.publication_check(draft_report)
    assert {("error", "required_text_missing", "summary"), ("error", "required_text_missing", "method")} <= set(
        codes(findings))
    with pytest.raises(PublishCheckFailed):
        services.publication_publish(user=coordinator, publication=draft_report, confirm_warnings=True)


def test_warnings_ask_for_a_confirmation_and_are_recorded(coordinator, reporter):
    report_data(reporter, coordinator)  # 2025: homelessness 12, livelihood 7, mental health 3 (hidden)
    report = services.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                         audience="board")
    report = services.publication_update_sections(user=coordinator, publication=report, data={
        "summary": "Asunnottomuus kasvoi.", "phenomena": {"homelessness": "Nuoret odottavat asuntoa."}})
    findings = selectors.publication_check(report)
    assert not errors_of(findings)
    warned = codes(warnings_of(findings))
    # Each phenomenon section without text; the good practices and addressee left empty.
    assert ("warning", "phenomenon_text_missing", "phenomenon:livelihood") in warned
    assert ("warning", "phenomenon_text_missing", "phenomenon:mental_health") in warned
    assert ("warning", "phenomenon_text_missing", "phenomenon:homelessness") not in warned
    assert {("warning", "section_text_missing", "good_practices"),
            ("warning", "section_text_missing", "addressee")} <= set(warned)
    # The mental health section's only count (3 < 5) is hidden (and homelessness's, so that it cannot be worked
    # out from the total); livelihood's 7 are shown. The client group table has one row, hidden.
    assert SMALL < 5
    hidden = {finding.section for finding in findings if finding.code == "figures_all_hidden"}
    assert "phenomenon:mental_health" in hidden and "phenomenon:livelihood" not in hidden
    assert "figures" in hidden

    with pytest.raises(PublishCheckFailed) as refused:
        services.publication_publish(user=coordinator, publication=report)
    assert refused.value.extra["warnings_confirmed"] is False and not report.versions.exists()
    version = services.publication_publish(user=coordinator, publication=report, confirm_warnings=True)
    assert version.number == 1
    audit = AuditEntry.objects.filter(action="publication.publish").latest("id")
    assert "figures_all_hidden" in audit.detail["warnings_confirmed"]


def test_a_fully_written_report_publishes_without_any_confirmation(coordinator, reporter):
    plenty_of_observations(reporter, coordinator)  # no small count in 2025
    report = services.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                         audience="board")
    texts = {code: "Kirjoitettu." for code in ("homelessness", "livelihood")}
    report = services.publication_update_sections(user=coordinator, publication=report,
                                                  data={**ALL_TEXTS, "phenomena": texts})
    assert selectors.publication_check(report) == []
    assert services.publication_publish(user=coordinator, publication=report).number == 1


def test_proposals_built_on_the_period_are_listed_and_drafts_are_warned_of(coordinator, reporter):
    observation = accepted_observation(reporter, coordinator, observed_on="2025-04-02")
    outside = accepted_observation(reporter, coordinator, observed_on="2024-04-02")
    report = services.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                         audience="board", summary="Asunnottomuus kasvoi.")
    other = proposals.proposal_create(user=coordinator, county="15", title="Vanha ehdotus", rationale="Perustelu.",
                                      addressee="Lautakunta", observations=[outside.pk])
    proposals.proposal_transition(user=coordinator, proposal=other, action="submit", notify=False)
    built = proposals.proposal_create(user=coordinator, county="15", title="Lisää tuettua asumista",
                                      rationale="Perustelu.", addressee="Sosiaali- ja terveyslautakunta",
                                      observations=[observation.pk])
    # A draft is not listed, and the check says why the section is empty.
    assert selectors.report_content(report)["proposals"] == []
    with translation.override("fi"):
        warned = [f for f in selectors.publication_check(report) if f.code == "proposals_not_listed"]
    assert len(warned) == 1 and warned[0].section == "proposals" and "luonnos" in warned[0].message

    proposals.proposal_transition(user=coordinator, proposal=built, action="submit", notify=False)
    content = selectors.report_content(report)
    assert [(item["id"], item["title"], item["status"]) for item in content["proposals"]] == [
        (built.pk, "Lisää tuettua asumista", "submitted")]
    assert not [finding for finding in selectors.publication_check(report, content)
                if finding.code == "proposals_not_listed"]
    version = services.publication_publish(user=coordinator, publication=report, confirm_warnings=True)
    assert "Lisää tuettua asumista" in version.html and "Vanha ehdotus" not in version.html
    # It has no public page (it is not this report's), so the published report names it without a link.
    assert reverse("proposals:public", args=[built.pk]) not in version.html


def test_a_proposal_of_the_report_is_linked_from_it(coordinator, reporter):
    report = services.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                         audience="board", summary="Asunnottomuus kasvoi.")
    proposal = proposals.proposal_create(user=coordinator, county="15", title="Raportin ehdotus",
                                         rationale="Perustelu.", addressee="Lautakunta", publication=report)
    proposals.proposal_transition(user=coordinator, proposal=proposal, action="submit", notify=False)
    version = services.publication_publish(user=coordinator, publication=report, confirm_warnings=True)
    assert f'href="{reverse("proposals:public", args=[proposal.pk])}"' in version.html


def test_proposals_made_during_the_period_but_not_built_on_it_are_warned_of(coordinator):
    year = str(today().year)
    report = services.publication_create(user=coordinator, county="15", period=year, language="fi",
                                         audience="board", summary="Yhteenveto.")
    assert not [f for f in selectors.publication_check(report) if f.code == "proposals_not_listed"]
    proposals.proposal_create(user=coordinator, county="15", title="Ilmiöstä", rationale="Perustelu.",
                              addressee="Lautakunta", phenomenon="homelessness")
    with translation.override("fi"):
        warned = [f for f in selectors.publication_check(report) if f.code == "proposals_not_listed"]
    assert len(warned) == 1 and "jakson aikana" in warned[0].message
    # Written by hand in the proposals section: nothing to warn of.
    report = services.publication_update_sections(user=coordinator, publication=report,
                                         data={"proposals": "Ehdotamme tuettua asumista."})
    assert not [f for f in selectors.publication_check(report) if f.code == "proposals_not_listed"]


def test_a_text_naming_the_period_by_its_code_is_warned_of(coordinator):
    report = services.publication_create(user=coordinator, county="15", period="2026H1", language="fi",
                                         audience="board", summary="Yhteenveto.")
    assert not [f for f in selectors.publication_check(report) if f.code == "period_code_in_text"]
    # As drafts made before periods had labels were written.
    report = services.publication_update_sections(user=coordinator, publication=report, data={
        "title": "Raportti 2026H1", "method": "Havainnot ajalta 2026H1."})
    warned = [f for f in selectors.publication_check(report) if f.code == "period_code_in_text"]
    assert [f.section for f in warned] == ["title", "method"] and "1.1.–30.6.2026" in warned[0].message
