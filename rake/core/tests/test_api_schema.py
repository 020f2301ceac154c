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


# The statuses rake.core.schema documents; a view declares others (422) itself.
DOCUMENTED = {"400", "401", "403", "404", "409", "429"}


def _errors(schema, path, method):
    return DOCUMENTED & schema["paths"][path][method]["responses"].keys()


@pytest.mark.django_db
def test_every_operation_documents_its_error_responses(schema):
    operations = list(_operations(schema))
    assert len(operations) >= 20
    for path, method, operation in operations:
        responses = operation["responses"]
        assert "429" in responses, (path, method)
        for status in {"401", "403", "404", "409"} & responses.keys():
            content = responses[status]["content"]
            assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, (path, method)
        if "{id}" in path:
            assert "404" in responses, (path, method)
    # A status a view declares itself keeps its own body.
    created = schema["paths"]["/api/v1/observations"]["post"]["responses"]["422"]
    assert created["content"]["application/json"]["schema"] != {"$ref": "#/components/schemas/Error"}


@pytest.mark.django_db
@pytest.mark.parametrize("path, method, expected", [
    # No authentication at all: no 401 or 403.
    ("/api/v1/auth/token", "post", {"400", "429"}),
    ("/api/v1/exports/national/schema", "get", {"429"}),
    # Open to anyone, but a token that is sent must be valid; reading refuses no role.
    ("/api/v1/publications", "get", {"400", "401", "404", "429"}),
    ("/api/v1/taxonomy", "get", {"401", "429"}),
    # Login required.
    ("/api/v1/observations/{id}", "get", {"400", "401", "403", "404", "429"}),
    ("/api/v1/stats/observations", "get", {"400", "401", "403", "429"}),
    # Conflicts: an Idempotency-Key, a transition.
    ("/api/v1/observations", "post", {"400", "401", "403", "409", "429"}),
    ("/api/v1/observations/{id}/transition", "post", {"400", "401", "403", "404", "409", "429"}),
    ("/api/v1/proposals/{id}/transition", "post", {"400", "401", "403", "404", "409", "429"}),
    ("/api/v1/proposals", "post", {"400", "401", "403", "429"}),
])
def test_only_the_errors_an_operation_can_give(schema, path, method, expected):
    assert _errors(schema, path, method) == expected


@pytest.mark.django_db
def test_error_bodies_have_a_code_and_a_detail(schema):
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["code", "detail"]
    assert components["Error"]["additionalProperties"] is False
    invalid = schema["paths"]["/api/v1/observations"]["post"]["responses"]["400"]["content"]["application/json"]
    assert invalid["schema"] == {"oneOf": [{"$ref": "#/components/schemas/FieldErrors"},
                                           {"$ref": "#/components/schemas/Error"}]}


@pytest.mark.django_db
def test_drf_errors_get_a_code_too(api_client, api_as):
    unauthenticated = api_client.get("/api/v1/observations", HTTP_ACCEPT_LANGUAGE="en")
    assert unauthenticated.status_code == 401
    assert unauthenticated.json() == {"code": "not_authenticated",
                                      "detail": "Authentication credentials were not provided."}

    bad_token = api_client.get("/api/v1/taxonomy", HTTP_AUTHORIZATION="Token not-a-token")
    assert bad_token.status_code == 401
    assert bad_token.json()["code"] == "authentication_failed"


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


OBSERVATION_OPERATIONS = {"observations_retrieve", "observations_destroy", "observations_answer",
                          "observations_timeline", "observations_transition"}


@pytest.mark.django_db
@pytest.mark.parametrize("path, method, status, pointer, targets", [
    ("/api/v1/observations", "get", "200", "/results/0/id", OBSERVATION_OPERATIONS),
    ("/api/v1/observations", "post", "201", "/id", OBSERVATION_OPERATIONS),
    ("/api/v1/observations/{id}", "get", "200", "/id", OBSERVATION_OPERATIONS),
    ("/api/v1/observations/{id}/transition", "post", "200", "/id", OBSERVATION_OPERATIONS),
    ("/api/v1/proposals", "get", "200", "/results/0/id", {"proposals_transition"}),
    ("/api/v1/proposals", "post", "201", "/id", {"proposals_transition"}),
    ("/api/v1/proposals/{id}/transition", "post", "200", "/id", {"proposals_transition"}),
    ("/api/v1/publications", "get", "200", "/results/0/id", {"publications_publish", "publications_check"}),
    ("/api/v1/publications", "post", "201", "/id", {"publications_publish", "publications_check"}),
])
def test_links_carry_ids_from_lists_and_creates_to_the_objects_operations(schema, path, method, status, pointer,
                                                                          targets):
    links = schema["paths"][path][method]["responses"][status]["links"]
    assert set(links) == targets
    for name, link in links.items():
        assert link["operationId"] == name
        assert link["parameters"] == {"id": f"$response.body#{pointer}"}


@pytest.mark.django_db
def test_every_operation_on_an_object_is_reached_by_a_link(schema):
    linked = {link["operationId"] for _path, _method, operation in _operations(schema)
              for response in operation["responses"].values() for link in response.get("links", {}).values()}
    on_objects = {operation["operationId"] for path, _method, operation in _operations(schema) if "{id}" in path}
    assert len(on_objects) >= 7
    assert on_objects <= linked
    # An error or a body without the id links nowhere.
    for _path, _method, operation in _operations(schema):
        for status, response in operation["responses"].items():
            assert "links" not in response or status.startswith("2")
    assert "links" not in schema["paths"]["/api/v1/publications/{id}/publish"]["post"]["responses"]["200"]


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
def test_an_id_beyond_64_bits_in_the_path_is_a_json_404(schema, api_as, coordinator):
    """An address of nothing, like -1: never the OverflowError a lookup of such a number gives on SQLite."""
    client = api_as(coordinator, language="en")
    paths = [(path, method) for path, method, _operation in _operations(schema) if "{id}" in path]
    assert len(paths) >= 7
    for path, method in paths:
        response = getattr(client, method)(path.replace("{id}", str(2**70)), {"action": "accept", "answer": "A"},
                                           format="json")
        assert response.status_code == 404, (method, path, response.content[:200])
        assert response.json() == {"code": "not_found", "detail": "Not found."}


@pytest.mark.django_db
def test_a_web_page_that_does_not_exist_is_still_html(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_the_schema_lists_every_decision_outcome(schema):
    """A body may also return a proposal for preparation or table it (issue 16): clients learn both."""
    components = schema["components"]["schemas"]

    def values(prop):
        found = set(prop.get("enum", ()))
        for ref in [prop] + prop.get("oneOf", []) + prop.get("allOf", []):
            if "$ref" in ref:
                found |= values(components[ref["$ref"].rsplit("/", 1)[1]])
        return found

    outcomes = {"accepted", "partly", "rejected", "returned", "tabled"}
    assert outcomes <= values(components["TransitionInputRequest"]["properties"]["outcome"])
    assert outcomes <= values(components["Proposal"]["properties"]["outcome"])
