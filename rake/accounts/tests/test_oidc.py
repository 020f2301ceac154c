"""Login with an organisation's OpenID provider (ADR 0009), against a fake provider on 127.0.0.1.

The tests play the browser: Rake's authenticate URL redirects to the provider, the provider redirects back
with a code, and Rake's callback exchanges the code, checks the ID token and matches the e-mail address.
"""

import os
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from rake.accounts.models import Role
from rake.accounts.tests.factories import PASSWORD, MemberFactory, UserFactory
from rake.accounts.tests.fake_oidc import FakeOIDCProvider, configure_rake, new_key
from rake.core.models import AuditEntry

pytestmark = pytest.mark.django_db

BACKEND = "rake.accounts.oidc.OIDCBackend"
CLIENT_ID = "rake-test"
CLIENT_SECRET = "fake-provider-secret"  # the fake provider's, in tests only
NOT_LINKED = "is not linked to an active Rake user"
DID_NOT_SUCCEED = "Logging in with Testiorganisaatio did not succeed"


@pytest.fixture
def provider():
    with FakeOIDCProvider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET) as provider:
        yield provider


@pytest.fixture
def oidc(provider, settings, client):
    """OIDC configured against the fake provider; pages in English."""
    configure_rake(settings, provider)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return provider


@pytest.fixture
def maija(db):
    return MemberFactory(username="maija", email="Maija.Meikalainen@example.com", role=Role.COORDINATOR)


def identity(email="maija.meikalainen@example.com", email_verified=True, sub="provider-user-1"):
    return {"sub": sub, "email": email, "email_verified": email_verified}


def start(client, query=""):
    """Rake's authenticate URL → the redirect to the provider."""
    response = client.get(reverse("oidc:authenticate") + query)
    assert response.status_code == 302
    return response


def log_in(client, provider, query=""):
    """The whole flow; returns Rake's answer to the callback."""
    location = provider.authorize(start(client, query)["Location"])
    callback = urlsplit(location)
    return client.get(f"{callback.path}?{callback.query}")


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def message_on_login_page(client, response):
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    return client.get(response["Location"]).content.decode()


# --- configuration --------------------------------------------------------------------------------


def test_nothing_of_oidc_is_active_unless_configured(client):
    assert settings.RAKE_OIDC_ENABLED is False
    assert BACKEND not in settings.AUTHENTICATION_BACKENDS
    with pytest.raises(NoReverseMatch):
        reverse("oidc:authenticate")
    assert client.get("/accounts/oidc/authenticate/").status_code == 404
    assert client.get("/accounts/oidc/callback/?code=x&state=y").status_code == 404

    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "/accounts/oidc/" not in page
    assert "Log in with" not in page


def test_login_page_offers_the_provider_when_configured(client, oidc):
    page = client.get(reverse("accounts:login") + "?next=/observations/mine/").content.decode()

    assert 'href="/accounts/oidc/authenticate/?next=/observations/mine/"' in page
    assert "Log in with Testiorganisaatio" in page
    assert "style=" not in page and "<script>" not in page  # the CSP allows neither


def oidc_environment(tmp_path, **overrides):
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "RAKE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "RAKE_OIDC_NAME": "Testiorganisaatio",
        "RAKE_OIDC_CLIENT_ID": CLIENT_ID,
        "RAKE_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "RAKE_OIDC_AUTHORIZATION_ENDPOINT": "https://idp.example.com/authorize",
        "RAKE_OIDC_TOKEN_ENDPOINT": "https://idp.example.com/token",
        "RAKE_OIDC_USERINFO_ENDPOINT": "https://idp.example.com/userinfo",
        "RAKE_OIDC_JWKS_ENDPOINT": "https://idp.example.com/jwks",
        **overrides,
    }
    return {name: value for name, value in environment.items() if value is not None}


def run_django(tmp_path, code, **env):
    return subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code],
                          cwd=settings.BASE_DIR, env=oidc_environment(tmp_path, **env),
                          capture_output=True, text=True, timeout=60)


