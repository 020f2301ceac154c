"""GET/POST /api/v1/publications, POST /api/v1/publications/{id}/publish (DESIGN §5)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from rake.core.api import Pagination, query_params
from rake.core.errors import PermissionDenied
from rake.core.prepublish import ERROR, WARNING, errors_of

from . import selectors, services
from .models import Audience


class PublicationVersionOutSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    changelog = serializers.CharField()
    html_url = serializers.URLField()
    pdf_url = serializers.URLField()


class PublicationOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    county = serializers.CharField()
    period = serializers.CharField(help_text="The period's key: 2025, 2025H1, 2025Q3 or 2025-04.")
    period_label = serializers.CharField(help_text="The period as people name it, in the request's language.")
    language = serializers.CharField(help_text="fi or sv")
    audience = serializers.CharField(help_text=", ".join(Audience.values))
    title = serializers.CharField()
    status = serializers.CharField()
    versions = PublicationVersionOutSerializer(many=True)


def version_data(request, publication, version):
    args = (publication.county_code, publication.pk, version.number)
    return {
        "number": version.number,
        "published_at": version.published_at.isoformat(),
        "changelog": version.changelog,
        "html_url": request.build_absolute_uri(reverse("publishing:public_version", args=args)),
        "pdf_url": request.build_absolute_uri(reverse("publishing:public_version_pdf", args=args)),
    }


def publication_data(request, publication, versions=None):
    versions = publication.versions.all() if versions is None else versions
    return {
        "id": publication.pk,
        "county": publication.county_code,
        "period": publication.period,
        "period_label": publication.period_label,
        "language": publication.language,
        "audience": publication.audience,
        "title": publication.title,
        "status": publication.status,
        "versions": [version_data(request, publication, version) for version in versions],
    }


class PublicationCreateSerializer(serializers.Serializer):
    county = serializers.CharField(max_length=2)
    period = serializers.CharField(max_length=10)
    language = serializers.CharField(max_length=2, help_text="fi or sv")
    audience = serializers.CharField(max_length=24, help_text=", ".join(Audience.values))
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="",
                                    help_text="Replaces the pre-filled summary, which cannot be published.")


class PublicationListCreateApi(APIView):
    permission_classes = [AllowAny]  # reading published reports needs no login; creating checks the role
    pagination_class = Pagination  # so that the schema documents the paginated list

    @extend_schema(
        operation_id="publications_list",
        description="Published reports, newest first, to anyone (no authentication needed). Drafts are never "
                    "listed. Each report lists its versions, newest first.",
        parameters=[OpenApiParameter("county", OpenApiTypes.STR, required=False)],
        responses={200: PublicationOutSerializer(many=True)},
    )
    def get(self, request):
        params = query_params(request, ("county",))
        publications = selectors.public_publications(county=params.get("county"))
        paginator = Pagination()
        page = paginator.paginate_queryset(publications, request, view=self)
        return paginator.get_paginated_response([publication_data(request, publication) for publication in page])

    @extend_schema(
        operation_id="publications_create",
        description="Create a draft report with default texts (coordinators of the county). Period: 2025, "
                    "2025H1, 2025Q3 or 2025-04. Without `summary` the draft keeps a pre-filled summary that the "
                    "pre-publish check refuses to publish.",
        request=PublicationCreateSerializer,
        responses={201: PublicationOutSerializer},
    )
    def post(self, request):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        if not request.user.permissions.can_build_reports():
            raise PermissionDenied()
        serializer = PublicationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        publication = services.publication_create(user=request.user, request=request, **serializer.validated_data)
        return Response(publication_data(request, publication, versions=[]), status=status.HTTP_201_CREATED)


class PublicationPublishSerializer(serializers.Serializer):
    changelog = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    confirm_warnings = serializers.BooleanField(
        required=False, default=False,
        help_text="Publish although the pre-publish check warns (errors always refuse).")


class PublishFindingSerializer(serializers.Serializer):
    severity = serializers.ChoiceField(choices=[ERROR, WARNING])
    code = serializers.CharField(help_text="placeholder_text, required_text_missing, quote_not_approved, "
                                           "phenomenon_text_missing, section_text_missing, period_code_in_text, "
                                           "figures_all_hidden, proposals_not_listed")
    message = serializers.CharField(help_text="In the request's language.")
    section = serializers.CharField(help_text="The part of the report, e.g. summary or phenomenon:homelessness.")


class PublishCheckSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="publish_check_failed")
    detail = serializers.CharField()
    findings = PublishFindingSerializer(many=True)
    warnings_confirmed = serializers.BooleanField()


class PublicationCheckSerializer(serializers.Serializer):
    publishable = serializers.BooleanField(help_text="No error (warnings still need confirm_warnings).")
    findings = PublishFindingSerializer(many=True)


class PublicationPublishApi(APIView):
    @extend_schema(
        operation_id="publications_publish",
        description="Publish the report's current texts and approved quotes as a new, immutable version "
                    "(coordinators of the county). `changelog` is required from the second version on. The "
                    "pre-publish check runs first: any error, or a warning without `confirm_warnings: true`, is "
                    "answered with 422 `publish_check_failed` listing the findings.",
        request=PublicationPublishSerializer,
        responses={200: PublicationVersionOutSerializer, 422: PublishCheckSerializer},
    )
    def post(self, request, pk):
        publication = selectors.publication_get(user=request.user, pk=pk)
        serializer = PublicationPublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = services.publication_publish(user=request.user, publication=publication, request=request,
                                               changelog=serializer.validated_data["changelog"],
                                               confirm_warnings=serializer.validated_data["confirm_warnings"])
        return Response(version_data(request, publication, version), status=status.HTTP_200_OK)


class PublicationCheckApi(APIView):
    @extend_schema(
        operation_id="publications_check",
        description="What the pre-publish check finds in the report now (coordinators of the county): errors block "
                    "publishing, warnings need `confirm_warnings` when publishing.",
        responses={200: PublicationCheckSerializer},
    )
    def get(self, request, pk):
        publication = selectors.publication_get(user=request.user, pk=pk)
        findings = selectors.publication_check(publication)
        return Response({"publishable": not errors_of(findings),
                         "findings": [finding.as_dict() for finding in findings]})
