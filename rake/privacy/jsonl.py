"""Rewriting a JSONL file line by line: the loop shared by the privacy_scan and suggest_phenomena commands.

Each input line is a JSON object with a string "text"; the command adds a key and writes the object on,
in input order. Lines are streamed, so a file of any size runs in constant memory. The output is written
beside the target and renamed at the end, so a failed run leaves no half-written file behind. It lives
here because the privacy library imports nothing of Rake, while any app may import it.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import CommandError

BOM = b"\xef\xbb\xbf"


class BadLine(Exception):
    pass


def parse_line(raw):
    """The object of one JSONL line (bytes), or BadLine saying what is wrong with it."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadLine(f"not UTF-8 (byte {error.start + 1})") from None
    try:
        value = json.loads(line)
    except ValueError as error:
        raise BadLine(f"not valid JSON ({error})") from None
    if not isinstance(value, dict):
        raise BadLine(f"expected a JSON object, got {type(value).__name__}")
    if "text" not in value:
        raise BadLine('the object has no "text"')
    if not isinstance(value["text"], str):
        raise BadLine(f'"text" must be a string, got {type(value["text"]).__name__}')
    return value


def dump(value):
    line = json.dumps(value, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (from a JSON \ud800 escape): keep the line in ASCII escapes
        line = json.dumps(value)
    return line + "\n"


class JsonlRewrite:
    """`with JsonlRewrite(input, output) as rewrite:` then `for number, value in rewrite.objects(): …
    rewrite.write(value)`. "-" is standard input or output. A bad line raises CommandError with its line
    number, unless `on_skip(number, error)` is given: then the line is reported to it and skipped. On any
    error the temporary output file is removed; on success it replaces `output`."""

    def __init__(self, input, output, *, on_skip=None):
        self.input, self.output, self.on_skip = input, output, on_skip
        self.skipped = 0
        self._source = self._target = self._temporary = None

    def __enter__(self):
        if self.input == "-":
            self._source = sys.stdin.buffer
        else:
            try:
                self._source = open(self.input, "rb")  # noqa: SIM115 - closed in __exit__
            except OSError as error:
                raise CommandError(f"{self.input}: {error.strerror}") from None
        if self.output == "-":
            self._target = sys.stdout
            return self
        path = Path(self.output)
        if not path.parent.exists():
            self._close_source()
            raise CommandError(f"{self.output}: the directory does not exist")
        handle, self._temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        self._target = os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        return self

    def objects(self):
        """(line number, object) of each non-blank line; a byte order mark before the first is dropped."""
        for number, raw in enumerate(self._source, start=1):
            if number == 1 and raw.startswith(BOM):
                raw = raw[len(BOM):]
            if not raw.strip():
                continue
            try:
                value = parse_line(raw)
            except BadLine as error:
                if self.on_skip is None:
                    raise CommandError(f"{self.input}, line {number}: {error}") from None
                self.skipped += 1
                self.on_skip(number, error)
                continue
            yield number, value

    def write(self, value):
        self._target.write(dump(value))

    def __exit__(self, exc_type, exc, traceback):
        self._close_source()
        if self._temporary is None:
            self._target.flush()
            return False
        self._target.close()
        if exc_type is None:
            os.replace(self._temporary, self.output)
        else:
            os.unlink(self._temporary)
        return False

    def _close_source(self):
        if self._source is not None and self._source is not sys.stdin.buffer:
            self._source.close()
