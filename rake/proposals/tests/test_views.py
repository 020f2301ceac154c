"""The proposal pages: who may open which page, the forms keep what was typed, the public page shows only
proposals of published reports, and the reporter sees the decision on their own pages."""

import datetime

import pytest
from django.urls import reverse

from rake.proposals import services
from rake.proposals.models import Proposal, ProposalStatus
from rake.publishing import services as publishing

pytestmark = pytest.mark.django_db

SECRET_DESCRIPTION = "Nuoret asuvat kavereiden sohvilla Tikkakoskella, koska asuntoja ei ole."


@pytest.fixture
def accepted(make_observation):
    return make_observation(status="accepted", description=SECRET_DESCRIPTION, wants_feedback=True)


def _proposal(coordinator, observations=(), *, to="under_consideration", **kwargs):
    kwargs.setdefault("title", "Lisää tuettua asumista nuorille")
    kwargs.setdefault("rationale", "Nuorten asunnottomuus on kasvanut.")
    kwargs.setdefault("addressee", "Sosiaali- ja terveyslautakunta")
    if not observations and "parent" not in kwargs:
        kwargs.setdefault("phenomenon", "homelessness")  # a proposal is built on something
    proposal = services.proposal_create(user=coordinator, county="15", observations=list(observations), **kwargs)
    for action in ("submit", "consider"):
        if proposal.status == to:
            break
        proposal = services.proposal_transition(user=coordinator, proposal=proposal, action=action)
    return proposal


def _decide(user, proposal, text="Lautakunta hyväksyi ehdotuksen ja varasi rahoituksen."):
    return services.proposal_transition(user=user, proposal=proposal, action="decide", data={
        "outcome": "accepted", "decision_text": text, "decision_reference": "Ptk 12 § 5",
        "decided_on": datetime.date(2026, 3, 1)})


# --- who may open what ------------------------------------------------------------------------------------

def test_a_reporter_may_not_open_the_proposal_pages(client_as, reporter, coordinator, accepted):
    proposal = _proposal(coordinator, [accepted])
    client = client_as(reporter)
    for url in (reverse("proposals:list"), reverse("proposals:follow_ups"), reverse("proposals:new"),
                reverse("proposals:detail", args=[proposal.pk])):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("proposals:action", args=[proposal.pk, "decide"]),
                           {"decide-outcome": "accepted", "decide-decision_text": "Hyväksytty."})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_CONSIDERATION
    assert "Proposals" not in [item["label"] for item in client.get("/").context["rake_navigation"]]


