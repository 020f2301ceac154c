"""GET /api/v1/exports/national?year= and /api/v1/exports/national/schema (DESIGN §4.5, §5)."""

import logging
import re

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from rake.core.api import query_params
from rake.core.audit import audit_record
from rake.core.errors import PermissionDenied, ValidationError
from rake.core.models import AuditEntry

from .export import document_cells, export_counties, national_export_document
from .schema import SCHEMA_NAME, exchange_schema, schema_errors

logger = logging.getLogger(__name__)


class ExportDidNotValidate(Exception):
    """The export does not match its own schema: a bug, answered with 500 rather than a wrong document."""


def parse_export_params(params):
    errors = {}
    year = params.get("year", "")
    if not re.fullmatch(r"\d{4}", year) or not 2000 <= int(year) <= 2100:
        errors["year"] = [_("Give the year as YYYY, for example 2025.")]
    county = params.get("county")
    if county is not None and not re.fullmatch(r"\d{2}", county):
        errors["county"] = [_("Give the county as its two-digit code, for example 15.")]
    if errors:
        raise ValidationError(errors)
    return int(year), county


class NationalExportApi(APIView):
    @extend_schema(
        operation_id="exports_national",
        description=(
            f"The `{SCHEMA_NAME}` document of a year: per county the linked tables of its protected release "
            "(ADR 0012) — totals, phenomena, polarity, observation type, sub-themes, client groups and support needs "
            "by year, phenomena by half-year — each with its dimensions and cells (`count` null where hidden), "
            "and the population used for rates. Always protected, whoever asks. National users get every county "
            "(or `county`); coordinators their own counties."
        ),
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, required=True, description="YYYY"),
                    OpenApiParameter("county", OpenApiTypes.STR, required=False, description="Two-digit code")],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        year, county = parse_export_params(query_params(request, ("year", "county")))
        try:
            counties = export_counties(user=request.user, county=county)
        except PermissionDenied:
            audit_record(action="exchange.export", user=request.user, request=request, object_type=SCHEMA_NAME,
                         object_id=str(year), outcome=AuditEntry.Outcome.DENIED,
                         detail={"year": year, "county": county})
            raise
        document = national_export_document(year=year, counties=counties, instance=request.get_host())
        problems = schema_errors(document)
        if problems:
            logger.error("rake-exchange/2 export does not validate: %s", problems[:5])
            raise ExportDidNotValidate(problems[:5])
        audit_record(action="exchange.export", user=request.user, request=request, object_type=SCHEMA_NAME,
                     object_id=str(year), detail={"year": year, "counties": document["counties"],
                                                  "cells": document_cells(document)})
        return Response(document)


class NationalExportSchemaApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(operation_id="exports_national_schema",
                   description=f"The JSON Schema (2020-12) of `{SCHEMA_NAME}`.",
                   responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(exchange_schema())
