from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "rake.proposals"
    label = "proposals"
    verbose_name = _("Proposals for action")

    def ready(self):
        # The reporter's timeline shows each step of a proposal built on their observation (DESIGN §4.6).
        from rake.observations.panels import add_detail_panel, add_mine_column
        from rake.observations.timeline import register_event_kind

        from .panels import MINE_HEADING, mine_cells, new_proposal_panel
        from .steps import EVENT_KINDS, timeline_title

        for kind in EVENT_KINDS.values():
            register_event_kind(kind, timeline_title)
        # The observation pages name no proposal: the link to a new one and the reporter's column come
        # from here.
        add_detail_panel(new_proposal_panel)
        add_mine_column(MINE_HEADING, mine_cells)
        # The privacy rescan reads the proposals' texts too.
        from rake.observations.rescan import add_text_source

        from .selectors import rescan_texts

        add_text_source(rescan_texts)
        # The reporters' e-mail about proposal steps goes through the shared outbox.
        from rake.core.notifications import register

        from .notifications import KIND, build

        register(KIND, build)
