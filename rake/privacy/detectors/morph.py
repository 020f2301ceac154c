"""Morphology back-ends: Voikko for Finnish, simplemma for Swedish. Both optional.

Voikko is loaded lazily, once per process, behind a lock (a libvoikko handle is not thread-safe, so
every analysis also holds the lock). Analyses are cached per word.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

_lock = threading.Lock()
_voikko = None
_voikko_error: str | None = None
_loaded = False

# Set RAKE_PRIVACY_NO_VOIKKO=1 to run a whole process without Voikko.
_FORCED_OFF = os.environ.get("RAKE_PRIVACY_NO_VOIKKO", "").lower() in {"1", "true", "yes", "on"}
_disabled: ContextVar[bool] = ContextVar("rake_privacy_without_voikko", default=False)

NAME_CLASSES = frozenset({"etunimi", "sukunimi"})
PLACE_CLASSES = frozenset({"paikannimi"})
OTHER_PROPER_CLASSES = frozenset({"nimi"})


def _load_voikko():
    global _voikko, _voikko_error, _loaded
    if _loaded:
        return _voikko
    with _lock:
        if not _loaded:
            try:
                import libvoikko

                _voikko = libvoikko.Voikko("fi")
            except Exception as exc:  # library, shared object or dictionary missing
                _voikko = None
                _voikko_error = f"{type(exc).__name__}: {exc}"
            _loaded = True
    return _voikko


def voikko_installed() -> bool:
    """Whether Voikko can be loaded in this process at all (ignores the test override)."""
    return not _FORCED_OFF and _load_voikko() is not None


def voikko_enabled() -> bool:
    """Whether scans in the current context use Voikko."""
    return not _disabled.get() and voikko_installed()


def voikko_error() -> str | None:
    _load_voikko()
    return "disabled by RAKE_PRIVACY_NO_VOIKKO" if _FORCED_OFF else _voikko_error


@contextmanager
def without_voikko():
    """Run scans in this context (thread / task) as if Voikko were not installed."""
    token = _disabled.set(True)
    try:
        yield
    finally:
        _disabled.reset(token)


@lru_cache(maxsize=200_000)
def voikko_readings(word: str) -> tuple[tuple[str, str], ...]:
    """(CLASS, BASEFORM) pairs Voikko gives for ``word``; empty when unknown or Voikko is missing."""
    v = _load_voikko()
    if v is None:
        return ()
    with _lock:
        analyses = v.analyze(word)
    return tuple(sorted({(a.get("CLASS", ""), a.get("BASEFORM", "")) for a in analyses}))


# --- Swedish ---------------------------------------------------------------------------------------

_simplemma_ok: bool | None = None
_sv_lock = threading.Lock()


def simplemma_available() -> bool:
    global _simplemma_ok
    if _simplemma_ok is None:
        try:
            import simplemma  # noqa: F401

            _simplemma_ok = True
        except Exception:
            _simplemma_ok = False
    return _simplemma_ok


@lru_cache(maxsize=200_000)
def sv_common_lemma(word: str) -> str | None:
    """The lemma if simplemma knows ``word`` (as written) as a Swedish common word, else None.

    simplemma keeps proper-noun lemmas capitalised ("Lindqvists" -> "Lindqvist") and lower-cases
    common ones ("Socialbyrån" -> "socialbyrå"), which is what tells the two apart.
    """
    if not simplemma_available():
        return None
    import simplemma

    with _sv_lock:
        lemma = simplemma.lemmatize(word, lang="sv")
        known = simplemma.is_known(word, lang="sv") or simplemma.is_known(lemma, lang="sv")
    if known and lemma[:1].islower():
        return lemma
    return None


@lru_cache(maxsize=100_000)
def en_common(word: str) -> bool:
    """Whether ``word`` (lower-cased) is an ordinary English word: "Housing First", "Case management"."""
    if not simplemma_available():
        return False
    import simplemma

    low = word.lower()
    with _sv_lock:
        return simplemma.is_known(low, lang="en") and simplemma.lemmatize(low, lang="en")[:1].islower()
