"""Validation of observation input shared by the web form and the API.

Both hand over plain Python values (strings, lists, dates, booleans); this module checks codes,
choices, lengths and the area rules, and returns messages keyed by field in the user's language.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from rake.areas.selectors import area_effective_year, county_get, municipality_get
from rake.core import text
from rake.core.dates import parse_date_or_month, today
from rake.core.errors import ValidationError
from rake.taxonomy.models import ClientGroup, ObservationType, Phenomenon, ServiceArea, SupportNeed
from rake.taxonomy.selectors import terms_by_code

from .models import AffectedEstimate, Channel, Frequency, Language, Polarity, ReporterKind, Trend

TEXT_LIMITS = {
    "description": settings.RAKE_DESCRIPTION_MAX_LENGTH,
    "proposed_action": text.PROPOSED_ACTION,
    "proposed_owner": text.NAME,
}
CHOICE_FIELDS = {
    "polarity": Polarity,
    "frequency": Frequency,
    "affected_estimate": AffectedEstimate,
    "trend": Trend,
    "language": Language,
    "reporter_kind": ReporterKind,
    "channel": Channel,
}
REQUIRED_ON_SUBMIT = ("description", "phenomena", "observation_type", "polarity")
CLASSIFICATION_FIELDS = ("phenomena", "client_groups", "support_needs", "observation_type", "polarity",
                         "service_area")


class _Errors(dict):
    def add(self, field, message):
        self.setdefault(field, []).append(message)


def _unknown(code):
    return _("Unknown code “%(code)s”.") % {"code": code}


def _clean_text(errors, data, cleaned, field):
    if field not in data:
        return
    found = {}
    value = text.check_text(data[field], field, found, limit=TEXT_LIMITS[field])
    if found:
        errors.add(field, found[field][0])
    else:
        cleaned[field] = value


def _clean_code_list(errors, data, cleaned, field, model, *, integer=False):
    if field not in data:
        return
    values = data[field]
    if values is None or values == "":
        values = []
    if isinstance(values, (str, int)) and not isinstance(values, bool):
        values = [values]
    if not isinstance(values, (list, tuple)):
        errors.add(field, _("Give a list of codes."))
        return
    codes = []
    for value in values:
        if integer:
            try:
                if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                    raise ValueError
                value = int(value)
                # Item numbers are small; a huge number would overflow the database's integer column.
                if not 0 <= value <= 32767:
                    raise ValueError
            except (TypeError, ValueError, OverflowError):
                errors.add(field, _unknown(value))
                continue
        elif not isinstance(value, str):
            errors.add(field, _unknown(value))
            continue
        if value not in codes:
            codes.append(value)
    found = terms_by_code(model)
    for code in codes:
        if code not in found:
            errors.add(field, _unknown(code))
    cleaned[field] = [found[code] for code in codes if code in found]


def _clean_single_code(errors, data, cleaned, field, model):
    if field not in data:
        return
    value = data[field]
    if value in (None, ""):
        cleaned[field] = None
        return
    if not isinstance(value, str):
        errors.add(field, _unknown(value))
        return
    obj = terms_by_code(model).get(value)
    if obj is None:
        errors.add(field, _unknown(value))
    else:
        cleaned[field] = obj


def observation_clean(*, data, user=None, submit=True, existing=None):
    """Check `data` (a dict of field → value) and return the cleaned values.

    Raises ValidationError with messages keyed by field. Keys absent from `data` are left out;
    `existing` (an observation) supplies values for the area and required-field rules.
    """
    errors = _Errors()
    cleaned = {}
    forbidden = [field for field, value in data.items() if text.has_forbidden_characters(value)]
    for field in forbidden:
        errors.add(field, text.forbidden_characters_message())
    data = {field: value for field, value in data.items() if field not in forbidden}
    for field in TEXT_LIMITS:
        _clean_text(errors, data, cleaned, field)
    for field, choices in CHOICE_FIELDS.items():
        if field in data:
            value = data[field]
            if value in (None, "") and field not in ("language", "reporter_kind", "channel", "trend"):
                cleaned[field] = ""
            elif not isinstance(value, str) or value not in choices.values:
                errors.add(field, _("“%(value)s” is not a valid choice.") % {"value": value})
            else:
                cleaned[field] = value
    _clean_code_list(errors, data, cleaned, "phenomena", Phenomenon)
    _clean_code_list(errors, data, cleaned, "client_groups", ClientGroup)
    _clean_code_list(errors, data, cleaned, "support_needs", SupportNeed, integer=True)
    _clean_single_code(errors, data, cleaned, "observation_type", ObservationType)
    _clean_single_code(errors, data, cleaned, "service_area", ServiceArea)

    if "wants_feedback" in data:
        value = data["wants_feedback"]
        if isinstance(value, bool):
            cleaned["wants_feedback"] = value
        else:
            errors.add("wants_feedback", _("Must be true or false."))

    if "observed_on" in data and data["observed_on"] not in (None, ""):
        try:
            observed_on, precision = parse_date_or_month(data["observed_on"])
        except (TypeError, ValueError):
            errors.add("observed_on", _("Enter a date as YYYY-MM-DD or a month as YYYY-MM."))
        else:
            if observed_on > today():
                errors.add("observed_on", _("The date cannot be in the future."))
            elif observed_on < datetime.date(2000, 1, 1):
                errors.add("observed_on", _("The date is too far in the past."))
            else:
                cleaned["observed_on"], cleaned["observed_precision"] = observed_on, precision

    _clean_area(errors, data, cleaned, user=user, existing=existing)
    _check_phenomena_in_use(errors, cleaned, existing)

    if submit:
        def current(field):
            """The field's value, or for an existing observation's relations only whether it has one
            (an id or a row), without fetching the related objects."""
            if field in cleaned:
                return cleaned[field]
            if existing is not None:
                if field == "phenomena":
                    return existing.pk is not None and existing.phenomena.exists()
                if field == "observation_type":
                    return existing.observation_type_id
                return getattr(existing, field)
            return None

        for field in REQUIRED_ON_SUBMIT:
            if field in errors:
                continue
            if not current(field):
                if field == "phenomena":
                    errors.add(field, _("Choose at least one phenomenon."))
                else:
                    errors.add(field, _("This field is required."))
    if errors:
        raise ValidationError(dict(errors))
    return cleaned


def _check_phenomena_in_use(errors, cleaned, existing):
    """A county's own phenomenon only in that county, and a phenomenon only for an observation made while it
    is valid (ADR 0015); one the observation already has may stay."""
    limited = [p for p in cleaned.get("phenomena", []) if p.county_code or p.valid_from or p.valid_to]
    if not limited:
        return  # national phenomena without validity dates: nothing to look up
    county = cleaned.get("county_code") or (existing.county_code if existing is not None else None)
    observed_on = cleaned.get("observed_on") or (existing.observed_on if existing is not None else None) or today()
    kept = (set(existing.phenomenon_links.values_list("phenomenon__code", flat=True))
            if existing is not None and existing.pk else set())
    for phenomenon in limited:
        if phenomenon.code in kept:
            continue
        if phenomenon.county_code and phenomenon.county_code != county:
            errors.add("phenomena", _("“%(phenomenon)s” is not in use in the chosen wellbeing services county.")
                       % {"phenomenon": phenomenon.label})
        elif ((phenomenon.valid_from and observed_on < phenomenon.valid_from)
              or (phenomenon.valid_to and observed_on > phenomenon.valid_to)):
            errors.add("phenomena", _("“%(phenomenon)s” was not in use on the date of the observation.")
                       % {"phenomenon": phenomenon.label})


def _clean_area(errors, data, cleaned, *, user, existing):
    county = data.get("county")
    if "county" in data and county not in (None, ""):
        if not isinstance(county, str):
            errors.add("county", _unknown(county))
            return
    elif existing is not None:
        county = existing.county_code
    elif user is not None:
        county = user.permissions.home_county
    else:
        county = None
    observed_on = cleaned.get("observed_on") or (existing.observed_on if existing is not None else today())
    year = area_effective_year(observed_on.year)
    if not county:
        errors.add("county", _("Choose a wellbeing services county."))
        return
    if county_get(code=county, year=year) is None:
        errors.add("county", _unknown(county))
        return
    # A new observation, or a draft moved to another county, must be one the user may report for.
    moving = existing is None or county != existing.county_code
    if user is not None and moving and not user.permissions.can_submit(county):
        errors.add("county", _("You cannot report observations for this wellbeing services county."))
        return
    cleaned["county_code"] = county
    municipality = data.get("municipality")
    if "municipality" in data:
        if municipality in (None, ""):
            cleaned["municipality_code"] = ""
            return
        if not isinstance(municipality, str):
            errors.add("municipality", _unknown(municipality))
            return
        found = municipality_get(code=municipality, year=year)
        if found is None:
            errors.add("municipality", _unknown(municipality))
        elif found.county_code != county:
            errors.add("municipality", _("%(municipality)s does not belong to the chosen wellbeing services "
                                         "county in %(year)s.") % {"municipality": found.name, "year": year})
        else:
            cleaned["municipality_code"] = municipality
