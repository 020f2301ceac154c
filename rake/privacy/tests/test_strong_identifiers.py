"""Strong identifiers (DESIGN §4.2): a valid identity code or IBAN; a mistyped one is a finding, not strong."""

import pytest

from rake.privacy.detectors import Finding, scan


@pytest.mark.parametrize("text, kind, strong", [
    ("Tunnus 010190-900P tässä.", "personal_id", True),
    ("Tunnus 010190-900A tässä.", "personal_id", False),
    ("Tili FI21 1234 5600 0007 85 on.", "iban", True),
    ("Tili FI21 1234 5600 0007 86 on.", "iban", False),
    ("Soita 040 123 4567.", "phone", False),
    ("Y-tunnus 0737546-2.", "business_id", False),
])
def test_only_checked_identity_codes_and_ibans_are_strong(text, kind, strong):
    [finding] = scan(text, language="fi")
    assert finding.kind == kind
    assert finding.strong is strong


def test_a_reason_of_another_kind_is_not_strong():
    assert not Finding(0, 4, "phone", 0.99, "hetu").strong
