"""Proposals shown on other apps' pages: the reporter's observations and the public report list."""

from django import template

from rake.proposals import selectors
from rake.proposals.models import Proposal, ProposalStatus

register = template.Library()


@register.simple_tag
def observation_proposals(observation):
    """[{proposal, progress}] of the proposals the observation contributed to."""
    return [{"proposal": proposal, "progress": selectors.progress_of(proposal)}
            for proposal in selectors.proposals_for_observation(observation=observation)]


@register.simple_tag
def public_proposals(publication):
    """The proposals of a published report that have left the draft stage: each has a public page."""
    return list(Proposal.objects.filter(publication=publication).exclude(status=ProposalStatus.DRAFT)
                .order_by("title", "id"))
