"""Scanning every stored text again with today's detectors (`manage.py privacy_rescan`, issue 15).

The guard checks a text when it is stored; a detector improved since then has never seen it. The rescan
reads every guarded text — the observations' own fields and the timeline messages their reporters read
here, the texts of later apps through `add_text_source` — and reports counts per text type and kind and
the ids of what holds a strong identifier (an identity code with a valid check character, an IBAN with
valid check digits), never the text. With `apply=True` it quarantines, as the system, each observation
whose own texts hold a strong identifier; a quarantined one is left as it is, so a second run changes
nothing. Each run is recorded (`rake.privacy.models.RescanRun`) for the admins' status page, and audited.

Other apps register their stored texts in AppConfig.ready() (DESIGN §6: `observations` never imports
them): `add_text_source(source)`, where `source()` yields `StoredText`. Their texts accept no
acknowledgement, so every finding in them counts as not acknowledged.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rake.core.audit import audit_record
from rake.core.errors import InvalidTransition
from rake.privacy.models import RescanRun
from rake.privacy.scanner import degraded_kinds, kind_label, scan_text

from . import guard
from .models import Observation, Status, TimelineEvent
from .services import observation_quarantine
from .transitions import OBSERVATION

OBSERVATION_CHUNK = 500


@dataclass(frozen=True)
class StoredText:
    """One stored text of another app: its type ("proposal.rationale"), the id the report names (the
    object an operator would open), the text and its language (None: guessed)."""

    text_type: str
    object_id: int
    text: str
    language: str | None = None


_sources: list[Callable[[], Iterable[StoredText]]] = []


def add_text_source(source: Callable[[], Iterable[StoredText]]) -> None:
    if source not in _sources:
        _sources.append(source)


@dataclass
class RescanReport:
    applied: bool
    texts: Counter = field(default_factory=Counter)  # text type → texts scanned
    findings: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # text type → kind → n
    # text type → kind → ids of the objects whose text has such a finding
    finding_ids: dict[str, dict[str, set[int]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    unacknowledged: int = 0
    strong: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # text type → ids
    strong_texts: int = 0
    strong_observations: dict[int, set[str]] = field(default_factory=dict)  # id → strong kinds in its texts
    # apply: the observations quarantined now; a dry run: those it would quarantine
    quarantine: list[int] = field(default_factory=list)
    already_quarantined: list[int] = field(default_factory=list)
    not_quarantinable: list[int] = field(default_factory=list)  # drafts: only their reporter sees them
    degraded: list[str] = field(default_factory=list)

    @property
    def texts_total(self) -> int:
        return sum(self.texts.values())

    def add(self, text_type: str, object_id: int, findings, *, acknowledged) -> set[str]:
        """Count one text's findings; returns the kinds of the strong identifiers among them."""
        self.texts[text_type] += 1
        strong = set()
        for finding in findings:
            self.findings[text_type][finding.kind] += 1
            self.finding_ids[text_type][finding.kind].add(object_id)
            if not acknowledged(finding):
                self.unacknowledged += 1
            if finding.strong:
                strong.add(finding.kind)
        if strong:
            self.strong[text_type].add(object_id)
            self.strong_texts += 1
        return strong


def _observations() -> Iterator[Observation]:
    """Every observation with the timeline messages its reporter reads, a chunk at a time."""
    messages = TimelineEvent.objects.filter(visible_to_reporter=True).exclude(message="").order_by("id")
    queryset = (Observation.objects.order_by("pk")
                .only("pk", "status", "language", *guard.GUARDED_FIELDS)
                .prefetch_related(Prefetch("events", queryset=messages, to_attr="reporter_messages")))
    return queryset.iterator(chunk_size=OBSERVATION_CHUNK)


def _scan_observations(report: RescanReport, progress: Callable[[int], None]) -> dict[int, str]:
    """Scan each observation's texts; {id: status} of those holding a strong identifier."""
    statuses = {}
    for observation in _observations():
        findings = guard.current_findings(observation, events=observation.reporter_messages)
        by_text: dict[tuple[str, int | None], list] = defaultdict(list)
        for finding in findings:
            by_text[(finding.field, finding.event_id)].append(finding)
        texts = [(name, None) for name in guard.GUARDED_FIELDS if getattr(observation, name)]
        texts += [(guard.MESSAGE, event.pk) for event in observation.reporter_messages]
        for name, event_id in texts:
            strong = report.add(f"observation.{name}", observation.pk, by_text[(name, event_id)],
                                acknowledged=lambda finding: finding.acknowledged)
            if strong:
                report.strong_observations.setdefault(observation.pk, set()).update(strong)
                statuses[observation.pk] = observation.status
            progress(report.texts_total)
    return statuses


def _scan_sources(report: RescanReport, progress: Callable[[int], None]) -> None:
    for source in _sources:
        for stored in source():
            if not stored.text:
                continue
            report.add(stored.text_type, stored.object_id, scan_text(stored.text, language=stored.language),
                        acknowledged=lambda finding: False)
            progress(report.texts_total)


def _quarantine(report: RescanReport, statuses: dict[int, str]) -> None:
    """Quarantine, as the system, each observation whose own texts hold a strong identifier (a dry run only
    lists them)."""
    for pk, kinds in sorted(report.strong_observations.items()):
        status = statuses[pk]
        if status == Status.QUARANTINED:
            report.already_quarantined.append(pk)
        elif not OBSERVATION.allows(status, "quarantine"):
            report.not_quarantinable.append(pk)
        elif not report.applied:
            report.quarantine.append(pk)
        else:
            with translation.override(settings.LANGUAGE_CODE):
                reason = _("The privacy rescan found what may never be acknowledged as a false alarm: %(kinds)s. "
                           "Remove it before returning the observation.") % {
                    "kinds": ", ".join(kind_label(kind) for kind in sorted(kinds))}
            try:
                observation_quarantine(user=None, system=True, observation=Observation(pk=pk), reason=reason)
            except InvalidTransition:  # its status changed while the rescan ran
                continue
            report.quarantine.append(pk)


def privacy_rescan(*, apply: bool = False, progress: Callable[[int], None] | None = None) -> tuple[RescanReport, RescanRun]:
    """Scan every stored text; with `apply`, quarantine the observations holding a strong identifier.
    Records the run and audits it as the system. `progress(texts scanned so far)` is called after each text."""
    started = timezone.now()
    report = RescanReport(applied=apply, degraded=degraded_kinds())
    progress = progress or (lambda texts: None)
    statuses = _scan_observations(report, progress)
    _scan_sources(report, progress)
    _quarantine(report, statuses)
    run = RescanRun.objects.create(
        started_at=started, finished_at=timezone.now(), applied=apply, texts=report.texts_total,
        findings={text_type: dict(kinds) for text_type, kinds in sorted(report.findings.items()) if kinds},
        unacknowledged=report.unacknowledged, strong_texts=report.strong_texts,
        strong_observations=len(report.strong_observations), quarantined=len(report.quarantine) if apply else 0,
        degraded=report.degraded,
    )
    audit_record(action="privacy.rescan", username="system", obj=run, detail={
        "applied": apply, "texts": report.texts_total, "strong_texts": report.strong_texts,
        "strong_observations": sorted(report.strong_observations),
        "quarantined": report.quarantine if apply else [],
    })
    return report, run
