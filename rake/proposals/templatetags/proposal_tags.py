"""Proposals shown on other apps' pages: the public report list."""

from django import template

from rake.proposals.models import Proposal, ProposalStatus

register = template.Library()


@register.simple_tag
def public_proposals(publication):
    """The proposals of a published report that have left the draft stage: each has a public page."""
    return list(Proposal.objects.filter(publication_id=publication.pk).exclude(status=ProposalStatus.DRAFT)
                .order_by("title", "id"))
