from django.db.models import Prefetch, Q

from rake.core.reference_cache import ReferenceCache

from .loading import taxonomy_data
from .models import ClientGroup, ObservationType, Phenomenon, ServiceArea, SupportNeed

# Every submission checks five kinds of codes: one copy of each per process (rake.core.reference_cache).
_terms = {
    model: ReferenceCache(f"taxonomy-{model._meta.model_name}",
                          lambda model=model: {term.code: term for term in model.objects.all()}, models=[model])
    for model in (ClientGroup, ObservationType, ServiceArea, SupportNeed)
}
_terms[Phenomenon] = ReferenceCache(
    "taxonomy-phenomenon", lambda: {p.code: p for p in Phenomenon.objects.select_related("parent")},
    models=[Phenomenon],
)


def taxonomy_version():
    return taxonomy_data()["version"]


def _valid_on(on):
    return ((Q(valid_from__isnull=True) | Q(valid_from__lte=on))
            & (Q(valid_to__isnull=True) | Q(valid_to__gte=on)))


def _usable_in(terms, county):
    """National terms and `county`'s own: another county's own phenomena never show."""
    return terms.filter(county_code__in=["", county] if county else [""])


def phenomenon_list(*, county=None, on=None, keep=()):
    """Top-level phenomena usable in `county` (national ones plus the county's own), with their children;
    with `on`, only those valid on that date, plus the codes in `keep` (an observation's present ones)."""
    children = _usable_in(Phenomenon.objects.all(), county)
    phenomena = _usable_in(Phenomenon.objects.filter(parent__isnull=True), county)
    if on is not None:
        usable = _valid_on(on) | Q(code__in=list(keep))
        children, phenomena = children.filter(usable), phenomena.filter(usable)
    return (phenomena.prefetch_related(Prefetch("children", queryset=children.order_by("sort_order", "pk")))
            .order_by("county_code", "sort_order", "pk"))


def county_phenomena(*, counties):
    """The counties' own phenomena for their admins, by county and national phenomenon; None = every county."""
    phenomena = Phenomenon.objects.exclude(county_code="").select_related("parent")
    if counties is not None:
        phenomena = phenomena.filter(county_code__in=counties)
    return phenomena.order_by("county_code", "parent__sort_order", "sort_order", "pk")


def national_phenomena():
    """{national code: label in the active language} of the national phenomena, in their order."""
    phenomena = Phenomenon.objects.filter(parent__isnull=True, county_code="", code__in=Phenomenon.NATIONAL_CODES)
    return {p.code: p.label for p in phenomena.order_by("sort_order", "pk")}


def terms_by_code(model):
    """{code: term} of one taxonomy model (shared cached instances: do not change them)."""
    return _terms[model].get()


def term_code(model, pk):
    """The code of a term by its id, from the process's copy (terms_by_code): the API shows an observation's
    service area and type by code without joining their tables. An id the copy lacks (a term another process
    added since the copy was read) makes it read the terms again."""
    code = _code_in_copy(model, pk)
    if code is None:
        _terms[model].clear()
        code = _code_in_copy(model, pk)
    return code


def _code_in_copy(model, pk):
    return next((term.code for term in terms_by_code(model).values() if term.pk == pk), None)


def phenomena_by_code():
    return terms_by_code(Phenomenon)


def support_need_list():
    return SupportNeed.objects.all()


def client_group_list():
    return ClientGroup.objects.all()


def service_area_list():
    return ServiceArea.objects.all()


def observation_type_list():
    return ObservationType.objects.all()
