"""The status-machine engine (rake.core.transitions), on a machine of its own."""

import datetime

import pytest
from django.utils import timezone

from rake.core.errors import InvalidTransition
from rake.core.transitions import StatusMachine, Transition
from rake.observations.models import Observation


class Thing:
    DISPLAY = {"new": "New", "open": "Open", "done": "Done"}

    def __init__(self, status):
        self.status = status
        self.opened_at = None

    def get_status_display(self):
        return self.DISPLAY[self.status]


MACHINE = StatusMachine(
    Observation,  # only lock() reads the model
    refused="%(action)s is not possible while the thing is “%(status)s”.",
    transitions={
        "open": Transition({"new"}, "open", "Opening", "manage", stamps=("opened_at",)),
        "note": Transition({"new", "open"}, None, "Noting", "decide", event="noted"),
        "finish": Transition({"open"}, "done", "Finishing", "manage"),
        "decide": Transition({"open"}, {"yes": "done", "later": None}, "Deciding", target_by="answer"),
    },
    labels={"edit": "Editing"},
)


def test_the_table_answers_which_actions_a_status_allows_in_its_order():
    assert MACHINE.actions == ("open", "note", "finish", "decide")
    assert MACHINE.available("new") == ["open", "note"]
    assert MACHINE.available("open") == ["note", "finish", "decide"]
    assert MACHINE.available("open", ["finish", "open"]) == ["finish"]
    assert MACHINE.available("done") == []
    assert MACHINE.allows("open", "finish") and not MACHINE.allows("new", "finish")
    assert not MACHINE.allows("new", "unknown")


def test_apply_sets_the_target_and_the_timestamps_and_names_the_fields():
    thing = Thing("new")
    moment = timezone.now() - datetime.timedelta(days=1)
    assert MACHINE.apply(thing, "open", now=moment) == ["status", "opened_at"]
    assert (thing.status, thing.opened_at) == ("open", moment)
    assert MACHINE.apply(thing, "note") == []  # a step that keeps the status
    assert thing.status == "open"
    assert MACHINE.event_kind("note") == "noted" and MACHINE.event_kind("open") == "open"


@pytest.mark.parametrize(("answer", "status"), [("yes", "done"), ("later", "open")])
def test_a_step_can_choose_its_status_by_what_it_decided(answer, status):
    thing = Thing("open")
    thing.answer = answer
    MACHINE.apply(thing, "decide")
    assert thing.status == status


@pytest.mark.parametrize(("status", "action", "sources", "message"), [
    ("new", "finish", None, "Finishing is not possible while the thing is “New”."),
    ("done", "note", None, "Noting is not possible while the thing is “Done”."),
    ("new", "edit", {"open"}, "Editing is not possible while the thing is “New”."),  # a step outside the table
])
def test_a_refused_action_is_one_error_with_one_message_and_the_status(status, action, sources, message):
    thing = Thing(status)
    with pytest.raises(InvalidTransition) as refused:
        MACHINE.guard(thing, action, sources)
    assert refused.value.code == "invalid_transition" and refused.value.http_status == 409
    assert str(refused.value.message) == message
    assert refused.value.extra == {"status": status}
    assert thing.status == status
    with pytest.raises(InvalidTransition):
        MACHINE.apply(thing, action) if sources is None else MACHINE.guard(thing, action, sources)
