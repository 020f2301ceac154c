"""OpenAPI schema post-processing: document the error responses every API view can give.

drf-spectacular documents only the success responses a view declares, but the exception handler in
rake/core/api.py answers errors with documented statuses and a JSON body; a client (and the schema
fuzzing in tests/fuzz) needs those in the schema too.
"""

ERROR_SCHEMA_NAME = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: `code` and `detail`, or field errors as {field: [messages]}.",
    "properties": {
        "code": {"type": "string"},
        "detail": {"type": "string"},
    },
    "additionalProperties": True,
}
ERROR_DESCRIPTIONS = {
    "400": "The input is invalid.",
    "401": "Not authenticated.",
    "403": "The user's role does not allow this.",
    "404": "Not found.",
    "409": "Conflicts with the current status or an earlier request with the same Idempotency-Key.",
    "429": "Too many requests.",
}


def _error_statuses(operation):
    parameters = operation.get("parameters", [])
    statuses = {"400", "401", "403", "429"}
    if any(parameter["in"] == "path" or parameter["name"] == "page" for parameter in parameters):
        statuses.add("404")  # An unknown id, or a page past the end.
    if any(parameter["in"] == "path" or parameter["name"] == "Idempotency-Key" for parameter in parameters):
        statuses.add("409")
    return statuses


def document_error_responses(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: add the error responses an operation does not declare itself."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    reference = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status in sorted(_error_statuses(operation)):
                responses.setdefault(status, {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": reference}},
                })
    return result
