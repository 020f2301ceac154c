"""Report builder pages (coordinators of the county) and public report pages (anyone, published only)."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rake.analysis.downloads import table_download
from rake.areas.selectors import county_get, county_name
from rake.core import errors
from rake.observations import guard
from rake.observations.forms import remove_and_review
from rake.core.prepublish import PublishCheckFailed, errors_of, warnings_of

from . import rendering, selectors, services
from .forms import (
    PublicationCreateForm,
    PublicationSectionsForm,
    PublishForm,
    QuoteAddForm,
    QuoteSearchForm,
    phenomenon_choices,
)

QUOTE_PAGE_SIZE = 10

# A report page is one self-contained document with its stylesheet inline (the same HTML becomes the PDF),
# so it alone may use an inline <style>; scripts stay forbidden.
report_document_csp = csp_update({"style-src": [UNSAFE_INLINE]})


def _builder_get(request, pk):
    try:
        return selectors.publication_get(user=request.user, pk=pk)
    except errors.NotFound:
        raise Http404 from None
    except errors.PermissionDenied:
        raise HttpPermissionDenied from None


def _require_builder(request):
    if not request.user.permissions.can_build_reports():
        raise HttpPermissionDenied


# --- builder ---------------------------------------------------------------------------------------

@never_cache
@login_required
def builder_list(request):
    _require_builder(request)
    publications = selectors.publication_list(user=request.user)
    return render(request, "publishing/builder_list.html", {"publications": publications})


@never_cache
@login_required
def builder_new(request):
    _require_builder(request)
    form = PublicationCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.removal_requested():
        remove_and_review(request, form, language=request.POST.get("language"))
    elif request.method == "POST" and form.is_valid():
        try:
            publication = services.publication_create(user=request.user, request=request, **form.cleaned_data)
        except errors.PersonalDataFound as exc:
            form.show_personal_data(exc)
        except errors.ValidationError as exc:
            form.add_service_errors(exc)
        except errors.PermissionDenied:
            raise HttpPermissionDenied from None
        else:
            messages.success(request, _("The draft report was created. Write its texts and pick quotes."))
            return redirect("publishing:edit", pk=publication.pk)
    return render(request, "publishing/builder_new.html", {"form": form})


@never_cache
@login_required
def builder_edit(request, pk):
    publication = _builder_get(request, pk)
    if request.method == "POST":
        form = PublicationSectionsForm(request.POST)
        if form.removal_requested():
            remove_and_review(request, form, language=publication.language)
        elif form.is_valid():
            try:
                services.publication_update_sections(user=request.user, publication=publication,
                                                     data=form.section_data(), request=request)
            except errors.PersonalDataFound as exc:
                form.show_personal_data(exc)
            except errors.ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The texts were saved."))
                return redirect("publishing:edit", pk=publication.pk)
    else:
        form = PublicationSectionsForm(initial=PublicationSectionsForm.initial_for(publication))
    return render(request, "publishing/builder_edit.html", {
        "publication": publication, "form": form, "county_name": county_name(publication.county_code),
        "quotes": publication.quotes.select_related("approved_by"),
        "versions": publication.versions.order_by("-number").defer(*selectors.RENDERED_FIELDS),
    })


def _finding_rows(publication, findings):
    """The pre-publish findings for includes/prepublish_findings.html, each with a link to where it is fixed."""
    edit = reverse("publishing:edit", args=[publication.pk])
    anchors = {"quotes": reverse("publishing:quotes", args=[publication.pk]), "figures": "", "": ""}
    rows = []
    for finding in findings:
        if finding.section in anchors:
            url = anchors[finding.section]
        elif finding.section.startswith("phenomenon:"):
            url = f"{edit}#id_phenomenon_{finding.section.removeprefix('phenomenon:')}"
        else:
            url = f"{edit}#id_{finding.section}"
        rows.append({"finding": finding, "url": url})
    return rows


def _check_context(publication, findings):
    return {"finding_rows": _finding_rows(publication, findings), "check_errors": errors_of(findings),
            "check_warnings": warnings_of(findings)}


@never_cache
@login_required
@report_document_csp
def builder_preview(request, pk):
    """The report as it would be published now, from the saved texts and approved quotes (not stored), inside the
    site's page with the builder's links and what the pre-publish check finds."""
    publication = _builder_get(request, pk)
    report = selectors.report_content(publication)
    findings = selectors.publication_check(publication, report)
    return render(request, "publishing/builder_preview.html", {
        "publication": publication, "report": rendering.embedded(rendering.render_html(report)),
        **_check_context(publication, findings),
    })


@never_cache
@login_required
def builder_quotes(request, pk):
    """The quote picker: the report's quotes (approve, remove) and the observations it may quote."""
    publication = _builder_get(request, pk)
    search = QuoteSearchForm(request.GET or None)
    add_form = quoted_observation = None
    observation_findings = []
    if request.method == "POST":
        quoted_observation = selectors.quote_candidate_get(user=request.user, publication=publication,
                                                          pk=request.POST.get("observation"))
        observation_findings = guard.current_findings(quoted_observation) if quoted_observation else []
        add_form = QuoteAddForm(request.POST, confirmable=bool(observation_findings))
        if add_form.removal_requested():
            remove_and_review(request, add_form, language=publication.language)
        elif add_form.is_valid():
            try:
                services.quote_add(user=request.user, publication=publication, observation=quoted_observation,
                                   text=add_form.cleaned_data["text"], phenomenon=add_form.cleaned_data["phenomenon"],
                                   confirm_acknowledged_findings=add_form.confirmed(), request=request)
            except errors.PersonalDataFound as exc:
                if any(finding.field == "text" for finding in exc.findings):
                    add_form.show_personal_data(exc)
                else:  # a strong identifier in the observation itself: it is redacted first
                    add_form.add_error(None, str(exc.message))
            except errors.FindingsNotConfirmed as exc:
                add_form.add_error("confirm_acknowledged_findings" if "confirm_acknowledged_findings"
                                   in add_form.fields else None, str(exc.message))
            except errors.ValidationError as exc:
                add_form.add_service_errors(exc)
            else:
                messages.success(request, _("The quote was added. Approve it to include it in the report."))
                return redirect("publishing:quotes", pk=publication.pk)
    elif request.GET.get("observation"):
        quoted_observation = selectors.quote_candidate_get(user=request.user, publication=publication,
                                                          pk=request.GET["observation"])
        if quoted_observation is None:
            raise Http404
        observation_findings = guard.current_findings(quoted_observation)
        add_form = QuoteAddForm(initial={"observation": quoted_observation.pk,
                                         "text": quoted_observation.description,
                                         "phenomenon": selectors.primary_national_code(quoted_observation)},
                                confirmable=bool(observation_findings))
    candidates = selectors.quote_candidates(user=request.user, publication=publication, filters=search.filters())
    page = Paginator(candidates, QUOTE_PAGE_SIZE).get_page(request.GET.get("page"))
    quotes = list(publication.quotes.select_related("approved_by"))
    labels = dict(phenomenon_choices())
    for quote in quotes:
        quote.phenomenon_label = labels.get(quote.phenomenon, quote.phenomenon)
    return render(request, "publishing/builder_quotes.html", {
        "publication": publication, "search": search, "page": page, "add_form": add_form,
        "quoted_observation": quoted_observation, "quotes": quotes,
        "observation_findings": [
            {"label": finding.label, "strong": finding.strong, "acknowledged": finding.acknowledged}
            for finding in observation_findings],
    })


