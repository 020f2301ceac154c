"""The national dashboard's comparison of imported counties (rake-exchange/2 and /1), registered as a section of
the analysis dashboard (rake.analysis.sections) when exchange starts: exchange builds on analysis, not the
reverse (DESIGN §6)."""

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rake.accounts.models import Role
from rake.analysis import charts, rates
from rake.analysis.dashboard import Labels
from rake.areas.selectors import area_effective_year
from rake.privacy import marks
from rake.taxonomy.selectors import national_phenomena

from .selectors import imported_county_totals, imported_county_years, imported_totals, imported_years


# National users of a national instance see the counties' imported rake-exchange documents side by side. The
# numbers come only from rake.exchange.selectors: cells the counties suppressed stay unknown, so a total is exact,
# "at least N" or hidden (ADR 0008).

@dataclass
class ImportedComparison:
    year: int
    years: list  # every imported year, newest first
    phenomena: list  # [(code, label)]
    rows: list  # [(county code, county name, [ImportedTotal or None (0) per phenomenon], total text, rate text)]
    summary: str
    chart_phenomenon: str | None = None  # the dashboard's phenomenon filter, when set
    # {county: (the year's total as ImportedTotal, per 10,000 inhabitants or None, population year)}: version 2
    county_totals: dict = field(default_factory=dict)

    slug = "imported-counties"

    @property
    def title(self):
        return _("Counties from imported reports")

    @property
    def population_years(self):
        return sorted({year for _total, _rate, year in self.county_totals.values() if year})

    @property
    def has_hidden(self):
        return any(total is not None and total.hidden for _code, _name, totals, *_texts in self.rows
                   for total in totals) or any(total.hidden for total, _rate, _year in self.county_totals.values())

    @property
    def has_inexact(self):
        return any(total is not None and not total.exact for _code, _name, totals, *_texts in self.rows
                   for total in totals)

    def chart(self):
        """Bars of the filtered phenomenon by county; a total that is not exact gets no bar."""
        if not self.chart_phenomenon:
            return ""
        index = [code for code, _label in self.phenomena].index(self.chart_phenomenon)
        items = []
        for _code, name, totals, *_texts in self.rows:
            total = totals[index]
            if total is None:
                items.append(charts.ChartItem(name, 0, "0"))
            else:  # no bar unless exact: ".." when wholly hidden, else the lower bound with "(hidden)"
                items.append(charts.ChartItem(name, total.count, "" if total.hidden else str(total.display)))
        return charts.bar_chart(items, chart_id=f"chart-{self.slug}", title=str(self.title),
                                summary_id=f"summary-{self.slug}")


def imported_comparison(*, user, filters):
    """The comparison for a national user when imported data exists, else None. The year is the year of
    the dashboard's end month when it was imported, otherwise the newest imported year."""
    if not user.permissions.has_role(Role.NATIONAL):
        return None
    years = imported_years()
    if not years:
        return None
    year = filters.until.year if filters.until.year in years else years[0]
    labels = Labels(year=area_effective_year(year))
    phenomena = list(national_phenomena().items())
    if filters.phenomenon:
        phenomena = [(code, label) for code, label in phenomena if code == filters.phenomenon]
    by_key = {(total.county, total.phenomenon): total for total in imported_totals(year=year)}
    rows = []
    for county in imported_county_years(year=year):
        name, order = labels.label("county", county)
        rows.append((order, (county, name, [by_key.get((county, code)) for code, _label in phenomena])))
    rows = [row for _order, row in sorted(rows, key=lambda pair: pair[0])]
    totals = [total for _code, _name, row_totals in rows for total in row_totals if total is not None]
    inexact = sum(1 for total in totals if not total.exact)
    summary = ngettext("%(counties)s county has been imported for %(year)s.",
                       "%(counties)s counties have been imported for %(year)s.", len(rows)) % {
        "counties": len(rows), "year": year}
    if inexact:
        summary += " " + ngettext(
            "%(inexact)s total includes counts the county suppressed: it is shown as a lower bound or hidden.",
            "%(inexact)s totals include counts the counties suppressed: they are shown as lower bounds or hidden.",
            inexact) % {"inexact": inexact}
    county_totals = {county: (total, rates.rate(total.count, population), population_year)
                     for county, (total, population, population_year) in imported_county_totals(year=year).items()}
    return ImportedComparison(year=year, years=years, phenomena=[(code, capfirst(label)) for code, label in phenomena],
                              rows=[(code, name, totals, *_total_texts(county_totals.get(code)))
                                    for code, name, totals in rows],
                              summary=summary, chart_phenomenon=filters.phenomenon, county_totals=county_totals)


def _total_texts(found):
    """(total, per 10,000) texts of a county's imported year: ".." when hidden, "" when its document (version
    1) gave none."""
    if found is None:
        return "", ""
    total, per_10000, _year = found
    if total.hidden:
        return marks.HIDDEN, marks.HIDDEN
    return total.display, "" if per_10000 is None else formats.number_format(per_10000, 1)


def comparison_section(*, user, filters) -> dict:
    """The dashboard's template variable `imported` (rake.analysis.sections)."""
    return {"imported": imported_comparison(user=user, filters=filters)}
