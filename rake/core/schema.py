"""OpenAPI schema post-processing: document the error responses each API operation can give, and link the
operations that answer an object's id to those that take it.

drf-spectacular documents only the success responses a view declares, but the exception handler in
rake/core/api.py answers errors with a JSON body; a client (and the schema fuzzing in tests/fuzz) needs
those in the schema too, and only those an operation can really give, so that a wrong status or body fails
the fuzzing's checks.

The bodies (rake.core.api.exception_handler):
- `Error`: `{code, detail}`; a conflict with the current status adds the `status`, a validation error with
  a code of its own adds the field `errors`.
- `FieldErrors`: `{field: [messages]}`, what invalid input gives (400).
"""

ERROR_SCHEMA_NAME = "Error"
FIELD_ERRORS_SCHEMA_NAME = "FieldErrors"

# A field's messages, or a nested serializer's or list item's own errors.
_FIELD_MESSAGES = {"anyOf": [
    {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
    {"type": "object"},
]}
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": "Invalid input: the messages by field name (`non_field_errors` for the input as a whole).",
    "additionalProperties": _FIELD_MESSAGES,
}
ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: a stable `code` and a `detail` message in the user's language.",
    "required": ["code", "detail"],
    "properties": {
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "status": {"type": "string", "description": "The object's current status (a 409 of a transition)."},
        "errors": {"$ref": f"#/components/schemas/{FIELD_ERRORS_SCHEMA_NAME}"},
    },
    "additionalProperties": False,
}
ERROR_DESCRIPTIONS = {
    "400": "The input is invalid.",
    "401": "Not authenticated, or the credentials are invalid.",
    "403": "The user's role does not allow this.",
    "404": "Not found.",
    "409": "Conflicts with the current status or an earlier request with the same Idempotency-Key.",
    "429": "Too many requests.",
    "503": "The database is unavailable for a moment (restarting, say): retry after Retry-After seconds; "
           "a submission with the same Idempotency-Key is never stored twice.",
}
UNSAFE_METHODS = {"post", "put", "patch", "delete"}


def _schemes(operation):
    """The authentication schemes of the operation, and whether it may be called without any.

    drf-spectacular derives `security` from the view: one requirement per authentication class, and an
    empty one when the permission classes let anyone in (AllowAny).
    """
    security = operation.get("security", [])
    return {name for requirement in security for name in requirement}, {} in security


def _error_statuses(method, operation):
    parameters = operation.get("parameters", [])
    schemes, anonymous = _schemes(operation)
    statuses = {"429", "503"}  # every view is throttled and needs the database
    if parameters or "requestBody" in operation:
        statuses.add("400")
    if schemes:
        statuses.add("401")  # missing (where required) or invalid credentials
    # A role check where login is required; a view open to anyone refuses only a change (a role check
    # or the CSRF check of a session).
    if schemes and (not anonymous or method in UNSAFE_METHODS):
        statuses.add("403")
    if any(parameter["in"] == "path" or parameter["name"] == "page" for parameter in parameters):
        statuses.add("404")  # an unknown id, or a page past the end
    in_path = any(parameter["in"] == "path" for parameter in parameters)
    idempotent = any(parameter["name"] == "Idempotency-Key" for parameter in parameters)
    if method == "post" and (in_path or idempotent):
        statuses.add("409")  # a transition of an existing object, or a reused Idempotency-Key
    return statuses


def _reference(name):
    return {"$ref": f"#/components/schemas/{name}"}


def document_error_responses(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: add the error responses an operation does not declare itself."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    schemas[FIELD_ERRORS_SCHEMA_NAME] = FIELD_ERRORS_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for status in sorted(_error_statuses(method, operation)):
                schema = _reference(ERROR_SCHEMA_NAME)
                if status == "400":
                    schema = {"oneOf": [_reference(FIELD_ERRORS_SCHEMA_NAME), _reference(ERROR_SCHEMA_NAME)]}
                responses.setdefault(status, {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": schema}},
                })
    return result


# --- links -------------------------------------------------------------------------------------------------
OPERATION_METHODS = {"get", "post", "put", "patch", "delete"}


def _resolved(schema, schemas):
    while isinstance(schema, dict) and "$ref" in schema:
        schema = schemas.get(schema["$ref"].rsplit("/", 1)[1], {})
    return schema if isinstance(schema, dict) else {}


def _id_pointer(schema, schemas):
    """Where a response body holds an object's id: "/id" of the object, "/results/0/id" of a page of them."""
    properties = _resolved(schema, schemas).get("properties", {})
    if "id" in properties:
        return "/id"
    results = _resolved(properties.get("results"), schemas)
    if "id" in _resolved(results.get("items"), schemas).get("properties", {}):
        return "/results/0/id"
    return None


def link_ids(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: OpenAPI links from every success response that holds an object's id to the
    operations on that object, `{collection}/{id}…`.

    The sources are the collection's list (the first id of the page) and create (the new id), and the object's
    own operations that answer it (its detail, a transition). A client follows them from a list to a detail
    and on to a transition; the schema fuzzing's stateful phase does (tests/fuzz).
    """
    schemas = result.get("components", {}).get("schemas", {})
    paths = result.get("paths", {})
    targets = {}  # collection path → operationIds of the operations on one of its objects
    for path, item in paths.items():
        if "/{id}" in path:
            collection = path.split("/{id}", 1)[0]
            targets.setdefault(collection, []).extend(
                operation["operationId"] for method, operation in item.items() if method in OPERATION_METHODS)
    for path, item in paths.items():
        collection = path.split("/{id}", 1)[0]
        if collection not in targets:
            continue
        for method, operation in item.items():
            if method not in OPERATION_METHODS:
                continue
            for status, response in operation.get("responses", {}).items():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                pointer = status.startswith("2") and schema and _id_pointer(schema, schemas)
                if pointer:
                    response["links"] = {target: {
                        "operationId": target,
                        "parameters": {"id": f"$response.body#{pointer}"},
                        "description": f"The id in the answer is the `id` of {target}.",
                    } for target in sorted(targets[collection])}
    return result
