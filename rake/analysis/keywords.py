"""Lemmatised keywords of the observations, counted by county, month and phenomenon (DESIGN §4.4).

Terms of an observation: the free texts (description, proposed action, who should act) are read in the
language guessed from them (rake.analysis.text), each word becomes its lemma (Finnish through Voikko,
with the parts of a compound as extra terms; Swedish through simplemma), and the observation's terms are
the set of these — a term counts once per observation however often it occurs. Dropped: stopwords,
words and lemmas shorter than three letters, numbers (digits never make a word; number words are
dropped too), and anything that may be a person or a place: a word the privacy detectors take for a
first name, surname or place (Voikko's etunimi / sukunimi / paikannimi, the name and place lists), a
proper noun Voikko cannot place (a street, say), and a Finnish word Voikko does not know at all
(typically a foreign name). Known organisations and services ("Kela") stay: they are nobody's data.
Words that are also names are dropped with them ("toivo"): privacy first.

The table `TermCount` holds, per county × month (of `observed_on`) × phenomenon (national code, or ALL)
× term, the number of counted observations (accepted, used, closed — as the rollups) containing the
term; the term ALL ("*") holds the number of counted observations itself, the denominator of shares.
It is kept current like the rollups (ADR 0006): the analysis listener (rake.analysis.listener) takes
the observation's set of keys before and after each change made through the services, and applies the
difference (rake.analysis.counts).
`rebuild()` (manage.py rebuild_keywords) recomputes it, one county at a time to bound memory.

Lemmas are cached per word (and whole texts per observation), so many similar texts go fast.
"""

from collections import Counter, defaultdict
from functools import lru_cache

from django.db import connection, transaction

from rake.core.copy import copy_rows
from rake.observations.models import Observation, ObservationPhenomenon
from rake.privacy.detectors import lexicon, morph
from rake.privacy.detectors.names import word_info

from . import text
from .counts import IDS_PER_STATEMENT, batches
from .models import ALL, TermCount
from .rollups import COUNTED_STATUSES

TOTAL = ALL  # the term of the row that counts the observations themselves
TEXT_FIELDS = ("description", "proposed_action", "proposed_owner")
MIN_LENGTH = 3
MAX_LENGTH = TermCount._meta.get_field("term").max_length

# Number words Voikko cannot classify (without Voikko) and Swedish ones (simplemma gives no word class).
_NUMBER_WORDS = {
    "fi": frozenset("yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän kymmenen sata tuhat "
                    "miljoona ensimmäinen toinen kolmas neljäs viides".split()),
    "sv": frozenset("två tre fyra fem sex sju åtta nio tio elva tolv tjugo trettio fyrtio femtio hundra "
                    "tusen miljon första tredje fjärde femte".split()),
}
_PROPER_CLASSES = morph.NAME_CLASSES | morph.PLACE_CLASSES | morph.OTHER_PROPER_CLASSES


def _may_be_personal(word, language, use_voikko):
    """Whether the word as written may name a person or a place (then it is never a keyword)."""
    info = word_info(word, language, use_voikko)
    if info.name or info.place:
        return True
    if info.blocked and not info.common:
        # A listed organisation or service is fine; any other proper noun (a street…) is not. A common
        # word that is also some proper noun ("yleistä": Yle) stays.
        return not lexicon.is_lookalike(word)
    if info.unknown:
        # Voikko knows Finnish words, compounds included: what it does not know is mostly a foreign name.
        # In Swedish only a capitalised unknown word is suspect (simplemma misses many compounds).
        return (language == "fi" and use_voikko) or word[:1].isupper()
    return False


def _acceptable(term, stop):
    return MIN_LENGTH <= len(term) <= MAX_LENGTH and term not in stop and not any(c.isdigit() for c in term)


@lru_cache(maxsize=200_000)
def word_terms(word, language, use_voikko=True):
    """The terms one word (as written in the text) gives: its lemma, and for a Finnish compound the
    lemmas of its parts; () for a stopword, a short word, a number, a name or a place."""
    low = word.lower()
    stop = text.STOPWORDS[language]
    if len(low) < MIN_LENGTH or low in stop or low in _NUMBER_WORDS[language]:
        return ()
    if _may_be_personal(word, language, use_voikko):
        return ()
    if language == "fi":
        if use_voikko and any(cls == "lukusana" for cls, _base in morph.voikko_readings(low)):
            return ()
        base, *parts = text.fi_lemmas(low)
        # A compound's part may still be a name or a place ("Matinkylä" → "Matti"): drop such parts.
        parts = [part for part in parts
                 if not (use_voikko and {cls for cls, _b in morph.voikko_readings(part)} & _PROPER_CLASSES)]
        forms = [base, *parts]
    else:
        forms = [text.sv_lemma(low)]
    return tuple(dict.fromkeys(form for form in forms if _acceptable(form, stop)
                               and form not in _NUMBER_WORDS[language]))


