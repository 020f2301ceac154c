"""Pages for everyone (front page, accessibility statement) and the admins' audit log and status page."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .audit import ACTION_LABELS, action_label, audit_actions, audit_record, audit_search, object_label, roles_label
from .forms import AuditSearchForm

AUDIT_PAGE_SIZE = 50


def home(request):
    return render(request, "core/home.html")


def accessibility(request):
    return render(request, "core/accessibility.html", {
        "feedback_email": getattr(settings, "RAKE_ACCESSIBILITY_EMAIL", "accessibility@example.com"),
    })


@never_cache
@login_required
def audit_log(request):
    if not request.user.permissions.can_search_audit():
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None, actions=audit_actions())
    arguments = form.search_arguments()
    page = Paginator(audit_search(**arguments), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    # Read before this search is recorded: the page's count and its rows are then the same entries.
    rows = [{"entry": entry, "action": action_label(entry.action), "known": entry.action in ACTION_LABELS,
             "object": object_label(entry.object_type, entry.object_id), "roles": roles_label(entry.role)}
            for entry in page]
    # Reading the audit log is itself audited (DESIGN §4.2).
    audit_record(action="audit.search", user=request.user, request=request,
                 detail={key: str(value) for key, value in arguments.items() if value})
    return render(request, "core/audit.html", {"form": form, "page": page, "rows": rows})


@never_cache
@login_required
def status(request):
    """Admins: which personal-data detectors run in this process, Voikko's state, the last rescan of the stored
    texts, the suppression threshold."""
    if not request.user.permissions.can_view_status():
        raise PermissionDenied
    # The privacy package is a library any app may use (DESIGN §6); it is loaded only for this page.
    from rake.privacy.detectors import voikko_available, voikko_status
    from rake.privacy.scanner import detector_status
    from rake.privacy.selectors import rescan_summary

    return render(request, "core/status.html", {
        "detectors": detector_status(),
        "voikko": voikko_available(),
        "voikko_status": voikko_status(),
        "rescan": rescan_summary(),
        "threshold": settings.RAKE_SUPPRESSION_THRESHOLD,
    })
