"""API input shapes and output representations. Rules live in validation.py and services.py."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from rake.core import text as text_limits
from rake.taxonomy.models import ObservationType, ServiceArea
from rake.taxonomy.selectors import term_code

from .guard import FINDING_FIELDS, MAX_ACKNOWLEDGEMENTS
from .models import AffectedEstimate, Channel, Frequency, Language, Polarity, ReporterKind, Status, Trend
from .transitions import API_ACTIONS
from .validation import TEXT_LIMITS


class AcknowledgedFindingSerializer(serializers.Serializer):
    """A finding of a 422 answer that the user confirmed is not personal data, named exactly."""

    field = serializers.ChoiceField(choices=FINDING_FIELDS)
    start = serializers.IntegerField(min_value=0, max_value=1_000_000)
    end = serializers.IntegerField(min_value=1, max_value=1_000_000)
    kind = serializers.CharField(max_length=20)


def _acknowledged_findings():
    return serializers.ListField(
        child=AcknowledgedFindingSerializer(), required=False, max_length=MAX_ACKNOWLEDGEMENTS,
        help_text=_("Findings of an earlier 422 answer confirmed as not personal data: each as {field, start, "
                    "end, kind}, exactly as found in the current text. A strong identifier (strong: true, an "
                    "identity code or IBAN whose check is right) is never acknowledged: remove it."),
    )


class FindingSerializer(serializers.Serializer):
    field = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    kind = serializers.CharField()
    score = serializers.FloatField()
    reason = serializers.CharField()
    reason_code = serializers.CharField()
    label = serializers.CharField()
    acknowledged = serializers.BooleanField()
    strong = serializers.BooleanField(help_text=_("An identity code or IBAN whose check is right: it cannot be "
                                                  "acknowledged, only removed."))
    event = serializers.IntegerField(required=False, help_text=_("The timeline event of a message."))


class PersonalDataFoundSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="personal_data | confirm_acknowledged_findings")
    detail = serializers.CharField()
    findings = FindingSerializer(many=True)


def _choice(choices, **kwargs):
    return serializers.ChoiceField(choices=choices.choices, **kwargs)


class ObservationInputSerializer(serializers.Serializer):
    """The fields of DESIGN §4.1, taxonomy by code. Types are checked here, meaning in the service."""

    county = serializers.CharField(required=False, max_length=2,
                                   help_text=_("County code; defaults to the reporter's organisation's county."))
    municipality = serializers.CharField(required=False, allow_blank=True, max_length=3)
    service_area = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=64)
    observation_type = serializers.CharField(required=False, max_length=64,
                                             help_text="need | service_effect | good_practice")
    polarity = _choice(Polarity, required=False)
    phenomena = serializers.ListField(child=serializers.CharField(max_length=64), required=False, max_length=20)
    client_groups = serializers.ListField(child=serializers.CharField(max_length=64), required=False,
                                          max_length=20)
    support_needs = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=10),
                                          required=False, max_length=10)
    description = serializers.CharField(required=False, allow_blank=True,
                                        max_length=TEXT_LIMITS["description"], trim_whitespace=False)
    # Untrimmed like the description: the privacy guard's offsets count the whitespace the client sent.
    proposed_action = serializers.CharField(required=False, allow_blank=True,
                                            max_length=TEXT_LIMITS["proposed_action"], trim_whitespace=False)
    proposed_owner = serializers.CharField(required=False, allow_blank=True,
                                           max_length=TEXT_LIMITS["proposed_owner"], trim_whitespace=False)
    frequency = _choice(Frequency, required=False, allow_blank=True)
    affected_estimate = _choice(AffectedEstimate, required=False, allow_blank=True)
    trend = _choice(Trend, required=False)
    observed_on = serializers.RegexField(r"^\d{4}-\d{2}(-\d{2})?$", required=False, max_length=10,
                                         help_text=_("A date (YYYY-MM-DD) or a month (YYYY-MM)."))
    language = _choice(Language, required=False)
    reporter_kind = _choice(ReporterKind, required=False)
    channel = _choice(Channel, required=False)
    wants_feedback = serializers.BooleanField(required=False)
    status = serializers.ChoiceField(choices=[("submitted", "submitted"), ("draft", "draft")], required=False,
                                     help_text=_("“draft” saves without submitting."))
    acknowledged_findings = _acknowledged_findings()


class ObservationCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = _choice(Status)


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=API_ACTIONS)
    # Not trimmed here: the privacy guard's offsets count the whitespace the client sent; the service trims.
    reason = serializers.CharField(required=False, allow_blank=True, max_length=text_limits.MESSAGE, trim_whitespace=False)
    classification = serializers.DictField(required=False)
    acknowledged_findings = _acknowledged_findings()
    confirm_acknowledged_findings = serializers.BooleanField(
        required=False, default=False,
        help_text=_("accept: the observation's texts still hold findings (confirmed as not personal data, or found "
                    "since) and the coordinator has checked them; without it such an accept is answered 422 "
                    "{code: \"confirm_acknowledged_findings\", findings}. The confirmation is audited."))


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=text_limits.MESSAGE, trim_whitespace=False)  # as the reason above
    acknowledged_findings = _acknowledged_findings()


class StrictCharField(serializers.CharField):
    """A JSON string only (CharField would accept 5 as "5")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class HardDeleteSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=text_limits.MESSAGE, help_text=_("Why the observation is deleted (for the audit "
                                                                "log; anything like personal data is masked)."))


