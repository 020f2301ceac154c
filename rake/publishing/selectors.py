"""Reads of reports: the builder's (coordinators of the county) and the public's (published versions only)."""

from django.db.models import Count, Max, Prefetch
from django.utils import translation

from rake.analysis.rollups import COUNTED_STATUSES
from rake.core.errors import NotFound, PermissionDenied
from rake.core.forms import MAX_ID
from rake.core.periods import parse_period
from rake.observations.rescan import StoredText
from rake.observations.selectors import observation_list
from rake.proposals import selectors as proposal_selectors
from rake.proposals.models import ProposalStatus

from . import checks, content
from .models import TEXT_SECTIONS, Publication, PublicationQuote, PublicationStatus, PublicationVersion


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None


# The rendered documents of a version, left out where only its number and dates are listed.
RENDERED_FIELDS = ("html", "pdf", "content", "infographic_svg", "infographic_png")


def _versions_newest_first():
    return Prefetch("versions", queryset=PublicationVersion.objects.order_by("-number").defer(*RENDERED_FIELDS))


# --- builder ---------------------------------------------------------------------------------------

def publication_list(*, user, county=None):
    """Reports (drafts and published) of the counties whose reports the user builds."""
    counties = user.permissions.report_counties()
    if not counties:
        raise PermissionDenied()
    if county:
        counties = counties & {county}
    return (Publication.objects.filter(county_code__in=counties)
            .prefetch_related(_versions_newest_first()).order_by("-modified_at", "-id"))


def publication_get(*, user, pk):
    """One report for its builder: 404 if there is none, 403 if it is another county's."""
    publication = Publication.objects.filter(pk=_pk(pk)).first()
    if publication is None:
        raise NotFound()
    if not user.permissions.can_build_reports(publication.county_code):
        raise PermissionDenied()
    return publication


def next_version_number(publication):
    return (publication.versions.aggregate(m=Max("number"))["m"] or 0) + 1


def latest_version_number(publication):
    """The number of the report's newest published version, or None before it is published."""
    return publication.versions.aggregate(m=Max("number"))["m"]


def approved_quotes(publication):
    """The quotes the report prints, as rake.publishing.content.build_content takes them."""
    return [
        {"phenomenon": quote.phenomenon, "text": quote.text, "observation_id": quote.observation_id}
        for quote in publication.quotes.filter(approved_at__isnull=False).order_by("position", "id")
    ]


def report_proposals(publication, period):
    """The proposals the report lists, as build_content takes them: those of its county built on the report or on
    an observation of its period, past the draft stage, oldest first; `public` when the proposal has a public page
    (it is this report's, or another published report's). Labels in the active language."""
    proposals = list(proposal_selectors.report_proposals(
        county=publication.county_code, publication_id=publication.pk, since=period.since, until=period.last_day,
    ).exclude(status=ProposalStatus.DRAFT))
    public = proposal_selectors.public_proposal_ids(proposal.pk for proposal in proposals)
    return [{"id": proposal.pk, "title": proposal.title, "addressee": proposal.addressee,
             "status": proposal.status, "status_label": str(proposal.get_status_display()),
             "public": proposal.publication_id == publication.pk or proposal.pk in public}
            for proposal in proposals]


def report_content(publication, *, version=None, published_at=None, changelog="", history=()):
    """The report's content from its saved texts, its approved quotes, the proposals built on it or its
    observations and the current statistics, in the report's language: what the preview shows and what publishing
    stores."""
    period = parse_period(publication.period)
    with translation.override(publication.language):
        figures = content.build_figures(county=publication.county_code, period=period, language=publication.language)
        return content.build_content(
            county=publication.county_code, period=period, language=publication.language,
            audience=publication.audience, title=publication.title, sections=publication.sections(),
            quotes=approved_quotes(publication), figures=figures, version=version, published_at=published_at,
            changelog=changelog, history=history, proposals=report_proposals(publication, period),
        )


def publication_check(publication, report=None):
    """The pre-publish findings (rake.core.prepublish.Finding) of the report as it would be published now, in the
    active language; `report` is its content when the caller has built it already."""
    return checks.check_report(publication, report if report is not None else report_content(publication))


def primary_national_code(observation):
    """The national phenomenon of the observation's first phenomenon ("" when it has none)."""
    for link in observation.phenomenon_links.select_related("phenomenon").order_by("position"):
        return link.phenomenon.national_code
    return ""


def quote_candidates(*, user, publication, filters=None):
    """Observations the report may quote: counted ones (the statuses the statistics count) of its county and
    period that the user may read."""
    filters = dict(filters or {})
    period = parse_period(publication.period)
    return observation_list(user=user, filters={
        "status": list(COUNTED_STATUSES),
        "county": publication.county_code,
        "since": period.since,
        "until": period.last_day,
        "q": filters.get("q", ""),
        "phenomenon": filters.get("phenomenon", ""),
        "sort": "observed",
    })


def quote_candidate_get(*, user, publication, pk):
    """One of quote_candidates() by its id, or None (also for an id that is not a number)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk <= MAX_ID:
        return None
    return quote_candidates(user=user, publication=publication).filter(pk=pk).first()


# --- public ----------------------------------------------------------------------------------------

def public_publications(*, county=None):
    """Published reports, newest first, each with its versions (newest first). Drafts never."""
    publications = Publication.objects.filter(status=PublicationStatus.PUBLISHED)
    if county:
        publications = publications.filter(county_code=county)
    return (publications.annotate(latest_published_at=Max("versions__published_at"))
            .filter(latest_published_at__isnull=False)
            .prefetch_related(_versions_newest_first()).order_by("-latest_published_at", "-id"))


def public_counties():
    """[(county code, number of published reports)] of counties with at least one published report."""
    rows = (Publication.objects.filter(status=PublicationStatus.PUBLISHED, versions__number=1)
            .values("county_code").annotate(reports=Count("id")).order_by("county_code"))
    return [(row["county_code"], row["reports"]) for row in rows]


def public_version_get(*, county, pk, number):
    version = (PublicationVersion.objects.select_related("publication")
               .filter(publication__pk=_pk(pk), publication__county_code=county,
                       publication__status=PublicationStatus.PUBLISHED, number=_pk(number)).first())
    if version is None:
        raise NotFound()
    return version


# --- the privacy rescan (rake.observations.rescan) ----------------------------------------------------

def rescan_texts():
    """The reports' stored texts for the privacy rescan: each quote, the title and text sections of each
    report (published versions never change; their texts came from these)."""
    for pk, text, language in PublicationQuote.objects.order_by("pk").values_list(
            "pk", "text", "publication__language").iterator(chunk_size=2000):
        yield StoredText("quote.text", pk, text, language)
    for publication in Publication.objects.order_by("pk").only("pk", "language", "title", "phenomena_texts",
                                                                *TEXT_SECTIONS).iterator(chunk_size=200):
        for name in ("title", *TEXT_SECTIONS):
            yield StoredText(f"report.{name}", publication.pk, getattr(publication, name), publication.language)
        for text in (publication.phenomena_texts or {}).values():
            if isinstance(text, str):
                yield StoredText("report.phenomena", publication.pk, text, publication.language)
