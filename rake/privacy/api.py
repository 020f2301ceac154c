"""POST /api/v1/privacy/scan: the detectors for any signed-in user (DESIGN §5). The text is not stored.

With `remove` it is also the API's one-click "remove" (DESIGN §4.2): the named findings are replaced by the
neutral placeholder and the answer carries the new `text` and its findings, so a client sends that text on."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from rake.core.errors import ValidationError

from .detectors import KINDS
from .scanner import MAX_SCAN_LENGTH, degraded_kinds, finding_dict, remove_spans, scan_text

MAX_REMOVE = 500


class TextField(serializers.CharField):
    """A JSON string only (DRF's CharField would turn 5 into "5")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class RemoveFindingSerializer(serializers.Serializer):
    start = serializers.IntegerField(min_value=0, max_value=MAX_SCAN_LENGTH)
    end = serializers.IntegerField(min_value=1, max_value=MAX_SCAN_LENGTH)
    kind = serializers.ChoiceField(choices=KINDS)


class ScanInputSerializer(serializers.Serializer):
    text = TextField(max_length=MAX_SCAN_LENGTH, allow_blank=True, trim_whitespace=False)
    language = serializers.ChoiceField(choices=["fi", "sv", "en"], required=False, allow_blank=True,
                                       allow_null=True,
                                       help_text="fi | sv; anything else (or none) lets the detectors guess. "
                                                 "Also the placeholder's language (else the request's).")
    remove = serializers.ListField(
        child=RemoveFindingSerializer(), required=False, max_length=MAX_REMOVE,
        help_text="Findings of this text to remove, each {start, end, kind} exactly as found: each is replaced by "
                  "[poistettu], [borttaget] or [removed], and the answer's `text` is the new text, its `findings` "
                  "those of the new text, `removed` the findings replaced. An item that names no finding of the "
                  "text removes nothing (it is not in `removed`).")


class ScanFindingSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Offset of the first character (Unicode code points).")
    end = serializers.IntegerField(help_text="Offset after the last character.")
    kind = serializers.CharField()
    score = serializers.FloatField()
    reason = serializers.CharField(help_text="Why it was flagged, in the request's language.")
    reason_code = serializers.CharField()
    label = serializers.CharField(help_text="The kind's name in the request's language.")
    strong = serializers.BooleanField(help_text="An identity code or IBAN whose check is right: every guarded text "
                                                "refuses it, and it cannot be acknowledged, only removed.")


class ScanResultSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, help_text="With `remove`: the text with the findings removed.")
    removed = ScanFindingSerializer(many=True, required=False,
                                    help_text="With `remove`: the findings that were replaced (offsets in the text "
                                              "as sent).")
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
        text, language = data["text"], data.get("language") or None
        findings = scan_text(text, language=language)
        answer = {}
        if "remove" in data:
            # As the forms' button: only findings of this text count, anything else removes nothing.
            wanted = {(item["start"], item["end"], item["kind"]) for item in data["remove"]}
            removed = [f for f in findings if (f.start, f.end, f.kind) in wanted]
            text = remove_spans(text, removed, language=language)
            findings = scan_text(text, language=language) if removed else findings
            answer["text"] = text
            answer["removed"] = [finding_dict(f) for f in removed]
        answer.update({"findings": [finding_dict(f) for f in findings], "degraded": degraded_kinds()})
        return Response(answer)
