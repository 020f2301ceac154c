"""Reads of observations, always scoped to what the user may see."""

from django.db.models import Prefetch, Q

from rake.accounts.models import Role
from rake.core.errors import NotFound, PermissionDenied

from .models import Observation, ObservationPhenomenon, PrivacyAcknowledgement, Status, TimelineEvent
from .search import text_search
from .transitions import CLASSIFIABLE, COORDINATOR_ACTIONS, OBSERVATION


def _ordered_phenomena():
    """Phenomenon links in their order (position 0 = primary), for listing without extra queries."""
    links = ObservationPhenomenon.objects.select_related("phenomenon", "phenomenon__parent")
    return Prefetch("phenomenon_links", queryset=links)


SORTS = {
    "submitted": ("submitted_at", "id"),
    "-submitted": ("-submitted_at", "-id"),
    "observed": ("observed_on", "id"),
    "-observed": ("-observed_on", "-id"),
    "status": ("status", "-submitted_at"),
    "county": ("county_code", "-submitted_at"),
    "-created": ("-created_at", "-id"),
}
OPEN_STATUSES = (Status.SUBMITTED, Status.CLARIFICATION_REQUESTED)


def observation_visible_q(user, *, through=""):
    """The observations the user may read (as user.permissions.can_view_observation answers for one).

    `through` names a relation to an observation, "to_observation" say, to ask it of the related observation.
    """
    perms = user.permissions
    raw = perms.raw_text_counties()
    triage = perms.triage_counties()
    prefix = f"{through}__" if through else ""

    def q(**lookups):
        return Q(**{prefix + lookup: value for lookup, value in lookups.items()})

    own = q(created_by=user)
    county = q(county_code__in=raw) & ~q(status=Status.DRAFT) & (
        ~q(status=Status.QUARANTINED) | q(county_code__in=triage)
    )
    return (own & ~q(status=Status.QUARANTINED)) | county


def observation_list(*, user, filters=None, with_relations=True):
    """Observations the user may read, filtered. Viewers and national users get PermissionDenied.

    `with_relations=False` reads the observations' own rows only, for the API, which reads the codes of their
    classification and links with `observation_codes` (and of the service area and type from the taxonomy's
    process copy) instead.
    """
    if not user.permissions.can_list_observations():
        raise PermissionDenied()
    filters = filters or {}
    observations = Observation.objects.filter(observation_visible_q(user))
    if filters.get("mine"):
        observations = observations.filter(created_by=user)
    status = filters.get("status")
    if status:
        statuses = status if isinstance(status, (list, tuple)) else str(status).split(",")
        observations = observations.filter(status__in=statuses)
    if filters.get("phenomenon"):
        # A subquery, not a join: an observation with two matching phenomena is still one row, so the list
        # needs no DISTINCT (which on PostgreSQL compares whole rows, texts included).
        code = filters["phenomenon"]
        linked = ObservationPhenomenon.objects.filter(
            Q(phenomenon__code=code) | Q(phenomenon__national_code=code) | Q(phenomenon__parent__code=code)
        ).values("observation_id")
        observations = observations.filter(pk__in=linked)
    if filters.get("county"):
        observations = observations.filter(county_code=filters["county"])
    if filters.get("municipality"):
        observations = observations.filter(municipality_code=filters["municipality"])
    if filters.get("since"):
        observations = observations.filter(observed_on__gte=filters["since"])
    if filters.get("until"):
        observations = observations.filter(observed_on__lte=filters["until"])
    if filters.get("q"):
        observations = text_search(observations, filters["q"])
    sort = SORTS.get(filters.get("sort") or "-submitted", SORTS["-submitted"])
    observations = observations.order_by(*sort)
    if not with_relations:
        return observations
    return observations.select_related("observation_type", "service_area").prefetch_related(
        _ordered_phenomena(), "client_groups", "support_needs", "related")


def observation_codes(pks, *, user):
    """{pk: {"phenomena", "client_groups", "support_needs", "related"}} of the given observations, as the API
    shows them to the user: phenomenon codes (primary first), client group codes in the taxonomy's order,
    support need codes and the ids of the linked observations the user may read, in ascending order.

    Four queries of plain values. The ORM's prefetch reads the same rows but builds a model instance for
    each and a queryset for each observation and relation, which was half of what a page of 20 cost a
    worker (ADR 0010 has the make bench figures).
    """
    pks = list(pks)
    codes = {pk: {"phenomena": [], "client_groups": [], "support_needs": [], "related": []} for pk in pks}
    if not pks:
        return codes
    relations = {
        "phenomena": ObservationPhenomenon.objects.filter(observation_id__in=pks)
        .order_by("observation_id", "position").values_list("observation_id", "phenomenon__code"),
        "client_groups": Observation.client_groups.through.objects.filter(observation_id__in=pks)
        .order_by("observation_id", "clientgroup__sort_order", "clientgroup_id")
        .values_list("observation_id", "clientgroup__code"),
        "support_needs": Observation.support_needs.through.objects.filter(observation_id__in=pks)
        .order_by("observation_id", "supportneed__code").values_list("observation_id", "supportneed__code"),
        # Links are symmetrical: each is stored in both directions.
        "related": Observation.related.through.objects.filter(from_observation_id__in=pks)
        .filter(observation_visible_q(user, through="to_observation"))
        .order_by("from_observation_id", "to_observation_id").values_list("from_observation_id",
                                                                           "to_observation_id"),
    }
    for name, rows in relations.items():
        for pk, value in rows:
            codes[pk][name].append(value)
    return codes


