"""manage.py privacy_scan --input IN.jsonl --output OUT.jsonl

Each input line is a JSON object with a "text"; each output line is that object (other keys kept, in
their order) with "findings": [{start, end, kind, score}] added, in input order. Lines are streamed one
at a time, so a file of any size runs in constant memory.
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rake.privacy.scanner import scan_text


class BadLine(Exception):
    pass


def parse_line(raw):
    """The object of one JSONL line, or BadLine saying what is wrong with it."""
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


class Command(BaseCommand):
    help = (
        "Scan the 'text' of each line of a JSONL file for personal data; write each object with 'findings' "
        "added ([{start, end, kind, score}], offsets in Unicode code points), in input order. "
        "Use - for standard input or output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="JSONL file to read (- for standard input)")
        parser.add_argument("--output", required=True, help="JSONL file to write (- for standard output)")
        parser.add_argument("--language", choices=["fi", "sv"], default=None,
                            help="language of every text (default: a line's 'language' key, else guessed)")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="skip lines that are not a JSON object with a string 'text' (reported on "
                                 "standard error) instead of stopping")
        parser.add_argument("--progress-every", type=int, default=10_000, metavar="N",
                            help="report progress on standard error every N lines (0: never; default 10000)")

    def handle(self, *args, input, output, language, skip_invalid, progress_every, **options):
        source = sys.stdin.buffer if input == "-" else self._open_input(input)
        started = time.monotonic()
        counts = {"lines": 0, "texts": 0, "flagged": 0, "findings": 0, "skipped": 0}
        if output == "-":
            target, temporary = sys.stdout, None
        else:
            path = Path(output)
            if not path.parent.exists():
                raise CommandError(f"{output}: the directory does not exist")
            # Written beside the target and renamed at the end, so a failed run leaves no half file.
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
            target = os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        try:
            with source:
                for raw in source:
                    counts["lines"] += 1
                    number = counts["lines"]
                    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                        raw = raw[3:]  # a byte order mark
                    if not raw.strip():
                        continue
                    try:
                        value = parse_line(raw)
                    except BadLine as error:
                        if not skip_invalid:
                            raise CommandError(f"{input}, line {number}: {error}") from None
                        counts["skipped"] += 1
                        self.stderr.write(f"privacy_scan: skipped line {number}: {error}")
                        continue
                    text_language = language or value.get("language")
                    findings = scan_text(value["text"], language=text_language if isinstance(text_language, str)
                                         else None)
                    value["findings"] = [finding.as_dict() for finding in findings]
                    target.write(dump(value))
                    counts["texts"] += 1
                    counts["findings"] += len(findings)
                    counts["flagged"] += bool(findings)
                    if progress_every and number % progress_every == 0:
                        self.stderr.write(f"privacy_scan: {number} lines read, {counts['texts']} texts scanned, "
                                          f"{counts['flagged']} with findings")
            if temporary:
                target.close()
                os.replace(temporary, output)
                temporary = None
            else:
                target.flush()
        finally:
            if temporary:
                target.close()
                os.unlink(temporary)
        seconds = time.monotonic() - started
        self.stderr.write(
            f"privacy_scan: {counts['texts']} texts scanned in {seconds:.1f} s, {counts['flagged']} with findings "
            f"({counts['findings']} findings)"
            + (f", {counts['skipped']} invalid lines skipped" if counts["skipped"] else "")
            + ("" if output == "-" else f"; written to {output}")
        )

    @staticmethod
    def _open_input(name):
        try:
            return open(name, "rb")
        except OSError as error:
            raise CommandError(f"{name}: {error.strerror}") from None
