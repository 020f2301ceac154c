"""Change notifications for other apps (DESIGN §6: `observations` never imports them).

Every service that can change what an observation contributes to statistics (its status, its
classification, its existence) runs inside `changing(observation_id)`. A listener registered with
`on_change(listener)` is asked for a `snapshot(observation_id)` before the change — after the
observation's row is locked — and gets `changed(observation_id, before, after)` afterwards, inside
the same transaction: if the service fails, both roll back together.

Listeners are registered in the listening app's AppConfig.ready() (the analysis app keeps its rollups
current this way). A snapshot of an observation that no longer exists is the listener's business
(the analysis app treats it as "contributes nothing").

Writes that bypass the services (seed scripts, `QuerySet.update`) are not seen; the analysis app's
`rebuild_rollups` command recomputes from the raw tables after them.
"""

import contextvars
import functools
from contextlib import contextmanager

from django.db import transaction

_listeners = []
# Observation ids whose change is being tracked by an outer service call (accept calls classify).
_active = contextvars.ContextVar("rake_observation_changes", default=frozenset())


def on_change(listener):
    """Register an object with `snapshot(observation_id)` and `changed(observation_id, before, after)`."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def remove_listener(listener):
    if listener in _listeners:
        _listeners.remove(listener)


@contextmanager
def changing(observation_id):
    """Wrap a change of one observation; listeners see its state before and after, in one transaction.

    Nested use for the same observation (a service calling another) is tracked once, by the outermost.
    """
    if observation_id is None or observation_id in _active.get() or not _listeners:
        yield
        return
    with transaction.atomic():
        from .models import Observation

        # Lock the row first, so that a concurrent change waits and the "before" snapshot stays true.
        list(Observation.objects.select_for_update().filter(pk=observation_id).order_by().values_list("pk", flat=True))
        listeners = list(_listeners)
        before = [listener.snapshot(observation_id) for listener in listeners]
        token = _active.set(_active.get() | {observation_id})
        try:
            yield
        finally:
            _active.reset(token)
        for listener, state in zip(listeners, before):
            listener.changed(observation_id, state, listener.snapshot(observation_id))


def tracked(function):
    """Decorator for a service taking `observation=` as a keyword: runs it inside `changing`."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        observation = kwargs.get("observation")
        with changing(getattr(observation, "pk", None)):
            return function(*args, **kwargs)

    return wrapper
