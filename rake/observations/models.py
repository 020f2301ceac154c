from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rake.core.models import TimeStampedModel


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    CLARIFICATION_REQUESTED = "clarification_requested", _("clarification requested")
    ACCEPTED = "accepted", _("accepted")
    USED = "used", _("used in a report")
    CLOSED = "closed", _("closed")
    REJECTED = "rejected", _("rejected")
    QUARANTINED = "quarantined", _("quarantined")


class Polarity(models.TextChoices):
    NEGATIVE = "negative", _("negative")
    POSITIVE = "positive", _("positive")
    MIXED = "mixed", _("mixed")


class Frequency(models.TextChoices):
    SINGLE_CASE = "single_case", _("a single case")
    RECURRING = "recurring", _("recurring")
    WEAK_SIGNAL = "weak_signal", _("a weak signal")


class AffectedEstimate(models.TextChoices):
    ONE = "1", _("one person")
    TWO_TO_FIVE = "2-5", _("2–5 people")
    SIX_TO_TWENTY = "6-20", _("6–20 people")
    OVER_TWENTY = "over_20", _("over 20 people")


class Trend(models.TextChoices):
    NEW = "new", _("new")
    INCREASING = "increasing", _("increasing")
    STABLE = "stable", _("stable")
    DECREASING = "decreasing", _("decreasing")
    UNKNOWN = "unknown", _("unknown")


class Language(models.TextChoices):
    FI = "fi", _("Finnish")
    SV = "sv", _("Swedish")
    EN = "en", _("English")


class ReporterKind(models.TextChoices):
    PROFESSIONAL = "professional", _("professional")
    CLIENT = "client", _("client")
    RESIDENT = "resident", _("resident")
    NGO = "ngo", _("non-governmental organisation")
    OTHER = "other", _("other")


class Channel(models.TextChoices):
    SOCIAL_REPORT = "social_report", _("social report")
    OMBUDSMAN = "ombudsman", _("social ombudsman")
    CLIENT_FEEDBACK = "client_feedback", _("client feedback")


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")


class Observation(TimeStampedModel):
    """One social report (sosiaalinen raportointi) of what a professional saw in client work."""

    status = models.CharField(_("status"), max_length=32, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    county_code = models.CharField(_("wellbeing services county"), max_length=2, db_index=True)
    municipality_code = models.CharField(_("municipality"), max_length=3, blank=True)
    service_area = models.ForeignKey("taxonomy.ServiceArea", verbose_name=_("service area"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    observation_type = models.ForeignKey("taxonomy.ObservationType", verbose_name=_("observation type"),
                                         null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    polarity = models.CharField(_("polarity"), max_length=16, choices=Polarity.choices, blank=True)
    phenomena = models.ManyToManyField("taxonomy.Phenomenon", verbose_name=_("phenomena"),
                                       through="ObservationPhenomenon", related_name="observations")
    client_groups = models.ManyToManyField("taxonomy.ClientGroup", verbose_name=_("client groups"),
                                           blank=True, related_name="observations")
    support_needs = models.ManyToManyField("taxonomy.SupportNeed", verbose_name=_("support needs"),
                                           blank=True, related_name="observations")
    description = models.TextField(_("description"))
    proposed_action = models.TextField(_("proposed action"), blank=True)
    proposed_owner = models.CharField(_("who should act"), max_length=300, blank=True)
    frequency = models.CharField(_("how often"), max_length=16, choices=Frequency.choices, blank=True)
    affected_estimate = models.CharField(_("people affected"), max_length=16, choices=AffectedEstimate.choices,
                                         blank=True)
    trend = models.CharField(_("trend"), max_length=16, choices=Trend.choices, default=Trend.UNKNOWN)
    observed_on = models.DateField(_("observed on"))
    observed_precision = models.CharField(_("precision of the date"), max_length=8,
                                          choices=DatePrecision.choices, default=DatePrecision.DAY)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FI)
    reporter_kind = models.CharField(_("reporter"), max_length=16, choices=ReporterKind.choices,
                                     default=ReporterKind.PROFESSIONAL)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices,
                               default=Channel.SOCIAL_REPORT)
    wants_feedback = models.BooleanField(_("wants feedback"), default=True)

    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("accepted or rejected at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    # Set by seed and import commands so that running them again finds the row instead of duplicating it.
    external_id = models.CharField(_("external id"), max_length=100, unique=True, null=True, blank=True)
    related = models.ManyToManyField("self", verbose_name=_("related observations"), blank=True,
                                     symmetrical=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at", "-id"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        indexes = [
            models.Index(fields=["county_code", "status", "submitted_at"]),
            models.Index(fields=["created_by", "-created_at"]),
        ]

    def __str__(self):
        return _("Observation %(id)s") % {"id": self.pk}

    @property
    def primary_phenomenon(self):
        link = self.phenomenon_links.select_related("phenomenon").order_by("position").first()
        return link.phenomenon if link else None


class ObservationPhenomenon(models.Model):
    """A phenomenon (or sub-theme) of an observation; position 0 is the primary one."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="phenomenon_links")
    phenomenon = models.ForeignKey("taxonomy.Phenomenon", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["observation", "phenomenon"], name="unique_observation_phenomenon"),
        ]


class TimelineEvent(models.Model):
    """What happened to an observation. Other apps (publishing, proposals) add their own kinds."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=40)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_role = models.CharField(max_length=20, blank=True)
    # A message addressed to the other party (a reason, a question, an answer, feedback).
    message = models.TextField(_("message"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    visible_to_reporter = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")


class IdempotencyKey(models.Model):
    """Remembers an API request's Idempotency-Key so that a retry returns the same observation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_idempotency_key")]


class PrivacyAcknowledgement(models.Model):
    """Someone confirmed that a span the privacy guard flagged is not personal data (DESIGN §4.2).

    Holds where the span is and what kind it looked like, never the text. `field` is description,
    proposed_action or proposed_owner, or "message" for the message of `event`. Offsets refer to the
    current text: a redaction shifts them; when the text is edited the old ones are superseded.
    """

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="privacy_acknowledgements")
    event = models.ForeignKey(TimelineEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    field = models.CharField(_("field"), max_length=20)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    kind = models.CharField(_("kind"), max_length=20)
    score = models.FloatField(_("score"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("privacy acknowledgement")
        verbose_name_plural = _("privacy acknowledgements")
        indexes = [models.Index(fields=["observation", "field"])]

    def __str__(self):
        return f"{self.observation_id} {self.field} {self.start}–{self.end} {self.kind}"
