"""manage.py export_national --year YYYY [--county CODE] [--output FILE]: write a rake-exchange/2 document.

For a county instance's scheduled delivery to the national instance. Always the protected release, like the API (ADR 0012).
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from rake.core.audit import audit_record
from rake.core.errors import ValidationError
from rake.exchange.export import document_cells, national_export_document
from rake.exchange.schema import SCHEMA_NAME, schema_errors


class Command(BaseCommand):
    help = "Write the rake-exchange/2 document of a year (every county, or one) to a file or standard output."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--county", action="append", metavar="CODE",
                            help="A county to export (repeatable); by default every county.")
        parser.add_argument("--output", metavar="FILE", help="By default standard output.")

    def handle(self, *args, year, county, output, **options):
        try:
            document = national_export_document(year=year, counties=sorted(set(county)) if county else None)
        except ValidationError as error:
            raise CommandError("; ".join(str(m) for messages in error.field_errors.values() for m in messages))
        problems = schema_errors(document)
        if problems:
            raise CommandError(f"The export does not validate (a bug): {problems[:5]}")
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            sys.stdout.write(text)
        audit_record(action="exchange.export", object_type=SCHEMA_NAME, object_id=str(year),
                     username="manage.py export_national",
                     detail={"year": year, "counties": document["counties"], "cells": document_cells(document)})
