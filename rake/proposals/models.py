"""Proposals for action, their decisions and follow-up (DESIGN §4.6).

A proposal is built from observations, a phenomenon or a report, addressed to a body, with a rationale.
Status: draft → submitted → under_consideration → decided (outcome accepted / partly / rejected) →
in_progress → implemented | closed; a decision "returned for preparation" sends it back to submitted and
"tabled" keeps it under consideration. Every transition is a guarded service in services.py; the
contributing reporters see each step in their observation's timeline (rake.observations.TimelineEvent)
and, if they asked for feedback, get an e-mail once per event (rake.core.notifications).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rake.core.models import TimeStampedModel


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_CONSIDERATION = "under_consideration", _("under consideration")
    DECIDED = "decided", _("decided")
    IN_PROGRESS = "in_progress", _("in progress")
    IMPLEMENTED = "implemented", _("implemented")
    CLOSED = "closed", _("closed")


# A finished proposal needs no more work or follow-up; the others are open.
FINISHED_STATUSES = frozenset({ProposalStatus.IMPLEMENTED, ProposalStatus.CLOSED})
OPEN_STATUSES = frozenset(set(ProposalStatus) - FINISHED_STATUSES)


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    REJECTED = "rejected", _("rejected")
    # The body sent it back to be prepared again, or postponed it to a later meeting: not (yet) decided.
    RETURNED = "returned", _("returned for preparation")
    TABLED = "tabled", _("tabled")


class AddresseeKind(models.TextChoices):
    BOARD = "board", _("committee (lautakunta)")
    REGIONAL_GOVERNMENT = "regional_government", _("regional government (aluehallitus)")
    SERVICE_UNIT = "service_unit", _("service unit")
    MUNICIPALITY = "municipality", _("municipality")
    OTHER = "other", _("other body")


class Proposal(TimeStampedModel):
    county_code = models.CharField(_("wellbeing services county"), max_length=2, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    rationale = models.TextField(_("rationale"))
    addressee = models.CharField(_("addressed to"), max_length=300)
    addressee_kind = models.CharField(_("kind of body"), max_length=24, choices=AddresseeKind.choices,
                                      default=AddresseeKind.BOARD)
    status = models.CharField(_("status"), max_length=24, choices=ProposalStatus.choices,
                              default=ProposalStatus.DRAFT, db_index=True)
    observations = models.ManyToManyField("observations.Observation", verbose_name=_("observations"),
                                          blank=True, related_name="proposals")
    phenomenon = models.CharField(_("national phenomenon"), max_length=64, blank=True)
    # The id of the report (rake.publishing) it was built on, no foreign key: publishing builds on proposals
    # and resolves it (rake.proposals.reports).
    publication_id = models.PositiveBigIntegerField(_("report"), null=True, blank=True, db_index=True)
    parent = models.ForeignKey("self", verbose_name=_("parent proposal"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    # A child's share of its parent's progress, relative to its siblings' weights.
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=[MinValueValidator(1)])

    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    decision_text = models.TextField(_("decision"), blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    # The proposal's own progress; a parent's shown progress comes from its children (services.progress_of).
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0,
                                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-modified_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return self.title


class ProposalEvent(models.Model):
    """One step of a proposal (created, submitted, decided, progress, …): the proposal's own history."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=24)
    status = models.CharField(_("status"), max_length=24, choices=ProposalStatus.choices)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")


class TransitionKey(models.Model):
    """An API request's Idempotency-Key for a proposal transition (ADR 0003): a retry with the same key
    returns the proposal without a second event or e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(ProposalEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_proposal_transition_key")]
