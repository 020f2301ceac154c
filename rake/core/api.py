"""API plumbing shared by every app: error mapping, input fields and pagination (the JSON parser: parsers.py)."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import serializers, status
from rest_framework.exceptions import ErrorDetail, ParseError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ServiceError, ValidationError
from .forms import MAX_ID

# Django's refusals of a request body or query string that is too large (DATA_UPLOAD_MAX_MEMORY_SIZE,
# DATA_UPLOAD_MAX_NUMBER_FIELDS, DATA_UPLOAD_MAX_NUMBER_FILES). Django would answer them with its HTML 400 page.
TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def service_error_response(exc):
    if isinstance(exc, ValidationError) and exc.field_errors:
        body = {key: [str(m) for m in messages] for key, messages in exc.field_errors.items()}
        if exc.code != ValidationError.code:
            body = {"code": exc.code, "detail": str(exc.message), "errors": body}
        return Response(body, status=exc.http_status)
    body = {"code": exc.code, "detail": str(exc.message)}
    body.update(exc.extra)
    return Response(body, status=exc.http_status)


def exception_handler(exc, context):
    """Map service errors to HTTP; otherwise DRF's handler (field errors as {field: [messages]}).

    Every error that is not about fields has the body {code, detail} (the `Error` schema, rake.core.schema):
    DRF's own {detail} (not authenticated, throttled, unparseable input, …) gets the code of its detail, and
    a body or query string over Django's limits is a 400 {code: "too_large"}.
    """
    if isinstance(exc, TOO_LARGE):
        exc = ParseError(_("The request is too large."), code="too_large")
    if isinstance(exc, ServiceError):
        response = service_error_response(exc)
    else:
        response = drf_exception_handler(exc, context)
        if response is not None and isinstance(response.data, dict) and set(response.data) == {"detail"}:
            detail = response.data["detail"]
            response.data = {"code": getattr(detail, "code", None) or "error", "detail": detail}
    if response is not None:
        response.data = _encodable(response.data)
    return response


def _encodable(value):
    """Messages may quote the input; a lone surrogate in it would make the JSON unencodable (a 500)."""
    if isinstance(value, str):
        text = value.encode("utf-8", "replace").decode("utf-8")
        if text == value:
            return value
        return ErrorDetail(text, code=value.code) if isinstance(value, ErrorDetail) else text
    if isinstance(value, dict):
        return {_encodable(key): _encodable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encodable(item) for item in value]
    return value


@csrf_exempt  # it changes nothing, and API clients send tokens, not CSRF cookies
def not_found(request, *args, **kwargs):
    """An API address that matches no route (or an id its converter refuses, e.g. -1): a JSON 404, the
    same body as every other API error, not the HTML page."""
    return JsonResponse({"code": "not_found", "detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)


class IdField(serializers.IntegerField):
    """The id of a stored row in an input body: a whole number from 1 to MAX_ID, which the schema documents.

    A larger number names no row, and SQLite cannot even compare one (OverflowError, a 500): it is invalid
    input (400), like an id in the path is an address that does not exist (404).
    """

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


# One instance per input serializer class and language, built on first use (see validated_body).
_body_validators = {}


def validated_body(serializer_class, request):
    """The request's JSON object validated by `serializer_class`: {field: value}, or DRF's 400.

    The same answers as `serializer_class(data=…).is_valid(raise_exception=True)`, without deep-copying the
    serializer's declared fields again for every request (ADR 0010): one instance per class validates with
    `run_validation`, which keeps no state on the instance. Only for input serializers whose validation
    needs no context.

    One instance per language, too: DRF formats a length or range message (`lazy_format`) once and keeps
    the text, so an instance shared by all would answer every user in the language of the first refusal.
    """
    if not isinstance(request.data, dict):
        raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    key = (serializer_class, get_language())
    validator = _body_validators.get(key)
    if validator is None:
        validator = _body_validators.setdefault(key, serializer_class())
    return dict(validator.run_validation(request.data))


def query_params(request, names):
    """{name: value} of the non-empty query parameters among `names`.

    A NUL character (which PostgreSQL cannot compare or store) is a 400, not a database error.
    """
    values = {}
    for name in names:
        value = request.query_params.get(name)
        if not value:
            continue
        if "\x00" in value:
            raise ValidationError({name: [_("The text contains characters that are not allowed.")]})
        values[name] = value
    return values


def query_bool(request, name):
    """A yes-or-no query parameter: true for true/1/yes/on, false for false/0/no/off or none at all (DRF's
    BooleanField's spellings, in any case); anything else is a 400, never read as true."""
    value = (request.query_params.get(name) or "").lower()
    if value in serializers.BooleanField.TRUE_VALUES:
        return True
    if not value or value in serializers.BooleanField.FALSE_VALUES:
        return False
    raise ValidationError({name: [_("Enter true or false.")]})


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            },
            status=status.HTTP_200_OK,
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer"},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
