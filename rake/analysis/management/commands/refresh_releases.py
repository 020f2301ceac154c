import time

from django.core.management.base import BaseCommand

from rake.analysis.release import refresh_releases


class Command(BaseCommand):
    help = ("Compute the protected statistics (ADR 0012) of every county-year whose observations changed since "
            "they were last computed, so that no reader waits for them. Run it on a schedule (e.g. every "
            "quarter hour) and after imports.")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Compute every county-year, changed or not.")

    def handle(self, *args, **options):
        started = time.perf_counter()

        def progress(done, total, county, year, seconds):
            self.stdout.write(f"{done}/{total} county {county}, {year}: {seconds:.1f} s")

        computed = refresh_releases(every=options["all"], progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"Computed {computed} protected releases in {time.perf_counter() - started:.1f} s."))