@never_cache
@login_required
@require_POST
def builder_quote_action(request, pk, quote_pk, action):
    publication = _builder_get(request, pk)
    quote = publication.quotes.filter(pk=quote_pk).first()
    if quote is None:
        raise Http404
    try:
        if action == "approve":
            services.quote_approve(user=request.user, quote=quote, request=request)
            messages.success(request, _("The quote was approved."))
        else:
            services.quote_remove(user=request.user, quote=quote, request=request)
            messages.success(request, _("The quote was removed."))
    except errors.PersonalDataFound:
        messages.error(request, _("The quote may contain personal data and cannot be approved. Remove it."))
    return redirect("publishing:quotes", pk=publication.pk)


@never_cache
@login_required
def builder_publish(request, pk):
    """Publishing: what the pre-publish check finds, then the form. The service refuses errors and unconfirmed
    warnings; the page shows the findings again with the form as it was sent."""
    publication = _builder_get(request, pk)
    findings = selectors.publication_check(publication)
    form = PublishForm(request.POST or None, warnings=bool(warnings_of(findings)))
    status = 200
    if request.method == "POST" and form.removal_requested():
        remove_and_review(request, form, language=publication.language)
    elif request.method == "POST" and form.is_valid():
        try:
            version = services.publication_publish(
                user=request.user, publication=publication, changelog=form.cleaned_data["changelog"],
                confirm_warnings=form.cleaned_data.get("confirm_warnings", False), request=request)
        except errors.PersonalDataFound as exc:
            if any(finding.field == "changelog" for finding in exc.findings):
                form.show_personal_data(exc)
            else:  # a quoted observation holds a strong identifier: redact it first
                form.add_error(None, str(exc.message))
        except errors.ValidationError as exc:
            form.add_service_errors(exc)
        except PublishCheckFailed as exc:
            findings = exc.findings
            form = PublishForm(request.POST, warnings=bool(warnings_of(findings)))
            form.is_valid()
            if errors_of(findings):
                form.add_error(None, _("The report has errors that prevent publishing. Fix them first."))
            else:
                form.add_error("confirm_warnings", _("Read the warnings and confirm that you want to publish the "
                                                     "report as it is."))
            status = exc.http_status
        else:
            messages.success(request, _("Version %(number)s was published.") % {"number": version.number})
            return redirect("publishing:edit", pk=publication.pk)
    return render(request, "publishing/builder_publish.html", {
        "publication": publication, "form": form, "next_number": selectors.next_version_number(publication),
        "approved_count": publication.quotes.filter(approved_at__isnull=False).count(),
        **_check_context(publication, findings),
    }, status=status)


