from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from rake.core.models import TimeStampedModel


class Role(models.TextChoices):
    REPORTER = "reporter", _("reporter")
    COORDINATOR = "coordinator", _("rake coordinator")
    ANALYST = "analyst", _("analyst")
    VIEWER = "viewer", _("decision-maker")
    NATIONAL = "national", _("national analyst")
    ADMIN = "admin", _("administrator")


class User(AbstractUser):
    preferred_language = models.CharField(_("preferred language"), max_length=5, blank=True)
    # The observation form remembers where the reporter usually works (DESIGN §4.1).
    usual_service_area = models.CharField(_("usual service area"), max_length=64, blank=True)
    usual_municipality = models.CharField(_("usual municipality"), max_length=3, blank=True)
    email_notifications = models.BooleanField(_("e-mail notifications"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def permissions(self):
        from .permissions import Permissions

        return Permissions(self)

    def audit_summary(self):
        """(organisation names, roles) for the audit log."""
        memberships = self.permissions.memberships
        organisations = ", ".join(sorted({m.organisation for m in memberships}))
        roles = ", ".join(sorted({m.role for m in memberships}))
        return organisations, roles


class Organisation(TimeStampedModel):
    """A unit that holds memberships: tied to one wellbeing county, or national."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    county_code = models.CharField(
        _("wellbeing services county"), max_length=2, blank=True,
        help_text=_("Statistics Finland code of the county; empty for a national organisation."),
    )
    is_national = models.BooleanField(_("national"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Membership(TimeStampedModel):
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership_role"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} – {self.get_role_display()}"
