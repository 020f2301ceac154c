#!/usr/bin/env python3
"""Fail when a Finnish or Swedish message is missing, empty, fuzzy or drops a placeholder.

Reads every .po file under locale/fi and locale/sv (and app-level rake/*/locale/{fi,sv}). With no
.po file at all it passes with a warning, so a project that has no translations yet still builds.
Run from anywhere: `python scripts/check_translations.py [ROOT]`.
"""

import ast
import re
import sys
from pathlib import Path

LANGUAGES = ("fi", "sv")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|%[sdif]|\{(\w*)\}")


def _unquote(text):
    return ast.literal_eval(text)


def parse_po(path):
    """Yield entries as dicts: msgctxt, msgid, msgid_plural, msgstr (list), flags, line."""
    entry, field, index = None, None, 0

    def finish():
        if entry is not None and "msgid" in entry:
            return entry
        return None

    entries = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            done = finish()
            if done:
                entries.append(done)
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue  # obsolete
        if entry is None:
            entry = {"flags": set(), "msgstr": {}, "line": number}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith("msgctxt "):
            if "msgid" in entry:  # a new entry without a blank line in between
                entries.append(entry)
                entry = {"flags": set(), "msgstr": {}, "line": number}
            field, entry["msgctxt"] = "msgctxt", _unquote(line[8:])
        elif line.startswith("msgid_plural "):
            field, entry["msgid_plural"] = "msgid_plural", _unquote(line[13:])
        elif line.startswith("msgid "):
            if "msgid" in entry:
                entries.append(entry)
                entry = {"flags": set(), "msgstr": {}, "line": number}
            field, entry["msgid"] = "msgid", _unquote(line[6:])
        elif line.startswith("msgstr["):
            index = int(line[7:line.index("]")])
            field = "msgstr"
            entry["msgstr"][index] = _unquote(line[line.index("]") + 1:].strip())
        elif line.startswith("msgstr "):
            field, index = "msgstr", 0
            entry["msgstr"][0] = _unquote(line[7:])
        elif line.startswith('"'):
            if field == "msgstr":
                entry["msgstr"][index] += _unquote(line)
            elif field:
                entry[field] += _unquote(line)
        else:
            raise ValueError(f"{path}:{number}: cannot parse: {raw!r}")
    done = finish()
    if done:
        entries.append(done)
    return entries


def placeholders(text):
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


def check_file(path, root):
    problems = []
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    for entry in parse_po(path):
        msgid = entry["msgid"]
        if msgid == "":
            continue  # the header
        where = f"{shown}:{entry['line']}"
        label = msgid if len(msgid) <= 70 else msgid[:67] + "..."
        if "fuzzy" in entry["flags"]:
            problems.append(f"{where}: fuzzy: {label!r}")
            continue
        translations = [entry["msgstr"].get(i, "") for i in sorted(entry["msgstr"]) or [0]]
        if not translations or any(not t.strip() for t in translations):
            problems.append(f"{where}: untranslated: {label!r}")
            continue
        if "python-format" in entry["flags"] or "python-brace-format" in entry["flags"]:
            expected = set(placeholders(msgid)) | set(placeholders(entry.get("msgid_plural", "")))
            for translation in translations:
                found = set(placeholders(translation))
                if found - expected:
                    problems.append(f"{where}: placeholder {sorted(found - expected)} not in the source: {label!r}")
    return problems


def po_files(root, language):
    files = sorted((root / "locale" / language).glob("**/*.po"))
    files += sorted(root.glob(f"rake/*/locale/{language}/**/*.po"))
    return files


def main(argv):
    root = Path(argv[1]).resolve() if len(argv) > 1 else Path(__file__).resolve().parent.parent
    files = {language: po_files(root, language) for language in LANGUAGES}
    if not any(files.values()):
        print("check_translations: WARNING: no .po files under locale/fi or locale/sv yet; nothing to check")
        return 0
    problems = []
    for language in LANGUAGES:
        if not files[language]:
            problems.append(f"locale/{language}: no .po file (run `make makemessages` and translate)")
    fi_domains = {p.name for p in files["fi"]}
    sv_domains = {p.name for p in files["sv"]}
    for missing in sorted(fi_domains ^ sv_domains):
        language = "sv" if missing in fi_domains else "fi"
        problems.append(f"locale/{language}: {missing} is missing (the other language has it)")
    checked = 0
    for language in LANGUAGES:
        for path in files[language]:
            checked += 1
            problems.extend(check_file(path, root))
    if problems:
        print(f"check_translations: {len(problems)} problem(s) in {checked} file(s):")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print(f"check_translations: {checked} .po file(s) complete ({', '.join(LANGUAGES)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
