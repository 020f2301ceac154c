"""manage.py generate_benchmark_data --observations N [--seed S] [--batch-size B] [--no-rollups]
[--drop-indexes-from M]

Creates realistic synthetic observations at scale (1,000,000 in a few minutes) for benchmarks, on SQLite
or PostgreSQL, then rebuilds the statistics rollups so that they equal the raw data.

- `--observations` is the target total of benchmark observations: they carry external ids "bench-0000001",
  …, so running the command again continues after the last one (or does nothing when the total is there).
- Deterministic for a given day: observation number n is drawn from its own `random.Random` seeded from
  (`--seed`, n), so a run and a continued run on the same day give the same data (dates and statuses
  depend on today's date and the time).
- Counties weighted by population, municipalities of the observation's county in the classification
  year of its date, dates from 2024-01-01 to today, every phenomenon and sub-theme, all types and
  polarities, mostly accepted/used/closed statuses, client groups and support needs, Finnish and Swedish
  texts from the seed_demo text generator (rake.demo.texts).
- Each county's observations are attributed to a synthetic reporter, `bench-reporter-NN`
  (bench-reporter-NN@example.com, unusable password), member of the organisation "<county> (bench)".
- Speed (rake.demo.loader): reserved primary keys, rows streamed with COPY on PostgreSQL as they are
  generated, prepared INSERTs on SQLite, `--batch-size` observations per transaction (each committed batch
  stays if the run is interrupted). From `--drop-indexes-from` new observations on (default 50,000) the
  secondary B-tree indexes of the observation tables are dropped for the load and built again at its end,
  also when the run fails or is interrupted with Ctrl-C (the full-text indexes stay: see
  rake.demo.loader); after a run killed outright, the next run (even with `--observations 0`)
  builds the missing ones first. Relaxed durability settings apply to the command's own connection only
  (see `loader.loading`). No timeline events (not even "submitted"), audit entries or
  incremental rollup deltas are written: a benchmark observation has an empty timeline. The rollups are
  rebuilt once at the end (rake.analysis.rollups.rebuild), with its own progress bar.
- The progress bars go to stderr (percentage, count, rate, ETA; redrawn at most 5 times a second);
  the summary to stdout. `-v 0` hides the bars.
"""

import io
import random
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max
from django.utils import timezone

from rake.accounts.models import Role
from rake.accounts.services import membership_grant, user_get_or_create
from rake.analysis import rollups
from rake.core.progress import Progress
from rake.demo import benchmark, generator, loader
from rake.observations.models import Observation

PREFIX = "bench-"


def ensure_reporters():
    """{county code: bench reporter user}, with an organisation per county."""
    try:
        organisations = generator.county_organisations(benchmark.COUNTIES, "bench")
    except RuntimeError as error:
        raise CommandError(str(error)) from error
    reporters = {}
    for code, organisation in organisations.items():
        username = f"bench-reporter-{code}"
        user = user_get_or_create(username=username, password=None, email=f"{username}@example.com",
                                  first_name="Bench", last_name=f"Reporter {code}")
        membership_grant(user=user, organisation=organisation, role=Role.REPORTER)
        reporters[code] = user
    return reporters


class Command(BaseCommand):
    help = "Create realistic synthetic observations at scale for benchmarks, then rebuild the rollups."

    def add_arguments(self, parser):
        parser.add_argument("--observations", type=int, required=True,
                            help="Target total of benchmark observations (external ids bench-NNNNNNN).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--batch-size", type=int, default=10000, help="Observations per transaction.")
        parser.add_argument("--no-rollups", action="store_true", help="Do not rebuild the rollups at the end.")
        parser.add_argument("--drop-indexes-from", type=int, default=loader.DROP_INDEXES_FROM,
                            help="Drop the secondary indexes for the load, and build them again after it, "
                                 "when creating at least this many observations (default %(default)s).")

    def handle(self, *args, observations, seed, batch_size, no_rollups, drop_indexes_from, **options):
        if observations < 0:
            raise CommandError("--observations must be 0 or more.")
        batch_size = max(1, batch_size)
        quiet = options.get("verbosity", 1) == 0
        # The raw stream: OutputWrapper would end every redraw of the bar with a newline.
        stream = io.StringIO() if quiet else getattr(self.stderr, "_out", sys.stderr)

        existing = Observation.objects.filter(external_id__startswith=PREFIX)
        have = existing.count()
        last = existing.aggregate(last=Max("external_id"))["last"]
        next_number = int(last[len(PREFIX):]) + 1 if last else 1
        to_create = max(0, observations - have)

        began = time.perf_counter()
        indexes = {}

        def on_indexes():
            stream.write("indexes: building the secondary indexes again\n")
            stream.flush()
            indexes["began"] = time.perf_counter()

        if to_create:
            reporters = ensure_reporters()
            taxonomy = loader.Taxonomy()
            municipalities = benchmark.municipalities()
            today, now = timezone.localdate(), timezone.now()

            def bench_row(n):
                # Synthetic benchmark data, not security.
                values = benchmark.synthetic(random.Random(seed * 1_000_000_007 + n), n - 1,  # nosec B311
                                        municipalities=municipalities, today=today, now=now)
                return benchmark.row(values, taxonomy, external_id=f"{PREFIX}{n:07d}",
                                user=reporters[values["county_code"]])

            with loader.loading(to_create, drop_indexes_from=drop_indexes_from, on_indexes=on_indexes):
                progress = Progress("observations", to_create, stream)
                number, end = next_number, next_number + to_create
                while number < end:
                    batch = range(number, min(number + batch_size, end))
                    loader.insert((bench_row(n) for n in batch), taxonomy, count=len(batch),
                                progress=progress.update)
                    number += len(batch)
                progress.finish()
        else:
            loader.restore_indexes()  # after a run that was killed before it could build them again
        created_s = time.perf_counter() - began
        indexes_s = time.perf_counter() - indexes["began"] if "began" in indexes else None

        rollup_rows, rollup_s = None, 0.0
        if to_create and not no_rollups:
            progress = Progress("rollups     ", 0, stream)
            rollup_rows = rollups.rebuild(progress=progress.set)
            rollup_s = progress.finish()

        rate = f" ({to_create / created_s:,.0f}/s)" if to_create and created_s else ""
        summary = (f"Created {to_create:,} benchmark observations in {created_s:.1f} s{rate}; "
                   f"{have + to_create:,} in total.")
        if indexes_s is not None:
            summary += f" Rebuilding the indexes took {indexes_s:.1f} s of that."
        if rollup_rows is not None:
            summary += f" Rebuilt the rollups in {rollup_s:.1f} s: {rollup_rows:,} rows."
        self.stdout.write(self.style.SUCCESS(summary))
