from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from rake.core.api import query_params
from rake.core.errors import ValidationError

from .models import Area
from .selectors import area_list


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    name = serializers.SerializerMethodField()
    county = serializers.CharField(source="county_code")
    year = serializers.IntegerField()

    def get_name(self, obj) -> dict:
        return {"fi": obj.name_fi, "sv": obj.name_sv}


class AreaListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="areas_list",
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=["county", "municipality"], required=False),
            OpenApiParameter("year", OpenApiTypes.INT, required=False),
            OpenApiParameter("county", OpenApiTypes.STR, required=False),
        ],
        responses={200: AreaSerializer(many=True)},
    )
    def get(self, request):
        params = query_params(request, ("kind", "year", "county"))
        kind = params.get("kind")
        if kind and kind not in Area.Kind.values:
            raise ValidationError({"kind": [_("“%(value)s” is not a valid choice.") % {"value": kind}]})
        year = params.get("year")
        if year is not None:
            try:
                year = int(year)
            except ValueError:
                raise ValidationError({"year": [_("Enter a whole number.")]}) from None
            if not 1900 <= year <= 2100:
                raise ValidationError({"year": [_("Enter a year between 1900 and 2100.")]})
        areas = area_list(kind=kind, year=year, county=params.get("county"))
        return Response(AreaSerializer(areas, many=True).data)
