"""Helpers for the detector tests: plain unit tests, no database."""

import pytest

from rake.privacy.detectors import scan
from rake.privacy.detectors.morph import voikko_installed

needs_voikko = pytest.mark.skipif(not voikko_installed(), reason="libvoikko / voikko-fi not installed")


def spans(text, kind=None, **kwargs):
    """The flagged substrings of ``text`` (optionally of one kind)."""
    return [text[f.start : f.end] for f in scan(text, **kwargs) if kind is None or f.kind == kind]


def kinds(text, **kwargs):
    return [(f.kind, text[f.start : f.end]) for f in scan(text, **kwargs)]
