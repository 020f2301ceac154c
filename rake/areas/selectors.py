from rake.core.reference_cache import ReferenceCache

from .loading import read_mergers
from .models import Area, Population


class _AreaIndex:
    def __init__(self, areas):
        self.years = sorted({area.year for area in areas})
        self.by_key = {(area.kind, area.code, area.year): area for area in areas}


# Every submission checks its county and municipality: one copy per process (rake.core.reference_cache).
_index = ReferenceCache("areas", lambda: _AreaIndex(list(Area.objects.all())), models=[Area])


def area_years():
    return _index.get().years


def area_effective_year(year=None):
    """The classification year to use for `year`: the nearest one that exists."""
    years = area_years()
    if not years:
        return year
    if year is None:
        from rake.core.dates import today

        year = today().year
    if year in years:
        return year
    return years[-1] if year > years[-1] else years[0]


def area_list(*, kind=None, year=None, county=None):
    areas = Area.objects.filter(year=area_effective_year(year))
    if kind:
        areas = areas.filter(kind=kind)
    if county:
        areas = areas.filter(county_code=county)
    return areas.order_by("kind", "name_fi")


def county_get(*, code, year=None):
    """The county in the classification of `year` (a shared cached instance: do not change it), or None."""
    return _index.get().by_key.get((Area.Kind.COUNTY, code, area_effective_year(year)))


def municipality_get(*, code, year=None):
    """The municipality in the classification of `year` (shared, as county_get), or None."""
    return _index.get().by_key.get((Area.Kind.MUNICIPALITY, code, area_effective_year(year)))


def county_name(code, year=None):
    county = county_get(code=code, year=year)
    return county.name if county else code


def county_choices(codes, year=None) -> list[tuple[str, str]]:
    """[(code, name)] of these counties in the classification of `year`, in the order given: the one builder
    of a form's county choices."""
    return [(code, county_name(code, year)) for code in codes]


def municipality_choices(counties, year=None) -> list:
    """A form's municipality choices: [(code, name)] of one county's municipalities, or for several counties
    groups [(county name, [(code, name)])], in the classification of `year`."""
    def of(county):
        return [(area.code, area.name) for area in area_list(kind=Area.Kind.MUNICIPALITY, year=year, county=county)]

    counties = list(counties)
    if len(counties) == 1:
        return of(counties[0])
    return [(county_name(code, year), of(code)) for code in counties]


# --- population (denominator of rates per 10,000 inhabitants) -----------------------------------------


class _PopulationIndex:
    def __init__(self, rows, mergers):
        self.by_year: dict[int, dict[str, int]] = {}
        for code, year, population in rows:
            self.by_year.setdefault(year, {})[code] = population
        self.years = sorted(self.by_year)
        self.mergers = {merged: (into, first_year) for merged, into, first_year in mergers}
        # (area year, population year) → (the area index they were summed with, {county: population})
        self.county_totals: dict[tuple[int, int], tuple[_AreaIndex, dict[str, int]]] = {}


# Rates read the population for every county of a table: one copy per process, like the areas.
_population = ReferenceCache(
    "population",
    lambda: _PopulationIndex(Population.objects.values_list("municipality_code", "year", "population"),
                             read_mergers()),
    models=[Population])


def population_year(year: int) -> int | None:
    """The year of the population used for rates of statistics year `year`: the latest one not after it,
    or the earliest one when `year` is before all data; None when there is no population data."""
    return _population_year(_population.get(), year)


def _population_year(index: _PopulationIndex, year: int) -> int | None:
    if not index.years:
        return None
    earlier = [candidate for candidate in index.years if candidate <= year]
    return earlier[-1] if earlier else index.years[0]


def _municipality_in(code: str, area_year: int, mergers: dict[str, tuple[str, int]]) -> str:
    """The municipality that the territory of `code` (a code of the population data) is part of in the
    classification of `area_year`: itself, or the municipality it was merged into by then."""
    seen = {code}
    while code in mergers and mergers[code][1] <= area_year:
        code = mergers[code][0]
        if code in seen:  # a cycle in the mergers file would otherwise never end
            break
        seen.add(code)
    return code


def _county_of(code: str, area_year: int, pop_year: int, mergers: dict[str, tuple[str, int]]) -> str | None:
    municipality = municipality_get(code=_municipality_in(code, area_year, mergers), year=area_year)
    if municipality is None:
        # A merger missing from municipality_mergers.csv: count the code in its own county of the classification
        # nearest the population year rather than drop its inhabitants.
        municipality = municipality_get(code=code, year=pop_year)
    return municipality.county_code if municipality else None


def county_population(county_code: str, year: int) -> tuple[int, int] | None:
    """(population, population year) of a wellbeing services county for statistics year `year`, or None for
    a county not in that year's classification or without population data.

    The territory is the county's in the classification of `year` (area_effective_year); its population is
    that of its municipalities in population_year(year). Codes the population data has but the
    classification no longer does (Pertunmaa 588, merged into Mäntyharju 507 in 2025) count in the county of
    the municipality they were merged into, so a merger never drops inhabitants from a county."""
    index = _population.get()  # once: a reload in between could drop the population year
    pop_year = _population_year(index, year)
    area_year = area_effective_year(year)
    if pop_year is None or county_get(code=county_code, year=area_year) is None:
        return None
    population = _county_totals(index, area_year, pop_year).get(county_code)
    return (population, pop_year) if population is not None else None


def _county_totals(index: _PopulationIndex, area_year: int, pop_year: int) -> dict[str, int]:
    """{county: population} of every county, summed over the municipalities once per population and area
    index (a national table asks for all counties: each alone re-read every municipality)."""
    areas = _index.get()
    known = index.county_totals.get((area_year, pop_year))
    if known is None or known[0] is not areas:
        totals: dict[str, int] = {}
        for code, population in index.by_year[pop_year].items():
            county = _county_of(code, area_year, pop_year, index.mergers)
            if county is not None:
                totals[county] = totals.get(county, 0) + population
        known = (areas, totals)
        index.county_totals[(area_year, pop_year)] = known
    return known[1]


def municipality_population(municipality_code: str, year: int) -> tuple[int, int] | None:
    """(population, population year) of a municipality of the classification of statistics year `year`, or
    None for a code not in that classification (Pertunmaa 588 from 2025 on) or without population data.

    A municipality that absorbed others after the population year counts their inhabitants too (Mäntyharju
    507 from 2025 on includes Pertunmaa 588)."""
    return _population_of(year, lambda area_year: municipality_get(code=municipality_code, year=area_year),
                          lambda code, area_year, _pop_year, mergers:
                          _municipality_in(code, area_year, mergers) == municipality_code)


def _population_of(year, area, belongs) -> tuple[int, int] | None:
    """(population, population year) of the municipalities that `belongs(code, area year, population year,
    mergers)` to an area of statistics year `year`; None when `area(area year)` finds no such area or there
    is no population data."""
    index = _population.get()  # once: a reload in between could drop the population year
    pop_year = _population_year(index, year)
    area_year = area_effective_year(year)
    if pop_year is None or area(area_year) is None:
        return None
    populations = [population for code, population in index.by_year[pop_year].items()
                   if belongs(code, area_year, pop_year, index.mergers)]
    return (sum(populations), pop_year) if populations else None
