from django.core.management.base import BaseCommand

from rake.analysis.rollups import rebuild


class Command(BaseCommand):
    help = "Recompute the statistics rollups from the raw observations (after imports or direct database edits)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000, help="Observations read per query.")

    def handle(self, *args, batch_size, **options):
        seen = [0]

        def progress(n):
            seen[0] += n
            if options.get("verbosity", 1) > 1:
                self.stdout.write(f"{seen[0]} observations")

        rows = rebuild(batch_size=max(batch_size, 1), progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the rollups: {seen[0]} observations, {rows} rows."))
