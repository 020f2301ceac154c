"""GET /api/v1/stats/observations (DESIGN §5)."""

import re

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from rake.core.api import query_params
from rake.core.dates import parse_date_or_month
from rake.core.errors import ValidationError
from rake.observations.models import Polarity
from rake.taxonomy.models import ObservationType, Phenomenon

from .rates import RATE_CHOICES, with_rates
from .release import stats_answer
from .selectors import GROUP_BY, PERIODS
from .services import stats_scope

STATS_PARAMS = ("group_by", "period", "county", "municipality", "phenomenon", "since", "until", "polarity",
                "observation_type", "rate")


def _choice(value, name, choices):
    if value not in choices:
        raise ValidationError({name: [_("“%(value)s” is not a valid choice.") % {"value": value}]})
    return value


def _month(value, name):
    try:
        return parse_date_or_month(value)[0]
    except ValueError:
        raise ValidationError({name: [_("Enter a month as YYYY-MM (or a date as YYYY-MM-DD).")]}) from None


def parse_stats_params(params):
    """Query parameters → keyword arguments of observation_stats (and `rate`, which the view takes out);
    ValidationError for bad ones."""
    errors = {}
    parsed = {}
    group_by = []
    for name in (params.get("group_by") or "").split(","):
        name = name.strip()
        if not name:
            continue
        if name not in GROUP_BY:
            errors.setdefault("group_by", []).append(
                _("“%(value)s” is not a valid choice; choose from %(choices)s.")
                % {"value": name, "choices": ", ".join(GROUP_BY)})
        elif name not in group_by:
            group_by.append(name)
    parsed["group_by"] = group_by
    checks = {
        "period": lambda v: _choice(v, "period", PERIODS),
        "county": lambda v: v if re.fullmatch(r"\d{2}", v) else _choice(v, "county", ()),
        "municipality": lambda v: v if re.fullmatch(r"\d{3}", v) else _choice(v, "municipality", ()),
        "phenomenon": lambda v: _choice(v, "phenomenon", Phenomenon.NATIONAL_CODES),
        "polarity": lambda v: _choice(v, "polarity", Polarity.values),
        "observation_type": lambda v: _choice(v, "observation_type",
                                              set(ObservationType.objects.values_list("code", flat=True))),
        "since": lambda v: _month(v, "since"),
        "until": lambda v: _month(v, "until"),
        "rate": lambda v: _choice(v, "rate", RATE_CHOICES),
    }
    for name, check in checks.items():
        if name not in params:
            continue
        try:
            parsed[name] = check(params[name])
        except ValidationError as error:
            errors.update(error.field_errors)
    if "since" in parsed and "until" in parsed and parsed["since"].replace(day=1) > parsed["until"].replace(day=1):
        errors.setdefault("until", []).append(_("The end is before the start."))
    if errors:
        raise ValidationError(errors)
    return parsed


@extend_schema_field({"oneOf": [{"type": "integer", "nullable": True},
                                {"type": "object", "additionalProperties": {"type": "integer"}}]})
class PopulationYearField(serializers.JSONField):
    """One population year, or {statistics year: population year} when the rows use several."""


class StatsObservationsApi(APIView):
    @extend_schema(
        operation_id="stats_observations",
        description=(
            "Counts of counted (accepted, used or closed) observations, grouped by the given dimensions. "
            "A multi-valued dimension (phenomenon, sub_theme, client_group, support_need) counts an observation "
            "once under each of its values. Roles without raw access get only the protected release (ADR 0012): "
            "whole calendar periods, the fixed tables of the lattice, hidden cells with `count` null and "
            "`suppressed` true; any other question is answered 400 with code `query_not_allowed`.\n\n"
            "With `rate=per_10000` every row also has `rate`: its observations per 10,000 inhabitants of the "
            "row's area (its municipality when grouped or filtered by municipality, else its county, else the "
            "counties the answer covers together), to one decimal; null where `count` is null or the population "
            "is unknown. The rate is computed from the published count only. A row's population is that of "
            "31 December of `population_year` for the row's statistics year (the year of its period, or the "
            "year the window ends when not grouped by period; the latest population year not after it). "
            "`population_year` is one integer when every row uses the same population year, else an object "
            "{statistics year: population year}, e.g. `{\"2021\": 2021, \"2022\": 2022, \"2023\": 2022}`; "
            "null when there is no population data. Source of the population: THL, Sotkanet / Statistics "
            "Finland (CC BY 4.0)."
        ),
        parameters=[
            OpenApiParameter("group_by", OpenApiTypes.STR, required=False,
                             description="Comma-separated: " + ", ".join(GROUP_BY)),
            OpenApiParameter("period", OpenApiTypes.STR, enum=list(PERIODS), required=False),
            OpenApiParameter("county", OpenApiTypes.STR, required=False),
            OpenApiParameter("municipality", OpenApiTypes.STR, required=False),
            OpenApiParameter("phenomenon", OpenApiTypes.STR, enum=list(Phenomenon.NATIONAL_CODES), required=False),
            OpenApiParameter("polarity", OpenApiTypes.STR, enum=list(Polarity.values), required=False),
            OpenApiParameter("observation_type", OpenApiTypes.STR, required=False),
            OpenApiParameter("since", OpenApiTypes.STR, required=False, description="YYYY-MM (inclusive)"),
            OpenApiParameter("until", OpenApiTypes.STR, required=False, description="YYYY-MM (inclusive)"),
            OpenApiParameter("rate", OpenApiTypes.STR, enum=list(RATE_CHOICES), required=False,
                             description="per_10000: add observations per 10,000 inhabitants (`rate`) to every "
                                         "row and `population_year` to the answer"),
        ],
        responses={200: inline_serializer("ObservationStats", {
            "threshold": serializers.IntegerField(),
            "suppressed": serializers.BooleanField(),
            "rows": serializers.ListField(child=serializers.DictField()),
            "population_year": PopulationYearField(required=False, allow_null=True),
        })},
    )
    def get(self, request):
        params = parse_stats_params(query_params(request, STATS_PARAMS))
        rate = params.pop("rate", None)
        counties, suppressed = stats_scope(request.user, params.pop("county", None))
        answer = stats_answer(counties=counties, suppressed=suppressed, **params)
        if rate:
            answer = with_rates(answer, counties=counties, **params)
        return Response(answer)
