"""Choosing the observations of a new proposal by search and filters (issue 16), not from hundreds of boxes:
the triage queue's filters, a short summary of each observation, and the "Search" button keeps what was
typed and ticked. The proposal's page shows its observations with the same summary."""

import pytest
from django.urls import reverse

from rake.proposals import services
from rake.proposals.forms import OBSERVATION_CHOICES_LIMIT
from rake.proposals.models import Proposal

pytestmark = pytest.mark.django_db

TEXTS = {"title": "Asumisneuvontaa lisää", "rationale": "Havainnot osoittavat tarpeen.",
         "addressee": "Sosiaali- ja terveyslautakunta", "addressee_kind": "board", "county": "15", "weight": "1"}


@pytest.fixture
def observations(make_observation):
    return {
        "housing": make_observation(status="accepted", description="Nuorten asunnottomuus on lisääntynyt kaupungissa.",
                                    phenomena=["homelessness"], observed_on="2025-03-14"),
        "money": make_observation(status="accepted", description="Toimeentulotuen käsittely viivästyy viikkoja.",
                                  phenomena=["livelihood"], observed_on="2025-09-02"),
        "submitted": make_observation(description="Toimeentulotuki ei riitä vuokraan."),
    }


def choices(response):
    return [value for value, _label in response.context["form"].fields["observations"].choices]


def test_the_page_offers_usable_observations_with_a_summary(client_as, coordinator, observations):
    response = client_as(coordinator).get(reverse("proposals:new"))

    assert choices(response) == [observations["money"].pk, observations["housing"].pk]  # newest first
    label = dict(response.context["form"].fields["observations"].choices)[observations["housing"].pk]
    assert label.startswith(f"Observation {observations['housing'].pk} · Homelessness · Accepted")
    assert "Nuorten asunnottomuus" in label


@pytest.mark.parametrize("filters, expected", [
    ({"find-q": "toimeentulotuen"}, ["money"]),
    ({"find-phenomenon": "homelessness"}, ["housing"]),
    ({"find-since": "2025-06-01"}, ["money"]),
    ({"find-until": "2025-06-01"}, ["housing"]),
    ({"find-status": "used"}, []),
    ({"find-status": "submitted"}, ["money", "housing"]),  # not a usable status: the usable ones
])
def test_the_filters_narrow_what_is_offered(client_as, coordinator, observations, filters, expected):
    response = client_as(coordinator).get(reverse("proposals:new"), filters)

    assert choices(response) == [observations[name].pk for name in expected]
    assert response.context["found_count"] == len(expected)


def test_search_keeps_what_was_typed_and_ticked_and_saves_nothing(client_as, coordinator, observations):
    client = client_as(coordinator)
    response = client.post(reverse("proposals:new"), {**TEXTS, "observations": [observations["housing"].pk],
                                                      "find-q": "toimeentulotuen", "find": "1"})

    assert response.status_code == 200
    assert not Proposal.objects.exists()
    assert not response.context["form"].errors
    # The ticked one stays (first, ticked), the found one is offered beside it.
    assert choices(response) == [observations["housing"].pk, observations["money"].pk]
    page = response.content.decode()
    assert 'value="Asumisneuvontaa lisää"' in page
    assert f'value="{observations["housing"].pk}" id="id_observations_0" checked' in page.replace(
        'class="hds-checkbox__input" ', "")
    assert 'value="toimeentulotuen"' in page

    response = client.post(reverse("proposals:new"), {
        **TEXTS, "observations": [observations["housing"].pk, observations["money"].pk],
        "find-q": "toimeentulotuen"})
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert set(proposal.observations.values_list("pk", flat=True)) == {observations["housing"].pk,
                                                                        observations["money"].pk}


def test_only_so_many_are_listed_and_the_page_says_how_many_were_found(client_as, coordinator, make_observation):
    for _ in range(OBSERVATION_CHOICES_LIMIT + 2):
        make_observation(status="accepted")

    response = client_as(coordinator).get(reverse("proposals:new"))

    assert len(choices(response)) == OBSERVATION_CHOICES_LIMIT
    assert response.context["found_count"] == OBSERVATION_CHOICES_LIMIT + 2
    assert "Narrow the search" in response.content.decode()


def test_the_proposal_shows_its_observations_with_a_summary(client_as, coordinator, viewer, observations):
    housing = observations["housing"]
    proposal = services.proposal_create(user=coordinator, title="T", rationale="R", addressee="A",
                                        observations=[housing])

    page = client_as(coordinator).get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert f"Observation {housing.pk} · Homelessness" in page and "Nuorten asunnottomuus" in page
    proposal = services.proposal_transition(user=coordinator, proposal=proposal, action="submit")
    # A decision-maker does not read observations: the summary without the text.
    page = client_as(viewer).get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert f"Observation {housing.pk} · Homelessness" in page and "Nuorten asunnottomuus" not in page
