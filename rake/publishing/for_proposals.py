"""What proposals learn of reports (rake.proposals.reports): registered in rake.publishing.apps."""

from collections.abc import Iterable

from django.urls import reverse

from rake.proposals.reports import Report, ReportHook

from .models import Publication, PublicationVersion
from .selectors import latest_version_number


def _choices(counties: Iterable[str]) -> list[tuple[int, str]]:
    publications = Publication.objects.filter(county_code__in=list(counties)).order_by("-created_at", "-id")
    return [(publication.pk, str(publication.title)) for publication in publications]


def _county_of(pk: int) -> str | None:
    return Publication.objects.filter(pk=pk).values_list("county_code", flat=True).first()


def _published_ids():
    return PublicationVersion.objects.values("publication_id")


def _describe(pk: int, user) -> Report | None:
    publication = Publication.objects.filter(pk=pk).first()
    if publication is None:
        return None
    number = latest_version_number(publication)
    url = ""
    if number is not None:
        url = reverse("publishing:public_version", args=[publication.county_code, publication.pk, number])
    elif user is not None and user.is_authenticated and user.permissions.can_build_reports(publication.county_code):
        url = reverse("publishing:edit", args=[publication.pk])
    return Report(title=str(publication.title), url=url)


HOOK = ReportHook(choices=_choices, county_of=_county_of, published_ids=_published_ids, describe=_describe)
