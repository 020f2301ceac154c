"""Reports for decision-makers and their immutable published versions (DESIGN §4.5)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rake.core.models import TimeStampedModel
from rake.core.periods import label_for_key


class Language(models.TextChoices):
    FI = "fi", _("Finnish")
    SV = "sv", _("Swedish")


class Audience(models.TextChoices):
    BOARD = "board", _("Committee (lautakunta)")
    REGIONAL_GOVERNMENT = "regional_government", _("Regional government (aluehallitus)")
    MANAGEMENT = "management", _("Management")
    PUBLIC = "public", _("The public")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


# The editable text sections besides the per-phenomenon texts, in the order the builder shows them.
TEXT_SECTIONS = ("summary", "method", "good_practices", "proposals", "addressee")


class Publication(TimeStampedModel):
    """A report being built for one county and period. Its texts stay editable; what readers see are its
    published versions, which never change."""

    county_code = models.CharField(_("wellbeing services county"), max_length=2, db_index=True)
    period = models.CharField(_("period"), max_length=10)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FI)
    audience = models.CharField(_("audience"), max_length=24, choices=Audience.choices, default=Audience.BOARD)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    method = models.TextField(_("method and coverage"), blank=True)
    phenomena_texts = models.JSONField(_("texts per phenomenon"), default=dict, blank=True)
    good_practices = models.TextField(_("good practices"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    addressee = models.TextField(_("addressee"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=PublicationStatus.choices,
                              default=PublicationStatus.DRAFT, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return f"{self.title} ({self.county_code} {self.period})"

    @property
    def period_label(self):
        """The period as people name it ("vuosi 2025", "1.1.–30.6.2026"), in the active language."""
        return label_for_key(self.period)

    def sections(self):
        """The texts as rake.publishing.content.build_content takes them."""
        data = {name: getattr(self, name) for name in TEXT_SECTIONS}
        data["phenomena"] = dict(self.phenomena_texts or {})
        return data


class PublicationQuote(models.Model):
    """An excerpt of an accepted observation that the coordinator picked; only approved ones are printed."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="quotes")
    observation = models.ForeignKey("observations.Observation", verbose_name=_("observation"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    phenomenon = models.CharField(_("phenomenon"), max_length=64)
    text = models.TextField(_("excerpt"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    @property
    def approved(self):
        return self.approved_at is not None


class VersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("A published version never changes.")

    def delete(self):
        raise PermissionError("A published version is never deleted.")


class PublicationVersion(models.Model):
    """One published version: the content, HTML and PDF exactly as published. Immutable: a correction is a
    new version with a changelog."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    html = models.TextField(_("HTML"))
    pdf = models.BinaryField(_("PDF"))
    # Rendered once at publishing, so that an anonymous request never runs WeasyPrint. Empty for versions
    # published before these fields existed.
    infographic_svg = models.TextField(_("infographic (SVG)"), blank=True, default="")
    infographic_png = models.BinaryField(_("infographic (PNG)"), blank=True, default=b"")
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    changelog = models.TextField(_("changes"), blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["publication", "number"]
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        constraints = [models.UniqueConstraint(fields=["publication", "number"], name="unique_publication_version")]

    def __str__(self):
        return f"{self.publication_id} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("A published version never changes.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("A published version is never deleted.")
