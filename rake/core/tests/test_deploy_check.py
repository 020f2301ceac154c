"""`manage.py check --deploy` is clean with the production settings; cookies and sessions are hardened."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def production_environment(tmp_path):
    return {
        "PATH": os.environ.get("PATH", ""),
        "RAKE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "rake.example.org",
        # Never connected to: the deploy checks only read the settings.
        "DATABASE_URL": "postgres://rake:rake@127.0.0.1:5432/rake",
    }


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=production_environment(tmp_path), capture_output=True, text=True, timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_https_settings(tmp_path):
    """The check above can fail: turning the SSL redirect off is reported."""
    env = {**production_environment(tmp_path), "SECURE_SSL_REDIRECT": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )

    assert result.returncode != 0
    assert "security.W008" in result.stderr


def test_production_uses_host_prefixed_secure_cookies(tmp_path):
    code = ("import config.settings.production as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, "
            "s.SESSION_COOKIE_PATH, s.CSRF_COOKIE_PATH, s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)")
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR,
                            env=production_environment(tmp_path), capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "/", "/", "None", "None",
                                     "True", "True", "True"]


def test_sessions_time_out():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
