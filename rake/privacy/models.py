"""The record of each rescan of the stored texts (`manage.py privacy_rescan`): counts only, never text.

The privacy package stays free of other Rake apps; the rescan itself is run by `rake.observations.rescan`,
which writes these rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RescanRun(models.Model):
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    applied = models.BooleanField(_("quarantined what it found"), default=False)
    texts = models.PositiveIntegerField(_("texts scanned"), default=0)
    # {text type: {finding kind: number of findings}}, e.g. {"observation.description": {"phone": 3}}
    findings = models.JSONField(_("findings"), default=dict, blank=True)
    # Findings that no acknowledgement covers: found by today's detectors but not when the text was stored.
    unacknowledged = models.PositiveIntegerField(_("findings not acknowledged"), default=0)
    # Texts holding a strong identifier, and the observations among their owners.
    strong_texts = models.PositiveIntegerField(_("texts with a strong identifier"), default=0)
    strong_observations = models.PositiveIntegerField(_("observations with a strong identifier"), default=0)
    quarantined = models.PositiveIntegerField(_("observations quarantined"), default=0)
    # Kinds the detectors checked less thoroughly in this run (person names without Voikko).
    degraded = models.JSONField(_("degraded detectors"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("privacy rescan")
        verbose_name_plural = _("privacy rescans")

    def kind_totals(self) -> dict[str, int]:
        """{kind: findings} over every text type."""
        totals: dict[str, int] = {}
        for kinds in (self.findings or {}).values():
            for kind, count in kinds.items():
                totals[kind] = totals.get(kind, 0) + count
        return totals
