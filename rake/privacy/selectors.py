"""Reads of the privacy rescan's record, for the admins' status page."""

from __future__ import annotations

from .detectors import KINDS
from .models import RescanRun
from .scanner import kind_label


def rescan_summary() -> dict | None:
    """The latest rescan of the stored texts: {run, kinds: [{kind, label, count}], findings} (findings summed
    over every text type, in the detectors' order), or None when none has run."""
    run = RescanRun.objects.order_by("-started_at", "-id").first()
    if run is None:
        return None
    totals = run.kind_totals()
    kinds = [{"kind": kind, "label": kind_label(kind), "count": totals[kind]} for kind in KINDS if totals.get(kind)]
    return {"run": run, "kinds": kinds, "findings": sum(totals.values())}
