from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from rake.core.errors import ValidationError

from .services import token_obtain


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=1000, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    # The default throttles plus a tighter per-address rate for password guessing.
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, ScopedRateThrottle]
    throttle_scope = "auth_token"

    @extend_schema(operation_id="auth_token_create", request=TokenRequestSerializer,
                   responses={200: TokenSerializer})
    def post(self, request):
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["JSON object expected."]})
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = token_obtain(request=request, **serializer.validated_data)
        return Response({"token": token})
