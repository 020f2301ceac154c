from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdministrationConfig(AppConfig):
    """A county's administration pages: users, memberships and the county's own phenomena (DESIGN §5)."""

    name = "rake.administration"
    label = "administration"
    verbose_name = _("Administration")
