"""Building a rake-exchange/1 document (DESIGN §4.5, ADR 0008).

The numbers leave the county, so they are ALWAYS suppressed, whoever asks. Each county's cells are
suppressed on their own (one county × phenomenon × quarter × polarity × type cube per county), so a
county's cells are the same whether its coordinator exports them or a national user exports every county:
two differently suppressed versions of the same numbers could otherwise be combined to undo the suppression.
"""

import datetime
import platform
from importlib import metadata

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from rake.analysis.selectors import observation_stats
from rake.areas.models import Area
from rake.areas.selectors import area_list
from rake.core.errors import PermissionDenied, ValidationError
from rake.taxonomy.selectors import taxonomy_version

from .schema import SCHEMA_NAME

GRANULARITY = "quarter"
GROUP_BY = ("phenomenon", "period", "polarity", "observation_type")
NOT_GIVEN = "not_given"


def software_version():
    try:
        return f"Rake {metadata.version('rake')}"
    except metadata.PackageNotFoundError:
        return "Rake"


def export_counties(*, user, county=None):
    """The counties the user may export, or only `county` when given (sorted list).

    National users: every county (or the one asked for). Coordinators: the counties they coordinate.
    Anyone else: PermissionDenied. A county outside the user's scope is PermissionDenied too.
    """
    allowed = user.permissions.export_counties()
    if allowed is not None and not allowed:
        raise PermissionDenied(_("Only national users and county coordinators may export national data."))
    if county is not None:
        if allowed is not None and county not in allowed:
            raise PermissionDenied(_("You cannot export the data of this county."))
        return [county]
    return sorted(allowed) if allowed is not None else None


def national_export_document(*, year, counties=None, instance=""):
    """The rake-exchange/1 document of `year` for `counties` (None: every county of that year).

    Permission checks belong to the caller (export_counties). Unknown county codes are a ValidationError.
    """
    known = {area.code: area for area in area_list(kind=Area.Kind.COUNTY, year=year)}
    if counties is None:
        counties = sorted(known)
    unknown = [code for code in counties if code not in known]
    if unknown:
        raise ValidationError({"county": [_("Unknown county “%(code)s”.") % {"code": unknown[0]}]})
    cells = []
    threshold = settings.RAKE_SUPPRESSION_THRESHOLD
    for code in counties:
        cells.extend(_county_cells(code, year, threshold))
    if len(counties) == 1:
        producer = {"county": counties[0], "name": known[counties[0]].name_fi}
    else:
        producer = {"county": "national", "name": "Rake"}
    producer["software"] = software_version()
    producer["instance"] = (instance or platform.node())[:200]
    return {
        "schema": SCHEMA_NAME,
        "producer": producer,
        "generated_at": timezone.now().replace(microsecond=0).isoformat(),
        "period": {"year": year, "granularity": GRANULARITY},
        "taxonomy_version": taxonomy_version(),
        "threshold": threshold,
        "counties": list(counties),
        "cells": cells,
    }


def _county_cells(county, year, threshold):
    result = observation_stats(group_by=GROUP_BY, period=GRANULARITY, suppressed=True, threshold=threshold,
                               county=county, since=datetime.date(year, 1, 1), until=datetime.date(year, 12, 1))
    return [{
        "county": county,
        "phenomenon": row["phenomenon"],
        "period": row["period"],
        "polarity": row["polarity"] or NOT_GIVEN,
        "observation_type": row["observation_type"] or NOT_GIVEN,
        "count": row["count"],
        "suppressed": row["suppressed"],
    } for row in result["rows"]]
