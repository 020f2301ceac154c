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

        # A reporter sees at a glance that a coordinator's question waits for them (issue 16).
        from rake.core.context_processors import register_navigation_badge

        from .selectors import questions_waiting_count

        register_navigation_badge("observations:mine", questions_waiting_count, context_name="rake_questions_waiting")
