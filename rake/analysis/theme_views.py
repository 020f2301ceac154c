"""Keywords and emerging themes for a county's coordinators (DESIGN §4.4, §5): /analysis/themes/.

A GET form chooses the county (among the user's triage counties), the phenomenon, the recent window and
the baseline; the page shows the emerging themes, the most frequent keywords per phenomenon in the recent
window and, for a chosen term (`?term=`), the observations behind it, linked to their detail pages (which
audit the reading of texts).
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from rake.areas.selectors import county_choices, county_name
from rake.core import errors
from rake.core.dates import today
from rake.core.forms import HdsFormMixin
from rake.taxonomy.selectors import national_phenomena

from . import themes as theme_data
from .models import ALL

PAGE_SIZE = 25
KEYWORDS_PER_PHENOMENON = 10


class ThemeFilterForm(HdsFormMixin, forms.Form):
    county = forms.ChoiceField(label=_("Wellbeing services county"), required=False)
    phenomenon = forms.ChoiceField(label=_("Phenomenon"), required=False)
    recent = forms.IntegerField(
        label=_("Recent period in months"), required=False, min_value=1, max_value=12,
        help_text=_("The last full months, 1–12."),
        error_messages={"invalid": _("Enter a whole number of months.")})
    baseline = forms.IntegerField(
        label=_("Compared with the months before, in months"), required=False, min_value=1, max_value=36,
        help_text=_("1–36 months before the recent period."),
        error_messages={"invalid": _("Enter a whole number of months.")})

    def __init__(self, *args, user, phenomena, **kwargs):
        super().__init__(*args, **kwargs)
        year = today().year
        self.counties = sorted(user.permissions.triage_counties())
        self.fields["county"].choices = county_choices(self.counties, year)
        self.fields["phenomenon"].choices = [("", _("All phenomena"))] + list(phenomena.items())
        if len(self.counties) == 1:
            self.fields["county"].widget = forms.HiddenInput()

    def choices(self):
        """(county, phenomenon, recent months, baseline months): the valid values, defaults for the rest."""
        self.is_valid()
        cleaned = self.cleaned_data
        return (cleaned.get("county") or self.counties[0], cleaned.get("phenomenon") or ALL,
                cleaned.get("recent") or theme_data.DEFAULT_RECENT_MONTHS,
                cleaned.get("baseline") or theme_data.DEFAULT_BASELINE_MONTHS)


def _behind(request, *, county, phenomenon, term, span):
    """A page of the observations behind a term, or None when no term is asked for."""
    if not term:
        return None
    try:
        behind = theme_data.observations_behind(user=request.user, county=county, phenomenon=phenomenon, term=term,
                                                since=span.recent_start, until=span.recent_end)
    except errors.PermissionDenied:
        raise HttpPermissionDenied from None
    page = Paginator(behind, PAGE_SIZE).get_page(request.GET.get("page"))
    page.complete = behind.complete
    return page


@login_required
def themes(request):
    if not request.user.permissions.can_view_themes():
        raise HttpPermissionDenied
    phenomena = {code: capfirst(label) for code, label in national_phenomena().items()}
    # Always bound, so that the fields show the values in use: the defaults unless the URL says otherwise.
    data = {"county": min(request.user.permissions.triage_counties()), "recent": theme_data.DEFAULT_RECENT_MONTHS,
            "baseline": theme_data.DEFAULT_BASELINE_MONTHS, **request.GET.dict()}
    form = ThemeFilterForm(data, user=request.user, phenomena=phenomena)
    county, phenomenon, recent, baseline = form.choices()
    emerging = theme_data.emerging_themes(counties=[county], phenomenon=phenomenon, recent_months=recent,
                                          baseline_months=baseline)
    span = emerging.windows
    by_phenomenon = theme_data.keywords_by_phenomenon(
        counties=[county], since=span.recent_start, until=span.recent_end, limit=KEYWORDS_PER_PHENOMENON,
        phenomena=None if phenomenon == ALL else [phenomenon])
    term = (request.GET.get("term") or "").strip().lower()[:100]  # terms are lower-case lemmas
    context = {
        "form": form,
        "county": county,
        "county_label": county_name(county, today().year),
        "phenomenon": phenomenon,
        "phenomenon_label": phenomena.get(phenomenon) if phenomenon != ALL else None,
        "phenomena": phenomena,
        "emerging": emerging,
        "clusters": theme_data.emerging_clusters(emerging, county=county),
        "span": span,
        "keyword_rows": [(phenomena.get(row.phenomenon, row.phenomenon) if row.phenomenon != ALL else None, row)
                         for row in by_phenomenon],
        "threshold": theme_data.suppression_threshold(),
        "max_scan": theme_data.MAX_SCAN,
        "term": term,
        "behind": _behind(request, county=county, phenomenon=phenomenon, term=term, span=span),
    }
    return render(request, "analysis/themes.html", context)
