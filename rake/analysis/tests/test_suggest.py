"""Phenomenon suggestions: cold start, training on classified observations, caching, API, command, page,
and learning only from what the asking user may read."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory, MembershipFactory, OrganisationFactory
from rake.analysis import suggest
from rake.observations import services
from rake.observations.models import Observation
from rake.observations.tests.factories import ObservationFactory

NOVEL = "zorblaxointi"
HOME = {"15"}  # the conftest users' county


@pytest.fixture(autouse=True)
def _fresh_model():
    suggest.clear_cache()
    yield
    suggest.clear_cache()


def top(pairs):
    return pairs[0][0] if pairs else None


# --- the model --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, language, expected", [
    ("Nuori on asunut sohvalta sohvalle, eikä hänellä ole omaa kotia.", "fi", "homelessness"),
    ("Rahat loppuvat kesken kuun, ja toimeentulotuen päätös viipyy.", "fi", "livelihood"),
    ("Asiakas ei jaksa, ja ahdistus estää lähtemästä kotoa.", "fi", "mental_health"),
    ("Juominen on lisääntynyt ja korvaushoitoon on pitkä jono.", "fi", "substance_use"),
    ("Kylästä ei kulje bussia, eikä ikäihminen pääse asioimaan.", "fi", "other"),
    ("Han har ingen bostad och sover på härbärget.", "sv", "homelessness"),
    ("Pengarna räcker inte och skulderna växer.", "sv", "livelihood"),
    ("Hon orkar inte och ångesten är svår.", "sv", "mental_health"),
    ("Missbruket av alkohol och droger har ökat.", "sv", "substance_use"),
    ("Våld i hemmet och hot mot barnen.", "sv", "other"),
])
def test_lexicon_alone_suggests_the_right_phenomenon(text, language, expected):
    model = suggest.train([])
    assert model.trained_on == 0
    assert top(suggest.rank(model, text, language)) == expected
    assert top(suggest.rank(model, text)) == expected  # the language guessed


@pytest.mark.parametrize("text, language, expected", [
    ("Kotona oli tyhjiä pulloja joka nurkassa.", "fi", "substance_use"),
    ("Nuoret kertovat, että piriä ja kamaa saa helposti.", "fi", "substance_use"),
    ("Hän sohvasurffaa kavereiden luona.", "fi", "homelessness"),
    ("Han är en gammal pundare.", "sv", "substance_use"),
    ("Självskadebeteendet har ökat bland flickorna.", "sv", "mental_health"),
    ("Familjen har inte råd med vinterkläder.", "sv", "livelihood"),
])
def test_the_lexicon_knows_slang_and_indirect_wording(text, language, expected):
    assert top(suggest.rank(suggest.train([]), text, language)) == expected


def test_swedish_compounds_are_split_into_known_parts():
    assert set(suggest._sv_compound_parts("missbruksvård")) >= {"missbruk", "vård"}
    assert suggest._sv_compound_parts("hus") == ()
    feats = suggest.text_features("Missbruksvården har långa köer.", "sv")
    assert "missbruk" in feats and "vård" in feats


def test_stem_prefixes_reach_unknown_inflections():
    feats = suggest.text_features("Soffsurfandet fortsätter.", "sv")
    assert "~" + "soffsurfande"[:suggest.PREFIX] in feats


def test_example_weights_count_a_text_as_a_fraction():
    heavy = [((NOVEL,), "other", 1.0)] * 3 + [((NOVEL,), "livelihood", 0.5)] * 4
    model = suggest.train(heavy, lexicon=False)
    assert model.trained_on == 5
    assert top(suggest.rank(model, NOVEL, "fi")) == "other"
    assert suggest.train([((NOVEL,), "other", 0)], lexicon=False).trained_on == 0


def test_scores_are_probabilities_of_national_codes():
    pairs = suggest.rank(suggest.train([]), "Asunnoton nuori nukkuu rappukäytävässä.", "fi", limit=5)
    assert [c for c, _ in pairs] and {c for c, _ in pairs} <= set(suggest.CODES)
    assert sum(s for _, s in pairs) <= 1.0 + 1e-6
    assert all(0 <= s <= 1 for _, s in pairs)
    assert [s for _, s in pairs] == sorted((s for _, s in pairs), reverse=True)
    assert len(suggest.rank(suggest.train([]), "Asunnoton nuori.", "fi", limit=2)) == 2


def test_nothing_known_suggests_nothing(db):
    assert suggest.rank(suggest.train([]), f"{NOVEL} {NOVEL}", "fi") == []
    assert suggest.suggest("   ", scope=HOME) == []
    assert suggest.suggest(None, scope=HOME) == []


def test_a_feature_in_fewer_than_min_texts_examples_teaches_nothing():
    common = [(("asunnoton", "kylmä"), "homelessness")] * 6
    rare = [((NOVEL, "kylmä"), "other")] * 4
    model = suggest.train(common + rare, lexicon=False, min_texts=5)
    assert NOVEL not in model.vocabulary and "kylmä" in model.vocabulary
    assert suggest.rank(model, NOVEL, "fi") == []
    # Leaving it out is as if it had never been seen: the other features' likelihoods do not move.
    without = suggest.train(common + [(("kylmä",), "other")] * 4, lexicon=False, min_texts=5)
    assert model.vocabulary == without.vocabulary
    assert (model.log_likelihood == without.log_likelihood).all()
    taught = suggest.train(common + rare + [((NOVEL,), "other")], lexicon=False, min_texts=5)
    assert NOVEL in taught.vocabulary and suggest.rank(taught, NOVEL, "fi") != []


def test_training_data_outweighs_the_lexicon_as_it_grows():
    examples = [((NOVEL, "asunnoton"), "other")] * 50
    model = suggest.train(examples)
    assert top(suggest.rank(model, f"{NOVEL}.", "fi")) == "other"


# --- the held-out evaluation data (scripts/bench_suggest.py) ----------------------------------------

DATA = Path(suggest.__file__).parent / "data"


def _rows(name):
    with open(DATA / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _sentences(text):
    """Lower-cased sentences and clauses, so a sentence copied with other punctuation still matches."""
    parts = re.split(r"(?<=[.!?;:])\s+", text.lower())
    return {" ".join(part.split()).rstrip(".!?;:") for part in parts if part.strip()}


def test_the_fresh_evaluation_set_is_large_varied_and_kept_out_of_training():
    fresh = _rows("suggest_eval_fresh.jsonl")
    assert all(set(row) == {"text", "language", "label"} for row in fresh)
    texts = [row["text"] for row in fresh]
    assert len(set(texts)) == len(texts) >= 300
    assert {row["language"] for row in fresh} == {"fi", "sv"}
    assert {row["label"] for row in fresh} == set(suggest.CODES)
    training_rows = _rows("suggest_train.jsonl") + _rows("suggest_train_varied.jsonl")
    training = set().union(*(_sentences(row["text"]) for row in training_rows))
    shared = [sentence for text in texts for sentence in _sentences(text) if sentence in training]
    assert shared == []
    first_set = {row["text"] for row in _rows("suggest_eval.jsonl")}
    assert first_set.isdisjoint(texts)


def test_the_varied_training_set_is_balanced_and_has_no_identifiers():
    rows = _rows("suggest_train_varied.jsonl")
    assert len(rows) >= 500 and len({row["text"] for row in rows}) == len(rows)
    counts = {}
    for row in rows:
        counts[(row["language"], row["label"])] = counts.get((row["language"], row["label"]), 0) + 1
    assert set(counts) == {(lang, code) for lang in ("fi", "sv") for code in suggest.CODES}
    assert min(counts.values()) >= 45
    assert not any(re.search(r"\d{6}[-+A]\d{3}|@|\+358|\d{3} ?\d{4}", row["text"]) for row in rows)
    first_set = {row["text"] for row in _rows("suggest_eval.jsonl")}
    assert first_set.isdisjoint(row["text"] for row in rows)


# --- trained on classified observations -------------------------------------------------------------

def _accepted(make_observation, count, word=NOVEL, phenomenon="substance_use", **kwargs):
    return [make_observation(description=f"Alueella esiintyy {word} ({i}).", phenomena=[phenomenon],
                             status="accepted", **kwargs) for i in range(count)]


def test_classified_observations_teach_a_new_word(make_observation):
    k = settings.RAKE_SUPPRESSION_THRESHOLD
    assert suggest.suggest(f"Havaittiin {NOVEL}.", scope=HOME, language="fi") == []
    _accepted(make_observation, k)
    # Not classified yet (submitted): not training data.
    make_observation(description=f"{NOVEL} taas {NOVEL}.", phenomena=["livelihood"])
    assert top(suggest.suggest(f"Havaittiin {NOVEL}.", scope=HOME, language="fi")) == "substance_use"
    assert suggest.current_model(HOME).trained_on == k


@override_settings(RAKE_SUPPRESSION_THRESHOLD=1)
def test_the_cache_retrains_when_an_observation_is_classified(make_observation, coordinator):
    first = suggest.current_model(HOME)
    assert suggest.current_model(HOME) is first  # unchanged data: the same model
    observation = make_observation(description=f"Uusi ilmiö: {NOVEL}.", phenomena=["other"])
    assert suggest.current_model(HOME) is first  # a submitted observation is not training data
    services.observation_accept(user=coordinator, observation=observation)
    second = suggest.current_model(HOME)
    assert second is not first and second.trained_on == first.trained_on + 1
    assert top(suggest.suggest(NOVEL, scope=HOME, language="fi")) == "other"


@override_settings(RAKE_SUPPRESSION_THRESHOLD=1)
def test_reclassification_retrains(make_observation, coordinator):
    observation = make_observation(description=f"{NOVEL} yleistyy.", phenomena=["other"], status="accepted")
    assert top(suggest.suggest(NOVEL, scope=HOME, language="fi")) == "other"
    services.observation_classify(user=coordinator, observation=observation,
                                  classification={"phenomena": ["mental_health"]})
    assert top(suggest.suggest(NOVEL, scope=HOME, language="fi")) == "mental_health"


def test_the_threshold_change_retrains(make_observation):
    _accepted(make_observation, 2)
    assert suggest.suggest(NOVEL, scope=HOME, language="fi") == []
    with override_settings(RAKE_SUPPRESSION_THRESHOLD=2):
        assert top(suggest.suggest(NOVEL, scope=HOME, language="fi")) == "substance_use"


# --- API ----------------------------------------------------------------------------------------------

URL = "/api/v1/suggest/phenomena"


def test_url_name():
    assert reverse("api:suggest-phenomena") == URL


@pytest.mark.parametrize("role, allowed", [
    ("coordinator", True), ("analyst", True), ("reporter", False), ("viewer", False), ("national", False),
    ("rake_admin", False), ("no_role_user", False),
])
def test_api_permissions(request, api_as, role, allowed):
    user = request.getfixturevalue(role)
    response = api_as(user).post(URL, {"text": "Asunnoton mies nukkuu ulkona."}, format="json")
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        suggestions = response.json()["suggestions"]
        assert suggestions[0]["code"] == "homelessness"
        assert set(suggestions[0]) == {"code", "score"}
        assert sum(s["score"] for s in suggestions) <= 1.0 + 1e-6


def test_api_anonymous(api_client):
    assert api_client.post(URL, {"text": "x"}, format="json").status_code in (401, 403)


@pytest.mark.parametrize("body", [
    {"text": 5}, {"text": None}, {"text": ["a"]}, {}, {"text": "a" * 20_001}, [1, 2], "text",
    {"text": "ok", "language": "de"}, {"text": "ok", "limit": 0},
])
def test_api_rejects_bad_input(coordinator_api, body):
    response = coordinator_api.post(URL, body, format="json")
    assert response.status_code == 400


def test_api_edge_texts(coordinator_api):
    assert coordinator_api.post(URL, {"text": ""}, format="json").json() == {"suggestions": []}
    response = coordinator_api.post(URL, {"text": "a" * 20_000}, format="json")
    assert response.status_code == 200
    response = coordinator_api.post(URL, {"text": "Pengarna räcker inte.", "language": "sv", "limit": 1},
                                    format="json")
    assert response.json()["suggestions"][0]["code"] == "livelihood"
    assert len(response.json()["suggestions"]) == 1
    response = coordinator_api.post(URL, data='{"text": "\\ud800 x \u2764 asunnoton"}',
                                    content_type="application/json")
    assert response.status_code in (200, 400)  # never a 500
    response = coordinator_api.post(URL, data='{"text": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400


# --- only from what the asking user may read (issue 15) -----------------------------------------------

WORD = "vrumplikotti"  # a made-up word, as a name would be
# The word and what an attacker would try next: its beginnings (the model's stem prefixes reach them).
PROBES = [WORD, WORD[:9], WORD[:7], f"Asiakas mainitsi: {WORD}."]


def _answers(client):
    return [client.post(URL, {"text": text, "language": "fi", "limit": 5}, format="json").json()["suggestions"]
            for text in PROBES]


def test_another_countys_accepted_word_does_not_change_suggestions(api_as, analyst, coordinator):
    reporter_08 = MemberFactory(username="reporter-08", role=Role.REPORTER, county="08")
    coordinator_08 = MemberFactory(username="coordinator-08", role=Role.COORDINATOR, county="08")
    analyst_15, coordinator_15 = api_as(analyst), api_as(coordinator)
    client_08 = api_as(coordinator_08)
    before = _answers(analyst_15)
    assert before[:3] == [[], [], []]

    # County 08 accepts enough observations with the word that it would teach anyone reading them.
    for i in range(settings.RAKE_SUPPRESSION_THRESHOLD + 2):
        observation = ObservationFactory(reporter=reporter_08, description=f"Asiakas {WORD} kävi ({i}).",
                                         phenomena=["mental_health"])
        services.observation_accept(user=coordinator_08, observation=observation)

    seen_in_08 = _answers(client_08)
    assert all(answer and answer[0]["code"] == "mental_health" for answer in seen_in_08[:3])
    assert _answers(analyst_15) == before
    assert _answers(coordinator_15) == before


def test_a_word_in_fewer_than_k_observations_of_ones_own_county_teaches_nothing(api_as, analyst,
                                                                                 make_observation):
    client = api_as(analyst)
    k = settings.RAKE_SUPPRESSION_THRESHOLD
    before = _answers(client)[:3]
    assert before == [[], [], []]

    _accepted(make_observation, k - 1, word=WORD, phenomenon="mental_health")
    assert _answers(client)[:3] == before

    _accepted(make_observation, 1, word=WORD, phenomenon="mental_health")
    after = _answers(client)[:3]
    assert all(answer and answer[0]["code"] == "mental_health" for answer in after)


def test_a_user_of_two_counties_learns_from_both(api_as, make_observation):
    both = MemberFactory(username="analyst-both", role=Role.ANALYST, county="08")
    MembershipFactory(user=both, organisation=OrganisationFactory(county_code="15"), role=Role.ANALYST)
    reporter_08 = MemberFactory(username="reporter-08", role=Role.REPORTER, county="08")
    k = settings.RAKE_SUPPRESSION_THRESHOLD
    _accepted(make_observation, k - 1, word=WORD, phenomenon="other")
    _accepted(make_observation, 1, word=WORD, phenomenon="other", reporter=reporter_08)
    assert suggest.scope_of(both) == {"08", "15"}
    answer = api_as(both).post(URL, {"text": WORD, "language": "fi"}, format="json").json()["suggestions"]
    assert answer and answer[0]["code"] == "other"


# --- command ---------------------------------------------------------------------------------------

def test_command_keeps_order_and_adds_suggestions(db, tmp_path):
    rows = [
        {"id": 1, "text": "Pengarna räcker inte till hyran och skulderna växer.", "language": "sv"},
        {"id": 2, "text": "Juominen on lisääntynyt."},
        {"id": 3, "text": ""},
        {"id": 4, "text": "Asiakas ei jaksa ja ahdistus on kova.", "extra": {"k": [1]}},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    target = tmp_path / "out.jsonl"
    call_command("suggest_phenomena", "--input", str(source), "--output", str(target))
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in out] == [1, 2, 3, 4]
    assert [top([(s["code"], s["score"]) for s in r["suggestions"]]) for r in out] == [
        "livelihood", "substance_use", None, "mental_health"]
    assert out[3]["extra"] == {"k": [1]}
    assert list(out[0]) == ["id", "text", "language", "suggestions"]


@pytest.mark.parametrize("line, message", [
    ("not json", "line 2: not valid JSON"),
    ('{"text": 5}', 'line 2: "text" must be a string'),
    ("[1]", "line 2: expected a JSON object"),
    ('{"nope": "x"}', 'line 2: the object has no "text"'),
])
def test_command_bad_line(db, tmp_path, line, message):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Asunnoton."}\n' + line + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    with pytest.raises(CommandError, match=message):
        call_command("suggest_phenomena", "--input", str(source), "--output", str(target))
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_command_reads_a_file_that_starts_with_a_byte_order_mark(db, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'\xef\xbb\xbf{"text": "Juominen on lis\xc3\xa4\xc3\xa4ntynyt."}\n\n{"text": ""}\n')
    target = tmp_path / "out.jsonl"
    call_command("suggest_phenomena", "--input", str(source), "--output", str(target))
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [top([(s["code"], s["score"]) for s in r["suggestions"]]) for r in out] == ["substance_use", None]


def test_command_learns_from_the_counties_given(make_observation, tmp_path):
    reporter_08 = MemberFactory(username="reporter-08", role=Role.REPORTER, county="08")
    _accepted(make_observation, settings.RAKE_SUPPRESSION_THRESHOLD, word=WORD, phenomenon="other",
              reporter=reporter_08)
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": WORD, "language": "fi"}) + "\n", encoding="utf-8")

    def suggestions(*args):
        target = tmp_path / "out.jsonl"
        call_command("suggest_phenomena", "--input", str(source), "--output", str(target), *args)
        return json.loads(target.read_text(encoding="utf-8"))["suggestions"]

    assert suggestions("--county", "15") == []
    assert suggestions("--county", "15", "--county", "08")[0]["code"] == "other"
    assert suggestions()[0]["code"] == "other"  # the operator's default: every county
    with pytest.raises(CommandError, match="unknown county code: 99"):
        suggestions("--county", "99")


def test_command_missing_input(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("suggest_phenomena", "--input", str(tmp_path / "nope.jsonl"), "--output", "-")


# --- shown in triage, never applied -----------------------------------------------------------------

def _phenomena(observation):
    return list(observation.phenomenon_links.order_by("position").values_list("phenomenon__code", "position"))


def test_detail_page_shows_suggestions_to_a_coordinator_only(client, make_observation, coordinator, reporter):
    observation = make_observation(description="Rahat loppuvat kesken kuun ja laskuja on rästissä.",
                                   phenomena=["homelessness"])
    before = _phenomena(observation)
    url = reverse("observations:detail", args=[observation.pk])
    client.force_login(coordinator)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Suggested phenomena" in page
    assert 'data-code="livelihood"' in page
    assert "never applied automatically" in page
    assert "% confidence" in page
    # Viewing does not apply anything.
    observation.refresh_from_db()
    assert _phenomena(observation) == before
    assert Observation.objects.get(pk=observation.pk).status == observation.status

    client.force_login(reporter)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Suggested phenomena" not in response.content.decode()


def test_detail_page_suggests_only_from_the_coordinators_county(client, make_observation, coordinator):
    reporter_08 = MemberFactory(username="reporter-08", role=Role.REPORTER, county="08")
    _accepted(make_observation, settings.RAKE_SUPPRESSION_THRESHOLD + 1, word=WORD, phenomenon="other",
              reporter=reporter_08)
    observation = make_observation(description=f"{WORD}.")
    client.force_login(coordinator)
    page = client.get(reverse("observations:detail", args=[observation.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Suggested phenomena" not in page.content.decode()
