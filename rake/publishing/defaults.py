"""The texts a new report starts with, in the report's language, and the placeholders among them that the
pre-publish check refuses to publish (rake.publishing.checks)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from rake.areas.selectors import county_name
from rake.core.periods import period_label, period_range


def _summary_placeholder():
    return _("A summary here: the main observations, how they developed and what decision-makers are asked to do.")


def default_title(*, county, period, language):
    """The title of a new report for a Period, in the report's language (not the user's)."""
    with translation.override(language):
        return _("Social reporting report: %(county)s, %(period)s") % {"county": county_name(county),
                                                                         "period": period_label(period)}


def default_sections(*, period, language):
    """The summary (a placeholder to replace) and method texts of a new report for a Period, in the report's
    language (not the user's)."""
    with translation.override(language):
        return {
            "summary": _summary_placeholder(),
            "method": _("The report is based on the observations social welfare professionals made through "
                        "social reporting during %(period)s. The figures count accepted, used and closed "
                        "observations; drafts, observations being processed and rejected ones are not counted. "
                        "One observation may concern several phenomena. Counts below %(threshold)s are not "
                        "shown, nor are counts they could be worked out from; both are marked “..”. Quotes "
                        "are approved by the coordinator and checked for personal data.")
            % {"period": period_range(period), "threshold": settings.RAKE_SUPPRESSION_THRESHOLD},
        }


def placeholders():
    """The pre-filled texts that must be replaced before publishing, in every language of the service."""
    texts = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.add(_summary_placeholder())
    return texts
