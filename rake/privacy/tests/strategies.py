"""Hypothesis strategies for synthetic personal data in generated Finnish and Swedish text, shared by the
property tests of the scanner and of the privacy guard.

Synthetic data only: identity codes in the temporary range 900–999 (individual numbers), e-mail addresses on
example.com, phone numbers and IBANs that are merely well formed.
"""

import datetime

from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum.fi import hetu as stdnum_hetu

# --- generated text -------------------------------------------------------------------------------------

WORDS = (
    # Finnish
    "asiakas asiakkaan asiakkaat palvelu palvelun tuki tukea odottaa odottivat päätös päätöstä kuukausia "
    "viikkoja sosiaalityöntekijä toimeentulotuki asumisen nuoret nuorten perhe perheen lapset kotihoito "
    "ei ole on ja tai mutta koska että kanssa vielä myös kertoi soitti lomakkeessa luki numero tunnus "
    "osoite tili sähköposti puhelin puh hetu tiedot tietoja jäi puuttui Kela Jyväskylä Tampere Oulu "
    "Asiakas Perhe Nuori Lomake Päätös Hakemus Tiedot "
    # Swedish
    "klienten klient stöd behöver väntade beslut månader veckor socialarbetare familjen barnen hemvård "
    "och att som med för på inte har till av den det hon han ringde numret kontot adressen e-post telefon "
    "personbeteckning Vasa Helsingfors Klienten Familjen Beslutet Ansökan"
).split()
PUNCTUATION = ["", "", "", ".", ",", "!", "?", ";"]
# What may stand between a word and an identifier: whitespace or punctuation with a space.
SEPARATORS_BEFORE = [" ", "  ", "\n", ": ", ", ", " (", " – ", "\t", "; "]
SEPARATORS_AFTER = [" ", "\n", ". ", ", ", ") ", "; ", "! ", "? ", ": ", "\t"]

word = st.tuples(st.sampled_from(WORDS), st.sampled_from(PUNCTUATION)).map("".join)
filler = st.lists(word, max_size=12).map(" ".join)

# --- synthetic identifiers ------------------------------------------------------------------------------

CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURY_SIGNS = {18: "+", 19: "-YXWVU", 20: "ABCDEF"}


@st.composite
def identity_codes(draw):
    """(code, reason): a temporary identity code (individual number 900–999), any century sign, with its
    check character right ("hetu") or wrong ("hetu_bad_check")."""
    day = draw(st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2099, 12, 31)))
    sign = draw(st.sampled_from(CENTURY_SIGNS[day.year // 100]))
    body = f"{day:%d%m}{day.year % 100:02d}{sign}{draw(st.integers(900, 999)):03d}"
    right = next(c for c in CHECK_CHARS if stdnum_hetu.is_valid(body + c, allow_temporary=True))
    check = draw(st.sampled_from(CHECK_CHARS))
    code = body + check
    if draw(st.booleans()):
        code = code.lower()
    return code, "hetu" if check == right else "hetu_bad_check"


@st.composite
def emails(draw):
    part = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäö0123456789", min_size=1, max_size=10)
    local = draw(part.filter(lambda s: s[0].isalpha()))
    for _ in range(draw(st.integers(0, 2))):
        local += draw(st.sampled_from("._-")) + draw(part)
    domain = draw(st.sampled_from(["example.com", "mail.example.com", "hyvinvointialue.example.com"]))
    address = f"{local}@{domain}"
    return (address.upper() if draw(st.booleans()) and draw(st.booleans()) else address), "email"


@st.composite
def phones(draw):
    """A valid Finnish mobile number in one of the ways people write them."""
    prefix = draw(st.sampled_from(["040", "041", "042", "044", "045", "046", "050"]))
    number = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=7, max_size=7)))
    national = prefix[1:]
    written = draw(st.sampled_from([
        f"{prefix} {number[:3]} {number[3:]}", f"{prefix}{number}", f"{prefix}-{number}", f"{prefix} {number}",
        f"{prefix}-{number[:3]} {number[3:]}", f"+358 {national} {number[:3]} {number[3:]}",
        f"+358{national}{number}", f"+358 {national} {number}", f"+358-{national}-{number}",
        f"00358 {national} {number[:3]} {number[3:]}",
    ]))
    return written, "phone"


@st.composite
def ibans(draw):
    """An IBAN with right check digits (python-stdnum), compact or in groups of four."""
    country, length = draw(st.sampled_from([("FI", 14), ("SE", 20), ("DE", 18), ("EE", 16)]))
    bban = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=length, max_size=length)))
    code = country + stdnum_iban.calc_check_digits(country + "00" + bban) + bban
    assert stdnum_iban.is_valid(code)
    if draw(st.booleans()):
        code = " ".join(code[i:i + 4] for i in range(0, len(code), 4))
    return code, "iban"


identifiers = st.one_of(identity_codes(), emails(), phones(), ibans())


@st.composite
def texts_with_identifiers(draw, max_identifiers=3):
    """(text, [(start, end, kind, reason)]): identifiers at arbitrary places in generated filler."""
    text = draw(filler)
    placed = []
    for identifier, reason in draw(st.lists(identifiers, min_size=1, max_size=max_identifiers)):
        text += (draw(st.sampled_from(SEPARATORS_BEFORE)) if text else "")
        kind = "personal_id" if reason.startswith("hetu") else reason
        placed.append((len(text), len(text) + len(identifier), kind, reason))
        text += identifier
        after = draw(filler)
        if after or draw(st.booleans()):
            text += draw(st.sampled_from(SEPARATORS_AFTER)) + after
    return text, placed


LANGUAGES = st.sampled_from([None, "fi", "sv", "en"])
