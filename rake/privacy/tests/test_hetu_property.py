"""Property: every valid identity code, in any sentence, is caught with its exact span."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.fi import hetu as stdnum_hetu

from rake.privacy.detectors import scan

CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
SIGNS = {18: "+", 19: "-YXWVU", 20: "ABCDEF"}

BEFORE = [
    "", "Asiakkaan henkilötunnus on ", "Hetu ", "Tunnus: ", "Nuoren (", "Asiakas ", "Lomakkeessa luki ",
    "Personbeteckning ", "Klientens ", "- ", "\n", "Matti Virtanen, ",
]
AFTER = ["", ".", ",", ")", " kirjattiin vahingossa.", " ja puhelin 040 123 4567.", " löytyi.", "\n", ":", ";",
         " on väärin", " (väliaikainen)."]


@st.composite
def valid_hetu(draw):
    day = draw(st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2099, 12, 31)))
    sign = draw(st.sampled_from(SIGNS[day.year // 100]))
    individual = draw(st.one_of(st.integers(2, 899), st.integers(900, 999)))
    body = f"{day:%d%m}{day.year % 100:02d}{sign}{individual:03d}"
    check = next(c for c in CHECK_CHARS if stdnum_hetu.is_valid(body + c, allow_temporary=True))
    code = body + check
    return code.lower() if draw(st.booleans()) else code


@settings(max_examples=400, deadline=None)
@given(valid_hetu(), st.sampled_from(BEFORE), st.sampled_from(AFTER))
def test_every_valid_hetu_is_caught_with_exact_span(code, before, after):
    text = before + code + after
    found = [f for f in scan(text) if f.kind == "personal_id"]
    assert [(f.start, f.end) for f in found] == [(len(before), len(before) + len(code))]
    assert found[0].reason == "hetu"


@settings(max_examples=200, deadline=None)
@given(valid_hetu(), st.sampled_from(BEFORE), st.sampled_from(AFTER), st.integers(1, 30))
def test_a_mistyped_check_character_is_still_caught(code, before, after, shift):
    wrong = CHECK_CHARS[(CHECK_CHARS.index(code[-1].upper()) + shift) % len(CHECK_CHARS)]
    typo = code[:-1] + wrong
    text = before + typo + after
    found = [f for f in scan(text) if f.kind == "personal_id"]
    assert [(f.start, f.end, f.reason) for f in found] == [(len(before), len(before) + len(typo), "hetu_bad_check")]
