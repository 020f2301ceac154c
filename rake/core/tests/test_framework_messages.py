"""DRF's own messages reach API users in Finnish and Swedish, also those its shipped catalogs lack."""

import re
from pathlib import Path

import pytest
import rest_framework
from django.core.cache import cache
from django.utils import translation
from rest_framework.throttling import SimpleRateThrottle

from rake.core import framework_messages

pytestmark = pytest.mark.django_db

# Marked for translation in DRF's source but never shown: an internal attribute name.
NOT_SHOWN = {"_request"}
# Words that are written the same in the language (the admin's names of DRF's token model).
SAME_WORD = {"fi": set(), "sv": {"Token", "Tokens"}}


def drf_messages():
    """Every literal DRF marks with _(…) (gettext_lazy) in its source."""
    found = set()
    for path in Path(rest_framework.__file__).parent.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for quote in ("'", '"'):
            pattern = rf"\b_\(\s*{quote}((?:[^{quote}\\]|\\.)*){quote}\s*\)"
            found.update(match.replace("\\'", "'").replace('\\"', '"') for match in re.findall(pattern, source))
    return found - NOT_SHOWN


def test_the_source_scan_finds_drf_messages():
    messages = drf_messages()

    assert "This field is required." in messages
    assert "Ensure this field has no more than {max_length} elements." in messages
    assert len(messages) > 100


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_drf_message_is_translated(language):
    with translation.override(language):
        untranslated = sorted(message for message in drf_messages() - SAME_WORD[language]
                              if translation.gettext(message) == message)

    assert untranslated == []


def test_the_list_holds_only_messages_drf_still_has():
    """An entry DRF no longer uses is dead weight in the catalogs."""
    assert set(framework_messages.MESSAGES) <= drf_messages()


@pytest.mark.parametrize("language, expected", [
    ("fi", "Tässä kentässä saa olla enintään 20 kohdetta."),
    ("sv", "Det här fältet får ha högst 20 element."),
    ("en", "Ensure this field has no more than 20 elements."),
])
def test_too_many_phenomena_is_refused_in_the_users_language(api_as, reporter, language, expected):
    client = api_as(reporter, language=language)

    response = client.post("/api/v1/observations", {"description": "Asunnottomuus lisääntyy.",
                                                     "phenomena": [f"code-{n}" for n in range(21)]},
                           format="json")

    assert response.status_code == 400
    assert response.json()["phenomena"] == [expected]


@pytest.mark.parametrize("language, expected", [
    ("fi", r"Pyyntö hidastettu\. Yritä uudelleen (59|60) sekunnin kuluttua\."),
    ("sv", r"Förfrågan stoppades eftersom du har skickat för många\. Försök igen om (59|60) sekunder\."),
])
def test_the_throttle_says_when_to_try_again_in_the_users_language(monkeypatch, api_as, reporter, language,
                                                                   expected):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {"anon": "1000/min", "user": "1/min", "auth_token": "1000/min"})
    cache.clear()
    client = api_as(reporter, language=language)

    client.get("/api/v1/areas")
    response = client.get("/api/v1/areas")
    cache.clear()

    assert response.status_code == 429
    assert re.fullmatch(expected, response.json()["detail"]), response.json()["detail"]
