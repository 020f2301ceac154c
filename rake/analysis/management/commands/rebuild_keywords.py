"""manage.py rebuild_keywords [--batch-size B]: recompute the keyword counts (rake.analysis.keywords).

Needed once after migrating an installation that has observations, and after writes that bypass the
observation services (imports, generate_benchmark_data, direct database edits). Progress goes to stderr
(`-v 0` hides it), the summary to stdout.
"""

import sys

from django.core.management.base import BaseCommand

from rake.analysis import keywords
from rake.analysis.rollups import COUNTED_STATUSES
from rake.core.progress import Progress
from rake.observations.models import Observation


class Command(BaseCommand):
    help = "Recompute the keyword counts of the emerging themes from the counted observations."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=keywords.REBUILD_BATCH,
                            help="Observations read per query.")

    def handle(self, *args, batch_size, **options):
        show = options.get("verbosity", 1) > 0
        total = Observation.objects.filter(status__in=COUNTED_STATUSES).count()
        # The raw stream: OutputWrapper would end every redraw of the bar with a newline.
        progress = Progress("keywords", total, getattr(self.stderr, "_out", sys.stderr)) if show else None
        rows = keywords.rebuild(batch_size=max(batch_size, 1), progress=progress.update if progress else None)
        if progress:
            progress.finish()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the keyword counts: {total} observations, {rows} rows."))
