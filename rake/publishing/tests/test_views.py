import pytest
from django.urls import reverse

from rake.proposals import services as proposals
from rake.publishing import rendering, services
from rake.publishing.models import Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(coordinator, draft_report):
    version = services.publication_publish(user=coordinator, publication=draft_report, confirm_warnings=True)
    return draft_report, version


@pytest.mark.parametrize("role", ["reporter", "viewer", "analyst", "other_coordinator"])
def test_builder_is_for_the_countys_coordinators(request, client_as, role, draft_report):
    client = client_as(request.getfixturevalue(role))
    # Another county's coordinator builds reports of their own county only.
    assert client.get(reverse("publishing:new")).status_code == (200 if role == "other_coordinator" else 403)
    for name in ("publishing:edit", "publishing:quotes", "publishing:publish", "publishing:preview"):
        assert client.get(reverse(name, args=[draft_report.pk])).status_code == 403


def test_anonymous_builder_goes_to_login(client_as, draft_report):
    response = client_as().get(reverse("publishing:edit", args=[draft_report.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_coordinator_creates_edits_and_publishes(client_as, coordinator):
    client = client_as(coordinator)
    assert "Report builder" in client.get(reverse("publishing:list")).content.decode()
    response = client.post(reverse("publishing:new"), {"county": "15", "period": "2025", "language": "fi",
                                                       "audience": "board", "title": "Raportti 2025"})
    publication = Publication.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("publishing:edit", args=[publication.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'for="id_summary"' in page and 'id="id_phenomenon_homelessness"' in page
    data = {"title": "Raportti 2025", "summary": "Tärkein havainto.", "method": publication.method}
    client.post(reverse("publishing:edit", args=[publication.pk]), data)
    publication.refresh_from_db()
    assert publication.summary == "Tärkein havainto."
    preview = client.get(reverse("publishing:preview", args=[publication.pk]))
    assert "Tärkein havainto." in preview.content.decode()
    # Sections without text are warnings: publishing waits for their confirmation.
    response = client.post(reverse("publishing:publish", args=[publication.pk]), {"confirm": "on"})
    assert response.status_code == 422 and not publication.versions.exists()
    assert "Read the warnings and confirm" in response.content.decode()
    response = client.post(reverse("publishing:publish", args=[publication.pk]),
                           {"confirm": "on", "confirm_warnings": "on"})
    assert response.status_code == 302
    assert publication.versions.count() == 1


def test_nothing_typed_is_lost_on_an_error(client_as, coordinator, draft_report):
    client = client_as(coordinator)
    response = client.post(reverse("publishing:new"), {"county": "15", "period": "2025X", "language": "fi",
                                                       "audience": "board", "title": "Oma otsikko"})
    page = response.content.decode()
    assert response.status_code == 200 and "Oma otsikko" in page and response.context["form"].errors["period"]
    response = client.post(reverse("publishing:edit", args=[draft_report.pk]),
                           {"title": "", "summary": "Kirjoitettu teksti jää."})
    assert "Kirjoitettu teksti jää." in response.content.decode()
    services.publication_publish(user=coordinator, publication=draft_report, confirm_warnings=True)
    response = client.post(reverse("publishing:publish", args=[draft_report.pk]),
                           {"confirm": "on", "confirm_warnings": "on"})
    assert response.status_code == 200 and draft_report.versions.count() == 1
    assert "Describe what changed" in response.content.decode()


def test_quote_picker_refuses_personal_data_and_keeps_the_text(client_as, coordinator, draft_report, accepted):
    client = client_as(coordinator)
    page = client.get(reverse("publishing:quotes", args=[draft_report.pk])).content.decode()
    assert f"Quote observation {accepted.pk}" in page
    page = client.get(reverse("publishing:quotes", args=[draft_report.pk]), {"observation": accepted.pk}).content.decode()
    assert "Nuorten asunnottomuus on lisääntynyt keväällä." in page
    text = "Soita Mattille numeroon 040 123 4567."
    response = client.post(reverse("publishing:quotes", args=[draft_report.pk]),
                           {"observation": accepted.pk, "phenomenon": "homelessness", "text": text})
    page = response.content.decode()
    assert response.status_code == 200 and text in page
    # The finding is highlighted under the excerpt with a "Remove" button and no "not personal data" box.
    assert "Possible phone number" in page and 'name="remove_finding" value="text:' in page
    assert 'name="acknowledged_findings"' not in page
    assert not draft_report.quotes.exists()
    client.post(reverse("publishing:quotes", args=[draft_report.pk]),
                {"observation": accepted.pk, "phenomenon": "homelessness", "text": "Sohvalla asuminen yleistyy."})
    quote = draft_report.quotes.get()
    assert quote.approved_at is None
    client.post(reverse("publishing:quote_approve", args=[draft_report.pk, quote.pk]))
    quote.refresh_from_db()
    assert quote.approved_by == coordinator
    client.post(reverse("publishing:quote_remove", args=[draft_report.pk, quote.pk]))
    assert not draft_report.quotes.exists()


@pytest.mark.parametrize("observation", ["abc", "", "999999"])
def test_quote_picker_refuses_an_observation_that_is_not_a_candidate(client_as, coordinator, draft_report, accepted,
                                                                     observation):
    response = client_as(coordinator).post(reverse("publishing:quotes", args=[draft_report.pk]),
                                           {"observation": observation, "phenomenon": "homelessness",
                                            "text": "Sohvalla asuminen yleistyy."})
    assert response.status_code == 200
    assert response.context["add_form"].errors["observation"]
    assert response.context["quoted_observation"] is None
    assert not draft_report.quotes.exists()


def test_quote_picker_does_not_show_an_observation_outside_the_candidates(client_as, coordinator, draft_report,
                                                                          make_observation):
    draft = make_observation(status="draft", phenomena=["homelessness"])
    client = client_as(coordinator)
    url = reverse("publishing:quotes", args=[draft_report.pk])
    assert client.get(url, {"observation": draft.pk}).status_code == 404
    assert client.get(url, {"observation": "abc"}).status_code == 404


def test_the_public_infographic_is_the_one_stored_at_publishing(client_as, published, monkeypatch):
    publication, version = published
    assert version.infographic_svg.startswith("<svg") and bytes(version.infographic_png).startswith(b"\x89PNG")

    def refuse(*args, **kwargs):
        raise AssertionError("a public request must not render the infographic")

    monkeypatch.setattr(rendering, "render_infographic_svg", refuse)
    monkeypatch.setattr(rendering, "render_infographic_png", refuse)
    client = client_as()
    args = ["15", publication.pk, 1]
    svg = client.get(reverse("publishing:public_infographic_svg", args=args))
    assert svg.status_code == 200 and svg.content.decode() == version.infographic_svg
    png = client.get(reverse("publishing:public_infographic_png", args=args))
    assert png.status_code == 200 and png.content == bytes(version.infographic_png)


def test_quote_search_filters(client_as, coordinator, draft_report, make_observation):
    make_observation(status="accepted", description="Velkaneuvontaan jonotetaan kuukausia.", phenomena=["livelihood"])
    make_observation(status="accepted", description="Päihdehoitoon ei pääse.", phenomena=["substance_use"])
    client = client_as(coordinator)
    url = reverse("publishing:quotes", args=[draft_report.pk])
    page = client.get(url, {"phenomenon": "livelihood"}).content.decode()
    assert "Velkaneuvontaan" in page and "Päihdehoitoon" not in page


def test_public_pages_show_published_reports_to_anyone(client_as, published):
    publication, version = published
    client = client_as()
    index = client.get(reverse("publishing:public_index")).content.decode()
    assert reverse("publishing:public_county", args=["15"]) in index
    county = client.get(reverse("publishing:public_county", args=["15"])).content.decode()
    assert publication.title in county
    args = ["15", publication.pk, 1]
    page = client.get(reverse("publishing:public_version", args=args))
    # The stored report, exactly as published, inside the site's page.
    assert page.status_code == 200 and rendering.embedded(version.html).body in page.content.decode()
    pdf = client.get(reverse("publishing:public_version_pdf", args=args))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("inline; filename=") and ".pdf" in pdf["Content-Disposition"]
    svg = client.get(reverse("publishing:public_infographic_svg", args=args))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = client.get(reverse("publishing:public_infographic_png", args=args))
    assert png.content.startswith(b"\x89PNG")
    csv = client.get(reverse("publishing:public_table_csv", args=args + ["by-phenomenon"]))
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    xlsx = client.get(reverse("publishing:public_table_xlsx", args=args + ["by-phenomenon"]))
    assert xlsx.content.startswith(b"PK")
    assert client.get(reverse("publishing:public_table_csv", args=args + ["nonsense"])).status_code == 404
    assert client.get(reverse("publishing:public_version", args=["15", publication.pk, 2])).status_code == 404
    assert client.get(reverse("publishing:public_version", args=["06", publication.pk, 1])).status_code == 404


def test_drafts_are_never_public(client_as, draft_report):
    client = client_as()
    assert draft_report.title not in client.get(reverse("publishing:public_county", args=["15"])).content.decode()
    assert client.get(reverse("publishing:public_version", args=["15", draft_report.pk, 1])).status_code == 404
    assert client.get(reverse("publishing:public_county", args=["99"])).status_code == 404


def test_navigation_links_published_reports_for_anonymous_and_builder_for_coordinators(client_as, coordinator):
    client = client_as()
    assert reverse("publishing:public_index") in client.get("/").content.decode()
    client.force_login(coordinator)
    assert reverse("publishing:list") in client.get("/").content.decode()


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_published_report_marks_hidden_counts_with_the_legend_in_finnish_and_swedish(client_as, reporter,
                                                                                      coordinator, language):
    """The public page, its PDF's source, the stored infographic and the tables: a hidden count is ".." with
    the legend in the report's language, never a bound such as "<5"."""
    import csv
    import io
    import re

    from openpyxl import load_workbook

    from rake.analysis.tests.helpers import LEGENDS, assert_no_bound_mark
    from rake.publishing.tests.helpers import report_data

    report_data(reporter, coordinator)  # mental health: 3 observations in 2025, hidden
    publication = services.publication_create(user=coordinator, county="15", period="2025", language=language,
                                              audience="public", title="Raportti 2025", summary="Yhteenveto.")
    version = services.publication_publish(user=coordinator, publication=publication, confirm_warnings=True)
    client = client_as()
    args = ["15", publication.pk, version.number]
    html = client.get(reverse("publishing:public_version", args=args)).content.decode()
    assert f'<div class="report rake-report-embedded" lang="{language}">' in html
    assert f'<html lang="{language}">' in version.html
    assert '<td class="report-number">..</td>' in html
    assert f'<p class="report-hint report-hidden-legend">{LEGENDS[language]}</p>' in html
    assert f'<p class="report-hidden-legend">{LEGENDS[language]}</p>' in html  # in the method section
    chart_texts = " ".join(re.findall(r">([^<>]*)</text>", html))
    assert LEGENDS[language] in chart_texts
    assert_no_bound_mark(html)
    svg = client.get(reverse("publishing:public_infographic_svg", args=args)).content.decode()
    assert ">..</text>" in svg and f">{LEGENDS[language]}</text>" in svg
    assert_no_bound_mark(svg)
    body = client.get(reverse("publishing:public_table_csv", args=args + ["by-phenomenon"])).content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    mental_health = {"fi": "Mielenterveys", "sv": "Psykisk hälsa"}[language]
    assert next(row for row in rows if row[0] == mental_health)[1] == ".."
    assert rows[-2:] == [[], [LEGENDS[language]]]
    body = client.get(reverse("publishing:public_table_xlsx", args=args + ["by-phenomenon"])).content
    values = list(load_workbook(io.BytesIO(body)).worksheets[0].iter_rows(values_only=True))
    assert next(row for row in values if row[0] == mental_health)[1] == ".."
    assert values[-1][0] == LEGENDS[language]
    assert_no_bound_mark(repr(rows) + repr(values))


# --- the pre-publish check, the preview and the links between pages ------------------------------------------

def test_the_publish_page_lists_errors_and_offers_no_form_until_they_are_fixed(client_as, coordinator):
    client = client_as(coordinator)
    client.post(reverse("publishing:new"), {"county": "15", "period": "2025", "language": "fi", "audience": "board"})
    publication = Publication.objects.get()
    url = reverse("publishing:publish", args=[publication.pk])
    page = client.get(url).content.decode()
    assert "Check before publishing" in page and "still has the pre-filled text" in page
    assert f'href="{reverse("publishing:edit", args=[publication.pk])}#id_summary"' in page
    assert 'name="confirm"' not in page
    # Sent anyway (an old form, another tab): refused, nothing stored.
    response = client.post(url, {"confirm": "on", "confirm_warnings": "on"})
    assert response.status_code == 422 and not publication.versions.exists()
    assert "errors that prevent publishing" in response.content.decode()

    client.post(reverse("publishing:edit", args=[publication.pk]),
                {"title": publication.title, "summary": "Asunnottomuus kasvoi.", "method": publication.method})
    page = client.get(url).content.decode()
    assert "pre-filled text" not in page and 'name="confirm_warnings"' in page and "has no text" in page


@pytest.mark.parametrize("language,expected", [("fi", "Tarkistus ennen julkaisemista"),
                                               ("sv", "Kontroll före publiceringen")])
def test_the_check_speaks_the_users_language(client_as, coordinator, draft_report, language, expected):
    client = client_as(coordinator)
    client.cookies["rake_language"] = language
    page = client.get(reverse("publishing:publish", args=[draft_report.pk])).content.decode()
    assert expected in page


def test_the_preview_links_back_and_shows_the_check(client_as, coordinator, draft_report):
    page = client_as(coordinator).get(reverse("publishing:preview", args=[draft_report.pk])).content.decode()
    assert 'class="rake-header"' in page  # the site's header and navigation
    assert f'href="{reverse("publishing:edit", args=[draft_report.pk])}"' in page
    assert "Back to editing the texts" in page and "Check before publishing" in page
    assert page.count("<main") == 1 and page.count("<h1") == 1  # the report's own landmark is not nested
    assert "Asunnottomuus kasvoi." in page


def test_the_public_report_carries_the_site_header_and_links_to_the_county_and_proposals(
        client_as, coordinator, published):
    publication, version = published
    proposal = proposals.proposal_create(user=coordinator, county="15", title="Lisää tuettua asumista",
                                         rationale="Perustelu.", addressee="Lautakunta", publication=publication)
    proposals.proposal_transition(user=coordinator, proposal=proposal, action="submit", notify=False)
    client = client_as()
    page = client.get(reverse("publishing:public_version", args=["15", publication.pk, 1])).content.decode()
    assert 'class="rake-header"' in page and page.count("<main") == 1
    assert f'href="{reverse("publishing:public_county", args=["15"])}"' in page
    assert f'href="{reverse("proposals:public", args=[proposal.pk])}"' in page
    # …and the proposal's public page links back to the report.
    back = client.get(reverse("proposals:public", args=[proposal.pk])).content.decode()
    assert f'href="{reverse("publishing:public_version", args=["15", publication.pk, 1])}"' in back


def test_the_front_page_lists_the_latest_published_reports(client_as, published):
    publication, version = published
    client = client_as()
    page = client.get("/").content.decode()
    assert publication.title in page and "No published reports yet." not in page
    assert f'href="{reverse("publishing:public_version", args=["15", publication.pk, 1])}"' in page
    assert "vuosi 2025" in page or "year 2025" in page


def test_the_front_page_says_so_when_nothing_is_published(client_as, draft_report):
    page = client_as().get("/").content.decode()
    assert "No published reports yet." in page and draft_report.title not in page


def test_periods_are_chosen_from_labels_and_shown_as_labels(client_as, coordinator, draft_report):
    client = client_as(coordinator)
    client.cookies["rake_language"] = "sv"
    form = client.get(reverse("publishing:new")).content.decode()
    assert '<option value="2025">år 2025</option>' in form
    assert '<option value="2025H1">1.1.–30.6.2025</option>' in form
    assert '<option value="2025Q3">1.7.–30.9.2025</option>' in form
    assert ">2025H1<" not in form
    listing = client.get(reverse("publishing:list")).content.decode()
    assert "år 2025" in listing
