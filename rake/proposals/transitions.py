"""The proposal's status machine (rake.core.transitions): which step moves it from which status to which, who
takes it, what it is called and the kind of the timeline entry it writes on its observations."""

from django.utils.translation import gettext_lazy

from rake.core.transitions import StatusMachine, Transition

from .models import OPEN_STATUSES, Outcome, Proposal, ProposalStatus

S = ProposalStatus
O = Outcome
MANAGE = "manage"  # the county's coordinators (Permissions.can_manage_proposals)
DECIDE = "decide"  # its decision-makers (viewers) and coordinators (Permissions.can_decide_proposals)

PROPOSAL = StatusMachine(
    Proposal,
    refused=gettext_lazy("%(action)s is not possible while the proposal is “%(status)s”."),
    transitions={
        "submit": Transition({S.DRAFT}, S.SUBMITTED, gettext_lazy("Submitting"), MANAGE, event="proposal.submitted"),
        "consider": Transition({S.SUBMITTED}, S.UNDER_CONSIDERATION, gettext_lazy("Taking under consideration"),
                               MANAGE, event="proposal.under_consideration"),
        # A body may also return the proposal for preparation (the coordinators edit it and bring it back with
        # "consider") or table it (it stays under consideration until decided at a later meeting).
        "decide": Transition({S.UNDER_CONSIDERATION}, {O.ACCEPTED: S.DECIDED, O.PARTLY: S.DECIDED,
                                                       O.REJECTED: S.DECIDED, O.RETURNED: S.SUBMITTED, O.TABLED: None},
                             gettext_lazy("Recording the decision"), DECIDE, event="proposal.decided",
                             target_by="outcome"),
        "start": Transition({S.DECIDED}, S.IN_PROGRESS, gettext_lazy("Starting the work"), MANAGE,
                            event="proposal.started"),
        "progress": Transition({S.IN_PROGRESS}, None, gettext_lazy("Recording progress"), DECIDE,
                               event="proposal.progress"),
        "implement": Transition({S.IN_PROGRESS}, S.IMPLEMENTED, gettext_lazy("Marking as implemented"), MANAGE,
                                event="proposal.implemented"),
        "close": Transition({S.DECIDED, S.IN_PROGRESS, S.IMPLEMENTED}, S.CLOSED, gettext_lazy("Closing"), MANAGE,
                            event="proposal.closed"),
        "follow_up": Transition(OPEN_STATUSES, None, gettext_lazy("Setting the next follow-up"), DECIDE,
                                event="proposal.follow_up"),
    },
    labels={"update": gettext_lazy("Editing")},
)
# Steps that are not transitions but reach the observations' timelines too.
OTHER_EVENT_KINDS = {"create": "proposal.created", "observations_added": "proposal.observations_added"}
