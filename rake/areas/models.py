from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """A municipality or wellbeing services county in one classification year."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("wellbeing services county")
        MUNICIPALITY = "municipality", _("municipality")

    code = models.CharField(_("code"), max_length=3)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    county_code = models.CharField(_("county"), max_length=2, blank=True)
    region_code = models.CharField(_("region"), max_length=2, blank=True)

    class Meta:
        ordering = ["kind", "year", "code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [models.UniqueConstraint(fields=["kind", "code", "year"], name="unique_area_per_year")]
        indexes = [models.Index(fields=["kind", "year", "county_code"])]

    @property
    def name(self):
        return self.name_sv if (get_language() or "fi").startswith("sv") else self.name_fi

    def __str__(self):
        return f"{self.name} ({self.code})"
