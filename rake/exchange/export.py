"""Building a rake-exchange/2 document (DESIGN §4.5, ADR 0012).

The numbers leave the county, so they are always the protected release's, whoever asks — also a coordinator
who could read the raw observations: a differently protected copy of the same numbers could be combined with
the one the county publishes. Each table is cut from the county-year's one release (rake.analysis.release),
so the tables of a document, the county's dashboards and its reports are one jointly protected set.
"""

import platform
from importlib import metadata

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from rake.analysis.release import releases_cells
from rake.areas.models import Area
from rake.areas.selectors import area_list, county_population, population_year
from rake.core.errors import PermissionDenied, ValidationError
from rake.taxonomy.selectors import taxonomy_version

from .schema import SCHEMA_NAME

NOT_GIVEN = "not_given"
POPULATION_SOURCE = "THL Sotkanet / Statistics Finland, CC BY 4.0"
# (table id, its dimension besides county and period or None, the period grain): DESIGN §4.5's tables.
TABLES = (
    ("total", None, "year"),
    ("phenomenon", "phenomenon", "year"),
    ("polarity", "polarity", "year"),
    ("observation_type", "observation_type", "year"),
    ("sub_theme", "sub_theme", "year"),
    ("client_group", "client_group", "year"),
    ("support_need", "support_need", "year"),
    ("half_phenomenon", "phenomenon", "half"),
)


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
    """The rake-exchange/2 document of `year` for `counties` (None: every county of that year).

    Permission checks belong to the caller (export_counties). Unknown county codes are a ValidationError.
    """
    known = {area.code: area for area in area_list(kind=Area.Kind.COUNTY, year=year)}
    if counties is None:
        counties = sorted(known)
    unknown = [code for code in counties if code not in known]
    if unknown:
        raise ValidationError({"county": [_("Unknown county “%(code)s”.") % {"code": unknown[0]}]})
    releases = releases_cells((county, year) for county in counties)
    if len(counties) == 1:
        producer = {"county": counties[0], "name": known[counties[0]].name_fi}
    else:
        producer = {"county": "national", "name": "Rake"}
    producer["software"] = software_version()
    producer["instance"] = (instance or platform.node())[:200]
    populations = {county: county_population(county, year) for county in counties}
    return {
        "schema": SCHEMA_NAME,
        "producer": producer,
        "generated_at": timezone.now().replace(microsecond=0).isoformat(),
        "year": year,
        "taxonomy_version": taxonomy_version(),
        "threshold": settings.RAKE_SUPPRESSION_THRESHOLD,
        "population": {"source": POPULATION_SOURCE, "year": population_year(year),
                       "counties": {county: found[0] for county, found in populations.items() if found}},
        "counties": list(counties),
        "tables": [_table(table, dimension, grain, counties, releases, year) for table, dimension, grain in TABLES],
    }


def _value(dimension, value):
    if dimension in ("polarity", "observation_type"):
        return value or NOT_GIVEN
    if dimension == "support_need":
        return int(value)
    return value


def _table(table, dimension, grain, counties, releases, year):
    wanted = ((dimension,) if dimension else ())
    cells = []
    for county in counties:
        for (period, pairs), count in sorted(releases[(county, year)].items(), key=lambda item: str(item[0])):
            if tuple(name for name, _value in pairs) != wanted or _grain(period) != grain:
                continue
            cell = {"county": county, "period": period}
            for name, value in pairs:
                cell[name] = _value(name, value)
            cell["count"] = count
            cells.append(cell)
    return {"id": table, "dimensions": ["county", "period", *wanted], "cells": cells}


def _grain(period):
    return "year" if len(period) == 4 else "half" if period[4] == "H" else "other"


def document_cells(document) -> int:
    """How many cells a document of either version holds."""
    if "tables" in document:
        return sum(len(table["cells"]) for table in document["tables"])
    return len(document["cells"])


def document_year(document) -> int:
    """The year of a document of either version."""
    return document["year"] if "year" in document else document["period"]["year"]

