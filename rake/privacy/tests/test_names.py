"""Person names, with Voikko and in the degraded mode without it."""

import pytest

from rake.privacy.detectors import active_detectors, scan, voikko_available, without_voikko

from .conftest import needs_voikko, spans


@needs_voikko
@pytest.mark.parametrize(
    "text, names",
    [
        ("Asiakas Matti Virtanen kävi vastaanotolla.", ["Matti Virtanen"]),
        ("Virtasen Matti kävi Kelassa.", ["Virtasen Matti"]),
        ("Soitin rouva Korhoselle iltapäivällä.", ["Korhoselle"]),
        ("Tapasin Mikon kotikäynnillä.", ["Mikon"]),
        ("Sovittiin, että Niemiselle lähetetään kirje.", ["Niemiselle"]),
        ("Keskustelin Liisan ja hänen isänsä Pekan kanssa.", ["Liisan", "Pekan"]),
        ("Anna-Liisa Virtanen-Korhonen soitti.", ["Anna-Liisa Virtanen-Korhonen"]),
        ("Nguyenin perhe muutti viime vuonna.", ["Nguyenin"]),
        # Not in Voikko nor in the lists: capitalised unknown words mid-sentence.
        ("Tapaamiseen tuli Oluwaseun Adeyemi tulkin kanssa.", ["Oluwaseun Adeyemi"]),
        ("Soitin eilen Abdirahmanille uudestaan.", ["Abdirahmanille"]),
        # Lower case, as a tired worker types it.
        ("asiakas virtanen soitti taas", ["virtanen"]),
        ("eetu koskinen soitti taas.", ["eetu koskinen"]),
        ("Minna-vauva syntyi keväällä.", ["Minna"]),
    ],
)
def test_finnish_names_with_voikko(text, names):
    assert spans(text, "person_name", language="fi") == names


@pytest.mark.parametrize(
    "text, names",
    [
        ("Klienten Anna Lindqvist besökte mottagningen.", ["Anna Lindqvist"]),
        ("Jag talade med fru Sjöblom om stödet.", ["Sjöblom"]),
        ("Jag träffade herr Lindqvist i går.", ["Lindqvist"]),
        ("Vi skickade brevet till Hedenius i går.", ["Hedenius"]),
        ("Annas mamma var med på mötet.", ["Annas"]),
        ("Socialhandledaren ringde Erik och bokade ett möte.", ["Erik"]),
        ("oskar eriksson ringde igen.", ["oskar eriksson"]),
    ],
)
def test_swedish_names(text, names):
    assert spans(text, "person_name", language="sv") == names


@pytest.mark.parametrize(
    "text",
    [
        "Anna hänelle aikaa miettiä.",  # a verb at the start of a sentence
        "Toivo paremmasta on tärkeää.",
        "Keskustelu käytiin Jyväskylässä ja Lahdessa.",
        "Salon ja Lahden kaupungit tekevät yhteistyötä.",
        "Aleksis Kiven koulun kuraattori teki ilmoituksen.",
        "Aalto-yliopiston tutkijat haastattelivat asiakkaita.",
        "Työssä noudatetaan Housing First -periaatetta.",
        "Sosiaali- ja terveysministeriö antoi ohjeen.",
    ],
)
def test_finnish_non_names(text):
    assert spans(text, "person_name", language="fi") == []


@pytest.mark.parametrize(
    "text",
    [
        "Socialarbetaren gjorde hembesök i Ekenäs och Kimito.",
        "Klienter finns i Karis, Tenala och Pargas.",
        "Enligt Statistikcentralen har andelen ökat.",
        "Julhjälpen delades ut med Frälsningsarmén.",
        "FO-numret syntes på fakturan och FPA:s beslut kom.",
        "Vi samarbetar med A-kliniken och Folkhälsan.",
        "Per person betalas 20 euro.",
    ],
)
def test_swedish_non_names(text):
    assert spans(text, "person_name", language="sv") == []


@needs_voikko
def test_title_word_makes_a_place_name_a_person():
    assert spans("Soitin rouva Koskelle ja herra Salolle.", "person_name", language="fi") == ["Koskelle", "Salolle"]
    assert spans("Matti Salo kävi tänään.", "person_name", language="fi") == ["Matti Salo"]
    assert spans("Salossa oli palaveri.", "person_name", language="fi") == []


def test_degraded_mode_reports_degraded_and_still_catches_listed_names():
    with without_voikko():
        assert voikko_available() is False
        names = {d.name: d for d in active_detectors()}
        assert names["person_name"].degraded is True
        assert "Voikko" in names["person_name"].note
        assert all(not d.degraded for d in active_detectors() if d.name != "person_name")
        # Listed names, inflected through the small stemmer, title words and pairs still work.
        assert spans("Asiakas Matti Virtanen kävi.", "person_name", language="fi") == ["Matti Virtanen"]
        assert spans("Sovittiin, että Virtaselle lähetetään kirje.", "person_name", language="fi") == ["Virtaselle"]
        assert spans("Tapasin Mikon ja Liisan.", "person_name", language="fi") == ["Mikon", "Liisan"]
        assert spans("Jag träffade herr Lindqvist.", "person_name", language="sv") == ["Lindqvist"]
        assert spans("Asiakas Mikko Kxyzabc kävi.", "person_name", language="fi") == ["Mikko Kxyzabc"]
        # Look-alikes stay clean.
        assert spans("Kela ja Vamos sekä A-klinikka Jyväskylässä.", "person_name", language="fi") == []


def test_use_voikko_parameter_forces_degraded_mode():
    text = "Tapaamiseen tuli Oluwaseun Adeyemi tulkin kanssa."
    assert spans(text, "person_name", language="fi", use_voikko=False) == []


@needs_voikko
def test_voikko_mode_is_reported_when_available():
    assert voikko_available() is True
    assert {d.name: d.degraded for d in active_detectors()}["person_name"] is False
    # Only the Voikko mode knows inflected names outside the lists.
    text = "Sovittiin, että Kumpulaiselle lähetetään kirje."
    assert spans(text, "person_name", language="fi") == ["Kumpulaiselle"]
    with without_voikko():
        assert spans(text, "person_name", language="fi") == []


def test_language_is_guessed_when_not_given():
    assert spans("Klienten Anna Lindqvist bor i Vasa och har en son.", "person_name") == ["Anna Lindqvist"]
    assert scan("") == []
