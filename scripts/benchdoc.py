"""docs/benchmarks.md is shared by several benchmarks; each owns the section between its markers."""

from pathlib import Path

HEADER = ("# Benchmarks\n\nFigures written by `make bench`. Each benchmark owns one section between its "
          "`bench:` markers and rewrites only that section.\n\n")


def write_section(path, name, body, *, after=None):
    """Replace the section `name` in the Markdown file at `path`. The first time it is appended, or placed
    right after the section `after` when that is there."""
    path = Path(path)
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    section = f"{start}\n{body.rstrip()}\n{end}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    anchor = f"<!-- bench:{after}:end -->\n" if after else None
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after_text = rest.split(end, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after_text if after_text else "")
    elif anchor and anchor in text:
        before, rest = text.split(anchor, 1)
        text = before + anchor + "\n" + section + ("\n" + rest.lstrip("\n") if rest.strip() else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
