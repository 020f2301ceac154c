"""Writes on reports: drafts, their texts and quotes, and publishing immutable versions (DESIGN §4.5).

Every function is keyword-only, runs in one transaction and checks the permission through
`user.permissions`. `publication_create` and `publication_publish` also take `system=True` with
`user=None`: the `publish_report` command builds a report from the current data without a person
behind it. No other caller uses that path.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rake.analysis.rollups import COUNTED_STATUSES
from rake.areas.selectors import county_get
from rake.core import text as text_limits
from rake.core.audit import audit_record
from rake.core.errors import PermissionDenied, ValidationError
from rake.core.periods import parse_period
from rake.core.prepublish import require_publishable, warnings_of
from rake.observations import guard
from rake.observations.models import Observation, Status
from rake.observations.services import observation_mark_used
from rake.taxonomy.models import Phenomenon

from . import rendering, selectors
from .defaults import default_sections, default_title
from .models import (
    TEXT_SECTIONS,
    Audience,
    Language,
    Publication,
    PublicationQuote,
    PublicationVersion,
)
from .transitions import PUBLICATION


def _require_builder(user, county, *, system=False):
    if system and user is None:
        return
    if user is None or not user.permissions.can_build_reports(county):
        raise PermissionDenied()


def _choice(value, field, choices, errors):
    if value not in choices:
        errors[field] = [_("Select a valid choice.")]
    return value


@transaction.atomic
def publication_create(*, user, county, period, language, audience, title="", summary="", system=False,
                       request=None):
    """A draft report with default texts; `summary`, when given, replaces the pre-filled summary (which the
    pre-publish check refuses to publish). Raises ValidationError (field errors) or PermissionDenied."""
    errors = {}
    county = (county or "").strip() if isinstance(county, str) else ""
    if not county or county_get(code=county) is None:
        errors["county"] = [_("Select a wellbeing services county.")]
    _choice(language, "language", Language.values, errors)
    _choice(audience, "audience", Audience.values, errors)
    try:
        parsed = parse_period(period if isinstance(period, str) else "")
    except ValidationError as error:
        errors.update(error.field_errors)
        parsed = None
    title = text_limits.check_text(title, "title", errors, limit=text_limits.TITLE)
    summary = text_limits.check_text(summary, "summary", errors, limit=text_limits.SECTION)
    if errors:
        raise ValidationError(errors)
    _require_builder(user, county, system=system)
    if title:
        _scan_public({"title": title}, language)
    title = title or default_title(county=county, period=parsed, language=language)
    texts = default_sections(period=parsed, language=language)
    texts["summary"] = summary or texts["summary"]
    publication = Publication.objects.create(
        county_code=county, period=parsed.key, language=language, audience=audience, title=title,
        created_by=user, modified_by=user, **texts,
    )
    audit_record(action="publication.create", user=user, request=request, obj=publication,
                 username="" if user else "system")
    return publication


@transaction.atomic
def publication_update_sections(*, user, publication, data, request=None):
    """Save the title and the text sections (any of TEXT_SECTIONS, and "phenomena": {national code: text}).
    Keys not given stay as they are."""
    publication = PUBLICATION.lock(publication)
    _require_builder(user, publication.county_code)
    errors = {}
    changes = {}
    if "title" in data:
        changes["title"] = text_limits.check_text(data["title"], "title", errors, limit=text_limits.TITLE,
                                                  required=True, message=_("Give the report a title."))
    for name in TEXT_SECTIONS:
        if name in data:
            changes[name] = text_limits.check_text(data[name], name, errors, limit=text_limits.SECTION)
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
                phenomena[code] = text_limits.check_text(text, field, errors, limit=text_limits.SECTION)
            changes["phenomena_texts"] = phenomena
    if errors:
        raise ValidationError(errors)
    _scan_public(_changed_texts(publication, changes), publication.language)
    for name, value in changes.items():
        setattr(publication, name, value)
    publication.modified_by = user
    publication.save()
    audit_record(action="publication.update", user=user, request=request, obj=publication,
                 detail={"fields": sorted(changes)})
    return publication


def _changed_texts(publication, changes):
    """{field: text} of the report's texts a save changes: the title and sections by name, a phenomenon's text
    as phenomenon_<code> (the form's field). Unchanged texts were checked when they were saved."""
    texts = {name: value for name, value in changes.items()
             if name != "phenomena_texts" and value and value != getattr(publication, name)}
    before = publication.phenomena_texts or {}
    for code, text in (changes.get("phenomena_texts") or {}).items():
        if text and text != before.get(code):
            texts[f"phenomenon_{code}"] = text
    return texts


def _scan_public(texts, language, *, quote=False):
    """A report's texts and quotes are published, and there is no acknowledgement for public text. A quote
    comes from an observation about clients: any finding refuses it. The report's own texts are written about
    figures (where "Raportti 2025" reads as a street address): a strong identifier refuses them. Either way
    PersonalDataFound lists the findings."""
    guard.check(texts, acknowledged=frozenset(), language=guard.scan_language(language), only_strong=not quote,
                message=_("The text may contain personal data. Remove it: a published report must not contain "
                          "any."))


@transaction.atomic
def quote_add(*, user, publication, observation, text, phenomenon="", confirm_acknowledged_findings=False,
              request=None):
    """An unapproved quote of a counted observation of the report's county and period. The excerpt must
    pass the privacy scan (PersonalDataFound lists the findings). When the observation's own texts still hold
    findings (confirmed as not personal data, or found since) the coordinator confirms with
    `confirm_acknowledged_findings` (FindingsNotConfirmed otherwise; audited)."""
    publication = PUBLICATION.lock(publication)
    _require_builder(user, publication.county_code)
    if observation is None or not user.permissions.can_view_observation(observation):
        raise ValidationError({"observation": [_("Select an observation you may read.")]})
    period = parse_period(publication.period)
    if (observation.status not in COUNTED_STATUSES or observation.county_code != publication.county_code
            or not period.since <= observation.observed_on <= period.last_day):
        raise ValidationError({"observation": [
            _("Quote only accepted, used or closed observations of the report's county and period.")]})
    errors = {}
    text = text_limits.check_text(text, "text", errors, limit=text_limits.QUOTE, required=True,
                                  message=_("Write the excerpt to quote."))
    phenomenon = _choice(phenomenon or selectors.primary_national_code(observation), "phenomenon",
                         Phenomenon.NATIONAL_CODES, errors)
    if errors:
        raise ValidationError(errors)
    _scan_public({"text": text}, publication.language, quote=True)
    guard.require_confirmation(observation, confirmed=confirm_acknowledged_findings, action="quote", user=user,
                               request=request)
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
    _scan_public({"text": quote.text}, quote.publication.language, quote=True)
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


@transaction.atomic
def publication_publish(*, user, publication, changelog="", confirm_warnings=False, system=False, request=None):
    """Build the figures and content, render HTML and PDF and store them as version n+1 (never changed
    again). A correction (version 2 onwards) needs a changelog. The pre-publish check (selectors.publication_check)
    must find no error, and its warnings must be confirmed with `confirm_warnings`; otherwise PublishCheckFailed
    lists the findings. Quoted accepted observations are marked used, so their reporters see it in their
    timeline."""
    publication = PUBLICATION.lock(publication)
    _require_builder(user, publication.county_code, system=system)
    number = selectors.next_version_number(publication)
    errors = {}
    changelog = text_limits.check_text(changelog, "changelog", errors, limit=text_limits.SECTION, required=number > 1,
                      message=_("Describe what changed since the previous version."))
    if errors:
        raise ValidationError(errors)
    if changelog:
        _scan_public({"changelog": changelog}, publication.language)
    published_at = timezone.now()
    history = [{"version": v.number, "published_at": v.published_at, "changelog": v.changelog}
               for v in publication.versions.order_by("number").only("number", "published_at", "changelog")]
    report = selectors.report_content(publication, version=number, published_at=published_at,
                                      changelog=changelog, history=history)
    findings = selectors.publication_check(publication, report)
    require_publishable(findings, warnings_confirmed=confirm_warnings)
    with translation.override(publication.language):
        html = rendering.render_html(report)
        pdf = rendering.render_pdf(report)
        svg = rendering.render_infographic_svg(report)
        png = rendering.render_infographic_png(report, svg=svg)
    version = PublicationVersion.objects.create(
        publication=publication, number=number, content=report, html=html, pdf=pdf, infographic_svg=svg,
        infographic_png=png, published_at=published_at, published_by=user, changelog=changelog,
    )
    changed = PUBLICATION.apply(publication, "publish")
    publication.modified_by = user
    publication.save(update_fields=[*changed, "modified_by", "modified_at"])
    if user is not None:
        _mark_quoted_used(user=user, publication=publication, request=request)
    audit_record(action="publication.publish", user=user, request=request, obj=publication,
                 username="" if user else "system",
                 detail={"version": number,
                         "warnings_confirmed": sorted({finding.code for finding in warnings_of(findings)})})
    return version


def _mark_quoted_used(*, user, publication, request):
    """Publishing is the use of the quoted observations that quote_add had the coordinator confirm: the
    confirmation is given (and audited again) here, while a strong identifier still refuses it."""
    ids = {quote["observation_id"] for quote in selectors.approved_quotes(publication) if quote["observation_id"]}
    for observation in Observation.objects.filter(pk__in=ids, status=Status.ACCEPTED).order_by("pk"):
        observation_mark_used(user=user, observation=observation, confirm_acknowledged_findings=True,
                              request=request)
