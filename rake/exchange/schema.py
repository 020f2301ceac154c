"""The rake-exchange/1 JSON Schema (rake/exchange/schemas/) and validation against it."""

import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_NAME = "rake-exchange/1"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "rake-exchange-1.schema.json"


@lru_cache(maxsize=1)
def exchange_schema():
    """The schema as a dict (read once)."""
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _validator():
    schema = exchange_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def json_path(error_path):
    """A JSON path such as $.cells[3].count for jsonschema's deque of keys and indexes."""
    path = "$"
    for part in error_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def schema_errors(document):
    """[(JSON path, message)] of everything wrong with the document, in document order; [] when valid."""
    errors = sorted(_validator().iter_errors(document),
                    key=lambda error: [(type(part).__name__, part) for part in error.absolute_path])
    return [(json_path(error.absolute_path), error.message) for error in errors]
