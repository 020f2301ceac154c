"""Responses for a logged-in user, which may carry raw observation text, are never stored (issue 7)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def assert_no_store(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["observations:mine", "observations:queue", "analysis:themes", "observations:detail"])
def test_pages_with_raw_text_are_not_stored(client_as, coordinator, make_observation, name):
    observation = make_observation(reporter=coordinator)
    args = [observation.pk] if name == "observations:detail" else []

    response = client_as(coordinator).get(reverse(name, args=args))

    assert response.status_code == 200
    assert_no_store(response)


@pytest.mark.parametrize("path", ["/api/v1/observations", "/api/v1/observations/{pk}",
                                  "/api/v1/observations/{pk}/timeline"])
def test_api_responses_with_raw_text_are_not_stored(api_as, reporter, observation, path):
    response = api_as(reporter).get(path.format(pk=observation.pk))

    assert response.status_code == 200
    assert_no_store(response)
    assert "Authorization" in response["Vary"]


def test_public_pages_stay_cacheable(client_as):
    response = client_as().get(reverse("publishing:public_index"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
