"""Counties' rake-exchange documents imported into a national instance (DESIGN §4.5, §6).

One ImportedCountyYear per county and year holds where its numbers came from; its cells are the
document's cells of that county, exactly as published (a hidden cell keeps count NULL): ImportedTableCell
for rake-exchange/2 (ADR 0012), ImportedCell for the quarterly cells of rake-exchange/1 (ADR 0008). A
re-import of the county's year replaces them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedCountyYear(models.Model):
    county_code = models.CharField(_("wellbeing services county"), max_length=2)
    year = models.PositiveSmallIntegerField(_("year"))
    producer_county = models.CharField(_("producer"), max_length=8,
                                       help_text=_("The producing county's code, or “national”."))
    producer_name = models.CharField(_("producer name"), max_length=200)
    generated_at = models.DateTimeField(_("generated at"))
    taxonomy_version = models.CharField(_("taxonomy version"), max_length=32)
    threshold = models.PositiveSmallIntegerField(_("suppression threshold"))
    document_sha256 = models.CharField(_("document SHA-256"), max_length=64)
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    schema = models.CharField(_("format"), max_length=32, default="rake-exchange/1")
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported county-year")
        verbose_name_plural = _("imported county-years")
        constraints = [models.UniqueConstraint(fields=["county_code", "year"], name="unique_imported_county_year")]

    def __str__(self):
        return f"{self.county_code} {self.year}"


class ImportedCell(models.Model):
    """One cell: county × national phenomenon × period × polarity × observation type."""

    source = models.ForeignKey(ImportedCountyYear, on_delete=models.CASCADE, related_name="cells")
    county_code = models.CharField(_("wellbeing services county"), max_length=2)
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=7)
    phenomenon = models.CharField(_("phenomenon"), max_length=64)
    polarity = models.CharField(_("polarity"), max_length=16)
    observation_type = models.CharField(_("observation type"), max_length=32)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True, help_text=_("Empty when suppressed."))
    suppressed = models.BooleanField(_("suppressed"), default=False)

    class Meta:
        verbose_name = _("imported cell")
        verbose_name_plural = _("imported cells")
        indexes = [models.Index(fields=["year", "county_code", "phenomenon"])]
        constraints = [
            models.UniqueConstraint(fields=["source", "period", "phenomenon", "polarity", "observation_type"],
                                    name="unique_imported_cell"),
            models.CheckConstraint(condition=models.Q(suppressed=True, count__isnull=True)
                                   | models.Q(suppressed=False, count__isnull=False),
                                   name="imported_cell_count_null_iff_suppressed"),
        ]


class ImportedTableCell(models.Model):
    """One cell of a rake-exchange/2 table: the county's count in a period (a year or a half-year), split by at
    most one dimension (`dimension` empty for the table of totals)."""

    source = models.ForeignKey(ImportedCountyYear, on_delete=models.CASCADE, related_name="table_cells")
    county_code = models.CharField(_("wellbeing services county"), max_length=2)
    year = models.PositiveSmallIntegerField(_("year"))
    table = models.CharField(_("table"), max_length=32)
    period = models.CharField(_("period"), max_length=7)
    dimension = models.CharField(_("dimension"), max_length=32, blank=True)
    value = models.CharField(_("value"), max_length=64, blank=True)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True, help_text=_("Empty when hidden."))

    class Meta:
        verbose_name = _("imported table cell")
        verbose_name_plural = _("imported table cells")
        indexes = [models.Index(fields=["year", "table", "county_code"])]
        constraints = [models.UniqueConstraint(fields=["source", "table", "period", "value"],
                                               name="unique_imported_table_cell")]
