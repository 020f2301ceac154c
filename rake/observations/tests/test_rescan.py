"""manage.py privacy_rescan (issue 15): every stored text scanned again with today's detectors; a dry run
changes nothing, --apply quarantines the observations holding a strong identifier, as the system, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from rake.core.models import AuditEntry
from rake.observations import services
from rake.observations.models import Observation, Status, TimelineEvent
from rake.privacy.models import RescanRun
from rake.proposals.models import Proposal, ProposalEvent
from rake.publishing.models import Publication, PublicationQuote

pytestmark = pytest.mark.django_db

HETU = "010190-900P"  # valid check character, temporary range
BAD_HETU = "010190-900A"  # wrong check character: a finding, not a strong one
IBAN = "FI21 1234 5600 0007 85"
PHONE = "040 123 4567"


def rescan(*args):
    out, err = StringIO(), StringIO()
    call_command("privacy_rescan", *args, stdout=out, stderr=err)
    return out.getvalue()


def stored(observation, **texts):
    """Put text into the row as if it had been stored before today's detectors (bypassing the guard)."""
    Observation.objects.filter(pk=observation.pk).update(**texts)
    observation.refresh_from_db()
    return observation


def message(observation, text, *, visible=True):
    return TimelineEvent.objects.create(observation=observation, kind="accept", actor_role="coordinator",
                                        message=text, visible_to_reporter=visible)


@pytest.fixture
def seeded(make_observation):
    """A HETU in one description, an IBAN in a message its reporter reads, and harmless ones around."""
    with_hetu = stored(make_observation(status="accepted"), description=f"Asiakkaan tunnus on {HETU}.")
    with_iban = make_observation()
    message(with_iban, f"Tuki maksetaan tilille {IBAN}.")
    clean = make_observation()
    return {"hetu": with_hetu, "iban": with_iban, "clean": clean}


def _state():
    return (
        list(Observation.objects.order_by("pk").values_list("pk", "status", "description", "modified_at")),
        list(TimelineEvent.objects.order_by("pk").values_list("pk", "kind", "message")),
        AuditEntry.objects.exclude(action="privacy.rescan").count(),
    )


def test_dry_run_finds_strong_identifiers_and_changes_nothing(seeded):
    before = _state()

    output = rescan()

    assert _state() == before
    hetu, iban = seeded["hetu"].pk, seeded["iban"].pk
    assert "dry run, nothing changed" in output
    assert f"observation.description: {hetu}" in output
    assert f"observation.message: {iban}" in output
    assert f"To quarantine with --apply: {', '.join(map(str, sorted([hetu, iban])))}" in output
    # Counts and ids only: never the text.
    assert HETU not in output and IBAN not in output and "Asiakkaan" not in output
    run = RescanRun.objects.get()
    assert not run.applied and run.quarantined == 0
    assert run.strong_observations == 2 and run.strong_texts == 2
    assert run.findings["observation.description"] == {"personal_id": 1}
    assert run.findings["observation.message"] == {"iban": 1}
    assert run.texts == Observation.objects.count() + 1  # the descriptions and the one message
    audit = AuditEntry.objects.get(action="privacy.rescan")
    assert audit.actor_username == "system" and audit.detail["quarantined"] == []
    assert audit.detail["strong_observations"] == sorted([hetu, iban])


def test_apply_quarantines_as_the_system_with_an_audit_entry(seeded):
    output = rescan("--apply")

    hetu, iban, clean = (seeded[name] for name in ("hetu", "iban", "clean"))
    for observation, previous in ((hetu, Status.ACCEPTED), (iban, Status.SUBMITTED)):
        observation.refresh_from_db()
        assert observation.status == Status.QUARANTINED
        event = TimelineEvent.objects.get(observation=observation, kind="quarantine")
        assert event.actor is None and event.actor_role == "" and not event.visible_to_reporter
        assert event.data == {"previous_status": previous}
        assert HETU not in event.message and IBAN not in event.message
        entry = AuditEntry.objects.get(action="observation.quarantine", object_id=str(observation.pk))
        assert entry.actor_username == "system" and entry.actor_id is None
    clean.refresh_from_db()
    assert clean.status == Status.SUBMITTED
    assert f"Quarantined: {', '.join(map(str, sorted([hetu.pk, iban.pk])))}" in output
    run = RescanRun.objects.get()
    assert run.applied and run.quarantined == 2
    assert AuditEntry.objects.get(action="privacy.rescan").detail["quarantined"] == sorted([hetu.pk, iban.pk])


