import pytest
from django.core.management import CommandError, call_command

from rake.publishing.models import Publication


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["pdf", "html"])
def test_publish_report_writes_the_file(tmp_path, capsys, suffix):
    output = tmp_path / f"raportti.{suffix}"
    call_command("publish_report", "--county", "15", "--period", "2025H1", "--language", "fi",
                 "--summary", "Asunnottomuus kasvoi.", "--confirm-warnings", "--output", str(output))
    publication = Publication.objects.get()
    assert publication.status == "published" and publication.created_by is None
    data = output.read_bytes()
    if suffix == "pdf":
        assert data.startswith(b"%PDF")
    else:
        assert b"<html" in data and publication.title.encode() in data
    assert f"version 1: {output}" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize("arguments,message", [
    (["--county", "15", "--period", "2025H3", "--language", "fi", "--output", "x.pdf"], "period"),
    (["--county", "99", "--period", "2025", "--language", "fi", "--output", "x.pdf"], "county"),
    (["--county", "15", "--period", "2025", "--language", "fi", "--output", "x.txt"], ".pdf or .html"),
])
def test_publish_report_refuses_bad_arguments(tmp_path, arguments, message):
    arguments = [str(tmp_path / a) if a.startswith("x.") else a for a in arguments]
    with pytest.raises(CommandError, match=message):
        call_command("publish_report", *arguments)
    assert not Publication.objects.exists()


@pytest.mark.django_db
def test_publish_report_applies_the_pre_publish_check(tmp_path):
    output = tmp_path / "raportti.pdf"
    with pytest.raises(CommandError, match="error placeholder_text"):
        call_command("publish_report", "--county", "15", "--period", "2025", "--language", "fi",
                     "--confirm-warnings", "--output", str(output))
    with pytest.raises(CommandError, match="warning section_text_missing"):
        call_command("publish_report", "--county", "15", "--period", "2025", "--language", "sv",
                     "--summary", "A summary.", "--output", str(output))
    assert not Publication.objects.exists() and not output.exists()
