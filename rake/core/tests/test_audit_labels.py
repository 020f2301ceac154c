"""The audit view names actions, objects and roles as people do (issue 16, point 4): every action the code can
record has a label, and the view shows labels, not codes."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.core.audit import ACTION_LABELS, action_label, audit_record, object_label, roles_label
from rake.observations.transitions import OBSERVATION
from rake.proposals.transitions import PROPOSAL

RAKE = Path(__file__).resolve().parents[2]


def recorded_actions():
    """The actions the code records: audit_record(action="…") and the admin classes' audit_action and
    inline_audit_actions, and the services' observation.<transition> and proposal.<transition>."""
    found = set()
    for path in RAKE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for call in re.finditer(r"audit_record\(", text):
            found.update(re.findall(r"\baction=[\"']([a-z_.]+)[\"']", text[call.end():call.end() + 300])[:1])
        found.update(re.findall(r"\baudit_action\s*=\s*[\"']([a-z_.]+)[\"']", text))
        for mapping in re.findall(r"inline_audit_actions\s*=\s*\{([^}]*)\}", text):
            found.update(re.findall(r":\s*[\"']([a-z_.]+)[\"']", mapping))
    found.update(f"observation.{action}" for action in OBSERVATION.actions)
    found.update(f"proposal.{action}" for action in PROPOSAL.actions)
    return found


def test_every_recorded_action_has_a_label():
    actions = recorded_actions()
    assert {"login", "observation.accept", "proposal.decide", "publication.publish"} <= actions
    missing = sorted(action for action in actions if action not in ACTION_LABELS)
    assert not missing, f"audit actions without a label in rake.core.audit.ACTION_LABELS: {missing}"


def test_labels_in_finnish_and_swedish():
    with translation.override("fi"):
        assert str(action_label("observation.accept")) == "Havainto: hyväksytty"
        assert object_label("observations.observation", "152") == "Havainto 152"
        assert roles_label("coordinator, reporter") == "rake-koordinaattori, raportoija"
    with translation.override("sv"):
        assert str(action_label("observation.accept")) == "Observation: godkänd"
        assert object_label("observations.observation", "152") == "Observation 152"
    assert action_label("made.up") == "made.up"  # a new action shows until it gets a label


@pytest.mark.django_db
def test_the_audit_view_shows_labels_not_codes(client):
    admin = MemberFactory(username="auditor", role=Role.ADMIN, county="15")
    coordinator = MemberFactory(username="coordinator", role=Role.COORDINATOR, county="15")
    audit_record(action="observation.accept", user=coordinator, object_type="observations.observation", object_id="7")
    client.force_login(admin)
    page = client.get(reverse("core:audit"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Havainto: hyväksytty" in page and "Havainto 7" in page and "rake-koordinaattori" in page
    for code in ("observation.accept", "observations.observation", "(coordinator)"):
        assert f">{code}<" not in page and f"{code} " not in page.split("<tbody")[1]
    assert '<option value="observation.accept">Havainto: hyväksytty</option>' in page
