"""Writes to the taxonomy: a county's own phenomena (DESIGN §4.3, ADR 0015). Every write is audited."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from rake.core.audit import audit_record
from rake.core.errors import NotFound, PermissionDenied, ValidationError

from .models import Phenomenon

# County-own phenomena come after the national sub-themes of their phenomenon.
COUNTY_SORT_START = 100


def _check(*, label_fi: str, label_sv: str, national_code: str, valid_from, valid_to) -> None:
    errors = {}
    if not label_fi.strip():
        errors["label_fi"] = [_("This field is required.")]
    if not label_sv.strip():
        errors["label_sv"] = [_("This field is required.")]
    if national_code not in Phenomenon.NATIONAL_CODES:
        errors["national_code"] = [_("Choose a national phenomenon.")]
    if valid_from and valid_to and valid_to < valid_from:
        errors["valid_to"] = [_("The end date cannot be before the start date.")]
    if errors:
        raise ValidationError(errors)


def _new_code(national_code: str, county: str, label: str) -> str:
    """A stable code for the API and the exchange (never shown in the interface), shaped as the national
    sub-themes' (`<national code>.<name>`): `other.15_child_welfare`."""
    name = f"{county}_{slugify(label).replace('-', '_')}"[:40].rstrip("_")
    base = f"{national_code}.{name}"
    code, number = base, 1
    while Phenomenon.objects.filter(code=code).exists():
        number += 1
        code = f"{base}_{number}"
    return code


@transaction.atomic
def county_phenomenon_create(*, actor, county: str, national_code: str, label_fi: str, label_sv: str,
                             label_en: str = "", valid_from: datetime.date | None = None,
                             valid_to: datetime.date | None = None,
                             request: HttpRequest | None = None) -> Phenomenon:
    """A county's own phenomenon, a sub-theme of the national phenomenon it is counted under."""
    if not actor.permissions.can_administer(county):
        raise PermissionDenied()
    _check(label_fi=label_fi, label_sv=label_sv, national_code=national_code, valid_from=valid_from,
           valid_to=valid_to)
    parent = Phenomenon.objects.get(code=national_code, parent__isnull=True, county_code="")
    last = parent.children.aggregate(last=Max("sort_order"))["last"] or 0
    phenomenon = Phenomenon.objects.create(
        code=_new_code(national_code, county, label_en or label_fi), parent=parent, county_code=county,
        national_code=national_code, label_fi=label_fi.strip(), label_sv=label_sv.strip(),
        label_en=label_en.strip(), valid_from=valid_from, valid_to=valid_to,
        sort_order=max(last + 1, COUNTY_SORT_START),
    )
    audit_record(action="taxonomy.change", user=actor, request=request, obj=phenomenon,
                 detail={"operation": "create", "county": county, "national_code": national_code})
    return phenomenon


@transaction.atomic
def county_phenomenon_update(*, actor, phenomenon: Phenomenon, national_code: str, label_fi: str,
                             label_sv: str, label_en: str = "", valid_from: datetime.date | None = None,
                             valid_to: datetime.date | None = None,
                             request: HttpRequest | None = None) -> Phenomenon:
    """Change labels and validity. The national phenomenon can change only while no observation uses it:
    statistics already counted under one national code must not move (ADR 0015)."""
    if not phenomenon.county_code:
        raise NotFound()
    if not actor.permissions.can_administer(phenomenon.county_code):
        raise NotFound()
    _check(label_fi=label_fi, label_sv=label_sv, national_code=national_code, valid_from=valid_from,
           valid_to=valid_to)
    if national_code != phenomenon.national_code and phenomenon.observations.exists():
        raise ValidationError({"national_code": [_(
            "Observations are already classified under this phenomenon, so its national phenomenon cannot "
            "change. End its validity and add a new phenomenon instead.")]})
    values = {"national_code": national_code, "label_fi": label_fi.strip(), "label_sv": label_sv.strip(),
              "label_en": label_en.strip(), "valid_from": valid_from, "valid_to": valid_to}
    changed = sorted(field for field, value in values.items() if getattr(phenomenon, field) != value)
    if not changed:
        return phenomenon
    for field, value in values.items():
        setattr(phenomenon, field, value)
    if "national_code" in changed:
        # Unused so far (checked above): its code follows its new national phenomenon.
        phenomenon.parent = Phenomenon.objects.get(code=national_code, parent__isnull=True, county_code="")
        phenomenon.code = _new_code(national_code, phenomenon.county_code, label_en or label_fi)
    phenomenon.save()
    audit_record(action="taxonomy.change", user=actor, request=request, obj=phenomenon,
                 detail={"operation": "update", "fields": changed})
    return phenomenon
