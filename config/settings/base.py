"""Settings shared by every environment; values come from environment variables."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("RAKE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "rake.core.apps.SuperuserAdminConfig",  # django.contrib.admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "rake.core",
    "rake.accounts",
    "rake.areas",
    "rake.taxonomy",
    "rake.privacy",
    "rake.observations",
    "rake.analysis",
    "rake.publishing",
    "rake.exchange",
    "rake.proposals",
    "rake.administration",
    "rake.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rake.core.middleware.NoStoreForAuthenticatedMiddleware",
    "rake.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "rake" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rake.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        # An empty DATABASE_URL means the default, as an unset one does.
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'rake.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request uses it, so that the first request after a
        # database restart does not fail on the dead connection.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_PREPARED_STATEMENTS", True):
    # Parameters bound by the server, and a statement run five times on a connection is prepared: PostgreSQL
    # then skips parsing and planning it, and the worker skips quoting values into SQL (ADR 0011). Off for a
    # pooler in transaction mode that cannot keep prepared statements.
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and an immediate write lock let concurrent requests queue instead of failing
    # with "database is locked". secure_delete zeroes freed space, so that a redacted or deleted
    # text does not linger in the file (docs/privacy.md).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
    }

# One cache for every worker process and host when REDIS_URL is set (Django's own Redis backend; ADR 0014):
# the API throttles count there, and reference data publishes its versions there (rake.core.reference_cache).
# Without it each process has its own local-memory cache: right for one process (runserver), and with
# several gunicorn workers each worker then counts the throttles for itself. The login lockout counts
# (django-axes) are rows in the database, which every worker shares either way.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Several Rake instances may share one Redis with prefixes of their own.
            "KEY_PREFIX": os.environ.get("RAKE_CACHE_KEY_PREFIX", "rake"),
            # A Redis that stops answering fails a request in seconds, not at gunicorn's worker timeout.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rake"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# AxesBackend first: it refuses a locked-out username before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats of Finland's Swedish (config/formats/sv); Finnish uses Django's own.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "rake_language"

STATIC_URL = "/static/"
# Where `manage.py collectstatic` puts the files that WhiteNoise serves in production (ADR 0014).
STATIC_ROOT = Path(os.environ.get("RAKE_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "rake" / "static"]

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Login lockout (django-axes): 10 failed logins for one username, on the web form or the token
# endpoint, lock that username for 30 minutes. By username, not by address: the social workers of a
# county often share one outgoing address.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("RAKE_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Axes records the address of a failed login from REMOTE_ADDR (django-ipware is not installed), never
# from a header the client could forge; it locks by username anyway.
# axes.W006 asks to lock by address as well; that would lock out a whole office behind one address
# after one person's mistakes. Guessing from one address is slowed by the API throttles instead.
# models.W040: the rollup index INCLUDEs its count for index-only scans on PostgreSQL; SQLite ignores it.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]

# Security headers on every response (docs/architecture.md). No inline scripts, no inline styles:
# pages load rake.js and the CSS files only; the server-rendered SVG charts use presentation
# attributes, which CSP does not restrict. The published report and the API docs, which need an
# inline <style>, widen style-src for themselves only (csp_update on their views).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Bounded request bodies (README "Security"): Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE bytes (its
# default, 2.5 MB, written out), and the API's JSON parser (rake.core.parsers.JSONParser) refuses arrays and
# objects nested deeper than RAKE_JSON_MAX_DEPTH levels (the API's deepest input has 3). Under /api/ both are a
# JSON 400 (rake.core.api.exception_handler).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Rake takes no uploaded files, and Django would write a file part of any size to disk, outside the limit above:
# a request with one is refused before it is read.
DATA_UPLOAD_MAX_NUMBER_FILES = 0
RAKE_JSON_MAX_DEPTH = 20

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rake.accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "rake.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "rake.core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rake.core.api.Pagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # How many reverse proxies in front of Rake append to X-Forwarded-For. The throttles take the client's
    # address from that header only so far: 0 (the default) ignores it, so that a client cannot pick an
    # address of its own for every request; set 1 behind one reverse proxy (nginx, a load balancer).
    "NUM_PROXIES": int(os.environ.get("RAKE_NUM_PROXIES", "0")),
    # Generous limits that stop a runaway client, not a busy office; the token endpoint has a tighter scope.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("RAKE_THROTTLE_ANON", "60/min"),
        "user": os.environ.get("RAKE_THROTTLE_USER", "1200/min"),
        "auth_token": os.environ.get("RAKE_THROTTLE_AUTH_TOKEN", "10/min"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Rake API",
    "DESCRIPTION": "Structural social work: observations, taxonomy, areas, statistics.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "rake.core.schema.document_error_responses",
        "rake.core.schema.link_ids",
    ],
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "rake@example.com")

# Rake's own settings.
RAKE_SUPPRESSION_THRESHOLD = int(os.environ.get("RAKE_SUPPRESSION_THRESHOLD", "5"))
RAKE_DESCRIPTION_MAX_LENGTH = 4000
# The longest a statistics question may count before it is refused with 400 query_too_large (issue 15).
RAKE_STATS_QUERY_SECONDS = float(os.environ.get("RAKE_STATS_QUERY_SECONDS", "1.5"))
# How long the protected statistics of a county-year (rake.analysis.release, ADR 0012) may be served after its
# observations changed before they are computed again: a floor on how finely a reader can follow changes.
RAKE_RELEASE_REFRESH_SECONDS = int(os.environ.get("RAKE_RELEASE_REFRESH_SECONDS", "900"))
# How long a server process may use its copy of the areas and the taxonomy after another process changed
# them (rake.core.reference_cache; the process that saves a change drops its copy at once).
RAKE_REFERENCE_CACHE_SECONDS = int(os.environ.get("RAKE_REFERENCE_CACHE_SECONDS", "60"))

# --- OIDC login (ADR 0009) ------------------------------------------------------------------------
# Off unless the organisation's identity provider is configured. The provider only authenticates: a login
# needs one existing, active Rake user with the provider's verified e-mail address; roles stay in Rake
# (rake.accounts.oidc). Setting some of the variables but not all is refused, not silently ignored.
RAKE_OIDC_NAME = os.environ.get("RAKE_OIDC_NAME", "")
OIDC_RP_CLIENT_ID = os.environ.get("RAKE_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("RAKE_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("RAKE_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("RAKE_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("RAKE_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("RAKE_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("RAKE_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("RAKE_OIDC_SCOPES", "openid email")
_oidc_required = {
    "RAKE_OIDC_NAME": RAKE_OIDC_NAME,
    "RAKE_OIDC_CLIENT_ID": OIDC_RP_CLIENT_ID,
    "RAKE_OIDC_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
    "RAKE_OIDC_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
    "RAKE_OIDC_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
    "RAKE_OIDC_USERINFO_ENDPOINT": OIDC_OP_USER_ENDPOINT,
    "RAKE_OIDC_JWKS_ENDPOINT": OIDC_OP_JWKS_ENDPOINT,
}
RAKE_OIDC_ENABLED = all(_oidc_required.values())
if any(_oidc_required.values()) and not RAKE_OIDC_ENABLED:
    from django.core.exceptions import ImproperlyConfigured

    _missing = ", ".join(name for name, value in _oidc_required.items() if not value)
    raise ImproperlyConfigured(f"OIDC login is partly configured; also set {_missing}.")
if RAKE_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "rake.accounts.oidc.OIDCBackend"]
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc:callback"
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10  # seconds per request to the provider; the library waits forever by default
LOGIN_REDIRECT_URL_FAILURE = LOGIN_URL
# --- end of OIDC login ----------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # WeasyPrint warns about every screen-only CSS rule of the report it skips when printing.
    "loggers": {"weasyprint": {"level": "ERROR"}},
}
