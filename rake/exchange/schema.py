"""The rake-exchange JSON Schemas (rake/exchange/schemas/) and validation against them.

Rake exports rake-exchange/2 (ADR 0012) and still imports rake-exchange/1 (ADR 0008); a document is
validated against the schema its own `schema` field names, and against the current one when that is
missing or unknown (which then reports the field as wrong).
"""

import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_NAME = "rake-exchange/2"  # what Rake exports
SCHEMA_NAMES = ("rake-exchange/1", "rake-exchange/2")  # what Rake imports
_DIRECTORY = Path(__file__).resolve().parent / "schemas"


@lru_cache(maxsize=None)
def exchange_schema(name: str = SCHEMA_NAME) -> dict:
    """A schema as a dict (read once)."""
    with (_DIRECTORY / f"{name.replace('/', '-')}.schema.json").open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=None)
def _validator(name):
    schema = exchange_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def json_path(error_path) -> str:
    """A JSON path such as $.cells[3].count for jsonschema's deque of keys and indexes."""
    path = "$"
    for part in error_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def schema_errors(document) -> list[tuple[str, str]]:
    """[(JSON path, message)] of everything wrong with the document, in document order; [] when valid."""
    name = document.get("schema") if isinstance(document, dict) else None
    validator = _validator(name if name in SCHEMA_NAMES else SCHEMA_NAME)
    errors = sorted(validator.iter_errors(document),
                    key=lambda error: [(type(part).__name__, part) for part in error.absolute_path])
    return [(json_path(error.absolute_path), error.message) for error in errors]
