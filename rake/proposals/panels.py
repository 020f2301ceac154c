"""What proposals add to the observation pages (registered in apps.py through rake.observations.panels,
since `observations` never imports `proposals`): the coordinator's link to a new proposal built on the
observation, and the reporter's column of the proposals built on their observations."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from . import selectors
from .services import USABLE_OBSERVATION_STATUSES

MINE_HEADING = _("Proposals for action")


def new_proposal_panel(request, observation):
    """“Make a proposal for action” for an observation a proposal may be built on."""
    if (observation.status not in USABLE_OBSERVATION_STATUSES
            or not request.user.permissions.can_manage_proposals(observation.county_code)):
        return None
    return render_to_string("proposals/includes/new_proposal_panel.html", {"observation": observation},
                            request=request)


def mine_cells(request, observations):
    """{observation id: HTML} of the proposals each of the reporter's observations contributed to."""
    found = selectors.proposals_for_observations(observations)
    return {observation_id: render_to_string("proposals/includes/reporter_proposals.html",
                                             {"proposals": proposals}, request=request)
            for observation_id, proposals in found.items()}
