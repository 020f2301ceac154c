from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "rake.proposals"
    label = "proposals"
    verbose_name = _("Proposals for action")

    def ready(self):
        # The reporter's timeline shows each step of a proposal built on their observation (DESIGN §4.6).
        from rake.observations.timeline import register_event_kind

        from .steps import EVENT_KINDS, timeline_title

        for kind in EVENT_KINDS.values():
            register_event_kind(kind, timeline_title)
