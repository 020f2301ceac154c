"""Reads of proposals, scoped to what the user may see (DESIGN §4.6)."""

from django.db.models import Q

from rake.core.dates import today
from rake.core.errors import NotFound, PermissionDenied
from rake.observations.models import Observation

from .models import Proposal, ProposalStatus

# Statuses in which a proposal needs no more follow-up.
FINISHED = (ProposalStatus.IMPLEMENTED, ProposalStatus.CLOSED)


def _visible(user):
    perms = user.permissions
    if not perms.can_view_proposals():
        raise PermissionDenied()
    counties = perms.proposal_view_counties()
    proposals = Proposal.objects.all()
    if counties is not None:
        proposals = proposals.filter(county_code__in=counties)
    return proposals


def proposal_list(*, user, status=None, addressee_kind=None, county=None, search=None):
    """Proposals the user may see, newest change first. Reporters (and users without a role) get
    PermissionDenied: they follow proposals through their observations' timelines."""
    proposals = _visible(user)
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


def proposal_get(*, user, pk):
    proposal = _visible(user).filter(pk=pk).first()
    if proposal is None:
        raise NotFound()
    return proposal


def proposals_follow_up_due(*, user, on=None):
    """Proposals whose follow-up date is on or before `on` (today) and which are still open, the most
    overdue first."""
    on = on or today()
    return (_visible(user).filter(follow_up_on__isnull=False, follow_up_on__lte=on)
            .exclude(status__in=FINISHED).order_by("follow_up_on", "id"))


def _counted_children(proposal):
    """Children that count for a parent's progress: a child closed without being carried out (progress
    below 100) was dropped and no longer weighs on its parent."""
    return [child for child in proposal.children.all()
            if not (child.status == ProposalStatus.CLOSED and child.progress < 100)]


def progress_of(proposal, _seen=None):
    """The proposal's progress in percent: its own, or for a parent the mean of its children's progress
    weighted by their `weight` (recursively)."""
    seen = _seen or set()
    if proposal.pk in seen:  # a cycle cannot be created through the services; don't loop if one exists
        return proposal.progress
    seen = seen | {proposal.pk}
    children = _counted_children(proposal)
    if not children:
        return proposal.progress
    total_weight = sum(child.weight for child in children)
    weighted = sum(progress_of(child, seen) * child.weight for child in children)
    return round(weighted / total_weight)


def proposal_public_get(*, pk):
    """A proposal anyone may read: one belonging to a report that has a published version."""
    proposal = (Proposal.objects.filter(pk=pk, publication__versions__isnull=False)
                .exclude(status=ProposalStatus.DRAFT).select_related("publication").distinct().first())
    if proposal is None:
        raise NotFound()
    return proposal


def proposals_for_observation(*, observation):
    """Proposals that the observation contributed to, directly or through a child proposal, for the
    reporter's views. Drafts are still being written and are left out. The caller checks that the user
    may see the observation."""
    proposals = {}
    for proposal in (Proposal.objects.filter(observations=observation).exclude(status=ProposalStatus.DRAFT)
                     .select_related("parent")):
        current = proposal
        while current is not None and current.pk not in proposals:
            if current.status != ProposalStatus.DRAFT:
                proposals[current.pk] = current
            current = current.parent
    return sorted(proposals.values(), key=lambda p: (p.created_at, p.pk))


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
