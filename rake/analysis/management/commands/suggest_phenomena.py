"""manage.py suggest_phenomena --input IN.jsonl --output OUT.jsonl

Each input line is a JSON object with a "text" (and optionally "language": fi | sv); each output line is
that object with "suggestions": [{code, score}] added, in input order. Streamed one line at a time. The
model is the one the API uses: the lexicon plus the coordinator-classified observations in the database.
A bad line stops the run with its line number, and no output file is left behind.
"""

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rake.analysis import suggest
from rake.privacy.management.commands.privacy_scan import BadLine, dump, parse_line


class Command(BaseCommand):
    help = ("Add phenomenon suggestions ('suggestions': [{code, score}], national codes) to each line of a "
            "JSONL file whose objects have a 'text', in input order. Use - for standard input or output.")

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="JSONL file to read (- for standard input)")
        parser.add_argument("--output", required=True, help="JSONL file to write (- for standard output)")
        parser.add_argument("--limit", type=int, default=3, help="suggestions per line (default 3)")

    def handle(self, *args, input, output, limit, **options):
        if input == "-":
            source = sys.stdin.buffer
        else:
            try:
                source = open(input, "rb")  # noqa: SIM115
            except OSError as error:
                raise CommandError(f"{input}: {error.strerror}") from None
        model = suggest.current_model()
        if output == "-":
            target, temporary = sys.stdout, None
        else:
            path = Path(output)
            if not path.parent.exists():
                source.close()
                raise CommandError(f"{output}: the directory does not exist")
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            target = os.fdopen(fd, "w", encoding="utf-8")
        lines = 0
        try:
            with source:
                for number, raw in enumerate(source, start=1):
                    if not raw.strip():
                        continue
                    try:
                        value = parse_line(raw)
                    except BadLine as error:
                        raise CommandError(f"{input}: line {number}: {error}") from None
                    language = value.get("language") if value.get("language") in ("fi", "sv") else None
                    pairs = suggest.rank(model, value["text"][: suggest.MAX_TEXT], language, limit) \
                        if value["text"].strip() else []
                    value["suggestions"] = [{"code": code, "score": score} for code, score in pairs]
                    target.write(dump(value))
                    lines += 1
            if temporary:
                target.close()
                os.replace(temporary, output)
        except BaseException:
            if temporary:
                target.close()
                os.unlink(temporary)
            raise
        self.stderr.write(f"{lines} lines, model trained on {model.trained_on} classified observations.")
