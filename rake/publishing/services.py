"""Writes on reports: drafts, their texts and quotes, and publishing immutable versions (DESIGN §4.5).

Every function is keyword-only, runs in one transaction and checks the permission through
`user.permissions`. `publication_create` and `publication_publish` also take `system=True` with
`user=None`: the `publish_report` command builds a report from the current data without a person
behind it. No other caller uses that path.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rake.areas.selectors import county_get, county_name
from rake.core.audit import audit_record
from rake.core.errors import PermissionDenied, ValidationError
from rake.observations import guard
from rake.observations.models import Observation, Status
from rake.observations.services import observation_mark_used
from rake.taxonomy.models import Phenomenon

from . import content, rendering
from .models import (
    TEXT_SECTIONS,
    Audience,
    Language,
    Publication,
    PublicationQuote,
    PublicationStatus,
    PublicationVersion,
)
from .periods import parse_period

# Observations a report may quote: the counted ones (the same statuses the statistics count).
QUOTABLE_STATUSES = (Status.ACCEPTED, Status.USED, Status.CLOSED)
SECTION_LIMIT = 20000
QUOTE_LIMIT = 1500
TITLE_LIMIT = 200

# Default texts are written in the report's language, not the user's, so they are plain per-language
# strings rather than translatable messages.
_DEFAULT_TITLES = {
    "fi": "Sosiaalisen raportoinnin raportti: {county}, {period}",
    "sv": "Rapport om social rapportering: {county}, {period}",
    "en": "Social reporting report: {county}, {period}",
}
_DEFAULT_SUMMARY = {
    "fi": "Tähän tiivistelmä: tärkeimmät havainnot, niiden kehitys ja mitä päättäjien toivotaan tekevän.",
    "sv": "Här en sammanfattning: de viktigaste observationerna, hur de utvecklats och vad beslutsfattarna "
          "ombeds göra.",
    "en": "A summary here: the main observations, how they developed and what decision-makers are asked to do.",
}
_DEFAULT_METHOD = {
    "fi": "Raportti perustuu sosiaalihuollon ammattilaisten sosiaalisen raportoinnin havaintoihin "
          "ajalta {period}. Luvuissa ovat mukana hyväksytyt, käytetyt ja suljetut havainnot; luonnokset, "
          "käsittelyssä olevat ja hylätyt eivät ole. Yksi havainto voi koskea useaa ilmiötä. Alle "
          "{threshold} havainnon lukuja ei näytetä (merkintä ”<{threshold}”), eikä myöskään lukuja, joista "
          "ne voisi päätellä. Lainaukset ovat koordinaattorin hyväksymiä ja tarkistettu henkilötietojen "
          "varalta.",
    "sv": "Rapporten bygger på observationer som socialvårdens yrkespersoner har gjort inom den sociala "
          "rapporteringen under perioden {period}. Siffrorna omfattar godkända, använda och avslutade "
          "observationer; utkast, observationer under behandling och avvisade ingår inte. En observation kan "
          "gälla flera fenomen. Antal under {threshold} visas inte (markeras ”<{threshold}”), inte heller "
          "antal som de kunde räknas ut ur. Citaten är godkända av koordinatorn och granskade för "
          "personuppgifter.",
    "en": "The report is based on the observations social welfare professionals made through social "
          "reporting during {period}. The figures count accepted, used and closed observations; drafts, "
          "observations being processed and rejected ones are not counted. One observation may concern "
          "several phenomena. Counts below {threshold} are not shown (marked “<{threshold}”), nor are counts "
          "they could be worked out from. Quotes are approved by the coordinator and checked for personal data.",
}


def default_title(*, county, period, language):
    template = _DEFAULT_TITLES.get(language, _DEFAULT_TITLES["en"])
    with translation.override(language):
        name = county_name(county)
    return template.format(county=name, period=period)


def default_sections(*, period, language):
    threshold = settings.RAKE_SUPPRESSION_THRESHOLD
    return {
        "summary": _DEFAULT_SUMMARY.get(language, _DEFAULT_SUMMARY["en"]),
        "method": _DEFAULT_METHOD.get(language, _DEFAULT_METHOD["en"]).format(period=period, threshold=threshold),
    }


def _require_builder(user, county, *, system=False):
    if system and user is None:
        return
    if user is None or not user.permissions.can_build_reports(county):
        raise PermissionDenied()


def _text(value, field, *, limit, required=False, message=None):
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: [_("Enter text.")]})
    if "\x00" in value:
        raise ValidationError({field: [_("The text contains characters that are not allowed.")]})
    value = value.strip()
    if required and not value:
        raise ValidationError({field: [message or _("This field is required.")]})
    if len(value) > limit:
        raise ValidationError({field: [_("Ensure this text has at most %(limit)d characters (it has %(length)d).")
                                       % {"limit": limit, "length": len(value)}]})
    return value


def _choice(value, field, choices):
    if value not in choices:
        raise ValidationError({field: [_("Select a valid choice.")]})
    return value


@transaction.atomic
def publication_create(*, user, county, period, language, audience, title="", system=False, request=None):
    """A draft report with default texts. Raises ValidationError (field errors) or PermissionDenied."""
    errors = {}
    county = (county or "").strip() if isinstance(county, str) else ""
    if not county or county_get(code=county) is None:
        errors["county"] = [_("Select a wellbeing services county.")]
    for field, value, choices in (("language", language, Language.values),
                                  ("audience", audience, Audience.values)):
        try:
            _choice(value, field, choices)
        except ValidationError as error:
            errors.update(error.field_errors)
    try:
        parsed = parse_period(period if isinstance(period, str) else "")
    except ValidationError as error:
        errors.update(error.field_errors)
        parsed = None
    try:
        title = _text(title, "title", limit=TITLE_LIMIT)
    except ValidationError as error:
        errors.update(error.field_errors)
    if errors:
        raise ValidationError(errors)
    _require_builder(user, county, system=system)
    title = title or default_title(county=county, period=parsed.key, language=language)
    publication = Publication.objects.create(
        county_code=county, period=parsed.key, language=language, audience=audience, title=title,
        created_by=user, modified_by=user, **default_sections(period=parsed.key, language=language),
    )
    audit_record(action="publication.create", user=user, request=request, obj=publication,
                 username="" if user else "system")
    return publication


def _lock(publication):
    return Publication.objects.select_for_update().get(pk=publication.pk)


@transaction.atomic
def publication_update_sections(*, user, publication, data, request=None):
    """Save the title and the text sections (any of TEXT_SECTIONS, and "phenomena": {national code: text}).
    Keys not given stay as they are."""
    publication = _lock(publication)
    _require_builder(user, publication.county_code)
    errors = {}
    changes = {}
    if "title" in data:
        try:
            changes["title"] = _text(data["title"], "title", limit=TITLE_LIMIT, required=True,
                                     message=_("Give the report a title."))
        except ValidationError as error:
            errors.update(error.field_errors)
    for name in TEXT_SECTIONS:
        if name in data:
            try:
                changes[name] = _text(data[name], name, limit=SECTION_LIMIT)
            except ValidationError as error:
                errors.update(error.field_errors)
    if "phenomena" in data:
        texts = data["phenomena"] or {}
        if not isinstance(texts, dict):
            errors["phenomena"] = [_("Give the texts per phenomenon.")]
        else:
            phenomena = dict(publication.phenomena_texts or {})
            for code, text in texts.items():
                field = f"phenomenon_{code}"
                if code not in Phenomenon.NATIONAL_CODES:
                    errors[field] = [_("Select a valid choice.")]
                    continue
                try:
                    phenomena[code] = _text(text, field, limit=SECTION_LIMIT)
                except ValidationError as error:
                    errors.update(error.field_errors)
            changes["phenomena_texts"] = phenomena
    if errors:
        raise ValidationError(errors)
    for name, value in changes.items():
        setattr(publication, name, value)
    publication.modified_by = user
    publication.save()
    audit_record(action="publication.update", user=user, request=request, obj=publication,
                 detail={"fields": sorted(changes)})
    return publication


def _primary_national_code(observation):
    for link in observation.phenomenon_links.select_related("phenomenon").order_by("position"):
        return link.phenomenon.national_code
    return ""


def _scan_quote(text, language):
    """A quote is published: any finding refuses it; there is no acknowledgement for public text."""
    guard.check({"text": text}, acknowledged=frozenset(), language=guard.scan_language(language))


@transaction.atomic
def quote_add(*, user, publication, observation, text, phenomenon="", request=None):
    """An unapproved quote of a counted observation of the report's county and period. The excerpt must
    pass the privacy scan (PersonalDataFound lists the findings)."""
    publication = _lock(publication)
    _require_builder(user, publication.county_code)
    if observation is None or not user.permissions.can_view_observation(observation):
        raise ValidationError({"observation": [_("Select an observation you may read.")]})
    period = parse_period(publication.period)
    if (observation.status not in QUOTABLE_STATUSES or observation.county_code != publication.county_code
            or not period.since <= observation.observed_on <= period.last_day):
        raise ValidationError({"observation": [
            _("Quote only accepted, used or closed observations of the report's county and period.")]})
    text = _text(text, "text", limit=QUOTE_LIMIT, required=True, message=_("Write the excerpt to quote."))
    phenomenon = phenomenon or _primary_national_code(observation)
    _choice(phenomenon, "phenomenon", Phenomenon.NATIONAL_CODES)
    _scan_quote(text, publication.language)
    position = (publication.quotes.aggregate(m=Max("position"))["m"] or 0) + 1
    quote = PublicationQuote.objects.create(publication=publication, observation=observation,
                                            phenomenon=phenomenon, text=text, position=position)
    audit_record(action="publication.quote_add", user=user, request=request, obj=publication,
                 detail={"quote": quote.pk, "observation": observation.pk})
    return quote


@transaction.atomic
def quote_approve(*, user, quote, request=None):
    """The coordinator's explicit approval; the excerpt is scanned again in case the detectors changed."""
    quote = PublicationQuote.objects.select_for_update().select_related("publication").get(pk=quote.pk)
    _require_builder(user, quote.publication.county_code)
    _scan_quote(quote.text, quote.publication.language)
    quote.approved_by = user
    quote.approved_at = timezone.now()
    quote.save(update_fields=["approved_by", "approved_at"])
    audit_record(action="publication.quote_approve", user=user, request=request, obj=quote.publication,
                 detail={"quote": quote.pk})
    return quote


