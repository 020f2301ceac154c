"""The one text check (rake.core.text): its rules, in order, with one message each."""

import pytest
from django.utils import translation

from rake.core import text
from rake.core.errors import ValidationError


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("value", "required", "expected", "message"), [
    ("  kelpaa  ", False, "kelpaa", None),
    (None, False, "", None),
    ("", True, "", "This field is required."),
    ("   ", True, "", "This field is required."),
    (42, False, "", "Enter text."),
    ("a\x00b", False, "a\x00b", "The text contains characters that are not allowed."),
    ("\ud800", True, "\ud800", "The text contains characters that are not allowed."),
    ("x" * 11, False, "x" * 11, "Ensure this text has at most 10 characters (it has 11)."),
    (" " + "x" * 10 + " ", False, "x" * 10, None),  # counted without the surrounding space
])
def test_each_rule_gives_its_one_message(value, required, expected, message):
    errors = {}
    assert text.check_text(value, "field", errors, limit=10, required=required) == expected
    assert errors == ({"field": [message]} if message else {})


def test_a_required_text_can_say_what_is_missing_and_clean_text_raises():
    errors = {}
    text.check_text("", "reason", errors, limit=10, required=True, message="Give a reason.")
    assert errors == {"reason": ["Give a reason."]}
    with pytest.raises(ValidationError) as refused:
        text.clean_text("", "reason", limit=10, required=True, message="Give a reason.")
    assert refused.value.field_errors == {"reason": ["Give a reason."]}
    assert text.clean_text(" ok ", "reason", limit=10) == "ok"


def test_forbidden_characters_are_found_in_nested_values():
    assert text.has_forbidden_characters({"a": ["ok", "b\x00"]})
    assert text.has_forbidden_characters({"\ud800": "key"})
    assert not text.has_forbidden_characters({"a": ["ok", 3, None]})
