"""Who sees which statistics, and whether suppressed (DESIGN §2, §4.2).

- Coordinators, analysts, viewers and national users may read aggregates (Permissions.can_view_dashboard).
- Scope: county roles see their own counties; a national user sees every county (Permissions.stats_counties).
- Suppression: a table is shown unsuppressed only when every county it covers is one whose raw
  observations the user may read anyway (coordinator or analyst of that county, Permissions.
  raw_text_counties): hiding small counts from someone who can list the observations protects nobody.
  Everything else — viewers, national users, and a coordinator's table over several counties some of
  which are not theirs — is suppressed.
"""

from django.utils.translation import gettext as _

from rake.core.errors import PermissionDenied, ValidationError


def stats_scope(user, county=None):
    """(counties or None for all, suppressed) for the user's statistics, optionally of one county."""
    permissions = user.permissions
    if not permissions.can_view_dashboard():
        raise PermissionDenied(_("You cannot see statistics."))
    counties = permissions.stats_counties()
    if county is not None:
        if counties is not None and county not in counties:
            raise ValidationError({"county": [_("You cannot see the statistics of this county.")]})
        counties = {county}
    raw = permissions.raw_text_counties()
    suppressed = counties is None or not counties or not set(counties) <= raw
    return counties, suppressed
