"""Person names in Finnish and Swedish text.

Evidence, strongest first:

* Voikko's ``etunimi`` / ``sukunimi`` classes (Finnish morphology: "Virtasen" -> Virtanen, sukunimi);
* the name lists in ``rake/privacy/data`` (looked up through a small stemmer for inflected forms);
* a role or title word right before a capitalised word ("asiakas Mikko", "rouva Korhonen",
  "herr Lindqvist") and first name + surname pairs ("Matti Salo", "Virtasen Matti");
* a capitalised word in mid-sentence that is not a known word, place, organisation or acronym
  (foreign names: "Nguyenin", "Abdullahille"). In Swedish, simplemma tells common words apart.

Places (municipalities, regions, countries), organisations and services (Kela, Vamos, A-klinikka…)
block a word unless a title word or a first name next to it makes it a name ("rouva Koski").
Without Voikko only the lists, title words and pairs are used, and the status says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon as lx
from .base import PERSON_NAME, Finding
from .morph import NAME_CLASSES, PLACE_CLASSES, en_common, sv_common_lemma, voikko_readings
from .text import Token, is_sentence_start

_PROPER_CLASSES = NAME_CLASSES | PLACE_CLASSES | {"nimi"}

# Names that are also frequent ordinary words: not trusted as names at the start of a sentence
# unless a neighbouring word makes them one ("Anna hänelle…" vs. "Anna Virtanen kertoi…").
_AMBIGUOUS_START_FI = frozenset(
    "anna toivo usko onni satu ilo ilta aamu valo rauha lumi tuuli kesä talvi aura sulo into armas "
    "lempi urho veli sisko tyyne oiva jalo helmi kulta säde tähti voitto lahja aarre ruusu lilja "
    "taisto tarmo vieno kaino suvi sini vappu mielikki hilla kielo".split()
)
# Voikko's classes of function words: a sentence may well start with one.
_FUNCTION_WORD_CLASSES = frozenset({"seikkasana", "asemosana", "sidesana", "suhdesana", "huudahdussana",
                                    "kieltosana"})
_AMBIGUOUS_START_SV = frozenset("per bo maj frisk ek dan kim tor gun stig sten vera märta saga".split())

# "Minna-vauva", "Pekka-setä": a name joined to a word for a person.
_PERSON_SUFFIX_WORDS = (
    "vauva", "poika", "poja", "tyttö", "tytö", "täti", "tädi", "setä", "sedä", "mummo", "mummu", "ukki", "vaari",
    "pappa", "isä", "äiti", "äidi", "veli", "velje", "sisko", "vainaa", "kulta", "muru",
)
# "Aleksis Kiven koulu", "Martti Ahtisaaren säätiö": institutions named after a person.
_INSTITUTION_WORDS = (
    "koulu", "lukio", "sairaala", "säätiö", "säätiö", "rahasto", "puisto", "kirjasto", "instituut", "opisto",
    "akatemia", "seura", "museo", "talo", "palkinto", "yliopisto", "päiväkoti", "katu", "kadu", "tie",
)
_NEXT_WORD = re.compile(r" ([^\W\d_]+)")

_SV_PLACE_PREPOSITIONS = frozenset({"i", "från", "utanför", "nära", "mot"})
_COORDINATORS = frozenset({"och", "eller", "samt", "ja", "tai", "sekä", "and", "or"})
_FI_INESSIVE = ("ssa", "ssä")

# Words that make the next capitalised (or listed lower-case) word a person's name.
_CONTEXT_WORDS = frozenset(
    """
    asiakas asiakkaan asiakkaalle asiakkaalla asiakasta asiakkaana rouva rouvan rouvalle herra herran
    herralle neiti neidin rva hra nti äiti äidin äidille isä isän isälle poika pojan pojalle tytär
    tyttären tyttärelle sisko siskon siskolle sisar sisaren veli veljen veljelle puoliso puolison
    puolisolle avopuoliso avopuolison mies miehen miehelle vaimo vaimon vaimolle tyttöystävä
    poikaystävä naapuri naapurin ystävä ystävän kaveri kaverin mummo mummon isoäiti isoäidin isoisä
    isoisän ukki vaari täti tädin setä sedän eno enon serkku serkun lapsi lapsen nuori nuoren potilas
    potilaan omainen omaisen edunvalvoja edunvalvojan tukihenkilö tukihenkilön nimeltä nimeltään
    kutsumanimi nimi lääkäri tohtori työntekijä ohjaaja hoitaja sosiaalityöntekijä sosiaaliohjaaja
    klienten klient klientens herr fru fröken mamma pappa mamman pappan mor far mor- sonen son
    dottern dotter bror brodern syster systern maken makan hustrun mannen sambon sambo grannen vän
    vännen farmor mormor farfar morfar doktor läkaren patienten kallad heter namnet
    mr mrs ms miss client mother father named
    """.split()
)


@dataclass(frozen=True, slots=True)
class WordInfo:
    name: bool = False  # name evidence (Voikko class or lists)
    dictionary: bool = False  # the evidence is Voikko's
    first: bool = False  # evidence of a first name
    place: bool = False  # a place name (blocks unless context or a pair)
    blocked: bool = False  # organisation, service, street, other proper noun: never a person
    common: bool = False  # an ordinary word
    ambiguous_start: bool = False  # an ordinary word frequent enough to start sentences
    unknown: bool = False  # the morphology does not know it at all


def _fi_info_voikko(word: str) -> WordInfo:
    readings = voikko_readings(word)
    if not readings and ("-" in word or "'" in word or ":" in word):
        head = word.split(":")[0]
        readings = voikko_readings(head) if head != word else readings
        if not readings and "-" in head:
            parts = [p for p in head.split("-") if p]
            infos = [_fi_info_voikko(p) for p in parts]
            if any(not p[:1].isupper() for p in parts) or any(i.common or i.blocked for i in infos):
                return WordInfo(common=True)
            if all(i.name or i.unknown for i in infos) and any(i.name for i in infos):
                return WordInfo(name=True, dictionary=True, first=infos[0].first)
            if any(i.place for i in infos):
                return WordInfo(place=True)
            return WordInfo(unknown=all(i.unknown for i in infos))
    classes = {c for c, _ in readings}
    listed = lx.is_listed_name(word)
    voikko_name = bool(classes & NAME_CLASSES)
    name = voikko_name or listed
    first = "etunimi" in classes or lx.is_first_name(word)
    in_places = lx.is_place(word) or any(lx.in_list(b, lx.lexicon().places, inflected=False) for _, b in readings)
    place = in_places or (bool(classes & PLACE_CLASSES) and not name)
    common_bases = {b.casefold() for c, b in readings if c not in _PROPER_CLASSES and b[:1].islower()}
    blocked = "nimi" in classes and not name
    # A capitalised base form for an ordinary class is a proper noun: a street ("Mannerheimintie").
    if any(c not in _PROPER_CLASSES and b[:1].isupper() for c, b in readings) and not name:
        blocked = True
    ambiguous = bool(common_bases & _AMBIGUOUS_START_FI) or lx._fold(word) in _AMBIGUOUS_START_FI
    # "Milloin?", "Aina…", "Ainakin…": an adverb, pronoun or conjunction that also reads as a name.
    ambiguous = ambiguous or bool(classes & _FUNCTION_WORD_CLASSES)
    return WordInfo(
        name=name,
        dictionary=voikko_name,
        first=first,
        place=place,
        blocked=blocked,
        common=bool(common_bases),
        ambiguous_start=ambiguous,
        unknown=not readings and not listed and not place,
    )


def _fi_info_lists(word: str) -> WordInfo:
    if "-" in word and any(p[:1].islower() for p in word.split("-")[1:]):
        return WordInfo(common=True)  # "A-klinikka", "TE-toimisto", "Kanta-palvelut"
    listed = lx.is_listed_name(word)
    parts = word.split("-") if "-" in word else [word]
    if not listed and len(parts) > 1:
        listed = all(p[:1].isupper() and lx.is_listed_name(p) for p in parts)
    return WordInfo(
        name=listed,
        first=lx.is_first_name(word) or (len(parts) > 1 and lx.is_first_name(parts[0])),
        place=lx.is_place(word),
        ambiguous_start=any(c in _AMBIGUOUS_START_FI for c in lx.base_candidates(word)),
    )


_SV_DEFINITE = ("arna", "erna", "orna", "en", "et", "an", "na", "n")


def _sv_definite_compound(word: str) -> bool:
    """ "Statistikcentralen", "Frälsningsarmén": a compound ending in a definite form of a common noun.

    Person names do not take the definite suffix; Swedish surnames are compounds of plain nouns
    (Lind+qvist, Sjö+blom), so only an inflected (definite) last part counts.
    """
    low = word.lower()
    if len(low) < 7 or not low.endswith(_SV_DEFINITE):
        return False
    if low.endswith("n") and not low.endswith(("en", "an", "na")) and low[-2] not in "aeiouyåäöé":
        return False  # a bare -n is definite only after a vowel ("armén", "gatan"), not "Torbjörn"
    for i in range(0, len(low) - 4):
        part = low[i:]
        lemma = sv_common_lemma(part)
        if lemma is not None and lemma != part and part.startswith(lemma[:-1]) and len(part) - len(lemma) <= 4:
            return True
    return False


def _sv_info(word: str, use_voikko: bool) -> WordInfo:
    if "-" in word and any(p[:1].islower() for p in word.split("-")[1:]):
        return WordInfo(common=True)  # "FO-nummer", "A-kliniken", "Kanta-sidor"
    listed = lx.is_listed_name(word) or (word.endswith("s") and lx.is_listed_name(word[:-1]))
    common = sv_common_lemma(word) is not None or (not listed and _sv_definite_compound(word))
    readings = voikko_readings(word) if use_voikko else ()
    classes = {c for c, _ in readings}
    voikko_name = bool(classes & NAME_CLASSES) and not common
    name = listed or voikko_name
    place = lx.is_place(word) or (word.endswith("s") and lx.is_place(word[:-1]))
    if not place and not name and classes & PLACE_CLASSES:
        place = True
    lower_common = sv_common_lemma(word.lower()) is not None
    folded = lx._fold(word)
    return WordInfo(
        name=name,
        dictionary=voikko_name and not listed,
        first=lx.is_first_name(word) or "etunimi" in classes,
        place=place,
        blocked="nimi" in classes and not name,
        common=common,
        ambiguous_start=folded in _AMBIGUOUS_START_SV or (common and lower_common),
        unknown=not common and not name and not place,
    )


@lru_cache(maxsize=200_000)
def word_info(word: str, lang: str, use_voikko: bool) -> WordInfo:
    if lx.is_lookalike(word):
        return WordInfo(blocked=True)
    if lang == "sv":
        return _sv_info(word, use_voikko)
    if use_voikko:
        return _fi_info_voikko(word)
    return _fi_info_lists(word)


# Lower-case words worth asking Voikko about: -nen surnames in any case ("virtaselle", "korhosen").
_NEN_SURNAME = re.compile(r"(?:nen|s(?:en|elle|ella|ellä|elta|eltä|essa|essä|esta|estä|eksi|ena|enä|ta|tä))$")


@lru_cache(maxsize=200_000)
def _lowercase_name(word: str, use_voikko: bool) -> bool:
    """A name typed in lower case ("virtaselle"): Voikko knows it only as a name.

    Only listed names and -nen surname shapes are looked up, so Voikko is not asked about every
    ordinary lower-case word.
    """
    if not use_voikko or len(word) < 4:
        return False
    if not (_NEN_SURNAME.search(word) or lx.is_listed_name(word)):
        return False
    readings = voikko_readings(word)
    return bool(readings) and all(c in NAME_CLASSES for c, _ in readings)


def _lookalike_phrase_tokens(toks: list[Token], folded: list[str]) -> set[int]:
    """Indexes of tokens inside multi-word look-alikes ("Pelastakaa Lapset", "Röda Korset")."""
    phrases = lx.lexicon().lookalike_phrases
    out: set[int] = set()
    for i, f in enumerate(folded):
        if f not in phrases:
            continue
        for phrase in phrases[f]:
            n = len(phrase)
            if i + n > len(toks):
                continue
            ok = all(folded[i + k] == phrase[k] for k in range(1, n - 1))
            last = folded[i + n - 1]
            if ok and (last == phrase[-1] or (last.startswith(phrase[-1]) and len(last) - len(phrase[-1]) <= 6)):
                out.update(range(i, i + n))
                break
    return out


# States of a capitalised token after the first pass.
_NO, _NAME, _MAYBE, _COMMON_MID = 0, 1, 2, 3


def _hyphen_person_head(word: str) -> str | None:
    """ "Minna-vauva", "Pekka-setä": the name before a hyphenated kinship or person word."""
    head, _, rest = word.partition("-")
    if not rest or not rest[:1].islower() or not head[:1].isupper():
        return None
    rest = rest.casefold()
    if any(rest.startswith(p) and len(rest) - len(p) <= 5 for p in _PERSON_SUFFIX_WORDS):
        return head
    return None


def _institution_after(text: str, end: int) -> bool:
    """ "Aleksis Kiven koulu": a genitive name before an institution is not a person in the text."""
    m = _NEXT_WORD.match(text, end)
    if not m:
        return False
    word = m.group(1).casefold()
    return any(word.startswith(p) and len(word) - len(p) <= 4 for p in _INSTITUTION_WORDS)


def find_names(text: str, toks: list[Token], lang: str, use_voikko: bool) -> list[Finding]:
    if not toks:
        return []
    folded = [t[2].casefold() for t in toks]
    phrase_tokens = _lookalike_phrase_tokens(toks, folded)
    n = len(toks)
    state = [_NO] * n
    score = [0.0] * n
    reason = [""] * n
    first = [False] * n
    ends = [t.end for t in toks]
    place_tok = [False] * n
    fi_voikko = lang != "sv" and use_voikko

    def adjacent(a: int, b: int) -> bool:
        return text[toks[a].end : toks[b].start] == " "

    first_names = lx.lexicon().first_names

    def listed_pair(i: int) -> bool:
        """Lower-case "johan grönroos": a listed first name followed by a listed surname."""
        return (
            i + 1 < n
            and not toks[i + 1].text[:1].isupper()
            and adjacent(i, i + 1)
            and lx.is_surname(toks[i + 1].text)
        )

    for i, tok in enumerate(toks):
        w = tok.text
        if i in phrase_tokens:
            continue
        if text[tok.end : tok.end + 1] == "-":
            continue  # first half of a shortened compound: "Sosiaali- ja terveysministeriö"
        if not w[:1].isupper():
            if state[i] == _NAME:
                continue  # second half of a lower-case pair
            if lang != "sv" and _lowercase_name(w, use_voikko):
                state[i], score[i], reason[i] = _NAME, 0.5, "name_lowercase"
                if w in first_names and listed_pair(i):
                    state[i + 1], score[i + 1], reason[i + 1] = _NAME, 0.5, "name_lowercase"
            elif len(w) > 2 and w in first_names and listed_pair(i):
                state[i] = state[i + 1] = _NAME
                score[i] = score[i + 1] = 0.6
                reason[i] = reason[i + 1] = "name_lowercase"
            elif i > 0 and len(w) > 2 and folded[i - 1] in _CONTEXT_WORDS and lx.is_listed_name(w):
                state[i] = _MAYBE  # "asiakas matti": promoted below by the context word
            continue
        bare = w.split(":", 1)[0]
        if len(bare) > 1 and bare.replace("-", "").isupper():
            continue  # acronym: THL, ARA, KELA, THL:n, FPA:s
        head = _hyphen_person_head(w) if "-" in w else None
        if head is not None:
            w = head
            ends[i] = tok.start + len(head)
        if folded[i] in _CONTEXT_WORDS:
            continue  # "Asiakas", "Rouva": the title, not the name
        info = word_info(w, lang, use_voikko)
        first[i] = info.first
        if info.blocked:
            continue
        gap = text[toks[i - 1].end : tok.start] if i > 0 else ""
        prev = folded[i - 1] if i > 0 and gap == " " else ""
        after_place = i > 0 and place_tok[i - 1] and gap == ", "
        after_place = after_place or (prev in _COORDINATORS and i > 1 and place_tok[i - 2] and adjacent(i - 2, i - 1))
        if info.place:
            place_tok[i] = True
        elif (lang == "sv" and prev == "i") or (
            info.unknown
            and not info.name
            and (
                (lang == "sv" and prev in _SV_PLACE_PREPOSITIONS)
                or after_place
                or (lang != "sv" and w.endswith(_FI_INESSIVE))
            )
        ):
            place_tok[i] = True  # "i Ekenäs", "Ekenäs och Kimito", "Karis, Tenala", "Hervannassa"
            continue
        start = is_sentence_start(text, tok.start)
        if info.name:
            if info.place or (start and info.ambiguous_start):
                state[i] = _MAYBE
            else:
                state[i] = _NAME
                score[i] = 0.9 if info.dictionary else 0.85
                reason[i] = "name_dictionary" if info.dictionary else "name_list"
        elif info.place:
            continue
        elif info.unknown and (fi_voikko or lang == "sv") and len(w) > 1:
            if en_common(w):
                continue  # "Housing First", "Case management": English words, not names
            if not start:
                state[i], score[i], reason[i] = _NAME, 0.55, "name_capitalised"
            else:
                state[i] = _MAYBE  # unknown word starting a sentence: a name only next to another
        elif not start and (info.common or not fi_voikko):
            # A capitalised ordinary word mid-sentence: a name only next to a first name.
            state[i] = _COMMON_MID
        # Degraded Finnish: a capitalised word at the start of a sentence that is not in the lists
        # stays unflagged — without Voikko it is as likely a verb ("Tapasin Matin") as a name.

    # Second pass: title words and first name + surname pairs promote uncertain tokens.
    changed = True
    while changed:
        changed = False
        for i in range(n):
            if state[i] not in (_MAYBE, _COMMON_MID):
                continue
            prev_ctx = i > 0 and folded[i - 1] in _CONTEXT_WORDS and adjacent(i - 1, i)
            if prev_ctx and state[i] == _MAYBE:
                state[i], score[i], reason[i] = _NAME, 0.75, "name_context"
                changed = True
                continue
            for j in (i - 1, i + 1):
                if not (0 <= j < n and state[j] == _NAME and adjacent(min(i, j), max(i, j))):
                    continue
                if not toks[i].text[:1].isupper() or ends[min(i, j)] != toks[min(i, j)].end:
                    continue
                # An uncertain word next to a name joins it; an ordinary capitalised word only
                # next to a first name ("Kaisa Kivi").
                if state[i] == _COMMON_MID and not (first[j] or first[i]):
                    continue
                state[i], score[i], reason[i] = _NAME, 0.75, "name_pair"
                changed = True
                break

    # Merge runs of adjacent name tokens ("Anna-Liisa Virtanen") into one finding.
    out: list[Finding] = []
    i = 0
    while i < n:
        if state[i] != _NAME:
            i += 1
            continue
        j = i
        best = score[i]
        why = reason[i]
        while j + 1 < n and state[j + 1] == _NAME and adjacent(j, j + 1) and ends[j] == toks[j].end:
            j += 1
            if score[j] > best:
                best, why = score[j], reason[j]
        if j > i and lang != "sv" and toks[j].text.endswith("n") and _institution_after(text, toks[j].end):
            i = j + 1
            continue
        out.append(Finding(toks[i].start, ends[j], PERSON_NAME, best, why))
        i = j + 1
    return out
