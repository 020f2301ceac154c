"""API plumbing shared by every app: error mapping and pagination."""

from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ServiceError, ValidationError


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
    """Map service errors to HTTP; otherwise DRF's handler (field errors as {field: [messages]})."""
    if isinstance(exc, ServiceError):
        return service_error_response(exc)
    return drf_exception_handler(exc, context)


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
