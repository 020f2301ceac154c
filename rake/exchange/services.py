"""Importing rake-exchange documents into a national instance (DESIGN §4.5, ADR 0008, ADR 0012): version 2,
the linked tables of Rake's protected releases, and version 1, quarterly cells, from older instances.

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

from .export import TABLES, document_year, taxonomy_version
from .models import ImportedCell, ImportedCountyYear, ImportedTableCell
from .schema import schema_errors


class DocumentRefused(ValidationError):
    """The document is not a valid rake-exchange document. `problems` lists (JSON path, message)."""

    code = "invalid_document"

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__({path: [message] for path, message in self.problems},
                         message=_("The document is not a valid rake-exchange document."))


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
    year = document_year(document)
    counties = document["counties"]
    known = set(area_list(kind=Area.Kind.COUNTY, year=year).values_list("code", flat=True))
    for index, code in enumerate(counties):
        if code not in known:
            problems.append((f"$.counties[{index}]", _("Unknown county “%(code)s”.") % {"code": code}))
    if document["schema"] == "rake-exchange/1":
        cells = [(f"$.cells[{index}]", cell, (cell["county"], cell["phenomenon"], cell["period"], cell["polarity"],
                                              cell["observation_type"]))
                 for index, cell in enumerate(document["cells"])]
    else:
        cells = []
        dimensions = {table: ["county", "period", *([dimension] if dimension else [])]
                      for table, dimension, _grain in TABLES}
        for t, table in enumerate(document["tables"]):
            if table["dimensions"] != dimensions[table["id"]]:
                problems.append((f"$.tables[{t}].dimensions", _("Table “%(table)s” has the dimensions %(dimensions)s.")
                                 % {"table": table["id"], "dimensions": ", ".join(dimensions[table["id"]])}))
                continue
            for index, cell in enumerate(table["cells"]):
                path = f"$.tables[{t}].cells[{index}]"
                if sorted(cell) != sorted([*table["dimensions"], "count"]):
                    problems.append((path, _("A cell of “%(table)s” has exactly the keys %(keys)s.") % {
                        "table": table["id"], "keys": ", ".join([*table["dimensions"], "count"])}))
                    continue
                cells.append((path, cell, (table["id"], *(str(cell[name]) for name in table["dimensions"]))))
    covered = set(counties)
    seen = set()
    for path, cell, key in cells:
        if cell["county"] not in covered:
            problems.append((f"{path}.county",
                             _("County “%(code)s” is not listed in “counties”.") % {"code": cell["county"]}))
        if int(cell["period"][:4]) != year:
            problems.append((f"{path}.period",
                             _("Period %(period)s is not in the year %(year)s.") % {"period": cell["period"],
                                                                                    "year": year}))
        if key in seen:
            problems.append((path, _("The same cell appears twice.")))
        seen.add(key)
    return problems


def _split_by(table):
    """The dimension a rake-exchange/2 table splits by besides county and period, or "" for the totals."""
    return table["dimensions"][2] if len(table["dimensions"]) > 2 else ""


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
    year = document_year(document)
    producer = document["producer"]
    generated_at = _generated_at(document)
    version_2 = document["schema"] == "rake-exchange/2"
    cells = sum(len(table["cells"]) for table in document["tables"]) if version_2 else len(document["cells"])
    population = document.get("population") or {}
    result = ImportResult(year=year, counties=list(document["counties"]), cells=cells, warnings=warnings)
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
                document_sha256=digest, source_name=source_name[:255], schema=document["schema"],
                population=(population.get("counties") or {}).get(county), population_year=population.get("year"))
            if version_2:
                ImportedTableCell.objects.bulk_create([
                    ImportedTableCell(source=source, county_code=county, year=year, table=table["id"],
                                      period=cell["period"], dimension=dimension,
                                      value=str(cell[dimension]) if dimension else "", count=cell["count"])
                    for table in document["tables"] for dimension in [_split_by(table)]
                    for cell in table["cells"] if cell["county"] == county
                ])
                continue
            ImportedCell.objects.bulk_create([
                ImportedCell(source=source, county_code=county, year=year, period=cell["period"],
                             phenomenon=cell["phenomenon"], polarity=cell["polarity"],
                             observation_type=cell["observation_type"], count=cell["count"],
                             suppressed=cell["suppressed"])
                for cell in document["cells"] if cell["county"] == county
            ])
        audit_record(action="exchange.import", user=user, username=username, object_type=document["schema"],
                     object_id=str(year),
                     detail={"year": year, "counties": result.counties, "cells": result.cells,
                             "sha256": digest, "producer": producer["county"]})
    return result
