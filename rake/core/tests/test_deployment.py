"""docs/deployment.md and config/gunicorn.conf.py stay true: the commands the guide runs exist, the gunicorn
settings are gunicorn's."""

import re
import runpy
import types
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands
from gunicorn.config import KNOWN_SETTINGS

GUIDE = Path(settings.BASE_DIR) / "docs" / "deployment.md"
GUNICORN_CONF = Path(settings.BASE_DIR) / "config" / "gunicorn.conf.py"
# `manage.py X`, rake-manage X (the guide's wrapper) and rake-manage@X.service (its template unit).
COMMAND = re.compile(r"(?:`manage\.py |rake-manage |rake-manage@)([a-z][a-z_]+)")


def test_every_command_the_deployment_guide_runs_exists():
    named = set(COMMAND.findall(GUIDE.read_text(encoding="utf-8")))

    assert {"send_proposal_notifications", "refresh_releases", "backup_database", "privacy_rescan", "migrate",
            "collectstatic", "restore_database"} <= named
    assert named - set(get_commands()) == set()


def test_the_gunicorn_settings_are_gunicorns(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.delenv("GUNICORN_BIND", raising=False)

    conf = runpy.run_path(str(GUNICORN_CONF))
    names = {name for name, value in conf.items()
             if not name.startswith("_") and not isinstance(value, types.ModuleType)}

    assert names - {setting.name for setting in KNOWN_SETTINGS} == set()  # a misspelt one would be ignored
    assert conf["workers"] == 3 and conf["bind"] == "127.0.0.1:8000"
    assert conf["wsgi_app"] == "config.wsgi:application"
