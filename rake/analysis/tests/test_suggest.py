"""Phenomenon suggestions: cold start, training on classified observations, caching, API, command, page."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from rake.analysis import suggest
from rake.observations.models import Observation

NOVEL = "zorblaxointi"


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


def test_nothing_known_suggests_nothing():
    assert suggest.rank(suggest.train([]), f"{NOVEL} {NOVEL}", "fi") == []
    assert suggest.suggest("   ") == []
    assert suggest.suggest(None) == []


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

def test_classified_observations_teach_a_new_word(make_observation):
    assert suggest.suggest(f"Havaittiin {NOVEL}.", language="fi") == []
    for i in range(3):
        make_observation(description=f"Alueella esiintyy {NOVEL} ({i}).", phenomena=["substance_use"],
                         status="accepted")
    # Not classified yet (submitted): not training data.
    make_observation(description=f"{NOVEL} taas {NOVEL}.", phenomena=["livelihood"])
    assert top(suggest.suggest(f"Havaittiin {NOVEL}.", language="fi")) == "substance_use"
    assert suggest.current_model().trained_on == 3


def test_the_cache_retrains_when_an_observation_is_classified(make_observation, coordinator):
    from rake.observations import services

    first = suggest.current_model()
    assert suggest.current_model() is first  # unchanged data: the same model
    observation = make_observation(description=f"Uusi ilmiö: {NOVEL}.", phenomena=["other"])
    assert suggest.current_model() is first  # a submitted observation is not training data
    services.observation_accept(user=coordinator, observation=observation)
    second = suggest.current_model()
    assert second is not first and second.trained_on == first.trained_on + 1
    assert top(suggest.suggest(NOVEL, language="fi")) == "other"


def test_reclassification_retrains(make_observation, coordinator):
    from rake.observations import services

    observation = make_observation(description=f"{NOVEL} yleistyy.", phenomena=["other"], status="accepted")
    assert top(suggest.suggest(NOVEL, language="fi")) == "other"
    services.observation_classify(user=coordinator, observation=observation,
                                  classification={"phenomena": ["mental_health"]})
    assert top(suggest.suggest(NOVEL, language="fi")) == "mental_health"


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
