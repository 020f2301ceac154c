"""manage.py privacy_rescan [--apply]

Scans every stored text again with today's detectors (rake.observations.rescan) and reports what it found:
texts and findings per text type and kind, and the ids of the texts holding a strong identifier — never
the text. A dry run by default; --apply quarantines, as the system, the observations whose own texts hold
a strong identifier. Every run is recorded for the admins' status page and audited.
"""

import time

from django.core.management.base import BaseCommand

from rake.observations.rescan import privacy_rescan


def _ids(ids) -> str:
    return ", ".join(str(pk) for pk in sorted(ids)) or "-"


class Command(BaseCommand):
    help = ("Scan every stored text (observations, the timeline messages their reporters read, quotes, reports, "
            "proposals) with today's detectors and report what was found, without the texts. A dry run unless "
            "--apply, which quarantines the observations holding a valid identity code or IBAN.")

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true",
                            help="quarantine the observations whose texts hold a strong identifier")
        parser.add_argument("--progress-every", type=int, default=10_000, metavar="N",
                            help="report progress on standard error every N texts (0: never; default 10000)")

    def handle(self, *args, apply, progress_every, verbosity, **options):
        started = time.monotonic()

        def progress(texts):
            if progress_every and texts % progress_every == 0:
                self.stderr.write(f"privacy_rescan: {texts} texts scanned")

        report, run = privacy_rescan(apply=apply, progress=progress)
        write = self.stdout.write
        write(f"privacy_rescan: {'applied' if apply else 'dry run, nothing changed'}; "
              f"{report.texts_total} texts scanned in {time.monotonic() - started:.1f} s (run {run.pk}).")
        if report.degraded:
            write(f"Checked less thoroughly (degraded): {', '.join(report.degraded)}.")
        write("Findings per text type and kind:")
        for text_type in sorted(report.texts):
            kinds = report.findings.get(text_type) or {}
            detail = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())) or "none"
            write(f"  {text_type}: {report.texts[text_type]} texts; {detail}")
            if verbosity >= 2:
                for kind, ids in sorted(report.finding_ids[text_type].items()):
                    write(f"    {kind}: {_ids(ids)}")
        write(f"Findings not acknowledged when the text was stored: {report.unacknowledged}.")
        write("Strong identifiers (identity code with a valid check character, IBAN with valid check digits), "
              "ids per text type:")
        for text_type, ids in sorted(report.strong.items()):
            write(f"  {text_type}: {_ids(ids)}")
        if not report.strong:
            write("  none")
        write(f"{'Quarantined' if apply else 'To quarantine with --apply'}: {_ids(report.quarantine)}")
        write(f"Already quarantined: {_ids(report.already_quarantined)}")
        if report.not_quarantinable:
            write(f"Drafts, not quarantined (only their reporter sees them): {_ids(report.not_quarantinable)}")
        others = sorted(text_type for text_type in report.strong if not text_type.startswith("observation."))
        if others:
            write(f"Remove by hand (not observations' own texts): {', '.join(others)}")
