from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from rake.core.api import query_params

from . import selectors


class TermSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.SerializerMethodField()

    def get_label(self, obj) -> dict:
        return obj.labels()


class SupportNeedSerializer(TermSerializer):
    code = serializers.IntegerField()


class SubThemeSerializer(TermSerializer):
    """A sub-theme: national (county "") or a county's own, usable for observations made between its dates
    (null: open); an observation made outside them is refused (ADR 0015)."""

    county = serializers.CharField(source="county_code")
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)


class PhenomenonSerializer(TermSerializer):
    national_code = serializers.CharField()
    county = serializers.CharField(source="county_code")
    children = SubThemeSerializer(many=True)


class TaxonomySerializer(serializers.Serializer):
    version = serializers.CharField()
    phenomena = PhenomenonSerializer(many=True)
    support_needs = SupportNeedSerializer(many=True)
    client_groups = TermSerializer(many=True)
    service_areas = TermSerializer(many=True)
    observation_types = TermSerializer(many=True)


class TaxonomyApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="taxonomy_retrieve", responses={200: TaxonomySerializer})
    def get(self, request):
        return Response(TaxonomySerializer({
            "version": selectors.taxonomy_version(),
            "phenomena": selectors.phenomenon_list(county=query_params(request, ("county",)).get("county")),
            "support_needs": selectors.support_need_list(),
            "client_groups": selectors.client_group_list(),
            "service_areas": selectors.service_area_list(),
            "observation_types": selectors.observation_type_list(),
        }).data)