@transaction.atomic
def quote_remove(*, user, quote, request=None):
    quote = PublicationQuote.objects.select_for_update().select_related("publication").get(pk=quote.pk)
    _require_builder(user, quote.publication.county_code)
    publication, pk = quote.publication, quote.pk
    quote.delete()
    audit_record(action="publication.quote_remove", user=user, request=request, obj=publication,
                 detail={"quote": pk})


def approved_quotes(publication):
    return [
        {"phenomenon": quote.phenomenon, "text": quote.text, "observation_id": quote.observation_id}
        for quote in publication.quotes.filter(approved_at__isnull=False).order_by("position", "id")
    ]


@transaction.atomic
def publication_publish(*, user, publication, changelog="", system=False, request=None):
    """Build the figures and content, render HTML and PDF and store them as version n+1 (never changed
    again). A correction (version 2 onwards) needs a changelog. Quoted accepted observations are marked
    used, so their reporters see it in their timeline."""
    publication = _lock(publication)
    _require_builder(user, publication.county_code, system=system)
    number = (publication.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    changelog = _text(changelog, "changelog", limit=SECTION_LIMIT, required=number > 1,
                      message=_("Describe what changed since the previous version."))
    period = parse_period(publication.period)
    published_at = timezone.now()
    quotes = approved_quotes(publication)
    history = [{"version": v.number, "published_at": v.published_at, "changelog": v.changelog}
               for v in publication.versions.order_by("number").only("number", "published_at", "changelog")]
    with translation.override(publication.language):
        figures = content.build_figures(county=publication.county_code, period=period, language=publication.language)
        report = content.build_content(
            county=publication.county_code, period=period, language=publication.language,
            audience=publication.audience, title=publication.title, sections=publication.sections(),
            quotes=quotes, figures=figures, version=number, published_at=published_at, changelog=changelog,
            history=history,
        )
        html = rendering.render_html(report)
        pdf = rendering.render_pdf(report)
    version = PublicationVersion.objects.create(
        publication=publication, number=number, content=report, html=html, pdf=pdf, published_at=published_at,
        published_by=user, changelog=changelog,
    )
    publication.status = PublicationStatus.PUBLISHED
    publication.modified_by = user
    publication.save(update_fields=["status", "modified_by", "modified_at"])
    if user is not None:
        _mark_quoted_used(user=user, publication=publication, request=request)
    audit_record(action="publication.publish", user=user, request=request, obj=publication,
                 username="" if user else "system", detail={"version": number})
    return version


def _mark_quoted_used(*, user, publication, request):
    ids = {quote["observation_id"] for quote in approved_quotes(publication) if quote["observation_id"]}
    for observation in Observation.objects.filter(pk__in=ids, status=Status.ACCEPTED).order_by("pk"):
        observation_mark_used(user=user, observation=observation, request=request)
