"""The OpenAPI schema documents what the API really answers (found by the schemathesis fuzzing in tests/fuzz)."""

import pytest
from django.test import Client

OPERATION_METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def schema(api_client):
    response = api_client.get("/api/v1/schema?format=json")
    assert response.status_code == 200
    return response.json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in OPERATION_METHODS:
                yield path, method, operation


@pytest.mark.django_db
def test_every_operation_documents_the_error_responses(schema):
    operations = list(_operations(schema))
    assert len(operations) >= 20
    for path, method, operation in operations:
        for status in ("400", "401", "403", "429"):
            content = operation["responses"][status]["content"]
            assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, (path, method)
        if "{id}" in path:
            assert {"404", "409"} <= operation["responses"].keys(), (path, method)
    # A status a view declares itself keeps its own body.
    created = schema["paths"]["/api/v1/observations"]["post"]["responses"]["422"]
    assert created["content"]["application/json"]["schema"] != {"$ref": "#/components/schemas/Error"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/observations", "/api/v1/proposals", "/api/v1/publications"])
def test_lists_are_documented_as_pages(schema, path):
    body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    page = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert page["type"] == "object"
    assert {"count", "results"} <= set(page["required"])
    assert page["properties"]["results"]["type"] == "array"
    parameters = {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}
    assert {"page", "page_size"} <= parameters


@pytest.mark.django_db
def test_observation_list_matches_its_documented_page(reporter_api, observation):
    body = reporter_api.get("/api/v1/observations").json()
    assert body["count"] == 1
    assert body["results"][0]["id"] == observation.pk


@pytest.mark.django_db
@pytest.mark.parametrize("method, path", [
    ("get", "/api/v1/observations/-1"),
    ("get", "/api/v1/no-such-thing"),
    ("delete", "/api/v1/observations/abc"),
    ("post", "/api/v1/observations/1/no-such-action"),
])
def test_an_unknown_api_address_is_a_json_404(method, path):
    # enforce_csrf_checks: a browser-less API client sends no CSRF token, and a 404 must not become a 403.
    response = getattr(Client(enforce_csrf_checks=True), method)(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "detail": "Not found."}


@pytest.mark.django_db
def test_a_web_page_that_does_not_exist_is_still_html(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