class ObservationSerializer(serializers.Serializer):
    """One observation with its raw text; only for users who may read it.

    Its classification and links come from the context's "codes" ({pk: …} of selectors.observation_codes).
    """

    id = serializers.IntegerField()
    status = serializers.CharField()
    county = serializers.CharField(source="county_code")
    municipality = serializers.CharField(source="municipality_code")
    service_area = serializers.SerializerMethodField()
    observation_type = serializers.SerializerMethodField()
    polarity = serializers.CharField()
    phenomena = serializers.SerializerMethodField()
    client_groups = serializers.SerializerMethodField()
    support_needs = serializers.SerializerMethodField()
    description = serializers.CharField()
    proposed_action = serializers.CharField()
    proposed_owner = serializers.CharField()
    frequency = serializers.CharField()
    affected_estimate = serializers.CharField()
    trend = serializers.CharField()
    observed_on = serializers.DateField()
    observed_precision = serializers.CharField(help_text=_("“month” when only the month was given."))
    language = serializers.CharField()
    reporter_kind = serializers.CharField()
    channel = serializers.CharField()
    wants_feedback = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    rejection_reason = serializers.CharField()
    related = serializers.SerializerMethodField()

    def get_service_area(self, obj) -> str | None:
        return term_code(ServiceArea, obj.service_area_id) if obj.service_area_id else None

    def get_observation_type(self, obj) -> str | None:
        return term_code(ObservationType, obj.observation_type_id) if obj.observation_type_id else None

    def get_phenomena(self, obj) -> list[str]:
        return self.context["codes"][obj.pk]["phenomena"]  # ordered: primary first

    def get_client_groups(self, obj) -> list[str]:
        return self.context["codes"][obj.pk]["client_groups"]

    def get_support_needs(self, obj) -> list[int]:
        return self.context["codes"][obj.pk]["support_needs"]

    def get_related(self, obj) -> list[int]:
        return self.context["codes"][obj.pk]["related"]


class TimelineEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField(source="created_at")
    kind = serializers.CharField()
    title = serializers.SerializerMethodField()
    actor_role = serializers.CharField()
    message = serializers.CharField()
    data = serializers.JSONField()

    def get_title(self, obj) -> str:
        from .timeline import event_title

        return str(event_title(obj))


class TimelineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    events = TimelineEventSerializer(many=True)

