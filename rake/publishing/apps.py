from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "rake.publishing"
    label = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        # The privacy rescan reads the reports' texts too (DESIGN §6: observations never imports publishing).
        from rake.observations.rescan import add_text_source

        from .selectors import rescan_texts

        add_text_source(rescan_texts)

        # A proposal keeps its report's id only; publishing tells proposals what the report is.
        from rake.proposals.reports import register

        from .for_proposals import HOOK

        register(HOOK)
