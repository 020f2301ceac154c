"""The navigation: only what the user's roles allow (DESIGN §5)."""

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# url name → (count(user=…) shown as the item's badge, the template variable that holds it too). The apps that
# count register theirs when they start (AppConfig.ready): core imports no other app (DESIGN §6).
_BADGES: dict[str, tuple[Callable[..., int], str]] = {}


def register_navigation_badge(url_name: str, count: Callable[..., int], *, context_name: str) -> None:
    _BADGES[url_name] = (count, context_name)


def _items(user):
    yield "core:home", _("Front page")
    yield "publishing:public_index", _("Published reports")
    if not getattr(user, "is_authenticated", False):
        return
    permissions = user.permissions
    if permissions.can_submit():
        yield "observations:new", _("New observation")
        yield "observations:mine", _("My observations")
    if permissions.can_view_queue():
        yield "observations:queue", _("Triage queue") if permissions.triage_counties() else _("Observations")
    if permissions.can_view_dashboard():
        yield "analysis:dashboard", _("Dashboard")
    if permissions.can_view_themes():
        yield "analysis:themes", _("Emerging themes")
    if permissions.can_build_reports():
        yield "publishing:list", _("Report builder")
    if permissions.can_view_proposals():
        yield "proposals:list", _("Proposals")
    if permissions.can_administer():
        # The audit log and the status page are in the administration's own navigation.
        yield "administration:users", _("Administration")
    else:
        if permissions.can_search_audit():
            yield "core:audit", _("Audit log")
        if permissions.can_view_status():
            yield "core:status", _("Status")


def navigation(request):
    user = getattr(request, "user", None)
    path = getattr(request, "path", "")
    navigation_items = []
    context = {context_name: 0 for _count, context_name in _BADGES.values()}
    for name, label in _items(user):
        url = reverse(name)
        current = path == url or (url != "/" and path.startswith(url))
        item = {"name": name, "url": url, "label": label, "current": current, "badge": 0}
        if name in _BADGES:
            count, context_name = _BADGES[name]
            item["badge"] = context[context_name] = count(user=user)
        navigation_items.append(item)
    return {"rake_navigation": navigation_items, **context}
