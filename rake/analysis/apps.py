from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "rake.analysis"
    label = "analysis"
    verbose_name = _("Analysis")

    def ready(self):
        # Keep the rollups and the keyword counts current: the observation services report each change
        # (rake.observations.events).
        from rake.observations import events

        from .listener import listener

        events.on_change(listener)

        # Phenomenon suggestions in the coordinator's view of an observation (never applied).
        from rake.observations import panels

        from .suggest_panel import suggestion_panel

        panels.add_detail_panel(suggestion_panel)

        # Out-of-date protected releases that reads served as stored are computed once the response is sent.
        from django.core.signals import request_finished

        from .release import refresh_due_releases

        request_finished.connect(refresh_due_releases, dispatch_uid="rake.analysis.refresh_due_releases")
