"""Properties of the privacy guard (rake.observations.guard, DESIGN §4.2): a text with findings is refused
unless every finding is acknowledged exactly (field, start, end, kind in the text as sent), a strong
identifier (an identity code or IBAN whose check is right) is refused however it is named, an
acknowledgement of anything else never counts, editing the personal data out passes, and the API refuses a
generated text with a generated identity code with 422 and stores nothing.

test_privacy_guard.py shows each rule on hand-written texts; these check them on generated ones.
Synthetic data only (rake/privacy/tests/strategies.py).
"""

import json
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rake.core.errors import PersonalDataFound, ValidationError
from rake.observations import guard
from rake.observations.models import IdempotencyKey, Observation, PrivacyAcknowledgement, Status, TimelineEvent
from rake.observations.tests.factories import ObservationFactory
from rake.observations.tests.strategies import each_example_rolled_back
from rake.privacy.detectors import KINDS
from rake.privacy.scanner import STRONG_MESSAGE
from rake.privacy.tests.strategies import (
    LANGUAGES,
    SEPARATORS_AFTER,
    SEPARATORS_BEFORE,
    filler,
    identifiers,
    identity_codes,
    texts_with_identifiers,
)

FIELDS = st.sampled_from(guard.FINDING_FIELDS)
WHITESPACE = st.text(alphabet=" \n\t\r", max_size=4)


def keys(findings):
    return {finding.key for finding in findings}


def mutations(key):
    """Acknowledgements that name something near the finding, but not the finding."""
    field, start, end, kind = key
    other_field = next(name for name in guard.FINDING_FIELDS if name != field)
    other_kind = next(name for name in KINDS if name != kind)
    return {
        (field, start + 1, end, kind), (field, start, end + 1, kind), (field, start, end - 1, kind),
        (field, start + 1, end + 1, kind), (field, max(start - 1, 0), end - 1, kind),
        (other_field, start, end, kind), (field, start, end, other_kind),
    } - {(field, start, end, kind)}


@st.composite
def guarded_texts(draw):
    """(field, text as sent, findings of guard.check with nothing acknowledged)."""
    field = draw(FIELDS)
    text = draw(WHITESPACE) + draw(texts_with_identifiers())[0] + draw(WHITESPACE)
    try:
        guard.check({field: text})
    except PersonalDataFound as exc:
        return field, text, exc.findings
    raise AssertionError(f"nothing found in {text!r}")  # every generated text holds an identifier


# --- check() and acknowledgements -------------------------------------------------------------------------

@settings(max_examples=120, deadline=None)
@given(guarded_texts(), st.data())
def test_passes_exactly_when_every_finding_is_acknowledged(guarded, data):
    field, text, findings = guarded
    real = keys(findings)
    chosen = {key for key in sorted(real) if data.draw(st.booleans(), label=f"acknowledge {key}")}
    # Acknowledgements of other spans, kinds or fields never count, however many are sent.
    near = set().union(*(mutations(key) for key in real)) - real
    junk = set(data.draw(st.lists(st.sampled_from(sorted(near)), max_size=6), label="junk")) if near else set()

    strong = {f.key for f in findings if f.strong}

    try:
        result = guard.check({field: text}, acknowledged=chosen | junk)
    except PersonalDataFound as exc:
        assert chosen != real or strong
        assert keys(exc.findings) == real  # every finding is listed, also the acknowledged ones
        assert {f.key for f in exc.findings if f.acknowledged} == chosen - strong
        assert {f.key for f in exc.findings if f.strong} == strong
        assert (exc.message == STRONG_MESSAGE) == bool(strong)
    else:
        assert chosen == real and not strong
        assert keys(result) == real and all(f.acknowledged for f in result)


@settings(max_examples=100, deadline=None)
@given(FIELDS, WHITESPACE, texts_with_identifiers(), WHITESPACE, LANGUAGES)
def test_findings_point_into_the_text_as_sent(field, lead, generated, trail, language):
    """Offsets count the whitespace the client sent (the stored text is stripped: stored_start is the
    offset there), and each embedded identifier is a finding with its exact span."""
    body, placed = generated
    text = lead + body + trail
    findings = guard.scan_field(field, text, language=guard.scan_language(language))

    by_span = {(f.start, f.end, f.kind): f for f in findings}
    for start, end, kind, _reason in placed:
        assert (len(lead) + start, len(lead) + end, kind) in by_span
    for finding in findings:
        assert finding.field == field and not finding.acknowledged
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start:finding.end] == text.strip()[finding.stored_start:finding.stored_end]
        assert text[finding.start:finding.end].strip() == text[finding.start:finding.end]


