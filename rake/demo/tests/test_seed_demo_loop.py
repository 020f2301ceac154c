import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.core import dates
from rake.proposals.models import Proposal, ProposalStatus
from rake.publishing.models import Publication

pytestmark = pytest.mark.django_db


def test_the_demo_loop_publishes_a_report_and_a_decided_proposal_once(make_observation):
    MemberFactory(username="demo-coordinator", role=Role.COORDINATOR, county="15")
    MemberFactory(username="demo-viewer", role=Role.VIEWER, county="15")
    last_year = dates.today().year - 1
    made = [make_observation(status="accepted", language="fi", observed_on=datetime.date(last_year, 5, day),
                             description="Nuoret odottavat tuettua asuntoa kuukausia. Tilanne on vaikea.")
            for day in (3, 4)]
    call_command("seed_demo_loop", stdout=StringIO())
    call_command("seed_demo_loop", stdout=StringIO())

    report = Publication.objects.get()
    assert report.versions.count() == 1
    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.IN_PROGRESS and proposal.progress == 40
    assert proposal.publication_id == report.pk and proposal.decision_text
    assert set(proposal.observations.values_list("pk", flat=True)) <= {o.pk for o in made}
    # The demo report went out finished: no placeholder, every section written, and its proposal listed.
    version = report.versions.get()
    assert [item["id"] for item in version.content["proposals"]] == [proposal.pk]
    assert "Tähän tiivistelmä" not in version.html and "Tähän osioon ei ole kirjoitettu" not in version.html
    assert all(item["text"] for item in version.content["phenomena"])
    assert "2025H" not in version.html and f"vuosi {last_year}" in version.html
    # The reporters of the quoted observations see the decision in their timeline.
    observation = proposal.observations.first()
    assert observation.events.filter(kind="proposal.decided", visible_to_reporter=True).exists()


def test_the_demo_loop_needs_the_demo_users():
    with pytest.raises(CommandError):
        call_command("seed_demo_loop", stdout=StringIO())
