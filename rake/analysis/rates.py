"""Observations per 10,000 inhabitants beside the counts (DESIGN §4.4, §5; issue 14 point 5).

`with_rates` takes an answer of either rake.analysis.selectors.observation_stats or
rake.analysis.release.protected_stats and adds to each row `rate` and to the answer `population_year`.

- The rate is derived from the row's published count only: a hidden count (None) gets a null rate, so the
  rate reveals nothing the count does not (the population is public reference data).
- The area of a row: its municipality (grouped or filtered by municipality), else its county (grouped by
  county), else the counties the answer covers — the county filter, the user's counties, or every county
  for a whole-country answer — whose populations are added up.
- The statistics year of a row: the year of its period when grouped by period, else the year the window
  ends (`until`, or the last month with counted observations when the window is open). Its population is
  that of rake.areas.selectors.population_year(statistics year) on the area's territory in that year.
- `population_year` is one integer when every row uses the same population year (always so for an answer
  not split by period, and for every year after the newest population data), else an object
  {statistics year: population year}; null when there is no population data.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Max

from rake.areas.models import Area
from rake.areas.selectors import area_list, county_population, municipality_population, population_year
from rake.core.dates import today

from .models import ObservationRollup

PER = 10_000
RATE_CHOICES = ("per_10000",)


def rate(count: int | None, population: int | None) -> float | None:
    """Observations per 10,000 inhabitants to one decimal, or None when the count is hidden or the
    population unknown."""
    if count is None or not population:
        return None
    return round(count * PER / population, 1)


class _Populations:
    """Populations of the areas of one answer, each looked up once (a county's is a sum over its
    municipalities)."""

    def __init__(self):
        self._known: dict[tuple, int | None] = {}

    def municipality(self, code: str, year: int) -> int | None:
        key = ("municipality", code, year)
        if key not in self._known:
            found = municipality_population(code, year) if code else None
            self._known[key] = found[0] if found else None
        return self._known[key]

    def counties(self, codes: Iterable[str] | None, year: int) -> int | None:
        """The population of these counties together (None: every county of the year's classification);
        None when one of them is unknown."""
        if codes is None:
            codes = area_list(kind=Area.Kind.COUNTY, year=year).values_list("code", flat=True)
        total = 0
        for code in codes:
            key = ("county", code, year)
            if key not in self._known:
                found = county_population(code, year)
                self._known[key] = found[0] if found else None
            if self._known[key] is None:
                return None
            total += self._known[key]
        return total


def _window_end_year(counties: set[str] | None, until: datetime.date | None) -> int:
    """The statistics year of a row not split by period: the year its window ends."""
    if until is not None:
        return until.year
    rows = ObservationRollup.objects.filter(grain="ps")
    if counties is not None:
        rows = rows.filter(county_code__in=sorted(counties))
    last = rows.aggregate(last=Max("month"))["last"]
    if isinstance(last, str):  # SQLite
        last = datetime.date.fromisoformat(last)
    return (last or today()).year


def with_rates(answer: dict, *, counties: set[str] | None, municipality: str | None = None,
               until: datetime.date | None = None, **_filters) -> dict:
    """The answer with `rate` in every row and `population_year` (see the module docstring). `counties` is
    the answer's scope as rake.analysis.services.stats_scope gives it (None: every county); the other
    arguments are the statistics query's own."""
    populations = _Populations()
    end_year = None
    years = set()
    for row in answer["rows"]:
        if "period" in row:
            year = int(str(row["period"])[:4])
        else:
            if end_year is None:
                end_year = _window_end_year(counties, until)
            year = end_year
        years.add(year)
        if row["count"] is None:  # hidden: no population is even looked up
            row["rate"] = None
            continue
        if "municipality" in row or municipality is not None:
            population = populations.municipality(row.get("municipality", municipality), year)
        elif "county" in row:
            population = populations.counties([row["county"]], year)
        else:
            population = populations.counties(None if counties is None else sorted(counties), year)
        row["rate"] = rate(row["count"], population)
    if not years:  # no rows: name the population a row of the window would have used
        years.add(_window_end_year(counties, until))
    answer["population_year"] = _population_years(years)
    return answer


def _population_years(years: set[int]) -> int | dict[str, int] | None:
    used = {year: population_year(year) for year in sorted(years)}
    distinct = set(used.values())
    if distinct == {None}:
        return None
    if len(distinct) == 1:
        return distinct.pop()
    return {str(year): pop_year for year, pop_year in used.items()}