def test_apply_is_idempotent(seeded):
    rescan("--apply")
    before = _state()

    output = rescan("--apply")

    assert _state() == before
    assert "Quarantined: -" in output
    assert f"Already quarantined: {', '.join(map(str, sorted([seeded['hetu'].pk, seeded['iban'].pk])))}" in output
    latest = RescanRun.objects.order_by("-id").first()
    assert latest.applied and latest.quarantined == 0 and latest.strong_observations == 2
    assert TimelineEvent.objects.filter(kind="quarantine").count() == 2


def test_weak_and_mistyped_identifiers_are_counted_but_not_quarantined(make_observation):
    weak = stored(make_observation(), description=f"Tunnus {BAD_HETU}, tili FI21 1234 5600 0007 86.",
                  proposed_action=f"Soita {PHONE}.")

    output = rescan("--apply")

    weak.refresh_from_db()
    assert weak.status == Status.SUBMITTED
    run = RescanRun.objects.get()
    assert run.findings["observation.description"] == {"personal_id": 1, "iban": 1}
    assert run.findings["observation.proposed_action"] == {"phone": 1}
    assert run.strong_observations == 0 and run.quarantined == 0 and run.unacknowledged == 3
    assert "Strong identifiers" in output and "Quarantined: -" in output


def test_acknowledged_findings_are_counted_apart(reporter, payload):
    text = f"Palveluohjaus vastaa numerosta {PHONE} arkisin."
    start = text.index(PHONE)
    services.observation_create(user=reporter, submit=True, data=payload(description=text), acknowledged_findings=[
        {"field": "description", "start": start, "end": start + len(PHONE), "kind": "phone"}])

    rescan()

    run = RescanRun.objects.get()
    assert run.findings["observation.description"] == {"phone": 1}
    assert run.unacknowledged == 0


def test_drafts_and_messages_the_reporter_does_not_read(reporter, make_observation):
    draft = stored(make_observation(submit=False), description=f"Luonnos, tunnus {HETU}.")
    hidden = make_observation()
    message(hidden, f"Vain koordinaattoreille: {HETU}", visible=False)

    output = rescan("--apply")

    draft.refresh_from_db()
    hidden.refresh_from_db()
    assert draft.status == Status.DRAFT and hidden.status == Status.SUBMITTED
    assert f"Drafts, not quarantined (only their reporter sees them): {draft.pk}" in output
    assert RescanRun.objects.get().strong_observations == 1


def test_quotes_reports_and_proposals_are_scanned_and_reported(make_observation):
    observation = make_observation(status="accepted")
    publication = Publication.objects.create(county_code="15", period="2025", title="Raportti",
                                             summary=f"Yhteystieto {PHONE}.")
    quote = PublicationQuote.objects.create(publication=publication, observation=observation,
                                            phenomenon="homelessness", text=f"Tunnus {HETU} mainittiin.")
    proposal = Proposal.objects.create(county_code="15", title="Ehdotus", rationale=f"Tili {IBAN}.",
                                       addressee="Lautakunta")
    ProposalEvent.objects.create(proposal=proposal, action="decide", status=proposal.status, note=f"{HETU}")

    output = rescan("--apply")

    observation.refresh_from_db()
    assert observation.status == Status.ACCEPTED  # a quote's text is not the observation's own
    run = RescanRun.objects.get()
    assert run.findings["quote.text"] == {"personal_id": 1}
    assert run.findings["report.summary"] == {"phone": 1}
    assert run.findings["proposal.rationale"] == {"iban": 1}
    assert run.findings["proposal.note"] == {"personal_id": 1}
    assert run.strong_texts == 3 and run.strong_observations == 0
    assert f"quote.text: {quote.pk}" in output and f"proposal.rationale: {proposal.pk}" in output
    assert "Remove by hand (not observations' own texts): proposal.note, proposal.rationale, quote.text" in output
    assert HETU not in output and IBAN not in output


def test_finding_ids_per_kind_at_higher_verbosity(make_observation):
    observation = stored(make_observation(), proposed_owner=f"Soita {PHONE}")

    out = StringIO()
    call_command("privacy_rescan", verbosity=2, stdout=out, stderr=StringIO())

    assert f"    phone: {observation.pk}" in out.getvalue()
