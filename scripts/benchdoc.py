"""docs/benchmarks.md is shared by several benchmarks; each owns the section between its markers."""

from pathlib import Path

HEADER = ("# Benchmarks\n\nFigures written by `make bench`. Each benchmark owns one section between its "
          "`bench:` markers and rewrites only that section.\n\n")


def write_section(path, name, body):
    """Replace the section `name` in the Markdown file at `path` (appending it the first time)."""
    path = Path(path)
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    section = f"{start}\n{body.rstrip()}\n{end}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
