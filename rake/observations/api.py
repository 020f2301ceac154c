from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from rake.core.api import Pagination, query_bool, query_params, validated_body
from rake.core.errors import PermissionDenied, ValidationError

from . import selectors, services
from .serializers import (
    AnswerSerializer,
    HardDeleteSerializer,
    ObservationCreatedSerializer,
    ObservationInputSerializer,
    ObservationSerializer,
    PersonalDataFoundSerializer,
    TimelineSerializer,
    TransitionSerializer,
)

LIST_FILTERS = ("status", "phenomenon", "county", "municipality", "since", "until", "q", "sort")


def _date_filter(value, name):
    import datetime

    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: [_("Enter a date as YYYY-MM-DD.")]}) from None


class ObservationListCreateApi(APIView):
    pagination_class = Pagination  # so that the schema documents the paginated list

    @extend_schema(
        operation_id="observations_list",
        parameters=[OpenApiParameter(name, OpenApiTypes.STR, required=False) for name in LIST_FILTERS]
        + [OpenApiParameter("mine", OpenApiTypes.BOOL, required=False, description="Only the user's own."),
           OpenApiParameter("page", OpenApiTypes.INT, required=False),
           OpenApiParameter("page_size", OpenApiTypes.INT, required=False)],
        responses={200: ObservationSerializer(many=True)},
    )
    def get(self, request):
        filters = query_params(request, LIST_FILTERS)
        filters["mine"] = query_bool(request, "mine")
        for name in ("since", "until"):
            if name in filters:
                filters[name] = _date_filter(filters[name], name)
        observations = selectors.observation_list(user=request.user, filters=filters, with_relations=False)
        paginator = self.paginator
        page = paginator.paginate_queryset(observations, request, view=self)
        codes = selectors.observation_codes((observation.pk for observation in page), user=request.user)
        return paginator.get_paginated_response(ObservationSerializer(page, many=True, context={"codes": codes}).data)

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            self._paginator = self.pagination_class()
        return self._paginator

    @extend_schema(
        operation_id="observations_create",
        request=ObservationInputSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False)],
        responses={201: ObservationCreatedSerializer, 200: ObservationCreatedSerializer,
                   422: PersonalDataFoundSerializer},
    )
    def post(self, request):
        data = validated_body(ObservationInputSerializer, request)
        submit = data.pop("status", "submitted") != "draft"
        acknowledged = data.pop("acknowledged_findings", None)
        observation, created = services.observation_create(
            user=request.user, data=data, submit=submit,
            idempotency_key=request.headers.get("Idempotency-Key"), acknowledged_findings=acknowledged,
            request=request,
        )
        response = Response({"id": observation.pk, "status": observation.status}, status=status.HTTP_201_CREATED)
        if not created:
            response["Idempotent-Replayed"] = "true"
        return response


class ObservationDetailApi(APIView):
    @extend_schema(operation_id="observations_retrieve", responses={200: ObservationSerializer})
    def get(self, request, pk):
        observation = services.observation_read(user=request.user, pk=pk, request=request, with_relations=False)
        codes = selectors.observation_codes([observation.pk], user=request.user)
        return Response(ObservationSerializer(observation, context={"codes": codes}).data)

    @extend_schema(
        operation_id="observations_destroy", request=HardDeleteSerializer,
        parameters=[OpenApiParameter("reason", OpenApiTypes.STR, required=False,
                                     description="The reason, when not given in the body.")],
        responses={204: None},
        description="Coordinators: delete the observation and everything hanging from it for good. The audit "
                    "log keeps its id, never its content.",
    )
    def delete(self, request, pk):
        body = request.data if isinstance(request.data, dict) else {}
        reason = body.get("reason") or query_params(request, ("reason",)).get("reason")
        observation = selectors.observation_get(user=request.user, pk=pk, with_relations=False)
        if not request.user.permissions.can_hard_delete(observation):
            raise PermissionDenied()
        serializer = HardDeleteSerializer(data={"reason": reason})
        serializer.is_valid(raise_exception=True)
        services.observation_hard_delete(user=request.user, observation=observation,
                                         reason=serializer.validated_data["reason"], request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ObservationTransitionApi(APIView):
    @extend_schema(operation_id="observations_transition", request=TransitionSerializer,
                   responses={200: ObservationCreatedSerializer, 422: PersonalDataFoundSerializer})
    def post(self, request, pk):
        data = validated_body(TransitionSerializer, request)
        observation = selectors.observation_get(user=request.user, pk=pk, with_relations=False)
        observation = services.observation_transition(
            user=request.user, observation=observation, action=data["action"], reason=data.get("reason"),
            classification=data.get("classification"), acknowledged_findings=data.get("acknowledged_findings"),
            confirm_acknowledged_findings=data.get("confirm_acknowledged_findings", False), request=request,
        )
        return Response({"id": observation.pk, "status": observation.status})


class ObservationAnswerApi(APIView):
    @extend_schema(operation_id="observations_answer", request=AnswerSerializer,
                   responses={200: ObservationCreatedSerializer, 422: PersonalDataFoundSerializer})
    def post(self, request, pk):
        data = validated_body(AnswerSerializer, request)
        observation = selectors.observation_get(user=request.user, pk=pk, with_relations=False)
        observation = services.observation_answer_clarification(
            user=request.user, observation=observation, answer=data["answer"],
            acknowledged_findings=data.get("acknowledged_findings"), request=request,
        )
        return Response({"id": observation.pk, "status": observation.status})


class ObservationTimelineApi(APIView):
    @extend_schema(operation_id="observations_timeline", responses={200: TimelineSerializer})
    def get(self, request, pk):
        observation = services.observation_read(user=request.user, pk=pk, request=request, with_relations=False)
        events = selectors.observation_timeline(user=request.user, observation=observation)
        return Response(TimelineSerializer({
            "id": observation.pk, "status": observation.status,
            "status_label": observation.get_status_display(), "events": events,
        }).data)
