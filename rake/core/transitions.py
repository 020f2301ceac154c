"""One engine for every status machine (DESIGN §6): observations, proposals, and the plans and statements to come.

A module describes its machine as a table: action → Transition (the statuses it may start from, the status it
leads to, its label, who may take it, the timestamp fields it sets, the timeline kind it writes). The engine
answers from that table alone — which actions a status allows, their labels — and does the three things every
transition does the same way: lock the row (`lock`), check the status (`guard`, one InvalidTransition with one
message per machine) and set the status and timestamps (`apply`). What a step writes besides (its timeline
entry, its audit entry, its notifications) stays in the module's service, which knows its tables.

    OBSERVATION = StatusMachine(Observation, refused=gettext_lazy(
        "%(action)s is not possible while the observation is “%(status)s”."), transitions={
        "accept": Transition({Status.SUBMITTED}, Status.ACCEPTED, gettext_lazy("Accepting"), stamps=("decided_at",)),
        …})
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise

from .errors import InvalidTransition, NotFound


@dataclass(frozen=True)
class Transition:
    """One action of a status machine."""

    sources: frozenset  # the statuses it may be taken from
    # The status it leads to; None: the status stays (a step recorded on the way); a dict: the status chosen by
    # the value the step gave the field `target_by` ({outcome: status} for a decision).
    target: str | dict | None
    label: Promise | str  # names the action in messages and pages ("Accepting")
    who: str = ""  # which permission the module checks for it (the module's own word: "triage", "manage", …)
    stamps: tuple[str, ...] = ()  # fields set to the time of the transition
    event: str = ""  # the kind of the timeline entry it writes; the action's name when empty
    target_by: str = ""

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))


@dataclass(frozen=True)
class StatusMachine:
    """A model's status machine: its transitions by action, and the message a refused one gets."""

    model: type[models.Model]
    refused: Promise | str  # "%(action)s is not possible while the … is “%(status)s”."
    transitions: dict[str, Transition]
    # Steps that are not transitions but are refused in some statuses all the same (editing, redacting):
    # their labels, for the same message.
    labels: dict[str, Promise | str] = field(default_factory=dict)
    status_field: str = "status"

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(self.transitions)

    def label(self, action: str) -> str:
        if action in self.transitions:
            return str(self.transitions[action].label)
        return str(self.labels.get(action, action))

    def allows(self, status: str, action: str) -> bool:
        transition = self.transitions.get(action)
        return transition is not None and status in transition.sources

    def available(self, status: str, actions: Iterable[str] | None = None) -> list[str]:
        """The actions (of `actions`, or all) the status allows, in the table's order."""
        wanted = self.actions if actions is None else tuple(actions)
        return [action for action in self.actions if action in wanted and self.allows(status, action)]

    def lock(self, instance: models.Model) -> models.Model:
        """The row read again under a lock, so that two users cannot move it at once; NotFound when it is gone."""
        try:
            return self.model.objects.select_for_update().get(pk=instance.pk)
        except self.model.DoesNotExist:
            raise NotFound() from None

    def refusal(self, instance: models.Model, action: str, message: str | None = None) -> InvalidTransition:
        """The error of a step the instance's status does not allow (409, with the status)."""
        status = getattr(instance, self.status_field)
        if message is None:
            display = getattr(instance, f"get_{self.status_field}_display")()
            message = self.refused % {"action": self.label(action), "status": display}
        return InvalidTransition(message, extra={"status": status})

    def guard(self, instance: models.Model, action: str, sources: Iterable[str] | None = None) -> None:
        """Refuse the action unless the instance's status allows it (or is among `sources`, for a step that
        is not in the table)."""
        status = getattr(instance, self.status_field)
        allowed = self.transitions[action].sources if sources is None else set(sources)
        if status not in allowed:
            raise self.refusal(instance, action)

    def target(self, instance: models.Model, action: str) -> str | None:
        """The status the action leads the instance to (None: it stays), once its step has set its fields."""
        transition = self.transitions[action]
        if isinstance(transition.target, dict):
            return transition.target[getattr(instance, transition.target_by)]
        return transition.target

    def apply(self, instance: models.Model, action: str, *, now=None) -> list[str]:
        """Set the status the action leads to and its timestamps on the instance (guarded first); the fields
        changed, for save(update_fields=…)."""
        self.guard(instance, action)
        target = self.target(instance, action)
        changed = []
        if target is not None:
            setattr(instance, self.status_field, target)
            changed.append(self.status_field)
        now = now or timezone.now()
        for stamp in self.transitions[action].stamps:
            setattr(instance, stamp, now)
            changed.append(stamp)
        return changed

    def event_kind(self, action: str) -> str:
        return self.transitions[action].event or action
