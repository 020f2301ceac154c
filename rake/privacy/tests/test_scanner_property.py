"""Properties of the scanner (rake.privacy.scanner over rake.privacy.detectors): synthetic identifiers
embedded anywhere in Finnish or Swedish text are found with their exact spans, every result is well formed
and repeatable, and the highlighted segments of a page keep every character of the text.

test_findings.py and test_hetu_property.py cover the shape of scan() on random text and valid identity codes
between fixed neighbours; these add generated surroundings, the other identifiers, several at once and the
scanner module's own functions. Synthetic data only (see strategies.py).
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from rake.privacy.detectors import KINDS, REASONS, scan
from rake.privacy.scanner import kind_label, possible_label, reason_text, scan_text, segments

from .strategies import (
    LANGUAGES,
    SEPARATORS_BEFORE,
    filler,
    identifiers,
    identity_codes,
    texts_with_identifiers,
    word,
)

# --- properties -----------------------------------------------------------------------------------------

@settings(max_examples=250, deadline=None)
@given(texts_with_identifiers(), LANGUAGES)
def test_embedded_identifiers_are_found_with_their_exact_spans(generated, language):
    text, placed = generated
    found = {(f.start, f.end, f.kind): f for f in scan_text(text, language=language)}
    for start, end, kind, reason in placed:
        assert (start, end, kind) in found, (text[start:end], text, sorted(found))
        if kind == "personal_id":
            assert found[start, end, kind].reason == reason


@settings(max_examples=60, deadline=None)
@given(identity_codes(), filler, st.sampled_from(SEPARATORS_BEFORE), LANGUAGES)
def test_a_temporary_identity_code_is_found_in_swedish_and_finnish_alike(code, before, separator, language):
    code, reason = code
    text = f"{before}{separator}{code}" if before else code
    found = [(f.start, f.end, f.reason) for f in scan_text(text, language=language) if f.kind == "personal_id"]
    assert found == [(len(text) - len(code), len(text), reason)]


ANY_TEXT = st.one_of(
    st.text(max_size=400),  # any unicode but lone surrogates, control characters and NUL included
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=100),  # lone surrogates too
    texts_with_identifiers().map(lambda generated: generated[0]),
    st.lists(st.one_of(word, identifiers.map(lambda pair: pair[0]), st.text(max_size=5)), max_size=15).map("".join),
)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT, LANGUAGES)
def test_any_text_gives_well_formed_repeatable_findings(text, language):
    findings = scan_text(text, language=language)

    assert findings == scan_text(text, language=language)  # deterministic
    assert findings == scan(text, language=language if language in ("fi", "sv") else None)
    previous_end = 0
    for finding in findings:
        assert 0 <= previous_end <= finding.start < finding.end <= len(text), (finding, findings)
        previous_end = finding.end
        assert finding.kind in KINDS and finding.reason in REASONS
        assert 0 < finding.score <= 1
        assert kind_label(finding.kind) != finding.kind and possible_label(finding.kind) != finding.kind
        assert reason_text(finding.reason)


@settings(max_examples=150, deadline=None)
@given(ANY_TEXT)
def test_highlighted_segments_keep_every_character(text):
    """What the privacy review shows under a field is the whole text, each finding highlighted exactly."""
    findings = scan_text(text)
    pieces = segments(text, findings)

    assert "".join(piece["text"] for piece in pieces) == text
    assert [piece["span"] for piece in pieces if piece["span"] is not None] == findings
    for piece in pieces:
        assert piece["text"]
        if piece["span"] is not None:
            assert piece["text"] == text[piece["span"].start:piece["span"].end]
