from django.db.models import Max

from .models import Area


def area_years():
    # order_by() drops Meta.ordering, which would otherwise be added to the DISTINCT columns.
    return sorted(Area.objects.order_by().values_list("year", flat=True).distinct())


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
    return Area.objects.filter(kind=Area.Kind.COUNTY, code=code, year=area_effective_year(year)).first()


def municipality_get(*, code, year=None):
    return Area.objects.filter(kind=Area.Kind.MUNICIPALITY, code=code, year=area_effective_year(year)).first()


def county_name(code, year=None):
    county = county_get(code=code, year=year)
    return county.name if county else code


def latest_year():
    return Area.objects.aggregate(m=Max("year"))["m"]