@settings(max_examples=80, deadline=None)
@given(FIELDS, identifiers, filler, filler, st.sampled_from(SEPARATORS_BEFORE), st.sampled_from(SEPARATORS_AFTER),
       st.one_of(WHITESPACE.filter(bool), filler.filter(bool).map(lambda words: words + " ")))
def test_an_acknowledgement_stops_counting_when_the_text_changes(field, identifier, before, after, separator,
                                                                  closing, prefix):
    """Acknowledgements name places in one text: once something is written before the finding, they no
    longer let the text through, and the text must be confirmed again."""
    identifier = identifier[0]
    text = (before + separator if before else "") + identifier + (closing + after if after else "")
    assume(guard.scan_field(field, text.replace(identifier, "")) == [])  # the identifier is the only finding
    findings = guard.scan_field(field, text)
    assume(len(findings) == 1)
    acknowledged = keys(findings)
    if findings[0].strong:  # never acknowledged in the first place
        with pytest.raises(PersonalDataFound):
            guard.check({field: text}, acknowledged=acknowledged)
        return
    assert guard.check({field: text}, acknowledged=acknowledged)

    changed = prefix + text
    assume(len(guard.scan_field(field, changed)) == 1)
    with pytest.raises(PersonalDataFound) as refused:
        guard.check({field: changed}, acknowledged=acknowledged)
    (finding,) = refused.value.findings
    assert not finding.acknowledged and changed[finding.start:finding.end] == identifier


@settings(max_examples=60, deadline=None)
@given(st.lists(guarded_texts(), min_size=2, max_size=3, unique_by=lambda guarded: guarded[0]))
def test_each_field_is_acknowledged_on_its_own(guarded):
    """With several fields, an acknowledgement of one field's finding does not pass another field's."""
    texts = {field: text for field, text, _findings in guarded}
    every = set().union(*(keys(findings) for _field, _text, findings in guarded))
    with_strong = {field for field, _text, findings in guarded if any(f.strong for f in findings)}
    if with_strong:
        with pytest.raises(PersonalDataFound) as refused:
            guard.check(texts, acknowledged=every)
        assert {f.field for f in refused.value.findings if not f.acknowledged} == with_strong
    else:
        assert keys(guard.check(texts, acknowledged=every)) == every

    for left_out, _text, findings in guarded:
        with pytest.raises(PersonalDataFound) as refused:
            guard.check(texts, acknowledged=every - keys(findings))
        assert {f.field for f in refused.value.findings if not f.acknowledged} == {left_out} | with_strong


# --- acknowledgements as clients send them -----------------------------------------------------------------

@settings(max_examples=80, deadline=None)
@given(guarded_texts(), st.booleans())
def test_acknowledgements_from_the_form_and_the_api_round_trip(guarded, as_form):
    field, text, findings = guarded
    if as_form:  # the form's checkboxes: "field:start:end:kind"
        sent = [f"{f.field}:{f.start}:{f.end}:{f.kind}" for f in findings]
    else:  # the API's objects
        sent = [{"field": f.field, "start": f.start, "end": f.end, "kind": f.kind} for f in findings]
    parsed = guard.parse_acknowledgements(json.loads(json.dumps(sent)))
    assert parsed == keys(findings)
    if any(f.strong for f in findings):
        with pytest.raises(PersonalDataFound) as refused:
            guard.check({field: text}, acknowledged=parsed)
        assert {f.key for f in refused.value.findings if not f.acknowledged} == {f.key for f in findings if f.strong}
    else:
        assert keys(guard.check({field: text}, acknowledged=parsed)) == keys(findings)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.builds(lambda *parts: ":".join(map(str, parts)), FIELDS | st.text(max_size=5), st.integers(-3, 50),
                st.integers(-3, 50), st.sampled_from(KINDS) | st.text(max_size=5)),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["field", "start", "end", "kind", "x"]) | st.text(max_size=4), children,
                      max_size=5),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_any_acknowledgement_input_is_parsed_or_refused_with_a_field_error(value):
    """What a client sends as acknowledged_findings becomes exact keys, or a 400 naming that field."""
    try:
        parsed = guard.parse_acknowledgements(value)
    except ValidationError as error:
        assert set(error.field_errors) == {"acknowledged_findings"}
        assert all(str(message) for message in error.field_errors["acknowledged_findings"])
    else:
        for field, start, end, kind in parsed:
            assert field in guard.FINDING_FIELDS and isinstance(kind, str)
            assert isinstance(start, int) and isinstance(end, int) and 0 <= start < end


