"""Importing rake-exchange/1 documents into a national instance (DESIGN §4.5, ADR 0008).

A document is checked whole before anything is written: the JSON Schema first, then what a schema cannot
say (every cell's county is one the document covers, every period lies in the document's year, no cell
twice, every county is known). A taxonomy version other than this instance's is a warning, not a refusal:
the cells carry only the five national phenomenon codes, which every version keeps (`strict_taxonomy`
refuses instead). Importing replaces the covered counties' cells of that year, so a re-import is
idempotent and a corrected document simply wins.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from rake.areas.models import Area
from rake.areas.selectors import area_list
from rake.core.audit import audit_record
from rake.core.errors import ValidationError

from .export import taxonomy_version
from .models import ImportedCell, ImportedCountyYear
from .schema import schema_errors


class DocumentRefused(ValidationError):
    """The document is not a valid rake-exchange/1 document. `problems` lists (JSON path, message)."""

    code = "invalid_document"

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__({path: [message] for path, message in self.problems},
                         message=_("The document is not a valid rake-exchange/1 document."))


@dataclass
class ImportResult:
    year: int
    counties: list
    cells: int
    unchanged: list = field(default_factory=list)  # counties whose identical document was imported before
    warnings: list = field(default_factory=list)


def document_hash(raw):
    """SHA-256 of the document as bytes (the file), or of its canonical JSON when given as a dict."""
    if not isinstance(raw, bytes):
        raw = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()


def _generated_at(document):
    value = datetime.datetime.fromisoformat(document["generated_at"].replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("a time zone is required")
    return value


def _content_problems(document):
    """What the schema cannot check; (path, message) pairs."""
    problems = []
    try:
        _generated_at(document)
    except ValueError:
        problems.append(("$.generated_at", _("Not a valid date and time.")))
    year = document["period"]["year"]
    counties = document["counties"]
    known = set(area_list(kind=Area.Kind.COUNTY, year=year).values_list("code", flat=True))
    for index, code in enumerate(counties):
        if code not in known:
            problems.append((f"$.counties[{index}]", _("Unknown county “%(code)s”.") % {"code": code}))
    covered = set(counties)
    seen = set()
    for index, cell in enumerate(document["cells"]):
        if cell["county"] not in covered:
            problems.append((f"$.cells[{index}].county",
                             _("County “%(code)s” is not listed in “counties”.") % {"code": cell["county"]}))
        if int(cell["period"][:4]) != year:
            problems.append((f"$.cells[{index}].period",
                             _("Period %(period)s is not in the year %(year)s.") % {"period": cell["period"],
                                                                                    "year": year}))
        key = (cell["county"], cell["phenomenon"], cell["period"], cell["polarity"], cell["observation_type"])
        if key in seen:
            problems.append((f"$.cells[{index}]", _("The same cell appears twice.")))
        seen.add(key)
    return problems


def national_import(*, document, raw=None, source_name="", strict_taxonomy=False, user=None, username=""):
    """Validate and store one document; DocumentRefused lists every problem found and writes nothing.
    `username` names the actor in the audit log when there is no user (the import command)."""
    if not isinstance(document, dict):
        raise DocumentRefused([("$", _("The document must be a JSON object."))])
    problems = schema_errors(document)
    if not problems:
        problems = _content_problems(document)
    warnings = []
    if not problems and document["taxonomy_version"] != taxonomy_version():
        message = _("The document uses taxonomy version %(theirs)s; this instance has %(ours)s.") % {
            "theirs": document["taxonomy_version"], "ours": taxonomy_version()}
        if strict_taxonomy:
            problems.append(("$.taxonomy_version", message))
        else:
            warnings.append(message)
    if problems:
        raise DocumentRefused(problems)

    digest = document_hash(raw if raw is not None else document)
    year = document["period"]["year"]
    producer = document["producer"]
    generated_at = _generated_at(document)
    result = ImportResult(year=year, counties=list(document["counties"]), cells=len(document["cells"]),
                          warnings=warnings)
    with transaction.atomic():
        for county in document["counties"]:
            previous = ImportedCountyYear.objects.filter(county_code=county, year=year).first()
            if previous is not None:
                if previous.document_sha256 == digest:
                    result.unchanged.append(county)
                previous.delete()  # its cells go with it
            source = ImportedCountyYear.objects.create(
                county_code=county, year=year, producer_county=producer["county"],
                producer_name=producer["name"][:200], generated_at=generated_at,
                taxonomy_version=document["taxonomy_version"], threshold=document["threshold"],
                document_sha256=digest, source_name=source_name[:255])
            ImportedCell.objects.bulk_create([
                ImportedCell(source=source, county_code=county, year=year, period=cell["period"],
                             phenomenon=cell["phenomenon"], polarity=cell["polarity"],
                             observation_type=cell["observation_type"], count=cell["count"],
                             suppressed=cell["suppressed"])
                for cell in document["cells"] if cell["county"] == county
            ])
        audit_record(action="exchange.import", user=user, username=username, object_type="rake-exchange/1",
                     object_id=str(year),
                     detail={"year": year, "counties": result.counties, "cells": result.cells,
                             "sha256": digest, "producer": producer["county"]})
    return result
