"""Text limits and checks: one module for every service that takes free text (DESIGN §6).

Limits are named by what a text is, so that a reason is as long everywhere and a form, a serializer and a
service agree. `check_text` applies the rules in one order with one message each: a value that is not text,
characters no database stores (NUL, lone surrogates), a required text left empty, a text over its limit.
"""

import re

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ValidationError

TITLE = 200  # a report's title
NAME = 300  # a proposal's title or addressee, an owner
REFERENCE = 200  # a decision's reference (§ 12 / 2026)
QUOTE = 1500  # an excerpt quoted in a report
PROPOSED_ACTION = 2000  # an observation's proposed action
MESSAGE = 4000  # a message between coordinator and reporter, a reason, an answer
NOTE = 5000  # a note on a proposal's step
LONG = 10000  # a proposal's rationale, a decision's text
SECTION = 20000  # a section of a report


def description_limit() -> int:
    """An observation's description (a setting: counties may allow longer ones)."""
    return settings.RAKE_DESCRIPTION_MAX_LENGTH


# NUL cannot be stored in PostgreSQL and lone surrogates cannot be encoded: refused before any query.
_FORBIDDEN_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


def has_forbidden_characters(value) -> bool:
    """Whether a text, or any text in a list or dict (keys too), holds characters no database stores."""
    if isinstance(value, str):
        return bool(_FORBIDDEN_CHARACTERS.search(value))
    if isinstance(value, (list, tuple)):
        return any(has_forbidden_characters(item) for item in value)
    if isinstance(value, dict):
        return any(has_forbidden_characters(key) or has_forbidden_characters(item) for key, item in value.items())
    return False


def forbidden_characters_message() -> str:
    return _("The text contains characters that are not allowed.")


def too_long_message(limit: int, length: int) -> str:
    return _("Ensure this text has at most %(limit)d characters (it has %(length)d).") % {
        "limit": limit, "length": length}


def check_text(value, field: str, errors: dict, *, limit: int, required: bool = False,
               message: str | None = None) -> str:
    """The text stripped of surrounding space ("" for None); a problem goes into `errors[field]` (a list of one
    message): `message` (or "This field is required.") when `required` and empty."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[field] = [_("Enter text.")]
        return ""
    value = value.strip()
    if has_forbidden_characters(value):
        errors[field] = [forbidden_characters_message()]
    elif required and not value:
        errors[field] = [message or _("This field is required.")]
    elif len(value) > limit:
        errors[field] = [too_long_message(limit, len(value))]
    return value


def clean_text(value, field: str, *, limit: int, required: bool = False, message: str | None = None) -> str:
    """check_text for a single text: ValidationError({field: [message]}) rather than collected errors."""
    errors: dict = {}
    value = check_text(value, field, errors, limit=limit, required=required, message=message)
    if errors:
        raise ValidationError(errors)
    return value
