"""manage.py privacy_scan --input IN.jsonl --output OUT.jsonl (DESIGN §5)."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[3]


def run(tmp_path, lines, *extra, raw=None):
    source = tmp_path / "in.jsonl"
    target = tmp_path / "out.jsonl"
    if raw is not None:
        source.write_bytes(raw)
    else:
        source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    stderr = io.StringIO()
    call_command("privacy_scan", "--input", str(source), "--output", str(target), *extra, stderr=stderr)
    output = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    return output, stderr.getvalue()


def test_each_line_gets_findings_in_input_order(tmp_path):
    lines = [
        {"id": 3, "text": "Asiakas Matti Virtanen, puh. 040 123 4567.", "source": "a"},
        {"text": "Kelan päätökset viipyvät.", "id": 1},
        {"id": 2, "text": "Klienten Anna Lindqvist, anna.lindqvist@example.com", "language": "sv"},
    ]

    output, _ = run(tmp_path, lines)

    assert [line["id"] for line in output] == [3, 1, 2]
    for given, written in zip(lines, output, strict=True):
        assert list(written)[: len(given)] == list(given)  # other keys kept, in their order
        assert {key: written[key] for key in given} == given
        assert list(written)[-1] == "findings"
    first = output[0]
    assert [(f["kind"], first["text"][f["start"]:f["end"]]) for f in first["findings"]] == [
        ("person_name", "Matti Virtanen"), ("phone", "040 123 4567"),
    ]
    assert set(first["findings"][0]) == {"start", "end", "kind", "score"}
    assert output[1]["findings"] == []
    assert {f["kind"] for f in output[2]["findings"]} == {"person_name", "email"}


def test_blank_lines_and_a_byte_order_mark(tmp_path):
    raw = b'\xef\xbb\xbf{"text": "puh. 040 123 4567"}\n\n   \n{"text": "ei mit\xc3\xa4\xc3\xa4n"}'
    output, _ = run(tmp_path, None, raw=raw)

    assert [len(line["findings"]) for line in output] == [1, 0]


def test_an_existing_findings_key_is_replaced(tmp_path):
    output, _ = run(tmp_path, [{"text": "Ei mitään.", "findings": "old"}])
    assert output == [{"text": "Ei mitään.", "findings": []}]


@pytest.mark.parametrize(("bad", "message"), [
    (b"{not json}", "line 2: not valid JSON"),
    (b"[1, 2]", "line 2: expected a JSON object, got list"),
    (b'{"txt": "x"}', 'line 2: the object has no "text"'),
    (b'{"text": 5}', 'line 2: "text" must be a string, got int'),
    (b'{"text": "\xff"}', "line 2: not UTF-8"),
])
def test_a_bad_line_stops_with_its_number(tmp_path, bad, message):
    raw = b'{"text": "ok"}\n' + bad + b'\n{"text": "after"}\n'
    target = tmp_path / "out.jsonl"

    with pytest.raises(CommandError, match=message):
        run(tmp_path, None, raw=raw)
    assert not target.exists()  # no half-written output
    assert list(tmp_path.iterdir()) == [tmp_path / "in.jsonl"]


def test_skip_invalid_keeps_going(tmp_path):
    raw = b'{"text": "puh. 040 123 4567"}\nnope\n{"text": "ok"}\n'
    output, stderr = run(tmp_path, None, "--skip-invalid", raw=raw)

    assert [line["text"] for line in output] == ["puh. 040 123 4567", "ok"]
    assert "skipped line 2" in stderr
    assert "1 invalid lines skipped" in stderr


def test_progress_on_stderr(tmp_path):
    lines = [{"n": i, "text": f"Havainto {i}: soita numeroon 040 123 45{i:02d}."} for i in range(25)]
    output, stderr = run(tmp_path, lines, "--progress-every", "10")

    assert [line["n"] for line in output] == list(range(25))
    assert "10 lines read" in stderr and "20 lines read" in stderr
    assert "25 texts scanned" in stderr


def test_missing_input_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("privacy_scan", "--input", str(tmp_path / "missing.jsonl"), "--output", str(tmp_path / "o"))


def test_a_lone_surrogate_is_written_escaped(tmp_path):
    output, _ = run(tmp_path, None, raw=b'{"text": "\\ud800 puh. 040 123 4567"}\n')
    assert output[0]["text"] == "\ud800 puh. 040 123 4567"
    assert output[0]["findings"][0]["kind"] == "phone"


def test_standard_input_and_output_and_exit_status(tmp_path):
    """As a shell user runs it: streams through pipes, exit status 1 and the line number on a bad line."""
    command = [sys.executable, "manage.py", "privacy_scan", "--input", "-", "--output", "-"]
    good = subprocess.run(command, input='{"text": "puh. 040 123 4567"}\n{"text": "ok"}\n', capture_output=True,
                          text=True, cwd=ROOT, check=False)
    assert good.returncode == 0, good.stderr
    assert [len(json.loads(line)["findings"]) for line in good.stdout.splitlines()] == [1, 0]

    bad = subprocess.run(command, input='{"text": "ok"}\n{"text": 1}\n', capture_output=True, text=True, cwd=ROOT,
                         check=False)
    assert bad.returncode == 1
    assert "line 2" in bad.stderr
