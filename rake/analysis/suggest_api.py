"""POST /api/v1/suggest/phenomena: phenomenon suggestions for a text (DESIGN §4.4, §5).

For coordinators and analysts. The text is not stored, and nothing is applied to any observation. The model
has learnt only from the observations of the counties whose texts the user may read (suggest.scope_of).
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from rake.core.errors import PermissionDenied, ValidationError

from . import suggest


class _TextField(serializers.CharField):
    """A JSON string only (DRF's CharField would turn 5 into "5")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class SuggestInputSerializer(serializers.Serializer):
    text = _TextField(max_length=suggest.MAX_TEXT, allow_blank=True, trim_whitespace=False)
    language = serializers.ChoiceField(choices=["fi", "sv"], required=False, allow_blank=True, allow_null=True,
                                       help_text="fi | sv; omitted: guessed from the text.")
    limit = serializers.IntegerField(required=False, min_value=1, max_value=len(suggest.CODES), default=3)


class SuggestionSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=list(suggest.CODES), help_text="A national phenomenon code.")
    score = serializers.FloatField(help_text="Probability (0–1); the scores of one answer sum to at most 1.")


class SuggestResultSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True)


class SuggestPhenomenaApi(APIView):
    @extend_schema(operation_id="suggest_phenomena", request=SuggestInputSerializer,
                   responses={200: SuggestResultSerializer})
    def post(self, request):
        if not request.user.permissions.can_use_suggestions():
            raise PermissionDenied()
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
        serializer = SuggestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        pairs = suggest.suggest(data["text"], scope=suggest.scope_of(request.user),
                                language=data.get("language") or None, limit=data["limit"])
        return Response({"suggestions": [{"code": code, "score": score} for code, score in pairs]})