def observation_find(*, pk, with_relations: bool = True) -> Observation | None:
    """The observation with this id, whoever may read it (None when there is none); see observation_get.

    `with_relations=False` leaves out the classification and links (four queries) for callers that need
    only the observation's own fields: transitions, the timeline. The phenomena come in their order through
    `phenomenon_links`; `observation.phenomena` is not prefetched.
    """
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    observations = Observation.objects.filter(pk=pk).order_by()  # first() then orders by pk, not the 3 defaults
    if with_relations:
        observations = observations.select_related("observation_type", "service_area").prefetch_related(
            "client_groups", "support_needs", "related", _ordered_phenomena())
    return observations.first()


def observation_get(*, user, pk, with_relations: bool = True) -> Observation:
    """One observation the user may read (NotFound otherwise, as for one that does not exist). Not audited:
    a page or answer that shows its raw text reads it through services.observation_read."""
    observation = observation_find(pk=pk, with_relations=with_relations)
    if observation is None or not user.permissions.can_view_observation(observation):
        raise NotFound()
    return observation


def observation_timeline(*, user, observation):
    """Events of an observation. The reporter sees those addressed to them; coordinators see all."""
    events = TimelineEvent.objects.filter(observation=observation).select_related("actor")
    if not user.permissions.can_triage(observation):
        events = events.filter(visible_to_reporter=True)
    return events.order_by("created_at", "id")


def observation_status_counts(*, user):
    from django.db.models import Count

    counts = (
        Observation.objects.filter(observation_visible_q(user), county_code__in=user.permissions.raw_text_counties())
        .values("status")
        .annotate(n=Count("id"))
    )
    return {row["status"]: row["n"] for row in counts}


def questions_waiting_count(*, user):
    """How many of the user's own observations wait for their answer to a coordinator's question."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Observation.objects.filter(created_by=user, status=Status.CLARIFICATION_REQUESTED).count()


def observation_link_candidates(*, user, observation, limit=20):
    """Other observations of the county sharing a phenomenon, newest first, for linking."""
    return (
        Observation.objects.filter(county_code=observation.county_code,
                                   phenomena__in=observation.phenomena.all())
        .exclude(pk=observation.pk)
        .exclude(status__in=[Status.DRAFT, Status.QUARANTINED])
        .exclude(pk__in=observation.related.values("pk"))
        .distinct()
        .order_by("-submitted_at")[:limit]
    )


def observation_latest_messages(*, user, observations):
    """{observation id: the latest coordinator message the user may read} for a page of observations."""
    ids = [o.pk for o in observations]
    if not ids:
        return {}
    events = (
        TimelineEvent.objects.filter(observation_id__in=ids, actor_role=Role.COORDINATOR)
        .exclude(message="")
        .order_by("observation_id", "-created_at", "-id")
    )
    triage = user.permissions.triage_counties()
    visible_everything = {o.pk for o in observations if o.county_code in triage}
    latest = {}
    for event in events:
        if event.observation_id in latest:
            continue
        if not event.visible_to_reporter and event.observation_id not in visible_everything:
            continue
        latest[event.observation_id] = event
    return latest


def observation_available_actions(*, user, observation):
    """The coordinator actions possible now for this user on this observation (for showing forms)."""
    if not user.permissions.can_triage(observation):
        return []
    actions = []
    if observation.status in CLASSIFIABLE:
        actions.append("classify")
    actions += OBSERVATION.available(observation.status, COORDINATOR_ACTIONS)
    if observation.status != Status.DRAFT:
        actions.append("link")
    permissions = user.permissions
    if observation.status != Status.DRAFT and permissions.can_redact(observation):
        actions += ["edit_text", "redact"]
    if observation.status == Status.QUARANTINED and permissions.can_redact(observation):
        actions.append("release")
    if permissions.can_hard_delete(observation):
        actions.append("delete")
    return actions


def observation_related(*, user, observation):
    """Related observations the user may see (drafts and others' quarantined ones left out)."""
    return (
        observation.related.filter(observation_visible_q(user))
        .exclude(status=Status.DRAFT)
        .order_by("-submitted_at", "-id")
    )


def observations_with_acknowledged_findings(pks):
    """The ids among `pks` whose texts hold findings someone confirmed as not personal data (a current
    acknowledgement): the triage queue flags them. One query."""
    return set(PrivacyAcknowledgement.objects.filter(observation_id__in=list(pks), superseded_at__isnull=True)
               .values_list("observation_id", flat=True).distinct())
