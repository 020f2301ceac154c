"""Published reports shown on other apps' pages: the front page's latest reports."""

from django import template

from rake.areas.selectors import county_name
from rake.publishing.selectors import public_publications

register = template.Library()

LATEST_REPORTS = 5


@register.simple_tag
def latest_reports(limit=LATEST_REPORTS):
    """The newest published reports of every county: [{"publication", "version", "county_name"}], the version
    being each report's latest."""
    rows = []
    for publication in public_publications()[:limit]:
        latest = publication.versions.all()[0]  # prefetched newest first
        rows.append({"publication": publication, "version": latest,
                     "county_name": county_name(publication.county_code)})
    return rows