# Offsets as clients might write them: numbers, whole or not, digits and things that only look like numbers.
OFFSET = (st.integers(-3, 60) | st.floats(-3, 60, allow_nan=False) | st.integers(0, 60).map(str)
          | st.sampled_from([5.0, "1_0", "\u0665", " 5", "+5", "-1", "", True, None]))
FINDING_ITEM = st.fixed_dictionaries({"field": FIELDS, "start": OFFSET, "end": OFFSET, "kind": st.sampled_from(KINDS)})
FINDING_TEXT = st.builds(lambda item: f"{item['field']}:{item['start']}:{item['end']}:{item['kind']}", FINDING_ITEM)


def whole(value):
    """The offset a client meant, or None when it is not a whole number (the specification, written apart)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    return int(value) if re.fullmatch(r"[0-9]+", value) else None


@settings(max_examples=200, deadline=None)
@given(st.lists(FINDING_ITEM | FINDING_TEXT, max_size=4))
def test_well_formed_findings_are_read_exactly_and_any_other_offset_is_refused(sent):
    items = [dict(zip(("field", "start", "end", "kind"), item.split(":"), strict=True)) if isinstance(item, str)
             else item for item in sent]
    offsets = [(whole(item["start"]), whole(item["end"])) for item in items]
    valid = all(start is not None and end is not None and 0 <= start < end for start, end in offsets)

    if not valid:
        with pytest.raises(ValidationError):
            guard.parse_acknowledgements(sent)
    else:
        expected = {(item["field"], start, end, item["kind"]) for item, (start, end) in zip(items, offsets)}
        assert guard.parse_acknowledgements(sent) == expected


@pytest.mark.parametrize("start", [1.9, "1_0", "\u0665", " 1", "+1", float("inf"), True])
def test_an_offset_that_is_not_a_whole_number_as_written_is_refused(start):
    with pytest.raises(ValidationError):
        guard.parse_acknowledgements([{"field": "description", "start": start, "end": 20, "kind": "email"}])


# --- the API ----------------------------------------------------------------------------------------------

LIST = "/api/v1/observations"
SAFE_WORDS = st.lists(st.sampled_from(
    "asiakas asiakkaan palvelu odottaa päätös kuukausia viikkoja ja tai mutta koska kertoi lomakkeessa luki "
    "tunnus klienten väntade beslut månader och att som numret".split()), max_size=8).map(" ".join)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(guard.GUARDED_FIELDS), lead=WHITESPACE, before=SAFE_WORDS, after=SAFE_WORDS,
       code=identity_codes(), separator=st.sampled_from(SEPARATORS_BEFORE), closing=st.sampled_from(SEPARATORS_AFTER),
       draft=st.booleans(), acknowledge_others=st.booleans(), with_key=st.booleans())
@each_example_rolled_back
def test_the_api_refuses_an_identity_code_and_stores_nothing(reporter_api, payload, field, lead, before, after, code,
                                                               separator, closing, draft, acknowledge_others,
                                                               with_key):
    code = code[0]
    text = lead + (before + separator if before else "") + code + (closing + after if after else "")
    start = text.index(code)
    body = payload(**{field: text})
    if field != "description":
        body["description"] = "Asiakkaiden päätökset viipyvät kuukausia."
    if draft:
        body["status"] = "draft"
    if acknowledge_others:  # every other finding confirmed, and the code's neighbours too: still refused
        others = [f for f in guard.scan_field(field, text) if (f.start, f.end) != (start, start + len(code))]
        near = [{"field": field, "start": start + shift, "end": start + len(code) + shift, "kind": "personal_id"}
                for shift in (-1, 1) if start + shift >= 0]
        body["acknowledged_findings"] = [
            {"field": f.field, "start": f.start, "end": f.end, "kind": f.kind} for f in others] + near
    headers = {"HTTP_IDEMPOTENCY_KEY": f"guard-property-{start}-{len(text)}"} if with_key else {}

    response = reporter_api.post(LIST, body, format="json", **headers)

    assert response.status_code == 422, response.content
    result = response.json()
    assert result["code"] == "personal_data"
    assert {"field": field, "start": start, "end": start + len(code), "kind": "personal_id", "acknowledged": False} in [
        {key: finding[key] for key in ("field", "start", "end", "kind", "acknowledged")}
        for finding in result["findings"]
    ]
    assert code not in response.content.decode() and code.upper() not in response.content.decode()
    assert not Observation.objects.exists()
    assert not IdempotencyKey.objects.exists()
    assert not PrivacyAcknowledgement.objects.exists() and not TimelineEvent.objects.exists()


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=SAFE_WORDS, after=SAFE_WORDS, code=identity_codes(), separator=st.sampled_from(SEPARATORS_BEFORE),
       closing=st.sampled_from(SEPARATORS_AFTER), replacement=st.sampled_from(["", "[poistettu]", "…", "(ei kirjata)"]))
@each_example_rolled_back
def test_editing_the_personal_data_out_passes_with_the_old_acknowledgements(reporter_api, payload, before, after,
                                                                           code, separator, closing, replacement):
    """The reporter is refused, deletes the identity code and sends again; the form still carries the
    acknowledgements of the first answer, which describe text that is gone: the edited text is stored."""
    code = code[0]
    around = ((before + separator if before else ""), (closing + after if after else ""))
    refused = reporter_api.post(LIST, payload(description=around[0] + code + around[1]), format="json")
    assert refused.status_code == 422, refused.content
    stale = [{key: finding[key] for key in ("field", "start", "end", "kind")}
             for finding in refused.json()["findings"]]
    edited = around[0] + replacement + around[1]
    assume(edited.strip())

    response = reporter_api.post(LIST, payload(description=edited, acknowledged_findings=stale), format="json")

    assert response.status_code == 201, response.content
    assert Observation.objects.get(pk=response.json()["id"]).description == edited.strip()


# Found by the property above: the API trimmed the proposed action and the proposed owner before the guard
# scanned them, so their offsets missed the whitespace the client sent (the description's did not).
@pytest.mark.django_db
@pytest.mark.parametrize("field", ["proposed_action", "proposed_owner"])
def test_offsets_in_every_guarded_field_count_the_whitespace_sent(reporter_api, payload, field):
    code = "131052-9086"  # a wrong check character: acknowledgeable (a valid one never is)
    sent = f"\n  Lomakkeessa luki {code}. "
    response = reporter_api.post(LIST, payload(**{field: sent}), format="json")

    assert response.status_code == 422
    assert [(f["field"], sent[f["start"]:f["end"]]) for f in response.json()["findings"]] == [(field, code)]
    acknowledged = [{"field": field, "start": sent.index(code), "end": sent.index(code) + len(code),
                     "kind": "personal_id"}]
    response = reporter_api.post(LIST, payload(**{field: sent, "acknowledged_findings": acknowledged}), format="json")
    assert response.status_code == 201
    assert getattr(Observation.objects.get(), field) == sent.strip()


# Noticed with the one above: the transition's reason and the reporter's answer were trimmed by the API before
# the guard scanned them, so a client that sent leading whitespace got offsets that missed its text.
@pytest.mark.django_db
@pytest.mark.parametrize("action", ["reject", "request_clarification", "accept"])
def test_offsets_in_a_transition_reason_count_the_whitespace_sent(coordinator_api, reporter, action):
    observation = ObservationFactory(reporter=reporter)
    code = "131052-9086"  # a wrong check character: acknowledgeable (a valid one never is)
    sent = f"\n  Asiakkaan tunnus oli {code}. "
    url = f"/api/v1/observations/{observation.pk}/transition"

    response = coordinator_api.post(url, {"action": action, "reason": sent}, format="json")

    assert response.status_code == 422
    assert [(f["field"], sent[f["start"]:f["end"]]) for f in response.json()["findings"]] == [("reason", code)]
    acknowledged = [{"field": "reason", "start": sent.index(code), "end": sent.index(code) + len(code),
                     "kind": "personal_id"}]
    response = coordinator_api.post(url, {"action": action, "reason": sent, "acknowledged_findings": acknowledged},
                                    format="json")
    assert response.status_code == 200, response.content
    event = TimelineEvent.objects.filter(observation=observation, kind=action).get()
    assert event.message == sent.strip()


@pytest.mark.django_db
def test_offsets_in_an_answer_count_the_whitespace_sent(reporter_api, reporter):
    observation = ObservationFactory(reporter=reporter, status=Status.CLARIFICATION_REQUESTED)
    code = "131052-9086"  # a wrong check character: acknowledgeable (a valid one never is)
    sent = f"\n\t Tunnus on {code}."
    url = f"/api/v1/observations/{observation.pk}/answer"

    response = reporter_api.post(url, {"answer": sent}, format="json")

    assert response.status_code == 422
    assert [(f["field"], sent[f["start"]:f["end"]]) for f in response.json()["findings"]] == [("answer", code)]


@pytest.mark.django_db
def test_an_accept_with_only_whitespace_as_its_reason_is_an_accept_without_a_message(coordinator_api, reporter):
    observation = ObservationFactory(reporter=reporter)

    response = coordinator_api.post(f"/api/v1/observations/{observation.pk}/transition",
                                    {"action": "accept", "reason": " \n "}, format="json")

    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert TimelineEvent.objects.filter(observation=observation, kind="accept").get().message == ""
