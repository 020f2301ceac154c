"""Process-local copies of reference data (areas, taxonomy) that nearly every request reads.

Checking an observation's codes against the database cost a dozen queries per submission (ADR 0010).
Reference data changes only when migrations load it or an administrator edits it, so each server process
keeps one copy: the process that saves a change drops its copy at once (post_save/post_delete), other
processes when theirs is older than RAKE_REFERENCE_CACHE_SECONDS (60 s by default). Writes that send no
signals (bulk loads in migrations) are seen after that time, or at once with `clear_all()`.

The cached model instances are shared: read them, never change them.
"""

import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save

_caches = []


class ReferenceCache:
    """`get()` returns `load()`'s value, computed again when it is older than the time limit or cleared."""

    def __init__(self, name, load, *, models=()):
        self.name = name
        self._load = load
        self._value = None
        self._loaded_at = None
        self._lock = threading.Lock()
        for model in models:
            post_save.connect(self._changed, sender=model, weak=False, dispatch_uid=f"{name}-save")
            post_delete.connect(self._changed, sender=model, weak=False, dispatch_uid=f"{name}-delete")
        _caches.append(self)

    def get(self):
        loaded_at = self._loaded_at
        if loaded_at is None or time.monotonic() - loaded_at > settings.RAKE_REFERENCE_CACHE_SECONDS:
            with self._lock:
                value = self._load()
                self._value, self._loaded_at = value, time.monotonic()
                return value
        return self._value

    def clear(self):
        with self._lock:
            self._value, self._loaded_at = None, None

    def _changed(self, **kwargs):
        self.clear()


def clear_all():
    """Drop every cached copy (tests do this before each test; so may a data migration)."""
    for cache in _caches:
        cache.clear()
