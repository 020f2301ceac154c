"""Process-local copies of reference data (areas, taxonomy) that nearly every request reads.

Checking an observation's codes against the database cost a dozen queries per submission (ADR 0010).
Reference data changes only when migrations load it or an administrator edits it, so each server process
keeps one copy. The process that saves a change drops its copy at once (post_save/post_delete) and, once
the change is committed, writes a new version of that reference data into the shared cache (Django's
`default` cache: Redis when REDIS_URL is set, ADR 0014). Other processes compare their copy's version
with the shared one at most every VERSION_CHECK_SECONDS and load again when it differs, so with Redis an
edit reaches every worker and host within about a second. Whatever the cache, a copy older than
RAKE_REFERENCE_CACHE_SECONDS (60 s by default) is loaded again: without a shared cache (the local-memory
one is per process) that is how other processes see a change, and so are writes that send no signals
(bulk loads in migrations), or at once with `clear_all()` in the process that made them.

The cached model instances are shared: read them, never change them.
"""

import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

# How often a process asks the shared cache whether a copy it holds is still current: one cache read per
# reference table and process a second at most, not one per use (a submission uses a dozen).
VERSION_CHECK_SECONDS = 1.0

_caches = []


def _version_key(name: str) -> str:
    return f"reference-version:{name}"


def shared_version(name: str, *, otherwise: str | None = None) -> str | None:
    """The version of reference data `name` in the shared cache (None: not changed since the cache started);
    `otherwise` when the cache cannot be reached, so that a copy is kept until its time limit then."""
    try:
        return cache.get(_version_key(name))
    except Exception:  # the cache server is away: reference data never stops requests
        logger.warning("Reference data %s: the shared cache could not be read", name, exc_info=True)
        return otherwise


def publish_change(name: str) -> None:
    """Tell every process that reference data `name` changed: a new version in the shared cache."""
    try:
        cache.set(_version_key(name), uuid.uuid4().hex, timeout=None)
    except Exception:  # the cache server is away: other processes see the change after their time limit
        logger.warning("Reference data %s: the shared cache could not be written", name, exc_info=True)


class ReferenceCache:
    """`get()` returns `load()`'s value, computed again when it is older than the time limit, another process
    published a change, or it was cleared."""

    def __init__(self, name, load, *, models=()):
        self.name = name
        self._load = load
        # (value, version, loaded_at), replaced as a whole so that a reader never mixes two loads.
        self._copy = None
        self._checked_at = 0.0
        self._lock = threading.Lock()
        for model in models:
            post_save.connect(self._changed, sender=model, weak=False, dispatch_uid=f"{name}-save")
            post_delete.connect(self._changed, sender=model, weak=False, dispatch_uid=f"{name}-delete")
        _caches.append(self)

    def get(self):
        copy, now = self._copy, time.monotonic()
        if copy is not None and now - copy[2] <= settings.RAKE_REFERENCE_CACHE_SECONDS:
            if now - self._checked_at < VERSION_CHECK_SECONDS:
                return copy[0]
            if shared_version(self.name, otherwise=copy[1]) == copy[1]:
                self._checked_at = now
                return copy[0]
        with self._lock:
            # The version before the rows: a change committed while they load is loaded again next time.
            version = shared_version(self.name)
            value = self._load()
            self._copy = (value, version, time.monotonic())
            self._checked_at = self._copy[2]
            return value

    def clear(self):
        with self._lock:
            self._copy = None

    def _changed(self, *, using=None, **kwargs):
        self.clear()
        # After the commit: another process that loaded before it would otherwise keep the old rows.
        transaction.on_commit(lambda: publish_change(self.name), using=using)


def clear_all():
    """Drop every cached copy of this process (tests do this before each test; so may a data migration)."""
    for reference in _caches:
        reference.clear()
