"""manage.py publish_report: build and publish a report from the current data (DESIGN §5)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rake.core.errors import ServiceError
from rake.core.prepublish import PublishCheckFailed
from rake.publishing import services
from rake.publishing.models import Audience, Language


class Command(BaseCommand):
    help = ("Create a report with default texts and the given --summary for a county and period, publish it as a new "
            "version and write its PDF or HTML (by the suffix of --output). Runs as the system, without a user. The "
            "pre-publish check applies: without --summary the report is refused, and its warnings (e.g. phenomenon "
            "sections without text) need --confirm-warnings.")

    def add_arguments(self, parser):
        parser.add_argument("--county", required=True, help="The county's code, e.g. 15.")
        parser.add_argument("--period", required=True, help="2025, 2025H1, 2025Q3 or 2025-04.")
        parser.add_argument("--language", required=True, choices=Language.values)
        parser.add_argument("--output", required=True, help="FILE.pdf or FILE.html")
        parser.add_argument("--audience", default=Audience.BOARD, choices=Audience.values)
        parser.add_argument("--title", default="", help="Default: made of the county and the period.")
        parser.add_argument("--summary", default="", help="The report's summary (required to publish).")
        parser.add_argument("--confirm-warnings", action="store_true",
                            help="Publish although the pre-publish check warns.")

    def handle(self, *args, county, period, language, output, audience, title, summary, confirm_warnings,
               **options):
        path = Path(output)
        suffix = path.suffix.lower()
        if suffix not in (".pdf", ".html"):
            raise CommandError("--output must end with .pdf or .html.")
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist.")
        try:
            # The system path (user=None, system=True): an explicit, audited publication without a person.
            with transaction.atomic():
                publication = services.publication_create(user=None, system=True, county=county, period=period,
                                                          language=language, audience=audience, title=title,
                                                          summary=summary)
                version = services.publication_publish(user=None, system=True, publication=publication,
                                                       confirm_warnings=confirm_warnings)
        except PublishCheckFailed as error:
            lines = [f"{finding.severity} {finding.code}: {finding.message}" for finding in error.findings]
            raise CommandError("\n".join([str(error.message), *lines])) from None
        except ServiceError as error:
            details = getattr(error, "field_errors", None) or {}
            text = "; ".join(f"{field}: {' '.join(str(m) for m in messages)}" for field, messages in details.items())
            raise CommandError(text or str(error.message)) from None
        if suffix == ".pdf":
            path.write_bytes(bytes(version.pdf))
        else:
            path.write_text(version.html, encoding="utf-8")
        self.stdout.write(f"Published report {publication.pk} version {version.number}: {path}")
