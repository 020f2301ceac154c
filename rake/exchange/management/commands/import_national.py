"""manage.py import_national FILE [FILE …]: load counties' rake-exchange/2 (or /1) documents (DESIGN §5, ADR 0008, 0012)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rake.exchange.services import DocumentRefused, national_import

MAX_PROBLEMS_SHOWN = 20


class Command(BaseCommand):
    help = ("Import rake-exchange/2 (or /1) documents. Each file is validated on its own; a valid one replaces its "
            "counties' cells of its year, an invalid one changes nothing. Exits with an error if any file "
            "was refused.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--strict-taxonomy", action="store_true",
                            help="Refuse a document whose taxonomy version differs from this instance's "
                                 "(by default it is imported with a warning).")

    def handle(self, *args, files, strict_taxonomy, **options):
        refused = []
        for name in files:
            try:
                raw = Path(name).read_bytes()
                document = json.loads(raw)
            except OSError as error:
                refused.append(name)
                self.stderr.write(f"{name}: cannot read the file: {error.strerror or error}")
                continue
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                refused.append(name)
                self.stderr.write(f"{name}: not JSON: {error}")
                continue
            try:
                result = national_import(document=document, raw=raw, source_name=Path(name).name,
                                         strict_taxonomy=strict_taxonomy, username="manage.py import_national")
            except DocumentRefused as error:
                refused.append(name)
                self.stderr.write(f"{name}: refused, not a valid rake-exchange document:")
                for path, message in error.problems[:MAX_PROBLEMS_SHOWN]:
                    self.stderr.write(f"  {path}: {message}")
                if len(error.problems) > MAX_PROBLEMS_SHOWN:
                    self.stderr.write(f"  … and {len(error.problems) - MAX_PROBLEMS_SHOWN} more")
                continue
            for warning in result.warnings:
                self.stderr.write(f"{name}: warning: {warning}")
            unchanged = f" (unchanged: {', '.join(result.unchanged)})" if result.unchanged else ""
            self.stdout.write(f"{name}: imported {result.cells} cells of {result.year} for counties "
                              f"{', '.join(result.counties) or '—'}{unchanged}")
        if refused:
            raise CommandError(f"{len(refused)} of {len(files)} files refused: {', '.join(refused)}")
