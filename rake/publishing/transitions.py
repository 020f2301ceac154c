"""The report's status machine (rake.core.transitions): a draft is published; publishing again makes a new
version of a published report."""

from django.utils.translation import gettext_lazy

from rake.core.transitions import StatusMachine, Transition

from .models import Publication, PublicationStatus

S = PublicationStatus

PUBLICATION = StatusMachine(
    Publication,
    refused=gettext_lazy("%(action)s is not possible while the report is “%(status)s”."),
    transitions={
        "publish": Transition({S.DRAFT, S.PUBLISHED}, S.PUBLISHED, gettext_lazy("Publishing the report")),
    },
)
