"""Reading imported rake-exchange cells (ADR 0008, ADR 0012).

A rake-exchange/2 county-year gives its year's totals by phenomenon directly, each published or hidden.
For rake-exchange/1 the totals are sums of quarterly cells. Suppressed cells stay unknown: they are never
guessed, never counted as 0. A total over cells is exact only when none of its cells is suppressed; otherwise it is a lower bound, "at least N" (N the sum of the
published cells), or wholly hidden ("..") when every cell under it is suppressed. There is no total over
phenomena: an observation with several phenomena is in a cell of each, so such a sum would count it twice.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from rake.privacy import marks

from .models import ImportedCell, ImportedCountyYear, ImportedTableCell


@dataclass
class ImportedTotal:
    county: str
    phenomenon: str
    period: str | None  # None: the whole year
    known: int  # the sum of the published cells
    hidden_cells: int  # how many cells under it are suppressed
    threshold: int

    @property
    def exact(self):
        return self.hidden_cells == 0

    @property
    def count(self):
        """The total when it is known exactly, else None."""
        return self.known if self.exact else None

    @property
    def hidden(self):
        """Nothing under it is published."""
        return not self.exact and self.known == 0

    @property
    def display(self):
        if self.exact:
            return str(self.known)
        if self.hidden:
            return marks.HIDDEN
        return _("at least %(count)s") % {"count": self.known}


def imported_years():
    """The years of which some county has been imported, newest first."""
    return sorted(set(ImportedCountyYear.objects.values_list("year", flat=True)), reverse=True)


def imported_county_years(*, year):
    """The imported county-years of a year, by county code."""
    return {source.county_code: source for source in ImportedCountyYear.objects.filter(year=year)}


def imported_totals(*, year, by_period=False, counties=None):
    """Totals of the imported cells of `year` by county × phenomenon (× period), as ImportedTotal: from a
    version 2 document its year × phenomenon (or half-year × phenomenon) table, from version 1 the sums of its
    quarterly cells.

    Counties imported without any cell in a phenomenon have no total there: it is 0.
    """
    sources = imported_county_years(year=year)
    totals = {}
    cells = ImportedCell.objects.filter(year=year)
    table_cells = ImportedTableCell.objects.filter(year=year, table="half_phenomenon" if by_period else "phenomenon")
    if counties is not None:
        cells = cells.filter(county_code__in=sorted(counties))
        table_cells = table_cells.filter(county_code__in=sorted(counties))
    for county, phenomenon, period, count in table_cells.values_list("county_code", "value", "period", "count"):
        key = (county, phenomenon, period if by_period else None)
        totals[key] = ImportedTotal(county, phenomenon, key[2], count or 0, int(count is None),
                                    sources[county].threshold)
    for county, phenomenon, period, count, suppressed in cells.values_list(
            "county_code", "phenomenon", "period", "count", "suppressed"):
        key = (county, phenomenon, period if by_period else None)
        total = totals.get(key)
        if total is None:
            total = totals[key] = ImportedTotal(county, phenomenon, key[2], 0, 0, sources[county].threshold)
        if suppressed:
            total.hidden_cells += 1
        else:
            total.known += count
    return [totals[key] for key in sorted(totals, key=lambda key: tuple(str(part) for part in key))]


def imported_county_totals(*, year) -> dict:
    """{county: (its year's total as ImportedTotal, population, population year)} of the version 2 county-years
    of `year` (version 1 documents carry no total and no population)."""
    sources = imported_county_years(year=year)
    found = {}
    for county, count in ImportedTableCell.objects.filter(year=year, table="total").values_list("county_code",
                                                                                                 "count"):
        source = sources[county]
        found[county] = (ImportedTotal(county, "", None, count or 0, int(count is None), source.threshold),
                         source.population, source.population_year)
    return found
