"""The word lists and the small stemmer behind degraded name detection."""

import pytest

from rake.privacy.detectors import lexicon as lx


@pytest.mark.parametrize(
    "inflected, base",
    [
        ("Virtasen", "virtanen"), ("Virtaselle", "virtanen"), ("Virtasta", "virtanen"), ("Mikolle", "mikko"),
        ("Matin", "matti"), ("Pekan", "pekka"), ("Liisalle", "liisa"), ("Ahmedille", "ahmed"),
        ("Ahmed:lle", "ahmed"), ("Niemen", "niemi"), ("Lahden", "lahti"), ("Annaan", "anna"),
        ("Jyväskylässä", "jyväskylä"), ("Lindqvistin", "lindqvist"), ("Lindqvists", "lindqvist"),
    ],
)
def test_base_candidates(inflected, base):
    assert base in lx.base_candidates(inflected)


def test_lists_are_loaded():
    lex = lx.lexicon()
    assert len(lex.first_names) >= 380 and len(lex.surnames) >= 380
    assert {"matti", "anna", "erik"} <= lex.first_names and {"virtanen", "lindqvist"} <= lex.surnames


def test_municipalities_come_from_the_areas_csv_in_both_languages():
    for place in ("Jyväskylä", "Vasa", "Mustasaari", "Korsholm", "Helsingfors", "Kimitoön", "Keski-Suomi"):
        assert lx.is_place(place), place


@pytest.mark.parametrize("word", ["Kela", "Kelan", "Kelalle", "Vamosiin", "Sotkanetista", "TE-toimistoon", "THL"])
def test_lookalikes(word):
    assert lx.is_lookalike(word)


def test_lookalike_prefix_does_not_eat_surnames():
    assert not lx.is_lookalike("Kantanen")
