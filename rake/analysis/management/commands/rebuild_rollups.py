import time

from django.core.management.base import BaseCommand

from rake.analysis.rollups import rebuild


class Command(BaseCommand):
    help = "Recompute the statistics rollups from the raw observations (after imports or direct database edits)."

    def handle(self, *args, **options):
        verbose = options.get("verbosity", 1) > 1
        started = time.perf_counter()

        def progress(done, total):
            if verbose:
                self.stderr.write(f"{done}/{total} statements, {time.perf_counter() - started:.1f} s")

        rows = rebuild(progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"Rebuilt the rollups: {rows} rows in {time.perf_counter() - started:.1f} s."))
