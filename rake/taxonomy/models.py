from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """A reference-data term with fi/sv/en labels and a validity period."""

    label_fi = models.CharField(_("label in Finnish"), max_length=300)
    label_sv = models.CharField(_("label in Swedish"), max_length=300)
    label_en = models.CharField(_("label in English"), max_length=300)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]

    @property
    def label(self):
        language = (get_language() or "fi")[:2]
        return getattr(self, f"label_{language}", None) or self.label_fi

    def labels(self):
        return {"fi": self.label_fi, "sv": self.label_sv, "en": self.label_en}

    def __str__(self):
        return self.label


class Phenomenon(Term):
    """A phenomenon (ilmiö) or its sub-theme. County-specific ones map to a national code."""

    NATIONAL_CODES = ("homelessness", "livelihood", "mental_health", "substance_use", "other")

    code = models.CharField(_("code"), max_length=64, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent phenomenon"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    county_code = models.CharField(
        _("county"), max_length=2, blank=True,
        help_text=_("Empty for a national phenomenon; a county code for the county's own."),
    )
    national_code = models.CharField(
        _("national phenomenon"), max_length=64, choices=[(c, c) for c in NATIONAL_CODES],
        help_text=_("The national phenomenon this one is counted under, so data stays comparable."),
    )

    class Meta(Term.Meta):
        verbose_name = _("phenomenon")
        verbose_name_plural = _("phenomena")

    @property
    def is_sub_theme(self):
        return self.parent_id is not None

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Sub-themes can only be one level deep.")})
        if self.parent_id and self.national_code != self.parent.national_code:
            raise ValidationError({"national_code": _("A sub-theme has its parent's national code.")})


class SupportNeed(Term):
    """Social Welfare Act (1301/2014) § 11 support needs, items 1–10."""

    code = models.PositiveSmallIntegerField(_("item"), unique=True)

    class Meta(Term.Meta):
        verbose_name = _("support need")
        verbose_name_plural = _("support needs")


class ClientGroup(Term):
    code = models.CharField(_("code"), max_length=64, unique=True)

    class Meta(Term.Meta):
        verbose_name = _("client group")
        verbose_name_plural = _("client groups")


class ServiceArea(Term):
    code = models.CharField(_("code"), max_length=64, unique=True)

    class Meta(Term.Meta):
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")


class ObservationType(Term):
    """The three parts of Social Welfare Act § 7: needs, effects of services, good practices."""

    code = models.CharField(_("code"), max_length=64, unique=True)

    class Meta(Term.Meta):
        verbose_name = _("observation type")
        verbose_name_plural = _("observation types")
