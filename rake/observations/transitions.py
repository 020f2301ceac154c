"""The observation's status machine (rake.core.transitions): which action moves it from which status to which,
who takes it, and what it is called. Services, selectors, views and the rescan read it from here."""

from django.utils.translation import gettext_lazy

from rake.core.transitions import StatusMachine, Transition

from .models import Observation, Status

S = Status
TRIAGE = "triage"  # the county's coordinators (Permissions.can_triage)
REPORT = "report"  # the reporter, on their own observation

OBSERVATION = StatusMachine(
    Observation,
    refused=gettext_lazy("%(action)s is not possible while the observation is “%(status)s”."),
    transitions={
        "submit": Transition({S.DRAFT}, S.SUBMITTED, gettext_lazy("Submitting"), REPORT, stamps=("submitted_at",),
                             event="submitted"),
        "accept": Transition({S.SUBMITTED, S.CLARIFICATION_REQUESTED}, S.ACCEPTED, gettext_lazy("Accepting"),
                             TRIAGE, stamps=("decided_at",)),
        "reject": Transition({S.SUBMITTED, S.CLARIFICATION_REQUESTED}, S.REJECTED, gettext_lazy("Rejecting"),
                             TRIAGE, stamps=("decided_at",)),
        "request_clarification": Transition({S.SUBMITTED, S.ACCEPTED}, S.CLARIFICATION_REQUESTED,
                                            gettext_lazy("Asking for clarification"), TRIAGE),
        "answer_clarification": Transition({S.CLARIFICATION_REQUESTED}, S.SUBMITTED,
                                           gettext_lazy("Answering the question"), REPORT,
                                           event="clarification_answered"),
        "close": Transition({S.SUBMITTED, S.CLARIFICATION_REQUESTED, S.ACCEPTED, S.USED}, S.CLOSED,
                            gettext_lazy("Closing"), TRIAGE),
        "quarantine": Transition({S.SUBMITTED, S.CLARIFICATION_REQUESTED, S.ACCEPTED, S.USED, S.CLOSED,
                                  S.REJECTED}, S.QUARANTINED, gettext_lazy("Hiding for a privacy check"), TRIAGE),
        "mark_used": Transition({S.ACCEPTED, S.USED}, S.USED, gettext_lazy("Marking as used"), TRIAGE),
    },
    # Steps outside the table, refused in some statuses with the same message.
    labels={
        "release": gettext_lazy("Returning from the privacy check"),
        "edit_text": gettext_lazy("Editing the text"),
        "redact": gettext_lazy("Removing personal data"),
        "classify": gettext_lazy("Classifying"),
    },
)

# The actions a coordinator picks from the observation's page and the API's `action` (mark_used is taken
# by publishing a report, not picked).
COORDINATOR_ACTIONS = ("accept", "reject", "request_clarification", "close", "quarantine")
# What the API's transition operation takes: those, returning from quarantine and classifying.
API_ACTIONS = (*COORDINATOR_ACTIONS, "release", "classify")
# Statuses in which the coordinator may (re)classify, and release's only starting point.
CLASSIFIABLE = frozenset({S.SUBMITTED, S.CLARIFICATION_REQUESTED, S.ACCEPTED, S.USED})
RELEASABLE = frozenset({S.QUARANTINED})
EDITABLE_BY_COORDINATOR = frozenset(set(S.values) - {S.DRAFT})
