"""POST /api/v1/privacy/scan: the detectors for any signed-in user (DESIGN §5). The text is not stored."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from rake.core.errors import ValidationError

from .scanner import MAX_SCAN_LENGTH, degraded_kinds, finding_dict, scan_text


class TextField(serializers.CharField):
    """A JSON string only (DRF's CharField would turn 5 into "5")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ScanInputSerializer(serializers.Serializer):
    text = TextField(max_length=MAX_SCAN_LENGTH, allow_blank=True, trim_whitespace=False)
    language = serializers.ChoiceField(choices=["fi", "sv", "en"], required=False, allow_blank=True,
                                       allow_null=True,
                                       help_text="fi | sv; anything else (or none) lets the detectors guess.")


class ScanFindingSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Offset of the first character (Unicode code points).")
    end = serializers.IntegerField(help_text="Offset after the last character.")
    kind = serializers.CharField()
    score = serializers.FloatField()
    reason = serializers.CharField(help_text="Why it was flagged, in the request's language.")
    reason_code = serializers.CharField()
    label = serializers.CharField(help_text="The kind's name in the request's language.")


class ScanResultSerializer(serializers.Serializer):
    findings = ScanFindingSerializer(many=True)
    degraded = serializers.ListField(child=serializers.CharField(),
                                     help_text="Kinds checked less thoroughly here (person_name without Voikko).")


class PrivacyScanApi(APIView):
    @extend_schema(operation_id="privacy_scan", request=ScanInputSerializer, responses={200: ScanResultSerializer})
    def post(self, request):
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
        serializer = ScanInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        findings = scan_text(data["text"], language=data.get("language") or None)
        return Response({"findings": [finding_dict(f) for f in findings], "degraded": degraded_kinds()})
