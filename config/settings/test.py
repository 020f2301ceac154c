"""Test settings: fast hashing, local-memory e-mail, a file database for SQLite concurrency tests."""

from .base import *  # noqa: F401,F403
from .base import DATABASES, REST_FRAMEWORK, VAR_DIR

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not :memory:) so that threads in concurrency tests see one database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
# Statistics follow every change at once, so tests see the protected release of the data they made.
RAKE_RELEASE_REFRESH_SECONDS = 0
# Each test process has its own cache whatever REDIS_URL says: tests clear it and count throttles in it.
# rake/core/tests/test_shared_cache.py starts processes with REDIS_URL to test the shared one.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rake-test"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Throttling stays on, with limits no test reaches by accident (the throttle counters live in the
# process's cache and outlast a test's transaction); tests of throttling set small rates themselves.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    # A rate, not a password.
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min", "auth_token": "100000/min"},  # nosec B105
}
