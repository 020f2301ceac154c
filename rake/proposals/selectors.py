"""Reads of proposals, scoped to what the user may see (DESIGN §4.6)."""

from django.db.models import Q

from rake.core.dates import today
from rake.core.errors import NotFound, PermissionDenied
from rake.observations.models import Observation
from rake.observations.models import Status as ObservationStatus
from rake.observations.rescan import StoredText
from rake.observations.selectors import observation_list

from .models import FINISHED_STATUSES, OPEN_STATUSES, Proposal, ProposalEvent, ProposalStatus
from .reports import reports

# Observations a proposal may be built on: those the coordinator has accepted, also once used in a report
# or closed.
USABLE_OBSERVATION_STATUSES = (ObservationStatus.ACCEPTED, ObservationStatus.USED, ObservationStatus.CLOSED)

# The proposal's texts the privacy guard checks when they are written (services._scan).
RESCAN_FIELDS = ("title", "rationale", "addressee", "decision_text", "decision_reference")


def _visible(user):
    perms = user.permissions
    if not perms.can_view_proposals():
        raise PermissionDenied()
    counties = perms.proposal_view_counties()
    proposals = Proposal.objects.all()
    if counties is not None:
        proposals = proposals.filter(county_code__in=counties)
    return proposals


def proposal_list(*, user, status=None, addressee_kind=None, county=None, search=None, open_only=False):
    """Proposals the user may see, newest change first; with `open_only` the unfinished ones. Reporters (and
    users without a role) get PermissionDenied: they follow proposals through their observations' timelines."""
    proposals = _visible(user)
    if open_only:
        proposals = proposals.filter(status__in=OPEN_STATUSES)
    if status:
        proposals = proposals.filter(status=status)
    if addressee_kind:
        proposals = proposals.filter(addressee_kind=addressee_kind)
    if county:
        proposals = proposals.filter(county_code=county)
    if search:
        proposals = proposals.filter(Q(title__icontains=search) | Q(addressee__icontains=search)
                                     | Q(rationale__icontains=search))
    return proposals.select_related("parent").prefetch_related("children", "observations")


def proposals_by_addressee(proposals):
    """[{"kind", "addressee", "proposals"}]: the proposals grouped by the body they are addressed to (same
    kind, same name whatever its case or spacing), in the order given; that body has to act on them."""
    groups = []
    for proposal in proposals:
        key = (proposal.addressee_kind, proposal.addressee.strip().casefold())
        if not groups or groups[-1]["key"] != key:
            groups.append({"key": key, "kind": proposal.addressee_kind, "addressee": proposal.addressee,
                           "proposals": []})
        groups[-1]["proposals"].append(proposal)
    return groups


def proposal_get(*, user, pk):
    """A proposal the user may see; NotFound also for one of a county they cannot see, so that its id
    reveals nothing."""
    proposal = _visible(user).filter(pk=pk).first()
    if proposal is None:
        raise NotFound()
    return proposal


def proposals_follow_up_due(*, user, on=None):
    """Proposals whose follow-up date is on or before `on` (today) and which are still open, the most
    overdue first."""
    on = on or today()
    return (_visible(user).filter(follow_up_on__isnull=False, follow_up_on__lte=on)
            .exclude(status__in=FINISHED_STATUSES).order_by("follow_up_on", "id"))


def follow_up_overdue_days(proposal, *, on=None):
    """How many days the proposal's follow-up is overdue on `on` (today): 0 when it is due that day, None
    when it is not due yet, has no date or the proposal is finished."""
    on = on or today()
    if proposal.follow_up_on is None or proposal.follow_up_on > on or proposal.status in FINISHED_STATUSES:
        return None
    return (on - proposal.follow_up_on).days


def _counts_for_parent(child):
    """Whether a child weighs on its parent's progress: not a draft (still being written, and hidden on the
    public pages), nor a child closed without being carried out (progress below 100: it was dropped)."""
    if child.status == ProposalStatus.DRAFT:
        return False
    return not (child.status == ProposalStatus.CLOSED and child.progress < 100)


def _counted_children(proposals):
    """{proposal id: [its children that count]} for the proposals and their counted descendants, with one
    query per level of the tree."""
    children = {}
    frontier = {proposal.pk for proposal in proposals}
    seen = set()
    while frontier:
        seen |= frontier
        children.update({pk: [] for pk in frontier})
        found = [child for child in Proposal.objects.filter(parent_id__in=frontier).order_by("id")
                 if _counts_for_parent(child)]
        for child in found:
            children[child.parent_id].append(child)
        frontier = {child.pk for child in found} - seen  # a cycle cannot be created through the services
    return children


def progresses(proposals):
    """{proposal id: progress in percent}: a proposal's own progress, or for a parent the mean of its
    counted children's progress weighted by their `weight` (recursively)."""
    children = _counted_children(proposals)

    def progress(proposal, seen):
        counted = children.get(proposal.pk) or []
        if not counted or proposal.pk in seen:
            return proposal.progress
        total_weight = sum(child.weight for child in counted)
        weighted = sum(progress(child, seen | {proposal.pk}) * child.weight for child in counted)
        return round(weighted / total_weight)

    return {proposal.pk: progress(proposal, frozenset()) for proposal in proposals}


