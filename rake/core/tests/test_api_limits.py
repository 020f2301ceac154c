"""Bounded request bodies under /api/ (issue 15): too large or too deeply nested input is a JSON 400.

Django's test client raises the view's exception instead of answering 500, so without the limits these
tests fail with RecursionError, or get Django's HTML 400 page for a body that is too large.
"""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rake.proposals.tests.core_helpers import make_proposal
from rake.publishing import services as publishing

DEEP = "[" * 1000 + "]" * 1000


def _json_error(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code
    assert body["detail"]
    return body


@pytest.mark.django_db
def test_deep_json_to_the_token_endpoint_is_a_json_400_without_logging_in():
    response = Client().post("/api/v1/auth/token", DEEP, content_type="application/json",
                             HTTP_ACCEPT_LANGUAGE="en")
    body = _json_error(response, 400, "too_deep")
    assert body["detail"] == "The JSON is nested too deeply: at most 20 levels of arrays and objects."


@pytest.mark.django_db
@pytest.mark.translations
@pytest.mark.parametrize(("language", "detail"), [
    ("fi", "JSON-rakenne on liian syvä: enintään 20 sisäkkäistä taulukko- tai oliotasoa."),
    ("sv", "JSON-strukturen är för djupt kapslad: högst 20 nivåer av listor och objekt."),
])
def test_the_refusal_is_in_the_users_language(language, detail):
    response = Client().post("/api/v1/auth/token", DEEP, content_type="application/json",
                             HTTP_ACCEPT_LANGUAGE=language)
    assert _json_error(response, 400, "too_deep")["detail"] == detail


def _nested(levels):
    """An object nested `levels` deep: {"a": {"a": … {} …}}."""
    return "".join('{"a":' for _ in range(levels - 1)) + "{}" + "}" * (levels - 1)


@pytest.mark.django_db
@pytest.mark.parametrize("body", [_nested(21), "[" * 21 + "]" * 21, '{"username": "x", "password": ' + DEEP + "}"])
def test_nesting_past_the_limit_is_refused_well_below_the_decoders_own(body):
    response = Client().post("/api/v1/auth/token", body, content_type="application/json",
                             HTTP_ACCEPT_LANGUAGE="en")
    _json_error(response, 400, "too_deep")


@pytest.mark.django_db
def test_nesting_up_to_the_limit_is_parsed():
    response = Client().post("/api/v1/auth/token", _nested(20), content_type="application/json",
                             HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}  # the serializer's answer: the body was read


@pytest.fixture
def ids(coordinator, observation, make_observation):
    accepted = make_observation(status="accepted")
    proposal = make_proposal(coordinator, observations=[accepted])
    report = publishing.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                           audience="board")
    return {"/api/v1/observations/": observation.pk, "/api/v1/proposals/": proposal.pk,
            "/api/v1/publications/": report.pk}


def _operations_with_a_body(client):
    schema = client.get("/api/v1/schema?format=json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if "requestBody" in operation:
                yield path, method


def _address(path, ids):
    for prefix, pk in ids.items():
        if path.startswith(prefix):
            return path.replace("{id}", str(pk))
    assert "{id}" not in path, path
    return path


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "reporter", None])
def test_every_operation_with_a_body_refuses_deep_json_with_a_json_400(request, api_as, ids, role):
    client = api_as(request.getfixturevalue(role) if role else None, language="en")
    operations = list(_operations_with_a_body(client))
    assert len(operations) >= 10
    statuses = {}
    for path, method in operations:
        response = getattr(client, method)(_address(path, ids), DEEP, content_type="application/json")
        statuses[method, path] = response.status_code
        assert response["Content-Type"] == "application/json", (method, path)
        assert response.status_code in {400, 401, 403}, (method, path, response.status_code)
        if response.status_code == 400:
            assert response.json()["code"] == "too_deep", (method, path)
    if role == "coordinator":  # a coordinator may call each of them: each read the body and refused it
        assert set(statuses.values()) == {400}, statuses


@pytest.mark.django_db
def test_a_json_body_over_the_size_limit_is_a_json_400(api_as, coordinator):
    padding = "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = json.dumps({"title": padding, "rationale": "r", "addressee": "a"})
    response = api_as(coordinator, language="en").post("/api/v1/proposals", body, content_type="application/json")
    assert _json_error(response, 400, "too_large")["detail"] == "The request is too large."


@pytest.mark.django_db
def test_a_form_body_over_the_size_limit_is_a_json_400_without_logging_in():
    padding = "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = Client().post("/api/v1/auth/token", f"username=u&password={padding}",
                             content_type="application/x-www-form-urlencoded", HTTP_ACCEPT_LANGUAGE="en")
    _json_error(response, 400, "too_large")


@pytest.mark.django_db
def test_a_file_is_refused_before_it_is_read():
    """Django writes an uploaded file of any size to disk, outside DATA_UPLOAD_MAX_MEMORY_SIZE; Rake takes none."""
    upload = SimpleUploadedFile("big.bin", b"x" * 1000)
    response = Client().post("/api/v1/auth/token", {"username": "u", "password": "p", "file": upload},
                             HTTP_ACCEPT_LANGUAGE="en")
    _json_error(response, 400, "too_large")


@pytest.mark.django_db
def test_too_many_query_parameters_are_a_json_400(api_as, coordinator):
    query = "&".join(f"p{number}=1" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = api_as(coordinator, language="en").get(f"/api/v1/observations?{query}")
    _json_error(response, 400, "too_large")


@pytest.mark.django_db
def test_a_web_page_keeps_djangos_own_answer(client):
    padding = "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post("/accounts/login/", f"username=u&password={padding}",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
