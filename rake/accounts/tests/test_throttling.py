"""The API is throttled: anonymous and per-user rates, and a tighter scope on the token endpoint."""

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from rake.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(monkeypatch):
    """rates(**scope_rates): small rates for this test. DRF reads the rates once, at import, into the class."""
    def set_rates(**scope_rates):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                            {"anon": "1000/min", "user": "1000/min", "auth_token": "1000/min", **scope_rates})
    cache.clear()
    yield set_rates
    cache.clear()


def test_base_settings_throttle_the_api():
    from config.settings import base

    framework = base.REST_FRAMEWORK
    assert framework["DEFAULT_THROTTLE_CLASSES"] == ["rest_framework.throttling.AnonRateThrottle",
                                                     "rest_framework.throttling.UserRateThrottle"]
    assert set(framework["DEFAULT_THROTTLE_RATES"]) == {"anon", "user", "auth_token"}


def test_user_rate(rates, api_as, reporter, coordinator):
    rates(user="3/min")
    client = api_as(reporter)

    statuses = [client.get("/api/v1/areas").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert "Retry-After" in client.get("/api/v1/areas")
    # Per user: another user is not affected.
    assert api_as(coordinator).get("/api/v1/areas").status_code == 200


def test_anonymous_rate(rates, api_client):
    """On an endpoint anyone may call (an authenticated-only one answers 401 before throttling)."""
    rates(anon="2/min")

    statuses = [api_client.post("/api/v1/auth/token", {}, format="json").status_code for _ in range(3)]

    assert statuses == [400, 400, 429]


def test_token_endpoint_has_its_own_tighter_rate(rates, api_client, reporter):
    rates(auth_token="2/min")

    statuses = [api_client.post("/api/v1/auth/token", {"username": "reporter", "password": PASSWORD},
                                format="json").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
