"""GET/POST /api/v1/proposals, POST /api/v1/proposals/{id}/transition (DESIGN §5).

The serializers only check the shape of the input; the rules live in services.py and selectors.py."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from rake.core.api import IdField, Pagination, query_params, validated_body
from rake.core.errors import PermissionDenied
from rake.observations.serializers import PersonalDataFoundSerializer

from . import selectors, services
from .models import AddresseeKind, Outcome, Proposal, ProposalStatus

LIST_FILTERS = ("status", "county", "addressee_kind", "q")


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    county = serializers.CharField(source="county_code")
    title = serializers.CharField()
    rationale = serializers.CharField()
    addressee = serializers.CharField()
    addressee_kind = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    # "" until a decision; "returned" and "tabled" are decisions that leave the proposal undecided.
    outcome = serializers.ChoiceField(choices=[("", "")] + Outcome.choices)
    outcome_label = serializers.CharField(source="get_outcome_display")
    decision_text = serializers.CharField()
    decision_reference = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    progress = serializers.SerializerMethodField()
    follow_up_on = serializers.DateField(allow_null=True)
    observations = serializers.SerializerMethodField()
    phenomenon = serializers.CharField()
    publication = serializers.IntegerField(source="publication_id", allow_null=True)
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    weight = serializers.IntegerField()
    children = serializers.SerializerMethodField()

    def get_progress(self, proposal) -> int:
        return selectors.progress_of(proposal)

    def get_observations(self, proposal) -> list[int]:
        """Only the ids of observations the requesting user may read (a decision-maker reads none)."""
        user = self.context["request"].user
        return [o.pk for o in proposal.observations.all() if user.permissions.can_view_observation(o)]

    def get_children(self, proposal) -> list[int]:
        return sorted(child.pk for child in proposal.children.all())


class ProposalInputSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, trim_whitespace=False)
    rationale = serializers.CharField(allow_blank=True, trim_whitespace=False)
    addressee = serializers.CharField(allow_blank=True, trim_whitespace=False)
    observations = serializers.ListField(child=IdField(), required=False, default=list)
    phenomenon = serializers.CharField(required=False, allow_blank=True, default="")
    county = serializers.CharField(required=False, allow_blank=True, default="")
    addressee_kind = serializers.ChoiceField(choices=AddresseeKind.choices, required=False,
                                             default=AddresseeKind.BOARD)
    publication = IdField(required=False, allow_null=True, default=None)
    parent = IdField(required=False, allow_null=True, default=None)
    weight = serializers.IntegerField(required=False, default=1)
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)


class ProposalCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()


class TransitionInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=services.ACTIONS)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    decision_text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    decision_reference = serializers.CharField(required=False, allow_blank=True)
    decided_on = serializers.DateField(required=False, allow_null=True)
    progress = serializers.IntegerField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    follow_up_on = serializers.DateField(required=False, allow_null=True)


class ProposalListCreateApi(APIView):
    pagination_class = Pagination  # so that the schema documents the paginated list

    @extend_schema(
        operation_id="proposals_list",
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, required=False, enum=ProposalStatus.values),
                    OpenApiParameter("county", OpenApiTypes.STR, required=False),
                    OpenApiParameter("addressee_kind", OpenApiTypes.STR, required=False,
                                     enum=AddresseeKind.values),
                    OpenApiParameter("q", OpenApiTypes.STR, required=False,
                                     description="Text in the title, addressee or rationale."),
                    OpenApiParameter("page", OpenApiTypes.INT, required=False),
                    OpenApiParameter("page_size", OpenApiTypes.INT, required=False)],
        responses={200: ProposalSerializer(many=True)},
        description="Proposals for action of the counties the user may see: coordinators, analysts and "
                    "decision-makers of a county, national analysts. Reporters get 403.",
    )
    def get(self, request):
        filters = query_params(request, LIST_FILTERS)
        proposals = selectors.proposal_list(
            user=request.user, status=filters.get("status"), addressee_kind=filters.get("addressee_kind"),
            county=filters.get("county"), search=filters.get("q"),
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(proposals, request, view=self)
        data = ProposalSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        operation_id="proposals_create", request=ProposalInputSerializer,
        responses={201: ProposalCreatedSerializer, 422: PersonalDataFoundSerializer},
        description="Coordinators: a draft proposal built from observations (ids), a phenomenon, a report or "
                    "as a part of a parent proposal. Texts that may contain personal data are refused with 422 "
                    "and the findings (nothing can be confirmed as a false alarm: the texts may be published).",
    )
    def post(self, request):
        if not request.user.permissions.can_manage_proposals():
            raise PermissionDenied()
        data = validated_body(ProposalInputSerializer, request)
        proposal = services.proposal_create(user=request.user, request=request, **data)
        return Response({"id": proposal.pk, "status": proposal.status}, status=status.HTTP_201_CREATED)


class ProposalTransitionApi(APIView):
    @extend_schema(
        operation_id="proposals_transition", request=TransitionInputSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                                     description="A retry with the same key and body returns the proposal "
                                                 "without a second step or e-mail.")],
        responses={200: ProposalSerializer, 422: PersonalDataFoundSerializer},
        description="Move a proposal: submit, consider, decide (outcome, decision_text, decision_reference, "
                    "decided_on; the outcome accepted, partly or rejected makes it decided, returned (for "
                    "preparation) sends it back to submitted, tabled keeps it under consideration), start, progress (progress, note, follow_up_on), implement, close (note), "
                    "follow_up (follow_up_on, note). Coordinators do all; decision-makers of the county "
                    "decide and record progress and follow-up dates. A proposal the user cannot see is 404; "
                    "texts that may contain personal data are refused with 422 and the findings.",
    )
    def post(self, request, pk):
        # Not found also for a proposal of a county the user cannot see; the service checks the step.
        proposal = selectors.proposal_get(user=request.user, pk=pk)
        data = validated_body(TransitionInputSerializer, request)
        action = data.pop("action")
        proposal, replayed = services.proposal_transition_once(
            user=request.user, proposal=proposal, action=action, data=data,
            idempotency_key=request.headers.get("Idempotency-Key"), request=request,
        )
        proposal = Proposal.objects.prefetch_related("observations", "children").get(pk=proposal.pk)
        response = Response(ProposalSerializer(proposal, context={"request": request}).data)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response
