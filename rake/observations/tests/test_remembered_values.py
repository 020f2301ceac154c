"""No hidden defaults (issue 16): the service area and municipality remembered from the reporter's last
observation are shown outside the folded details, marked as remembered, with a button that clears them; the
folded details' prefilled values are listed above them. Nothing is stored that the page did not show."""

import pytest
from django.urls import reverse

from rake.observations.models import Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def remembering(reporter):
    reporter.usual_service_area = "mental_health_substance_services"
    reporter.usual_municipality = "179"
    reporter.save()
    return reporter


def _outside_details(page):
    return page.split('<details class="rake-details"')[0]


def test_remembered_values_are_shown_outside_the_folded_details(client_as, remembering):
    page = client_as(remembering).get(reverse("observations:new"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()

    visible = _outside_details(page)
    assert "Muistettu edellisestä havainnostasi" in visible
    assert 'name="service_area"' in visible and 'name="municipality"' in visible
    assert 'value="mental_health_substance_services" selected' in visible
    assert 'value="179" selected' in visible
    assert 'name="forget"' in visible
    # Not twice: the folded part no longer holds them.
    assert page.count('name="service_area"') == 1


def test_without_remembered_values_the_fields_stay_folded(client_as, reporter):
    page = client_as(reporter).get(reverse("observations:new")).content.decode()

    assert 'name="forget"' not in page
    assert 'name="service_area"' not in _outside_details(page)


def test_the_prefilled_defaults_are_listed_where_they_can_be_seen(client_as, reporter):
    page = client_as(reporter).get(reverse("observations:new"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    listed = _outside_details(page).split('id="prefilled"')[1].split("</p>")[0]
    for label in ("Language of the observation", "You are reporting as", "Channel",
                  "Tell me what comes of this observation", "When did you observe it?"):
        assert label in listed


def test_clear_forgets_the_remembered_values_and_keeps_what_was_typed(client_as, remembering):
    client = client_as(remembering)
    response = client.post(reverse("observations:new"), {
        "description": "Nuorten asunnottomuus on lisääntynyt.", "phenomena": ["homelessness"],
        "service_area": "mental_health_substance_services", "municipality": "179", "language": "fi",
        "forget": "1"})

    assert response.status_code == 200
    assert not Observation.objects.exists()
    remembering.refresh_from_db()
    assert (remembering.usual_service_area, remembering.usual_municipality) == ("", "")
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["description"] == "Nuorten asunnottomuus on lisääntynyt."
    assert form.initial["phenomena"] == ["homelessness"]
    assert (form.initial["service_area"], form.initial["municipality"]) == ("", "")
    assert "Muistettu edellisestä havainnostasi" not in response.content.decode()


def test_a_draft_shows_its_own_values_not_remembered_ones(client_as, remembering, make_observation):
    draft = make_observation(submit=False, service_area="mental_health_substance_services")
    page = client_as(remembering).get(reverse("observations:edit", args=[draft.pk])).content.decode()
    assert 'name="forget"' not in page
