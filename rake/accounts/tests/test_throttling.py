"""The API is throttled: anonymous and per-user rates, and a tighter scope on the token endpoint."""

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from rake.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"
# A public endpoint with no throttle scope of its own.
SCHEMA_URL = "/api/v1/exports/national/schema"


@pytest.fixture
def rates(monkeypatch):
    """rates(**scope_rates): small rates for this test. DRF reads the rates once, at import, into the class."""
    def set_rates(**scope_rates):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                            {"anon": "1000/min", "user": "1000/min", "auth_token": "1000/min", **scope_rates})
    cache.clear()
    yield set_rates
    cache.clear()


def test_base_settings_throttle_anonymous_clients(rates, api_client):
    """With the production rates (the test settings raise them), request N + 1 of a minute is refused."""
    from config.settings import base

    base_rates = base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    rates(**base_rates)
    limit = int(base_rates["anon"].split("/")[0])

    statuses = [api_client.get(SCHEMA_URL).status_code for _ in range(limit + 1)]

    assert statuses == [200] * limit + [429]


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


def _token_attempt(api_client, forwarded_for, remote_addr="127.0.0.1"):
    return api_client.post(TOKEN_URL, {"username": "reporter", "password": "wrong"}, format="json",
                           HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR=remote_addr).status_code


def test_a_forged_forwarded_for_header_does_not_escape_the_throttle(rates, api_client, reporter):
    """No proxy configured (the default): X-Forwarded-For is the client's own text and is ignored."""
    from rest_framework.settings import api_settings

    assert api_settings.NUM_PROXIES == 0
    rates(auth_token="2/min")

    statuses = [_token_attempt(api_client, f"198.51.100.{n}") for n in range(4)]

    assert statuses == [400, 400, 429, 429]


def test_behind_one_proxy_the_address_it_appends_is_the_client(rates, api_client, reporter, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    rates(auth_token="2/min")

    # The proxy (REMOTE_ADDR) appends the address it saw; what the client wrote before it does not count.
    statuses = [_token_attempt(api_client, f"198.51.100.{n}, 203.0.113.7") for n in range(3)]

    assert statuses == [400, 400, 429]
    # Another client behind the same proxy has its own count.
    assert _token_attempt(api_client, "203.0.113.8") == 400