def test_environment_variables_switch_oidc_on(tmp_path):
    code = ("from django.conf import settings as s; from django.urls import reverse; "
            "print(s.RAKE_OIDC_ENABLED, s.AUTHENTICATION_BACKENDS[-1], reverse('oidc:callback'), "
            "s.OIDC_RP_SIGN_ALGO, s.OIDC_CREATE_USER, s.SESSION_COOKIE_AGE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE)")

    result = run_django(tmp_path, code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", BACKEND, "/accounts/oidc/callback/", "RS256", "False", "28800", "True"]


def test_partial_configuration_is_refused(tmp_path):
    result = run_django(tmp_path, "pass", RAKE_OIDC_JWKS_ENDPOINT=None, RAKE_OIDC_CLIENT_SECRET="")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "RAKE_OIDC_CLIENT_SECRET, RAKE_OIDC_JWKS_ENDPOINT" in result.stderr


# --- the flow -------------------------------------------------------------------------------------


def test_authenticate_redirects_to_the_provider_with_state_nonce_and_pkce(client, oidc):
    response = start(client)

    url = urlsplit(response["Location"])
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}{url.path}" == oidc.endpoints["authorize"]
    assert query["client_id"] == CLIENT_ID
    assert query["response_type"] == "code"
    assert query["scope"] == "openid email"
    assert query["redirect_uri"] == "http://testserver/accounts/oidc/callback/"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43  # base64url SHA-256
    assert client.session["oidc_states"][query["state"]]["nonce"] == query["nonce"]
    assert "no-cache" in response["Cache-Control"]


def test_login_with_the_verified_email_of_a_user(client, oidc, maija):
    oidc.identity = identity()  # the address differs from Rake's in case only

    response = log_in(client, oidc)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert logged_in_user_id(client) == str(maija.pk)
    assert client.session.get_expire_at_browser_close() is True
    assert client.session.get_expiry_age() == 8 * 3600
    assert client.get(reverse("observations:queue")).status_code == 200  # a coordinator's page
    entry = AuditEntry.objects.get(action="login")
    assert (entry.outcome, entry.actor_id, entry.actor_username, entry.role) == (
        "success", maija.pk, "maija", "coordinator")
    assert entry.detail == {"method": "oidc"}
    assert oidc.pkce_checks == 1  # PKCE: the provider got a challenge and checked the verifier against it


def test_login_returns_to_the_page_asked_for(client, oidc, maija):
    oidc.identity = identity()

    response = log_in(client, oidc, "?next=/observations/queue/")

    assert response["Location"] == "/observations/queue/"
    assert logged_in_user_id(client) == str(maija.pk)


def test_login_does_not_return_to_another_site(client, oidc, maija):
    oidc.identity = identity()

    response = log_in(client, oidc, "?next=https://evil.example.net/")

    assert response["Location"] == reverse("core:home")


def test_a_deactivated_user_loses_the_oidc_session(client, oidc, maija):
    oidc.identity = identity()
    log_in(client, oidc)
    maija.is_active = False
    maija.save()

    response = client.get(reverse("observations:queue"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_logout_after_oidc_login_is_audited(client, oidc, maija):
    oidc.identity = identity()
    log_in(client, oidc)

    client.post(reverse("accounts:logout"))

    assert logged_in_user_id(client) is None
    assert list(AuditEntry.objects.order_by("id").values_list("action", "actor_username")) == [
        ("login", "maija"), ("logout", "maija")]


# --- refusals -------------------------------------------------------------------------------------


@pytest.fixture
def other_users(db):
    UserFactory(username="passive", email="passive@example.com", is_active=False)
    UserFactory(username="twin-1", email="twin@example.com")
    UserFactory(username="twin-2", email="TWIN@example.com")
    UserFactory(username="no-email", email="")


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        (identity(email="someone.else@example.com"), "no_user"),
        (identity(email="passive@example.com"), "inactive"),
        (identity(email_verified=False), "email_not_verified"),
        (identity(email_verified="false"), "email_not_verified"),
        (identity(email="twin@example.com"), "several_users"),
        (identity(email=None), "no_email"),
        (identity(email=""), "no_email"),
    ],
    ids=["unknown", "inactive", "unverified", "unverified-string", "several-users", "no-email", "empty-email"],
)
def test_refused_when_not_exactly_one_active_user_has_the_verified_email(client, oidc, maija, other_users,
                                                                          claims, reason):
    oidc.identity = claims

    response = log_in(client, oidc)

    assert logged_in_user_id(client) is None
    assert NOT_LINKED in message_on_login_page(client, response)
    entry = AuditEntry.objects.get(action="login")
    assert entry.outcome == "failure"
    assert entry.actor_id is None
    assert entry.actor_username == (claims["email"] or "")
    assert entry.detail == {"method": "oidc", "reason": reason}


def test_unverified_email_is_refused_even_when_only_the_id_token_says_so(client, oidc, maija):
    oidc.identity = identity(email_verified=None)
    oidc.id_token_claims = {"email_verified": False}

    response = log_in(client, oidc)

    assert logged_in_user_id(client) is None
    assert NOT_LINKED in message_on_login_page(client, response)


