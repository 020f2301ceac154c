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
    period = serializers.CharField()
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
                    "2025H1, 2025Q3 or 2025-04.",
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


class PublicationPublishApi(APIView):
    @extend_schema(
        operation_id="publications_publish",
        description="Publish the report's current texts and approved quotes as a new, immutable version "
                    "(coordinators of the county). `changelog` is required from the second version on.",
        request=PublicationPublishSerializer,
        responses={200: PublicationVersionOutSerializer},
    )
    def post(self, request, pk):
        publication = selectors.publication_get(user=request.user, pk=pk)
        serializer = PublicationPublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = services.publication_publish(user=request.user, publication=publication, request=request,
                                               changelog=serializer.validated_data["changelog"])
        return Response(version_data(request, publication, version), status=status.HTTP_200_OK)