def test_anonymous_visitors_are_sent_to_log_in(client_as):
    response = client_as().get(reverse("proposals:list"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", ["coordinator", "analyst", "viewer", "national"])
def test_the_list_is_for_coordinators_analysts_viewers_and_national_users(request, client_as, role, coordinator,
                                                                          accepted):
    _proposal(coordinator, [accepted], follow_up_on=datetime.date(2020, 1, 1))
    client = client_as(request.getfixturevalue(role))
    page = client.get(reverse("proposals:list"))
    assert page.status_code == 200
    assert "Lisää tuettua asumista nuorille" in page.content.decode()
    assert "Proposals" in [str(item["label"]) for item in page.context["rake_navigation"]]
    follow_ups = client.get(reverse("proposals:follow_ups"))
    assert follow_ups.status_code == 200 and "Lisää tuettua asumista nuorille" in follow_ups.content.decode()
    # Only the county's coordinators make proposals.
    assert client.get(reverse("proposals:new")).status_code == (200 if role == "coordinator" else 403)


def test_the_list_groups_by_body_and_filters_by_status_and_kind(client_as, viewer, coordinator, accepted):
    _proposal(coordinator, [accepted], title="Ehdotus lautakunnalle")
    _proposal(coordinator, title="Ehdotus aluehallitukselle", addressee="Aluehallitus",
              addressee_kind="regional_government", to="draft")
    client = client_as(viewer)
    page = client.get(reverse("proposals:list")).content.decode()
    assert "Ehdotus lautakunnalle" in page and "Ehdotus aluehallitukselle" in page
    assert "Proposals to Sosiaali- ja terveyslautakunta" in page and "Proposals to Aluehallitus" in page
    assert "<progress" in page and "0 % done" in page

    page = client.get(reverse("proposals:list"), {"status": "draft"}).content.decode()
    assert "Ehdotus aluehallitukselle" in page and "Ehdotus lautakunnalle" not in page
    page = client.get(reverse("proposals:list"), {"addressee_kind": "board"}).content.decode()
    assert "Ehdotus lautakunnalle" in page and "Ehdotus aluehallitukselle" not in page


def test_the_list_leaves_finished_proposals_out_unless_asked(client_as, viewer, coordinator, accepted):
    proposal = _decide(viewer, _proposal(coordinator, [accepted]))
    services.proposal_transition(user=coordinator, proposal=proposal, action="close", data={"note": "Valmis."})
    client = client_as(viewer)
    assert "Lisää tuettua asumista nuorille" not in client.get(reverse("proposals:list")).content.decode()
    page = client.get(reverse("proposals:list"), {"status": "all"}).content.decode()
    assert "Lisää tuettua asumista nuorille" in page


def test_follow_ups_due_lists_overdue_ones_with_their_dates(client_as, viewer, coordinator, accepted):
    _proposal(coordinator, [accepted], title="Myöhässä oleva", follow_up_on=datetime.date(2020, 2, 3))
    _proposal(coordinator, title="Tulevaisuudessa", follow_up_on=datetime.date(2099, 1, 1))
    page = client_as(viewer).get(reverse("proposals:follow_ups")).content.decode()
    assert "Myöhässä oleva" in page and 'datetime="2020-02-03"' in page and "days overdue" in page
    assert "Tulevaisuudessa" not in page


# --- a new proposal -----------------------------------------------------------------------------------

def test_a_coordinator_makes_a_proposal_from_an_observation(client_as, coordinator, accepted, make_observation):
    other = make_observation(status="accepted")
    client = client_as(coordinator)
    detail = client.get(reverse("observations:detail", args=[accepted.pk])).content.decode()
    link = f"{reverse('proposals:new')}?observations={accepted.pk}"
    assert link in detail
    page = client.get(link)
    assert page.status_code == 200
    assert page.context["form"]["observations"].value() == [accepted.pk]
    response = client.post(reverse("proposals:new"), {
        "title": "Asumisneuvontaa lisää", "rationale": "Havainnot osoittavat tarpeen.",
        "addressee": "Sosiaali- ja terveyslautakunta", "addressee_kind": "board", "county": "15",
        "observations": [accepted.pk, other.pk], "weight": "1"})
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("proposals:detail", args=[proposal.pk])
    assert proposal.status == ProposalStatus.DRAFT
    assert set(proposal.observations.values_list("pk", flat=True)) == {accepted.pk, other.pk}
    page = client.get(response["Location"]).content.decode()
    assert "Asumisneuvontaa lisää" in page and "Submit the proposal" in page
    assert reverse("observations:detail", args=[accepted.pk]) in page


def test_the_reporter_gets_no_make_a_proposal_link(client_as, reporter, accepted):
    detail = client_as(reporter).get(reverse("observations:detail", args=[accepted.pk])).content.decode()
    assert reverse("proposals:new") not in detail


def test_the_new_proposal_form_keeps_the_input_on_errors(client_as, coordinator, accepted):
    client = client_as(coordinator)
    response = client.post(reverse("proposals:new"), {
        "title": "", "rationale": "Perustelu, joka ei saa kadota.", "addressee": "Aluehallitus",
        "addressee_kind": "regional_government", "county": "15", "observations": [accepted.pk],
        "weight": "1", "follow_up_on": "2026-05-04"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please correct the following" in page
    assert "Perustelu, joka ei saa kadota." in page
    assert 'value="Aluehallitus"' in page and 'value="2026-05-04"' in page
    assert response.context["form"]["observations"].value() == [str(accepted.pk)]
    assert not Proposal.objects.exists()


# --- a proposal's page and its actions ---------------------------------------------------------------

def test_a_viewer_records_the_decision(client_as, viewer, coordinator, accepted):
    proposal = _proposal(coordinator, [accepted])
    client = client_as(viewer)
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "Record the decision" in page
    # A decision-maker does not move proposals otherwise.
    assert "Submit the proposal" not in page and "Close the proposal" not in page
    # The viewer may read the proposal but not the observations' texts.
    assert SECRET_DESCRIPTION not in page
    response = client.post(reverse("proposals:action", args=[proposal.pk, "decide"]), {
        "decide-outcome": "accepted", "decide-decision_text": "Lautakunta hyväksyi ehdotuksen.",
        "decide-decision_reference": "Ptk 3/2026 § 14", "decide-decided_on": "2026-03-01"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED and proposal.outcome == "accepted"
    assert proposal.decision_text == "Lautakunta hyväksyi ehdotuksen."
    assert proposal.decided_on == datetime.date(2026, 3, 1)
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "Lautakunta hyväksyi ehdotuksen." in page and "Ptk 3/2026 § 14" in page


def test_the_decision_form_keeps_the_input_on_errors(client_as, viewer, coordinator, accepted):
    proposal = _proposal(coordinator, [accepted])
    response = client_as(viewer).post(reverse("proposals:action", args=[proposal.pk, "decide"]), {
        "decide-decision_text": "Teksti, joka ei saa kadota.", "decide-decision_reference": "Ptk 9 § 1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please correct the following" in page
    assert "Teksti, joka ei saa kadota." in page and 'value="Ptk 9 § 1"' in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_CONSIDERATION


# Those who may read the proposal are refused (403); another county's coordinator cannot see it at all (404).
@pytest.mark.parametrize(("role", "code"), [("analyst", 403), ("national", 403), ("other_coordinator", 404)])
def test_others_may_not_decide(request, client_as, role, code, coordinator, accepted):
    proposal = _proposal(coordinator, [accepted])
    client = client_as(request.getfixturevalue(role))
    response = client.post(reverse("proposals:action", args=[proposal.pk, "decide"]), {
        "decide-outcome": "accepted", "decide-decision_text": "Hyväksytty."})
    assert response.status_code == code
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_CONSIDERATION


def test_a_viewer_may_not_submit(client_as, viewer, coordinator):
    proposal = _proposal(coordinator, to="draft")
    response = client_as(viewer).post(reverse("proposals:action", args=[proposal.pk, "submit"]))
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_the_coordinator_moves_the_proposal_to_the_end(client_as, coordinator, accepted):
    proposal = _proposal(coordinator, [accepted], to="draft")
    client = client_as(coordinator)
    url = lambda action: reverse("proposals:action", args=[proposal.pk, action])  # noqa: E731
    assert client.post(url("submit")).status_code == 302
    assert client.post(url("consider")).status_code == 302
    assert client.post(url("decide"), {"decide-outcome": "partly",
                                       "decide-decision_text": "Osittain hyväksytty."}).status_code == 302
    assert client.post(url("start")).status_code == 302
    assert client.post(url("progress"), {"progress-progress": "40", "progress-note": "Hankinta käynnissä.",
                                         "progress-follow_up_on": "2026-09-01"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.progress == 40 and proposal.follow_up_on == datetime.date(2026, 9, 1)
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "40 % done" in page and "Hankinta käynnissä." in page
    # A progress beyond 100 % is refused and the typed note kept.
    response = client.post(url("progress"), {"progress-progress": "140", "progress-note": "Liikaa."})
    assert response.status_code == 400 and "Liikaa." in response.content.decode()
    assert client.post(url("implement")).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IMPLEMENTED and proposal.progress == 100


def test_an_action_the_status_does_not_allow_is_refused(client_as, coordinator, accepted):
    proposal = _proposal(coordinator, [accepted], to="draft")
    response = client_as(coordinator).post(reverse("proposals:action", args=[proposal.pk, "implement"]))
    assert response.status_code == 409
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_a_parent_shows_its_childrens_progress(client_as, viewer, coordinator, accepted):
    parent = _proposal(coordinator, [accepted], title="Iso ehdotus")
    child = _proposal(coordinator, title="Osa yksi", parent=parent, weight=1)
    page = client_as(viewer).get(reverse("proposals:detail", args=[parent.pk])).content.decode()
    assert "Parts of the proposal" in page and "Osa yksi" in page
    assert reverse("proposals:detail", args=[child.pk]) in page


# --- public ---------------------------------------------------------------------------------------------

def test_the_public_page_needs_a_published_report(client_as, coordinator, viewer, accepted):
    publication = publishing.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                                audience="board", title="Sosiaalinen raportti 2025",
                                                summary="Yhteenveto.")
    proposal = _decide(viewer, _proposal(coordinator, [accepted], publication=publication))
    unpublished = _proposal(coordinator, [accepted], title="Ei julkinen")
    client = client_as()
    url = reverse("proposals:public", args=[proposal.pk])
    assert client.get(url).status_code == 404
    publishing.publication_publish(user=coordinator, publication=publication, confirm_warnings=True)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lisää tuettua asumista nuorille" in page and "Lautakunta hyväksyi ehdotuksen" in page
    assert "Sosiaali- ja terveyslautakunta" in page
    # No observation texts and no names.
    assert SECRET_DESCRIPTION not in page
    assert "reporter" not in page and "coordinator" not in page and "viewer" not in page
    assert client.get(reverse("proposals:public", args=[unpublished.pk])).status_code == 404
    county = client.get(reverse("publishing:public_county", args=["15"])).content.decode()
    assert url in county and reverse("proposals:public", args=[unpublished.pk]) not in county


# --- the reporter ------------------------------------------------------------------------------------

def test_the_reporter_sees_the_decision_on_their_pages(client_as, reporter, viewer, coordinator, accepted,
                                                       make_observation):
    untouched = make_observation(status="accepted")
    proposal = _decide(viewer, _proposal(coordinator, [accepted]))
    client = client_as(reporter)
    page = client.get(reverse("observations:mine")).content.decode()
    assert proposal.title in page
    assert "Lautakunta hyväksyi ehdotuksen ja varasi rahoituksen." in page
    assert "0 % done" in page
    # Shown on the observation behind the proposal only, not on the reporter's other observation.
    assert page.count(f"<strong>{proposal.title}</strong>") == 1
    assert reverse("observations:detail", args=[untouched.pk]) in page
    timeline = client.get(reverse("observations:detail", args=[accepted.pk])).content.decode()
    assert proposal.title in timeline
    assert "Lautakunta hyväksyi ehdotuksen ja varasi rahoituksen." in timeline
    # The reporter cannot open the proposal's own page.
    assert client.get(reverse("proposals:detail", args=[proposal.pk])).status_code == 403


# --- personal data ------------------------------------------------------------------------------------

def test_the_new_proposal_form_refuses_personal_data_and_shows_where(client_as, coordinator, accepted):
    rationale = "Perustelu: asiasta päätti Liisa Korhonen."
    response = client_as(coordinator).post(reverse("proposals:new"), {
        "title": "Asumisneuvontaa lisää", "rationale": rationale, "addressee": "Aluehallitus",
        "addressee_kind": "regional_government", "county": "15", "observations": [accepted.pk], "weight": "1"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Possible personal data" in page and "“Liisa Korhonen”" in page
    assert "This text may contain personal data" in page
    assert rationale in page  # the text is kept for editing
    assert not Proposal.objects.exists()


def test_the_new_proposal_form_removes_a_finding_with_one_click(client_as, coordinator, accepted):
    rationale = "Perustelu: tilille FI21 1234 5600 0007 85 maksettiin."
    form = {"title": "Asumisneuvontaa lisää", "rationale": rationale, "addressee": "Aluehallitus",
            "addressee_kind": "regional_government", "county": "15", "observations": [accepted.pk], "weight": "1"}
    client = client_as(coordinator)
    page = client.post(reverse("proposals:new"), form).content.decode()
    start = rationale.index("FI21")
    value = f"rationale:{start}:{start + 22}:iban"
    assert f'name="remove_finding" value="{value}"' in page and 'name="acknowledged_findings"' not in page

    response = client.post(reverse("proposals:new"), {**form, "remove_finding": value})
    page = response.content.decode()
    # A proposal has no language of its own: the placeholder is in the user's (English here).
    assert response.status_code == 200 and "Perustelu: tilille [removed] maksettiin." in page
    assert "Asumisneuvontaa lisää" in page and not Proposal.objects.exists()


def test_the_decision_form_refuses_personal_data(client_as, viewer, coordinator, accepted):
    proposal = _proposal(coordinator, [accepted])
    response = client_as(viewer).post(reverse("proposals:action", args=[proposal.pk, "decide"]), {
        "decide-outcome": "accepted", "decide-decision_text": "Soita Mattille numeroon 040 123 4567."})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Possible personal data" in page and "“040 123 4567”" in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_CONSIDERATION and proposal.decision_text == ""


# --- the pages' details ---------------------------------------------------------------------------------

def test_the_history_tells_each_step_and_dates_read_in_the_language(client_as, coordinator, accepted):
    proposal = _proposal(coordinator, [accepted], phenomenon="homelessness", to="submitted")
    services.proposal_update(user=coordinator, proposal=proposal, addressee="Aluehallitus")
    services.proposal_transition(user=coordinator, proposal=proposal, action="consider")
    services.proposal_transition(user=coordinator, proposal=proposal, action="follow_up",
                                 data={"follow_up_on": datetime.date(2030, 1, 31)})
    page = client_as(coordinator).get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    title = "Lisää tuettua asumista nuorille"
    assert f"The proposal “{title}” is under consideration" in page
    assert f"The proposal “{title}” was edited" in page
    assert f"Next follow-up of the proposal “{title}”: Jan. 31, 2030" in page
    assert "2030-01-31</" not in page  # no raw ISO date as text
    assert "Homelessness" in page and ">homelessness<" not in page


def test_the_list_is_paginated(client_as, coordinator):
    for number in range(27):
        _proposal(coordinator, title=f"Ehdotus {number:02d}", to="draft")
    client = client_as(coordinator)
    first = client.get(reverse("proposals:list")).content.decode()
    assert "27 proposals found." in first and "Page 1 of 2" in first
    second = client.get(reverse("proposals:list"), {"page": 2}).content.decode()
    assert second.count('<th scope="row">') == 2


def test_a_closed_observation_offers_a_new_proposal(client_as, coordinator, make_observation):
    closed = make_observation(status="closed")
    submitted = make_observation()
    client = client_as(coordinator)
    link = f"{reverse('proposals:new')}?observations="
    assert link + str(closed.pk) in client.get(reverse("observations:detail", args=[closed.pk])).content.decode()
    assert link not in client.get(reverse("observations:detail", args=[submitted.pk])).content.decode()


def test_the_proposal_page_links_to_its_report(client_as, coordinator, viewer, accepted):
    publication = publishing.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                                audience="board", title="Sosiaalinen raportti 2025",
                                                summary="Yhteenveto.")
    proposal = _proposal(coordinator, [accepted], publication=publication)
    detail = reverse("proposals:detail", args=[proposal.pk])
    # A draft report: its builder reaches the draft; a decision-maker sees only its title.
    assert f'href="{reverse("publishing:edit", args=[publication.pk])}"' in client_as(coordinator).get(
        detail).content.decode()
    page = client_as(viewer).get(detail).content.decode()
    assert "Sosiaalinen raportti 2025" in page and reverse("publishing:edit", args=[publication.pk]) not in page
    publishing.publication_publish(user=coordinator, publication=publication, confirm_warnings=True)
    published = f'href="{reverse("publishing:public_version", args=["15", publication.pk, 1])}"'
    assert published in client_as(viewer).get(detail).content.decode()
    assert published in client_as().get(reverse("proposals:public", args=[proposal.pk])).content.decode()