def test_email_verified_may_be_left_out(client, oidc, maija):
    oidc.identity = identity(email_verified=None)

    log_in(client, oidc)

    assert logged_in_user_id(client) == str(maija.pk)


def make_expired(provider):
    provider.id_token_claims = {"exp": int(time.time()) - 60}


@pytest.mark.parametrize(
    "misbehave",
    [
        lambda p: setattr(p, "signing_key", new_key()),
        lambda p: setattr(p, "id_token_claims", {"nonce": "another-nonce"}),
        lambda p: setattr(p, "id_token_claims", {"aud": "another-client"}),
        make_expired,
        lambda p: setattr(p, "userinfo_claims", {"sub": "someone-else"}),
        lambda p: setattr(p, "client_secret", "rotated-secret"),
    ],
    ids=["signed-with-another-key", "wrong-nonce", "another-audience", "expired", "userinfo-of-another-subject",
         "token-request-refused"],
)
def test_refused_when_the_provider_answers_wrong(client, oidc, maija, misbehave):
    oidc.identity = identity()
    misbehave(oidc)

    response = log_in(client, oidc)

    assert logged_in_user_id(client) is None
    assert DID_NOT_SUCCEED in message_on_login_page(client, response)
    entry = AuditEntry.objects.get(action="login")
    assert (entry.outcome, entry.actor_id) == ("failure", None)
    assert entry.detail == {"method": "oidc", "reason": "invalid_response"}


def test_refused_with_a_state_the_session_never_sent(client, oidc, maija):
    oidc.identity = identity()
    location = urlsplit(oidc.authorize(start(client)["Location"]))
    query = {key: values[0] for key, values in parse_qs(location.query).items()}

    response = client.get(location.path, {"code": query["code"], "state": "forged-state"})

    assert logged_in_user_id(client) is None
    assert DID_NOT_SUCCEED in message_on_login_page(client, response)
    assert oidc.token_requests == []  # the code was never exchanged


def test_a_callback_works_once(client, oidc, maija):
    oidc.identity = identity()
    location = urlsplit(oidc.authorize(start(client)["Location"]))
    callback = f"{location.path}?{location.query}"
    client.get(callback)
    state = parse_qs(location.query)["state"][0]
    assert state not in client.session["oidc_states"]

    response = client.get(callback)  # replayed, in the same session

    assert response["Location"] == reverse("accounts:login")
    assert len(oidc.token_requests) == 1  # the code was not sent to the provider again


def test_refused_when_the_provider_reports_an_error(client, oidc, maija):
    state = parse_qs(urlsplit(start(client)["Location"]).query)["state"][0]

    response = client.get(reverse("oidc:callback"), {"error": "access_denied", "state": state})

    assert logged_in_user_id(client) is None
    assert DID_NOT_SUCCEED in message_on_login_page(client, response)


def test_refused_when_the_provider_is_down(client, oidc, maija, settings):
    oidc.identity = identity()
    location = urlsplit(oidc.authorize(start(client)["Location"]))
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"  # the discard port: nothing listens

    response = client.get(f"{location.path}?{location.query}")

    assert logged_in_user_id(client) is None
    assert DID_NOT_SUCCEED in message_on_login_page(client, response)


def test_password_login_never_exchanges_a_code_from_the_query_string(client, oidc, maija):
    url = reverse("accounts:login") + "?code=stolen-code&state=some-state"

    failed = client.post(url, {"username": "maija", "password": "wrong"})
    logged_in = client.post(url, {"username": "maija", "password": PASSWORD})

    assert failed.status_code == 200
    assert logged_in.status_code == 302
    assert logged_in_user_id(client) == str(maija.pk)
    assert oidc.token_requests == []
    assert AuditEntry.objects.get(action="login", outcome="success").detail == {}


# --- the login lockout (django-axes) counts password failures by username -------------------------


def test_refused_oidc_logins_lock_nobody_out(client, oidc, maija):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        oidc.identity = identity(email="someone.else@example.com")
        log_in(client, oidc)
    oidc.identity = identity()

    log_in(client, oidc)

    assert logged_in_user_id(client) == str(maija.pk)
    assert not AccessAttempt.objects.exists()


def test_a_username_locked_by_password_failures_can_log_in_through_the_provider(client, oidc, maija):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "maija", "password": "wrong"})
    assert client.post(reverse("accounts:login"), {"username": "maija", "password": PASSWORD}).status_code == 429
    oidc.identity = identity()

    log_in(client, oidc)

    assert logged_in_user_id(client) == str(maija.pk)
