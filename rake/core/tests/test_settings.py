"""Production settings refuse unsafe deployments; each case imports them in a fresh interpreter."""

import ast
import os
import subprocess
import sys

import pytest
from django.conf import settings

SAFE_KEY = "a-long-random-production-secret-0123456789abcdef"


def run_python(tmp_path, code, **env):
    """Run `code` in a fresh interpreter with only `env` (and PATH) in its environment."""
    environment = {"PATH": os.environ.get("PATH", ""), "RAKE_VAR_DIR": str(tmp_path), **env}
    return subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=environment,
                          capture_output=True, text=True, timeout=60)


def import_production(tmp_path, **env):
    return run_python(tmp_path, "import config.settings.production as s; "
                                "print('DEBUG', s.DEBUG, 'SECURE', s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)",
                      **env)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "1", "SECRET_KEY": SAFE_KEY}, "DEBUG must be off"),
        ({"DEBUG": "true", "SECRET_KEY": SAFE_KEY}, "DEBUG must be off"),
        ({}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "dev-only-insecure-key-change-me"}, "SECRET_KEY must be set"),
        ({"DEBUG": "0"}, "SECRET_KEY must be set"),
    ],
    ids=["debug-on", "debug-true", "no-key", "empty-key", "dev-key", "debug-off-no-key"],
)
def test_production_refuses_to_start(tmp_path, env, message):
    result = import_production(tmp_path, **env)

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize("debug", [None, "0", "false"])
def test_production_starts_with_a_key_and_debug_off(tmp_path, debug):
    env = {"SECRET_KEY": SAFE_KEY, **({"DEBUG": debug} if debug is not None else {})}

    result = import_production(tmp_path, **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["DEBUG", "False", "SECURE", "True", "True"]


def test_test_settings_are_in_use():
    assert settings.DEBUG is False
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert settings.LANGUAGE_CODE == "fi"
    assert [code for code, _ in settings.LANGUAGES] == ["fi", "sv", "en"]


def database_options(tmp_path, **env):
    result = run_python(tmp_path, "import config.settings.base as s; "
                                  "print(repr(s.DATABASES['default'].get('OPTIONS', {})))", **env)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "postgres://rake@db.example.com:5432/rake"},
         {"server_side_binding": True, "prepare_threshold": 5}),
        ({"DATABASE_URL": "postgres://rake@db.example.com:5432/rake", "DB_PREPARED_STATEMENTS": "0"}, {}),
    ],
    ids=["postgresql", "postgresql-behind-a-pooler"],
)
def test_postgresql_prepares_statements_unless_told_not_to(tmp_path, env, expected):
    assert database_options(tmp_path, **env) == expected


def test_sqlite_is_not_given_postgresql_options(tmp_path):
    options = database_options(tmp_path, DATABASE_URL="")

    assert "server_side_binding" not in options and "prepare_threshold" not in options
    assert options["transaction_mode"] == "IMMEDIATE"