def progress_of(proposal):
    """The progress of one proposal (see progresses)."""
    return progresses([proposal])[proposal.pk]


def _public():
    """Proposals anyone may read: those of a report that has a published version, drafts excepted."""
    return Proposal.objects.filter(publication_id__in=reports().published_ids()).exclude(status=ProposalStatus.DRAFT)


def proposal_public_get(*, pk):
    """A proposal anyone may read: one belonging to a report that has a published version."""
    proposal = _public().filter(pk=pk).first()
    if proposal is None:
        raise NotFound()
    return proposal


def public_proposal_ids(ids):
    """The ids among `ids` of proposals that have a public page."""
    return set(_public().filter(pk__in=list(ids)).values_list("pk", flat=True))


def report_proposals(*, county, publication_id, since, until):
    """Proposals of the county built on the report (`publication_id`, may be None) or on an observation of the county
    observed between `since` and `until` (dates, both included), in every status, oldest first. A report lists
    those past the draft stage; its pre-publish check asks about the drafts."""
    built = Q(observations__county_code=county, observations__observed_on__range=(since, until))
    if publication_id:
        built |= Q(publication_id=publication_id)
    ids = Proposal.objects.filter(county_code=county).filter(built).values("pk")
    return Proposal.objects.filter(pk__in=ids).order_by("created_at", "id")


def proposals_made_during(*, county, since, until):
    """Proposals of the county created between `since` and `until` (dates, both included), oldest first."""
    return Proposal.objects.filter(county_code=county, created_at__date__range=(since, until)).order_by(
        "created_at", "id")


def proposals_for_observations(observations):
    """{observation id: [{"proposal", "progress"}]} of the proposals each observation contributed to,
    directly or through a child proposal, oldest first, for the reporter's pages; an observation without
    any is left out. Drafts are still being written and are left out. The caller checks that the user may
    see the observations. A fixed number of queries for a whole page of observations."""
    links = (Proposal.observations.through.objects
             .filter(observation_id__in=[observation.pk for observation in observations])
             .exclude(proposal__status=ProposalStatus.DRAFT).select_related("proposal"))
    loaded = {}
    direct = {}
    for link in links:
        loaded[link.proposal_id] = link.proposal
        direct.setdefault(link.observation_id, set()).add(link.proposal_id)
    # The parents, grandparents and so on, one query per level.
    asked = set()
    missing = {p.parent_id for p in loaded.values() if p.parent_id} - set(loaded)
    while missing:
        asked |= missing
        loaded.update({p.pk: p for p in Proposal.objects.filter(pk__in=missing)})
        missing = {p.parent_id for p in loaded.values() if p.parent_id} - set(loaded) - asked
    shown = [p for p in loaded.values() if p.status != ProposalStatus.DRAFT]
    progress = progresses(shown)
    found = {}
    for observation_id, proposal_ids in direct.items():
        reached = {}
        for pk in proposal_ids:
            while pk is not None and pk in loaded and pk not in reached:
                reached[pk] = loaded[pk]
                pk = loaded[pk].parent_id
        proposals = sorted((p for p in reached.values() if p.status != ProposalStatus.DRAFT),
                           key=lambda p: (p.created_at, p.pk))
        found[observation_id] = [{"proposal": p, "progress": progress[p.pk]} for p in proposals]
    return found


def contributing_observations(proposal):
    """Observations behind the proposal: its own and those of its children, recursively."""
    ids = set()
    pending, seen = [proposal.pk], set()
    while pending:
        pk = pending.pop()
        if pk in seen:
            continue
        seen.add(pk)
        links = Proposal.observations.through.objects.filter(proposal_id=pk)
        ids.update(links.values_list("observation_id", flat=True))
        pending.extend(Proposal.objects.filter(parent_id=pk).values_list("pk", flat=True))
    return Observation.objects.filter(pk__in=ids).select_related("created_by").order_by("pk")


# --- the privacy rescan (rake.observations.rescan) ----------------------------------------------------

def rescan_texts():
    """The proposals' stored texts for the privacy rescan, each named by its proposal's id: the public texts,
    the decision, and the notes of its steps."""
    for proposal in Proposal.objects.order_by("pk").only("pk", *RESCAN_FIELDS).iterator(chunk_size=500):
        for name in RESCAN_FIELDS:
            yield StoredText(f"proposal.{name}", proposal.pk, getattr(proposal, name))
    notes = ProposalEvent.objects.exclude(note="").order_by("pk").values_list("proposal_id", "note")
    for proposal_id, note in notes.iterator(chunk_size=2000):
        yield StoredText("proposal.note", proposal_id, note)


def observation_candidates(*, user, filters=None):
    """The observations the user may build a proposal on (usable ones of the counties they coordinate), newest
    first, filtered as the triage queue is (text, phenomenon, period, status: observation_list's filters)."""
    filters = dict(filters or {})
    if filters.get("status") not in USABLE_OBSERVATION_STATUSES:
        filters["status"] = list(USABLE_OBSERVATION_STATUSES)
    return observation_list(user=user, filters=filters).filter(
        county_code__in=user.permissions.proposal_manage_counties())
