"""A small OpenID provider on 127.0.0.1 for the OIDC login tests: the authorization code flow, nothing else.

    with FakeOIDCProvider(client_id="rake", client_secret="…") as provider:
        provider.identity = {"sub": "1", "email": "maija@example.com", "email_verified": True}
        location = provider.authorize(url_that_rake_redirected_to)   # the browser at the provider

It checks what a real provider checks (client credentials, single-use codes, the redirect URI, PKCE, the
bearer token) and signs its ID tokens with RS256. Attributes let a test make it misbehave.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeOIDCProvider:
    kid = "fake-provider-key"

    def __init__(self, *, client_id, client_secret):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = new_key()
        # What the next authorization vouches for: sub, email and (unless None) email_verified.
        self.identity = {}
        # Misbehaviour: sign with a key the JWKS does not publish, add or change claims.
        self.signing_key = None
        self.id_token_claims = {}
        self.userinfo_claims = {}
        self.token_requests = []
        self.pkce_checks = 0  # token requests whose code_verifier matched the authorization's challenge
        self._codes = {}
        self._access_tokens = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.provider = self
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"

    def __enter__(self):
        # A short poll interval: shutdown() waits for the loop to notice.
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self._server.shutdown()
        self._server.server_close()

    @property
    def endpoints(self):
        return {name: f"{self.base_url}/{name}" for name in ("authorize", "token", "userinfo", "jwks")}

    def authorize(self, url):
        """Visit the authorization URL as the browser would; return where the provider sends it back."""
        response = requests.get(url, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    # --- the endpoints ---

    def handle_authorize(self, query):
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {"error": "invalid_request"}
        code = secrets.token_urlsafe(16)
        self._codes[code] = {
            "identity": dict(self.identity),
            "nonce": query.get("nonce"),
            "redirect_uri": query["redirect_uri"],
            "code_challenge": query.get("code_challenge"),
        }
        location = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        return 302, location

    def handle_token(self, form):
        self.token_requests.append(form)
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return 401, {"error": "invalid_client"}
        grant = self._codes.pop(form.get("code"), None)  # a code works once
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        if grant["code_challenge"] is not None:
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if challenge != grant["code_challenge"]:
                return 400, {"error": "invalid_grant"}
            self.pkce_checks += 1
        identity = {key: value for key, value in grant["identity"].items() if value is not None}
        now = int(time.time())
        claims = {"iss": self.base_url, "aud": self.client_id, "iat": now, "exp": now + 300,
                  "nonce": grant["nonce"], **identity, **self.id_token_claims}
        id_token = jwt.encode(claims, self.signing_key or self.key, algorithm="RS256", headers={"kid": self.kid})
        access_token = secrets.token_urlsafe(24)
        self._access_tokens[access_token] = {**identity, **self.userinfo_claims}
        return 200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token}

    def handle_userinfo(self, authorization):
        scheme, _, token = authorization.partition(" ")
        if scheme != "Bearer" or token not in self._access_tokens:
            return 401, {"error": "invalid_token"}
        return 200, self._access_tokens[token]

    def handle_jwks(self):
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return 200, {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}


def configure_rake(settings, provider, name="Testiorganisaatio"):
    """Point Rake at the provider, as RAKE_OIDC_* would at start-up (`settings`: pytest-django's fixture)."""
    settings.RAKE_OIDC_ENABLED = True
    settings.RAKE_OIDC_NAME = name
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.endpoints["authorize"]
    settings.OIDC_OP_TOKEN_ENDPOINT = provider.endpoints["token"]
    settings.OIDC_OP_USER_ENDPOINT = provider.endpoints["userinfo"]
    settings.OIDC_OP_JWKS_ENDPOINT = provider.endpoints["jwks"]
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "rake.accounts.oidc.OIDCBackend"]
    settings.ROOT_URLCONF = "rake.accounts.tests.oidc_urlconf"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        provider = self.server.provider
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        if url.path == "/authorize":
            self.answer(*provider.handle_authorize(query))
        elif url.path == "/userinfo":
            self.answer(*provider.handle_userinfo(self.headers.get("Authorization", "")))
        elif url.path == "/jwks":
            self.answer(*provider.handle_jwks())
        else:
            self.answer(404, {"error": "not_found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
        if urlsplit(self.path).path == "/token":
            self.answer(*self.server.provider.handle_token(form))
        else:
            self.answer(404, {"error": "not_found"})

    def answer(self, status, body):
        self.send_response(status)
        if status == 302:
            self.send_header("Location", body)
            body = {}
        payload = json.dumps(body).encode()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        pass  # keep the test output quiet
