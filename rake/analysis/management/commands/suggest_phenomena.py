"""manage.py suggest_phenomena --input IN.jsonl --output OUT.jsonl

Each input line is a JSON object with a "text" (and optionally "language": fi | sv); each output line is
that object with "suggestions": [{code, score}] added, in input order. Streamed one line at a time. The
model is the one the API uses: the lexicon plus the coordinator-classified observations in the database —
of every county, or of the counties given with --county (a user of the API gets those they may read) —
leaving out words fewer than k of those observations contain. A bad line stops the run with its line number,
and no output file is left behind.
"""

from django.core.management.base import BaseCommand, CommandError

from rake.analysis import suggest
from rake.areas.selectors import county_get
from rake.privacy.jsonl import JsonlRewrite


class Command(BaseCommand):
    help = ("Add phenomenon suggestions ('suggestions': [{code, score}], national codes) to each line of a "
            "JSONL file whose objects have a 'text', in input order. Use - for standard input or output.")

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="JSONL file to read (- for standard input)")
        parser.add_argument("--output", required=True, help="JSONL file to write (- for standard output)")
        parser.add_argument("--limit", type=int, default=3, help="suggestions per line (default 3)")
        parser.add_argument("--county", action="append", metavar="CODE",
                            help="learn only from this county's observations (repeat for more; default: every "
                                 "county)")

    def handle(self, *args, input, output, limit, county, **options):
        unknown = sorted(code for code in county or () if county_get(code=code) is None)
        if unknown:
            raise CommandError(f"unknown county code: {', '.join(unknown)}")
        lines = 0
        with JsonlRewrite(input, output) as rewrite:
            model = suggest.current_model(set(county) if county else None)
            for _number, value in rewrite.objects():
                language = value.get("language") if value.get("language") in ("fi", "sv") else None
                pairs = suggest.rank(model, value["text"][: suggest.MAX_TEXT], language, limit) \
                    if value["text"].strip() else []
                value["suggestions"] = [{"code": code, "score": score} for code, score in pairs]
                rewrite.write(value)
                lines += 1
        self.stderr.write(f"{lines} lines, model trained on {model.trained_on} classified observations.")
