"""Rollups of counted observations for the statistics API and the dashboards (DESIGN §4.4).

One table, `ObservationRollup`, holds a cube: every counted observation adds 1 to one row per
combination of
- its county, municipality, month observed (first day), polarity and observation type (single values), and
- for each multi-valued dimension — phenomenon (national code), sub-theme (code), client group (code),
  support need (item 1–10 as text) — either one of its values or ALL ("*").

So a row with client_group="*" counts observations whatever their client groups, and a row with
client_group="families" counts observations mentioning that group. A query groups by the dimensions it
wants and fixes every other multi-valued dimension to ALL: observations are then never counted twice
(an observation with two phenomena appears once in each phenomenon's row and once in the ALL row).
See rake/analysis/rollups.py for what counts and how the table is kept current.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

ALL = "*"


class ObservationRollup(models.Model):
    county_code = models.CharField(_("wellbeing services county"), max_length=2)
    municipality_code = models.CharField(_("municipality"), max_length=3, blank=True)
    month = models.DateField(_("month"))
    polarity = models.CharField(_("polarity"), max_length=16, blank=True)
    observation_type = models.CharField(_("observation type"), max_length=64, blank=True)
    phenomenon = models.CharField(_("phenomenon"), max_length=64, default=ALL)
    sub_theme = models.CharField(_("sub-theme"), max_length=64, default=ALL)
    client_group = models.CharField(_("client group"), max_length=64, default=ALL)
    support_need = models.CharField(_("support need"), max_length=4, default=ALL)
    count = models.IntegerField(_("count"), default=0)

    KEY_FIELDS = ("county_code", "municipality_code", "month", "polarity", "observation_type", "phenomenon",
                  "sub_theme", "client_group", "support_need")

    class Meta:
        verbose_name = _("observation rollup")
        verbose_name_plural = _("observation rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["county_code", "municipality_code", "month", "polarity", "observation_type", "phenomenon",
                        "sub_theme", "client_group", "support_need"],
                name="unique_observation_rollup_key",
            ),
        ]
        indexes = [
            # The dashboards fix the multi-valued dimensions first (mostly to ALL), then a county.
            models.Index(fields=["phenomenon", "sub_theme", "client_group", "support_need", "county_code", "month"],
                         name="analysis_rollup_dims"),
        ]

    def __str__(self):
        return f"{self.county_code}/{self.municipality_code} {self.month:%Y-%m}: {self.count}"