# --- public ----------------------------------------------------------------------------------------

def public_index(request):
    counties = [{"code": code, "name": county_name(code), "reports": reports}
                for code, reports in selectors.public_counties()]
    return render(request, "publishing/public_index.html", {"counties": counties})


def public_county(request, county):
    if county_get(code=county) is None:
        raise Http404
    publications = selectors.public_publications(county=county)
    return render(request, "publishing/public_county.html", {
        "county": county, "county_name": county_name(county), "publications": publications,
    })


def _version(county, pk, number):
    try:
        return selectors.public_version_get(county=county, pk=pk, number=number)
    except errors.NotFound:
        raise Http404 from None


def _filename(version, suffix):
    publication = version.publication
    stem = slugify(f"{publication.title}-v{version.number}")[:80] or f"report-{publication.pk}-v{version.number}"
    return f"{stem}.{suffix}"


@report_document_csp
def public_version(request, county, pk, number):
    """The version exactly as published (its stored HTML), inside the site's page: the site's header, the way to
    the county's reports, the downloads and the report's proposals for action."""
    version = _version(county, pk, number)
    publication = version.publication
    latest = selectors.latest_version_number(publication)
    return render(request, "publishing/public_report.html", {
        "publication": publication, "version": version, "report": rendering.embedded(version.html),
        "county": county, "county_name": county_name(county), "latest_number": latest,
    })


def public_version_pdf(request, county, pk, number):
    version = _version(county, pk, number)
    response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(version, "pdf")}"'
    return response


def public_infographic(request, county, pk, number, fmt):
    version = _version(county, pk, number)
    if fmt == "svg":
        body, content_type = version.infographic_svg, "image/svg+xml"
    else:
        body, content_type = bytes(version.infographic_png), "image/png"
    if not body:  # a version published before the infographic was stored with it
        body = (rendering.render_infographic_svg(version.content) if fmt == "svg"
                else rendering.render_infographic_png(version.content))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{_filename(version, "infographic." + fmt)}"'
    return response


def public_table(request, county, pk, number, slug, fmt):
    version = _version(county, pk, number)
    table = next((table for table in rendering.report_tables(version.content) if table.slug == slug), None)
    if table is None:
        raise Http404
    with translation.override(version.publication.language):
        body, content_type = table_download(table, fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(version, slug + "." + fmt)}"'
    return response
