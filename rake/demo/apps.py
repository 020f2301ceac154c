from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and benchmark data: management commands only; no other app imports this one."""

    name = "rake.demo"
    label = "demo"
    verbose_name = _("Demo data")
