"""The shape of scan() results: exact, sorted, non-overlapping spans; robust on any input."""

import dataclasses
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rake.privacy.detectors import KINDS, REASONS, Finding, scan

MIXED = (
    "Asiakas Matti Virtanen (s. 12.3.1987), hetu 120387-953F, puh. 040 123 4567, "
    "matti.virtanen@example.com, tili FI21 1234 5600 0007 85, y-tunnus 0737546-2, "
    "asuu Kauppakadulla 5 B 12, 40100 Jyväskylä. Kela ja Vamos auttavat."
)


def test_every_kind_in_one_text():
    found = {f.kind: MIXED[f.start : f.end] for f in scan(MIXED, language="fi")}
    assert found == {
        "person_name": "Matti Virtanen",
        "date_of_birth": "12.3.1987",
        "personal_id": "120387-953F",
        "phone": "040 123 4567",
        "email": "matti.virtanen@example.com",
        "iban": "FI21 1234 5600 0007 85",
        "business_id": "0737546-2",
        "address": "Kauppakadulla 5 B 12",
        "postal_code": "40100 Jyväskylä",
    }


def test_finding_is_a_small_frozen_value():
    f = scan(MIXED)[0]
    assert isinstance(f, Finding)
    assert f.as_dict() == {"start": f.start, "end": f.end, "kind": f.kind, "score": round(f.score, 2)}
    assert f.kind in KINDS and f.reason in REASONS and 0 < f.score <= 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.start = 0


def _assert_well_formed(text, findings):
    assert findings == sorted(findings, key=lambda f: (f.start, f.end))
    for a, b in zip(findings, findings[1:]):
        assert a.end <= b.start, (a, b)
    for f in findings:
        value = text[f.start : f.end]
        assert value and value == value.strip(), f
        assert value[-1] not in ".,;:!?)", f  # no trailing punctuation


def test_spans_are_exact_sorted_and_disjoint():
    for text in [MIXED, MIXED.replace(", ", " "), MIXED + "\n" + MIXED]:
        _assert_well_formed(text, scan(text))


words = st.sampled_from(
    ["Asiakas", "Matti", "Virtanen", "040", "123", "4567", "Kela", "s.", "12.3.1987", "Kauppakatu", "5",
     "40100", "Jyväskylä", "FI21", "1234", "@", "example.com", "-", "(", ")", ",", ".", "ja", "och", "B", "§"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(words, max_size=30).map(" ".join))
def test_structure_holds_for_random_word_soup(text):
    _assert_well_formed(text, scan(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_arbitrary_text(text):
    _assert_well_formed(text, scan(text))


def test_concurrent_scans_agree():
    texts = [MIXED, "Klienten Anna Lindqvist bor på Storgatan 12 A 3, 65100 Vasa."] * 20
    expected = [scan(t) for t in texts]
    results: dict[int, list] = {}

    def work(k):
        results[k] = [scan(t) for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results.values())
