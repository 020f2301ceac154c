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


class Population(models.Model):
    """A municipality's population on 31 December of `year` (THL Sotkanet / Statistics Finland).

    The code is of the population data's own municipality division, which need not be the classification
    of every area year: rake.areas.selectors maps it through municipality_mergers.csv."""

    municipality_code = models.CharField(_("municipality"), max_length=3)
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population on 31 December"))

    class Meta:
        ordering = ["year", "municipality_code"]
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        constraints = [models.UniqueConstraint(fields=["municipality_code", "year"],
                                               name="unique_population_per_year")]

    def __str__(self):
        return f"{self.municipality_code} {self.year}: {self.population}"