# Whole texts too (about 2.5 kB an entry): the themes page scans the same recent observations repeatedly.
@lru_cache(maxsize=10_000)
def _texts_terms(texts, language, use_voikko):
    language = language if language in ("fi", "sv") else text.guess_language(" ".join(texts))
    found = set()
    for value in texts:
        for match in text._WORD.finditer(value or ""):  # the tokeniser's own word pattern, case kept
            found.update(word_terms(match.group(0), language, use_voikko))
    return frozenset(found)


def text_terms(*texts, language=None):
    """The set of terms of one observation's texts (language "fi", "sv" or None to guess it)."""
    return _texts_terms(tuple(value or "" for value in texts), language, morph.voikko_installed())


def _phenomena(ids):
    """{observation id: set of national phenomenon codes}."""
    found = defaultdict(set)
    links = ObservationPhenomenon.objects.filter(observation_id__in=ids).values_list(
        "observation_id", "phenomenon__national_code")
    for observation_id, code in links:
        if code:
            found[observation_id].add(code)
    return found


def observation_keys(county_code, observed_on, phenomena, terms):
    """The TermCount keys one counted observation adds 1 to."""
    month = observed_on.replace(day=1)
    return {(county_code, phenomenon, month, term) for phenomenon in (ALL, *phenomena) for term in (TOTAL, *terms)}


def contributions(observations):
    """Counter {key: n} of what the given observation queryset (any statuses) adds to TermCount."""
    total = Counter()
    rows = list(observations.filter(status__in=COUNTED_STATUSES).order_by()
                .values_list("id", "county_code", "observed_on", *TEXT_FIELDS))
    for part in batches(rows, IDS_PER_STATEMENT):
        phenomena = _phenomena([row[0] for row in part])
        for observation_id, county_code, observed_on, *texts in part:
            total.update(observation_keys(county_code, observed_on, phenomena[observation_id], text_terms(*texts)))
    return total


REBUILD_BATCH = 2000


def _county_totals(county, ids, batch_size, progress):
    """{key: n} of one county's counted observations (ids), read in batches."""
    # Summed first per (month, set of phenomena) — few groups — and spread over the phenomena at the end:
    # far fewer dictionary updates than adding every key of every observation.
    groups = defaultdict(Counter)
    for start in range(0, len(ids), batch_size):
        chunk = ids[start:start + batch_size]
        rows = list(Observation.objects.filter(pk__in=chunk).order_by()
                    .values_list("id", "observed_on", *TEXT_FIELDS))
        phenomena = _phenomena(chunk)
        for observation_id, observed_on, *texts in rows:
            group = groups[(observed_on.replace(day=1), tuple(sorted(phenomena[observation_id])))]
            group.update(text_terms(*texts))
            group[TOTAL] += 1
        if progress:
            progress(len(chunk))
    totals = Counter()
    for (month, codes), terms in groups.items():
        for phenomenon in (ALL, *codes):
            for term, n in terms.items():
                totals[(county, phenomenon, month, term)] += n
    return totals


def rebuild(*, batch_size=REBUILD_BATCH, progress=None):
    """Recompute TermCount from the raw observations; returns the number of rows written.

    One county at a time (to bound memory): its counted observations are read in id batches, their keys
    summed in memory and the rows appended with COPY (PostgreSQL) or a prepared INSERT (SQLite), all in
    one transaction. On PostgreSQL the table is truncated first, which locks it: changes made meanwhile
    wait, then apply their deltas on top of the rebuilt table. `progress(n)` is called after each batch
    of n observations.
    """

    table = TermCount._meta.db_table
    columns = [*TermCount.KEY_FIELDS, "count"]
    counted = Observation.objects.filter(status__in=COUNTED_STATUSES).order_by()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE rather than DELETE: inserting keys whose deleted rows are still in the unique index
            # is twice as slow. It locks the table until the commit (the themes page waits meanwhile).
            cursor.execute(f"TRUNCATE {connection.ops.quote_name(table)}")
        else:
            TermCount.objects.all().delete()
        written = 0
        for county in sorted(set(counted.values_list("county_code", flat=True).distinct())):
            ids = list(counted.filter(county_code=county).order_by("pk").values_list("pk", flat=True))
            totals = _county_totals(county, ids, batch_size, progress)
            copy_rows(cursor, table, columns, [(*key, n) for key, n in sorted(totals.items()) if n], chunk=10_000)
            written += len(totals)
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return written


def raw_counts():
    """TermCount as it should be, computed from the raw observations ({key: n}); for tests and checks."""
    return dict(+contributions(Observation.objects.all()))


def table_counts():
    """The TermCount table as {key: n}."""
    return {tuple(row[:-1]): row[-1] for row in TermCount.objects.values_list(*TermCount.KEY_FIELDS, "count")}
