"""manage.py privacy_scan --input IN.jsonl --output OUT.jsonl

Each input line is a JSON object with a "text"; each output line is that object (other keys kept, in
their order) with "findings": [{start, end, kind, score}] added, in input order. Lines are streamed one
at a time, so a file of any size runs in constant memory.
"""

import time

from django.core.management.base import BaseCommand

from rake.privacy.jsonl import JsonlRewrite
from rake.privacy.scanner import scan_text


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
        started = time.monotonic()
        counts = {"texts": 0, "flagged": 0, "findings": 0}

        def skip(number, error):
            self.stderr.write(f"privacy_scan: skipped line {number}: {error}")

        with JsonlRewrite(input, output, on_skip=skip if skip_invalid else None) as rewrite:
            for number, value in rewrite.objects():
                text_language = language or value.get("language")
                findings = scan_text(value["text"], language=text_language if isinstance(text_language, str)
                                     else None)
                value["findings"] = [finding.as_dict() for finding in findings]
                rewrite.write(value)
                counts["texts"] += 1
                counts["findings"] += len(findings)
                counts["flagged"] += bool(findings)
                if progress_every and number % progress_every == 0:
                    self.stderr.write(f"privacy_scan: {number} lines read, {counts['texts']} texts scanned, "
                                      f"{counts['flagged']} with findings")
        seconds = time.monotonic() - started
        self.stderr.write(
            f"privacy_scan: {counts['texts']} texts scanned in {seconds:.1f} s, {counts['flagged']} with findings "
            f"({counts['findings']} findings)"
            + (f", {rewrite.skipped} invalid lines skipped" if rewrite.skipped else "")
            + ("" if output == "-" else f"; written to {output}")
        )
