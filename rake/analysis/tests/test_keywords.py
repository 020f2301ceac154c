"""Keyword terms (lemmas, no names) and the TermCount table kept equal to the raw observations."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.analysis import keywords, listener
from rake.analysis.models import ALL, TermCount
from rake.core.errors import ServiceError
from rake.observations import events, services
from rake.observations.models import Observation, Status
from rake.privacy.detectors import morph

COUNTED = {Status.ACCEPTED, Status.USED, Status.CLOSED}
needs_voikko = pytest.mark.skipif(not morph.voikko_installed(), reason="Voikko is not installed")
needs_simplemma = pytest.mark.skipif(not morph.simplemma_available(), reason="simplemma is not installed")


# --- Terms --------------------------------------------------------------------------------------

@needs_voikko
def test_inflected_finnish_forms_count_under_their_base_form():
    assert "asunnottomuus" in keywords.text_terms("Asunnottomuutta on yhä enemmän.")
    assert "asunnottomuus" in keywords.text_terms("Asunnottomuus kasvaa.")
    assert "asiakas" in keywords.text_terms("Asiakkaiden tilanne")
    # A compound also gives its parts.
    assert {"toimeentulotuki", "toimeentulo", "tuki"} <= keywords.text_terms("Toimeentulotukea haetaan usein.")
    # No inflected form is a term of its own.
    assert not {"asunnottomuutta", "asiakkaiden", "toimeentulotukea"} & keywords.text_terms(
        "Asunnottomuutta, asiakkaiden toimeentulotukea.")


@needs_simplemma
def test_a_swedish_text_gives_swedish_lemmas():
    terms = keywords.text_terms("Klienterna sover i trapphusen eftersom härbärget är fullt.")
    assert {"klient", "trapphus", "härbärge"} <= terms
    assert not {"klienterna", "trapphusen", "härbärget"} & terms


def test_stopwords_short_words_and_numbers_are_dropped():
    terms = keywords.text_terms("Ja se on yö, ja 12 asiakasta odotti kolme viikkoa ja 2025 myös.")
    assert not {"ja", "se", "on", "yö", "12", "2025", "kolme", "myös"} & terms
    assert all(len(term) >= 3 and not any(c.isdigit() for c in term) for term in terms)


@needs_voikko
def test_names_and_places_never_become_terms():
    terms = keywords.text_terms(
        "Asiakas Matti Virtanen ja hänen puolisonsa Anna Korhonen asuvat Jyväskylässä. Nguyenin perhe muutti "
        "Mannerheimintielle. Kela viivästyttää päätöksiä.")
    assert not {"matti", "virtanen", "anna", "korhonen", "jyväskylä", "nguyen", "nguyenin",
                "mannerheimintie"} & terms
    assert {"asiakas", "perhe", "kela", "päätös"} <= terms
    swedish = keywords.text_terms("Klienten Lindqvist bor i Vasa och väntar på beslut från socialbyrån.")
    assert not {"lindqvist", "vasa"} & swedish
    assert "beslut" in swedish


# --- The table ----------------------------------------------------------------------------------

@pytest.fixture
def people(db):
    return {
        "15": (MemberFactory(username="r15", role=Role.REPORTER, county="15"),
               MemberFactory(username="c15", role=Role.COORDINATOR, county="15")),
        "06": (MemberFactory(username="r06", role=Role.REPORTER, county="06"),
               MemberFactory(username="c06", role=Role.COORDINATOR, county="06")),
    }


def expected_table():
    """TermCount as it should be, computed object by object independently of keywords.contributions."""
    table = Counter()
    for observation in Observation.objects.filter(status__in=COUNTED):
        terms = keywords.text_terms(observation.description, observation.proposed_action,
                                    observation.proposed_owner)
        phenomena = {p.national_code for p in observation.phenomena.all()}
        month = observation.observed_on.replace(day=1)
        for phenomenon in {ALL} | phenomena:
            for term in {ALL} | terms:
                table[(observation.county_code, phenomenon, month, term)] += 1
    return dict(table)


def assert_table_is_raw():
    assert keywords.table_counts() == expected_table()
    assert not TermCount.objects.filter(count__lte=0).exists()


def _submitted(people, county="15", **data):
    payload = {"description": "Asunnottomuus on kasvanut ja yömaja on usein täynnä.", "observed_on": "2025-04-02",
               "phenomena": ["homelessness"], "observation_type": "need", "polarity": "negative",
               "county": county}
    payload.update(data)
    observation, _ = services.observation_create(user=people[county][0], data=payload)
    return observation


def test_the_listener_is_registered():
    assert listener.listener in events._listeners


def test_a_term_counts_once_per_observation_under_its_phenomena_and_all(people):
    observation = _submitted(people, description="Yömaja on täynnä. Yömajassa ei ole tilaa, yömajat ovat täynnä.",
                             phenomena=["homelessness", "livelihood"])
    assert not TermCount.objects.exists()  # submitted: not counted yet
    services.observation_accept(user=people["15"][1], observation=observation)
    month = datetime.date(2025, 4, 1)
    for phenomenon in (ALL, "homelessness", "livelihood"):
        assert TermCount.objects.get(county_code="15", phenomenon=phenomenon, month=month, term="yömaja").count == 1
        assert TermCount.objects.get(county_code="15", phenomenon=phenomenon, month=month, term=ALL).count == 1
    assert not TermCount.objects.filter(phenomenon="mental_health").exists()
    assert_table_is_raw()


def test_the_table_follows_every_change_and_equals_a_rebuild(people):
    reporter, coordinator = people["15"]
    first = _submitted(people, phenomena=["homelessness"])
    second = _submitted(people, description="Toimeentulotuen käsittely viivästyy ja velat kasvavat.",
                        phenomena=["livelihood"], proposed_action="Lisää käsittelijöitä.")
    third = _submitted(people, county="06", description="Päihteiden käyttö on lisääntynyt nuorilla.",
                       phenomena=["substance_use"])
    services.observation_accept(user=coordinator, observation=first)
    services.observation_accept(user=coordinator, observation=second)
    services.observation_accept(user=people["06"][1], observation=third)
    assert_table_is_raw()
    assert TermCount.objects.filter(term="asunnottomuus", phenomenon=ALL).get().count == 1

    services.observation_classify(user=coordinator, observation=first,
                                  classification={"phenomena": ["mental_health"]})
    assert set(TermCount.objects.filter(term="asunnottomuus").values_list("phenomenon", flat=True)) == {
        ALL, "mental_health"}
    assert_table_is_raw()

    services.observation_edit_text(user=coordinator, observation=second,
                                   description="Velkaantuminen on yleistä ja perintä kovaa.")
    assert not TermCount.objects.filter(term="toimeentulotuki").exists()
    assert TermCount.objects.filter(term="velkaantua").exists()
    assert_table_is_raw()

    text = Observation.objects.get(pk=second.pk).description
    services.observation_redact(user=coordinator, observation=second, field="description", start=0,
                                end=text.index(" "))
    assert not TermCount.objects.filter(term="velkaantua").exists()
    assert_table_is_raw()

    services.observation_quarantine(user=coordinator, observation=second)
    assert not TermCount.objects.filter(term="perintä").exists()
    services.observation_release(user=coordinator, observation=second)
    assert TermCount.objects.filter(term="perintä").exists()
    assert_table_is_raw()

    services.observation_mark_used(user=coordinator, observation=first)
    services.observation_close(user=coordinator, observation=first)
    assert_table_is_raw()

    fourth = _submitted(people, description="Mielenterveyspalveluihin on pitkät jonot.", phenomena=["mental_health"])
    services.observation_reject(user=coordinator, observation=fourth, reason="Kaksoiskappale.")
    assert not TermCount.objects.filter(term="jono").exists()
    services.observation_hard_delete(user=coordinator, observation=first, reason="Testi.")
    assert not TermCount.objects.filter(term="asunnottomuus").exists()
    assert_table_is_raw()

    incremental = keywords.table_counts()
    assert incremental
    keywords.rebuild(batch_size=1)
    assert keywords.table_counts() == incremental


def test_rebuild_keywords_command_writes_the_table_and_reports(people, make_observation):
    for n in range(3):
        make_observation(description=f"Asunnottomuus kasvaa ({n}).", status=Status.ACCEPTED)
    make_observation(description="Luonnos ei kuulu lukuihin.", status=Status.REJECTED)
    TermCount.objects.all().delete()
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_keywords", "--batch-size", "2", stdout=out, stderr=err)
    assert "3 observations" in out.getvalue()
    assert "keywords" in err.getvalue() and "3/3" in err.getvalue()
    assert keywords.table_counts() == expected_table()
    assert TermCount.objects.get(phenomenon=ALL, term=ALL).count == 3
    assert not TermCount.objects.filter(term="luonnos").exists()


# --- Any sequence of changes ---------------------------------------------------------------------

TEXTS = [
    "Asunnottomuus on kasvanut ja yömaja on täynnä.",
    "Asunnottomia nuoria on yhä enemmän, yömajassa ei ole tilaa.",
    "Toimeentulotuen päätökset viivästyvät.",
    "Härbärget är fullt och klienterna sover i trapphus.",
]
PHENOMENA = ["homelessness", "homelessness.hostels", "livelihood", "mental_health"]
create = st.tuples(st.just("create"), st.sampled_from(["15", "06"]), st.sampled_from(TEXTS),
                   st.sampled_from(["2025-01-10", "2025-04-01"]),
                   st.lists(st.sampled_from(PHENOMENA), min_size=1, max_size=2, unique=True), st.booleans())
act = st.tuples(st.sampled_from(["accept", "classify", "reject", "quarantine", "release", "edit", "redact",
                                 "close", "hard_delete"]), st.integers(0, 20), st.sampled_from(TEXTS),
                st.lists(st.sampled_from(PHENOMENA), min_size=1, max_size=2, unique=True))


def run(people, operation, made):
    if operation[0] == "create":
        _, county, description, observed_on, phenomena, accept = operation
        observation = _submitted(people, county=county, description=description, observed_on=observed_on,
                                 phenomena=phenomena)
        made.append(observation.pk)
        if accept:
            services.observation_accept(user=people[county][1], observation=observation)
        return
    kind, index, description, phenomena = operation
    observation = Observation.objects.filter(pk=made[index % len(made)]).first() if made else None
    if observation is None:
        return
    coordinator = people[observation.county_code][1]
    calls = {
        "accept": lambda: services.observation_accept(user=coordinator, observation=observation),
        "classify": lambda: services.observation_classify(user=coordinator, observation=observation,
                                                          classification={"phenomena": phenomena}),
        "reject": lambda: services.observation_reject(user=coordinator, observation=observation, reason="Ei."),
        "quarantine": lambda: services.observation_quarantine(user=coordinator, observation=observation),
        "release": lambda: services.observation_release(user=coordinator, observation=observation),
        "edit": lambda: services.observation_edit_text(user=coordinator, observation=observation,
                                                       description=description),
        "redact": lambda: services.observation_redact(user=coordinator, observation=observation,
                                                      field="description", start=0, end=5),
        "close": lambda: services.observation_close(user=coordinator, observation=observation),
        "hard_delete": lambda: services.observation_hard_delete(user=coordinator, observation=observation,
                                                                reason="Testi."),
    }
    try:
        calls[kind]()
    except ServiceError:
        pass  # not possible in this state: nothing changed


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(operations=st.lists(st.one_of(create, act, act), min_size=1, max_size=10))
def test_the_table_equals_the_raw_texts_after_any_sequence_of_changes(people, operations):
    with transaction.atomic():
        made = []
        for operation in operations:
            run(people, operation, made)
        assert_table_is_raw()
        incremental = keywords.table_counts()
        keywords.rebuild()
        assert keywords.table_counts() == incremental
        transaction.set_rollback(True)
