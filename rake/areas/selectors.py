from rake.core.reference_cache import ReferenceCache

from .models import Area


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

