"""Dashboards (DESIGN §4.4, §5): the page with its tables and charts, and each table as CSV or XLSX.

The filters are GET parameters, so a view can be bookmarked and shared. Invalid filters are shown as errors
and the page falls back to the defaults for them; it never fails.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from rake.core import errors
from rake.core.audit import audit_record

from .dashboard import (
    FORMATS,
    DashboardFilterForm,
    dashboard_table,
    dashboard_tables,
    filters_for_scope,
)
from .downloads import table_download
from .sections import dashboard_sections


def _require_dashboard(request):
    if not request.user.permissions.can_view_dashboard():
        raise HttpPermissionDenied


@never_cache
@login_required
def dashboard(request):
    _require_dashboard(request)
    form = DashboardFilterForm(request.GET or None, user=request.user)
    try:
        filters = filters_for_scope(request.user, form.filters())
        tables = dashboard_tables(user=request.user, filters=filters)
    except errors.PermissionDenied:
        raise HttpPermissionDenied from None
    form.show(filters)  # the months the page shows (whole years for a protected role), not the ones asked for
    query = urlencode(filters.query())
    for table in tables:
        table.downloads = [
            (fmt.upper(), f"{reverse('analysis:dashboard_download', args=[table.slug, fmt])}?{query}")
            for fmt in FORMATS
        ]
    return render(request, "analysis/dashboard.html", {
        "form": form, "filters": filters, "previous": filters.previous(), "tables": tables,
        "suppressed": any(table.suppressed for table in tables),
        "threshold": tables[0].threshold if tables else None,
        **dashboard_sections(user=request.user, filters=filters),  # e.g. imported rake-exchange documents
    })


@never_cache
@login_required
def dashboard_download(request, table, fmt):
    _require_dashboard(request)
    if fmt not in FORMATS:
        raise Http404
    form = DashboardFilterForm(request.GET or None, user=request.user)
    if form.is_bound and form.errors:
        return HttpResponseBadRequest(_("Check the filters of the dashboard."), content_type="text/plain; charset=utf-8")
    try:
        filters = filters_for_scope(request.user, form.filters())
        data = dashboard_table(user=request.user, filters=filters, slug=table)
    except errors.NotFound:
        raise Http404 from None
    except errors.PermissionDenied:
        raise HttpPermissionDenied from None
    content, content_type = table_download(data, fmt)
    # Which table, in which format, with which filters: never personal data.
    audit_record(action="dashboard.download", user=request.user, request=request, object_type="dashboard_table",
                 object_id=table, detail={"table": table, "format": fmt, "filters": filters.query(),
                                          "suppressed": data.suppressed})
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filters.file_name(table, fmt)}"'
    return response
