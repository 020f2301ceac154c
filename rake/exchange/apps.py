from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "rake.exchange"
    label = "exchange"
    verbose_name = _("National exchange")

    def ready(self):
        # National users' dashboard compares the imported counties (exchange builds on analysis, DESIGN §6).
        from rake.analysis.sections import register_dashboard_section

        from .comparison import comparison_section

        register_dashboard_section(comparison_section)
