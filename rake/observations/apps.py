from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservationsConfig(AppConfig):
    name = "rake.observations"
    label = "observations"
    verbose_name = _("Observations")

    def ready(self):
        # The reporter's e-mail about a coordinator's message goes through the shared outbox.
        from rake.core.notifications import register

        from .notifications import KIND, build

        register(KIND, build)
