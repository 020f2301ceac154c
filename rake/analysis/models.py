"""Rollups of counted observations for the statistics API and the dashboards (DESIGN §4.4, ADR 0006).

`ObservationRollup` holds a few small cubes ("grains", rake/analysis/grains.py), each a table of
counts by county and month plus the dimensions the grain keeps; every other dimension is ALL ("*").
For the multi-valued dimensions a grain keeps — phenomenon (national code), sub-theme, client group,
support need (item 1–10 as text) — each counted observation adds 1 to the row of each of its values *and*
to the ALL row, so a query that groups by (or filters on) some of them and fixes the others to ALL never
counts an observation twice. A query is answered by the smallest grain that holds all its dimensions;
one no grain holds is computed from the raw tables (selectors.raw_observation_counts).
See rake/analysis/rollups.py for what counts and how the table is kept current.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

ALL = "*"


class ObservationRollup(models.Model):
    grain = models.CharField(_("grain"), max_length=8)
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

    KEY_FIELDS = ("grain", "county_code", "municipality_code", "month", "polarity", "observation_type", "phenomenon",
                  "sub_theme", "client_group", "support_need")

    class Meta:
        verbose_name = _("observation rollup")
        verbose_name_plural = _("observation rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "county_code", "municipality_code", "month", "polarity", "observation_type", "phenomenon",
                        "sub_theme", "client_group", "support_need"],
                name="unique_observation_rollup_key",
            ),
        ]
        indexes = [
            # A query reads one grain, fixes the multi-valued dimensions (mostly to ALL), then counties
            # and a range of months; count is included so that the sums need no table access.
            models.Index(fields=["grain", "phenomenon", "sub_theme", "client_group", "support_need", "county_code",
                                 "month"], include=["count"], name="analysis_rollup_grain_dims"),
        ]

    def __str__(self):
        return f"{self.grain} {self.county_code}/{self.municipality_code} {self.month:%Y-%m}: {self.count}"


class TermCount(models.Model):
    """How many counted observations of a county and month contain a keyword (rake/analysis/keywords.py).

    `phenomenon` is a national phenomenon code or ALL; an observation counts under each of its national
    phenomena and under ALL, so rows of one phenomenon never count an observation twice. `term` is a
    lemma, or ALL for the number of counted observations itself (the denominator of shares and rates).
    """

    county_code = models.CharField(_("wellbeing services county"), max_length=2)
    month = models.DateField(_("month"))
    phenomenon = models.CharField(_("phenomenon"), max_length=64, default=ALL)
    term = models.CharField(_("term"), max_length=100)
    count = models.IntegerField(_("count"), default=0)

    KEY_FIELDS = ("county_code", "phenomenon", "month", "term")

    class Meta:
        verbose_name = _("term count")
        verbose_name_plural = _("term counts")
        constraints = [
            # Also the index of every query: a county (or a few), one phenomenon, a range of months.
            models.UniqueConstraint(fields=["county_code", "phenomenon", "month", "term"],
                                    name="unique_term_count_key"),
        ]

    def __str__(self):
        return f"{self.county_code} {self.phenomenon} {self.month:%Y-%m} {self.term}: {self.count}"


class ReleaseVersion(models.Model):
    """How many times the counted observations of a county and year have changed: a stored ProtectedRelease
    made at an older count no longer matches the data (rake.analysis.release). A count table
    (rake.analysis.counts.upsert_counts), raised by the listener in the change's own transaction."""

    county_code = models.CharField(_("wellbeing services county"), max_length=2)
    year = models.PositiveSmallIntegerField(_("year"))
    count = models.PositiveBigIntegerField(_("version"), default=0)

    KEY_FIELDS = ("county_code", "year")

    class Meta:
        verbose_name = _("release version")
        verbose_name_plural = _("release versions")
        constraints = [models.UniqueConstraint(fields=["county_code", "year"], name="unique_release_version")]


class ProtectedRelease(models.Model):
    """The protected cells of one county-year (rake.analysis.release, ADR 0012): what every role without raw
    access is shown. `cells` is a list of [cell key, count or null (hidden)]; cells not listed are 0."""

    county_code = models.CharField(_("wellbeing services county"), max_length=2)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveBigIntegerField(_("version"), default=0)
    threshold = models.PositiveSmallIntegerField(_("threshold"))
    lattice_version = models.PositiveSmallIntegerField(_("lattice version"))
    computed_at = models.DateTimeField(_("computed at"))
    observations = models.PositiveIntegerField(_("observations"), default=0)
    hidden = models.PositiveIntegerField(_("hidden cells"), default=0)
    primary = models.PositiveIntegerField(_("small cells"), default=0)
    cells = models.JSONField(_("cells"), default=list)

    class Meta:
        verbose_name = _("protected release")
        verbose_name_plural = _("protected releases")
        constraints = [models.UniqueConstraint(fields=["county_code", "year"], name="unique_protected_release")]
