from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "rake.core"
    label = "core"
    verbose_name = _("Core")


class SuperuserAdminConfig(admin_apps.AdminConfig):
    """The Django admin, for superusers only: a county's admins work in Rake's own pages (DESIGN §5)."""

    default = False  # rake.core's own config stays CoreConfig
    default_site = "rake.core.admin.SuperuserAdminSite"
