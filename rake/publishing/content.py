"""The content of a report: figures from the statistics and the coordinator's texts (DESIGN §4.5).

Contract (the builder, rake.publishing.services, calls these; rake.publishing.rendering renders the result):

- build_figures(*, county, period, language=None) -> dict
    JSON-serialisable tables for one county and a rake.core.periods.Period, read from the county's
    protected release (rake.analysis.release.protected_stats; a report is public, ADR 0012): the same cells
    the dashboards and the API show, so no table can be subtracted from another. Labels are in `language`
    (default: the active language).
- build_content(*, county, period, language, audience, title, sections, quotes, figures,
                version=None, published_at=None, changelog="", history=()) -> dict
    The whole report as one JSON-serialisable dict: what a published version stores, so that it never
    changes. `sections` = {"summary": str, "method": str, "phenomena": {national code: str},
    "good_practices": str, "proposals": str, "addressee": str}; `quotes` = [{"phenomenon": code,
    "text": str, "observation_id": int}], each approved by the coordinator. `history` = the earlier
    versions as [{"version": int, "published_at": datetime or ISO text, "changelog": str}]. `proposals` =
    the proposals for action the report lists, as selectors.report_proposals gives them.

Suppression: a hidden count stays None, shown as ".." (rake.privacy.marks); nothing here derives a number
from hidden ones. A share or a change is computed only from two published numbers. The stored `display`
texts are for readers of the JSON; rendering shows every count from `count` itself, so a version stored
when hidden counts read "<5" is rendered with ".." too.
"""

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rake.analysis.dashboard import (PERIOD_CHOICES, Labels, Row, add_months, count_display, months_in, period_keys,
                                     period_row_label)
from rake.analysis.rates import with_rates
from rake.analysis.release import QueryNotAllowed, coarser_grains, mostly_hidden, other_sub_themes, protected_stats
from rake.areas.selectors import area_effective_year, county_name
from rake.core.periods import period_label, period_text
from rake.observations.models import Polarity
from rake.taxonomy.selectors import taxonomy_version

from .models import TEXT_SECTIONS, Audience

POLARITIES = tuple(Polarity.values)  # negative, positive, mixed: the columns of the split tables
# Tables split by polarity: (slug, dimension). Each also has the dimension's own totals.
SPLIT_TABLES = (("by-phenomenon", "phenomenon"), ("by-client-group", "client_group"),
                ("by-support-need", "support_need"))


def _language(language):
    return language or get_language() or settings.LANGUAGE_CODE


def _previous_range(period):
    """The equally long range of months just before the period."""
    months = months_in(period.since, period.until)
    return add_months(period.since, -months), add_months(period.since, -1)


def time_grain(period):
    """The columns of the time chart: months for up to half a year, quarters for longer periods."""
    return "month" if months_in(period.since, period.until) <= 6 else "quarter"


def _stats(county, since, until, group_by=(), **options):
    """The protected rows of one county, or None when the release does not publish this table for the period
    (breakdowns are by calendar year only; ADR 0012)."""
    try:
        result = protected_stats(counties={county}, since=since, until=until, group_by=group_by, **options)
    except QueryNotAllowed:
        return None
    return result["rows"]


def _row(code, label, count, previous=None, with_previous=False):
    """A table row as stored; the change against the previous period is the dashboard's (Row)."""
    compared = Row(code, str(label), count, previous, settings.RAKE_SUPPRESSION_THRESHOLD)
    row = {"code": code, "label": compared.label, "count": count, "display": compared.count_display}
    if with_previous:
        row.update(previous=previous, previous_display=compared.previous_display, change=compared.change,
                   change_percent=compared.change_percent)
    return row


def _ordered(labels, dimension, codes):
    """[(code, label)] in the dashboard's order of the dimension."""
    pairs = [(code, *labels.label(dimension, code)) for code in codes]
    return [(code, label) for code, label, _order in sorted(pairs, key=lambda item: item[2])]


def _split_table(slug, dimension, county, period, labels, previous_range=None):
    """Rows of a dimension with their totals and, where the release publishes them for the period, one cell per
    polarity (and the previous period's totals); None when the release has no such table for the period."""
    totals = _stats(county, period.since, period.until, (dimension,))
    if totals is None:
        return None
    current = {row[dimension]: row["count"] for row in totals}
    split = _stats(county, period.since, period.until, (dimension, "polarity"))
    cells = {(row[dimension], row["polarity"]): row["count"] for row in split or ()}
    earlier = _stats(county, *previous_range, (dimension,)) if previous_range else None
    previous = {row[dimension]: row["count"] for row in earlier or ()}
    rows = []
    for code, label in _ordered(labels, dimension, set(current)):
        row = _row(code, label, current[code], previous.get(code, 0), with_previous=earlier is not None)
        if split is not None:
            row["cells"] = {polarity: {"count": cells.get((code, polarity), 0),
                                       "display": count_display(cells.get((code, polarity), 0))}
                            for polarity in POLARITIES}
        rows.append(row)
    return {"slug": slug, "dimension": dimension, "chart": "bar", "split": split is not None,
            "previous": earlier is not None, "rows": rows}


def _simple_table(slug, dimension, county, period, labels):
    rows = _stats(county, period.since, period.until, (dimension,))
    if rows is None:
        return None
    counts = {row[dimension]: row["count"] for row in rows}
    table = {"slug": slug, "dimension": dimension, "chart": "bar", "split": False, "previous": False, "rows": []}
    for code, label in _ordered(labels, dimension, set(counts)):
        row = _row(code, label, counts[code])
        if dimension == "sub_theme":
            row["phenomenon"] = labels.sub_theme_parent(code) or code.split(".")[0]
        table["rows"].append(row)
    return table


def build_figures(*, county, period, language=None):
    """Every table of the report for the county and the Period, from the county's protected release (a report
    is public; ADR 0012), with labels in `language`. Tables the release publishes by calendar year only are
    left out of a shorter period's report, and `year_only` says so."""
    with translation.override(_language(language)):
        labels = Labels(year=area_effective_year(period.until.year))
        previous_range = _previous_range(period)
        total_rows = _stats(county, period.since, period.until) or []
        previous_total_rows = _stats(county, *previous_range) or []
        total = total_rows[0]["count"] if total_rows else 0
        previous_total = previous_total_rows[0]["count"] if previous_total_rows else 0

        polarity_table = _simple_table("by-polarity", "polarity", county, period, labels)
        by_polarity = {row["code"]: row["count"] for row in polarity_table["rows"]} if polarity_table else {}
        split_tables = [_split_table(slug, dimension, county, period, labels,
                                     previous_range if dimension == "phenomenon" else None)
                        for slug, dimension in SPLIT_TABLES]
        sub_theme_table = _simple_table("by-sub-theme", "sub_theme", county, period, labels)
        if sub_theme_table:
            _merge_small_sub_themes(sub_theme_table, county, period)
        time_table = _time_table(county, period)
        population_year = _add_rates(split_tables[0], county, period)

        tables = [split_tables[0], polarity_table, time_table, split_tables[1], split_tables[2], sub_theme_table]
        left_out = [table_slug for table_slug, table in zip(
            ("by-phenomenon", "by-polarity", "over-time", "by-client-group", "by-support-need", "by-sub-theme"),
            tables) if table is None]
        tables = [table for table in tables if table is not None]
        threshold = settings.RAKE_SUPPRESSION_THRESHOLD
        compared_total = Row("total", "", total, previous_total, threshold)
        total_rate = with_rates({"rows": [{"count": total}]}, counties={county}, until=period.until)["rows"][0]["rate"]
        negative = by_polarity.get(Polarity.NEGATIVE, 0) if polarity_table else None
        shown = [row for row in split_tables[0]["rows"] if row["count"]]
        top = max(shown, key=lambda row: row["count"]) if shown else None
        return {
            "threshold": threshold,
            "period": {"key": period.key, "since": period.since.isoformat(), "until": period.until.isoformat(),
                       "previous_since": previous_range[0].isoformat(),
                       "previous_until": previous_range[1].isoformat()},
            "totals": {
                "count": total, "display": compared_total.count_display,
                "previous": previous_total, "previous_display": compared_total.previous_display,
                "change": compared_total.change, "change_percent": compared_total.change_percent,
                "negative": negative, "negative_display": count_display(negative),
                "negative_percent": (round(100 * negative / total)
                                     if negative is not None and total else None),
                "top_phenomenon": ({"code": top["code"], "label": top["label"], "count": top["count"]}
                                   if top else None),
                "rate": total_rate,
                "hidden_cells": sum(1 for table in tables for row in table["rows"] if row["count"] is None),
            },
            "polarities": [{"code": code, "label": label} for code, label in _ordered(labels, "polarity", POLARITIES)],
            "tables": tables,
            "year_only": left_out,
            "population_year": population_year,
        }


def _time_table(county, period):
    """The totals over time by the report's grain, or a coarser one where most of them would be hidden."""
    asked = time_grain(period)
    for grain in (asked, *coarser_grains(asked)):
        over_time = {row["period"]: row["count"]
                     for row in _stats(county, period.since, period.until, ("period",), period=grain) or ()}
        rows = [_row(key, period_row_label(key), over_time.get(key, 0))
                for key in period_keys(period.since, period.until, grain)]
        if not mostly_hidden(row["count"] for row in rows):
            break
    table = {"slug": "over-time", "dimension": "period", "chart": "column", "split": False, "previous": False,
             "grain": grain, "rows": rows}
    if grain != asked:
        names = dict(PERIOD_CHOICES)
        table["note"] = _("By “%(asked)s” most numbers would be hidden, so the table is shown by “%(shown)s”.") % {
            "asked": names[asked], "shown": names[grain]}
    return table


def _merge_small_sub_themes(table, county, period):
    """Per phenomenon whose sub-themes are mostly hidden, one row of the observations having any of the
    hidden ones instead of them, when the release publishes it (ADR 0012); the row has `merged`."""
    by_phenomenon = {}
    for row in table["rows"]:
        by_phenomenon.setdefault(row["phenomenon"], []).append(row)
    for phenomenon, rows in by_phenomenon.items():
        if not mostly_hidden(row["count"] for row in rows):
            continue
        other = other_sub_themes(counties={county}, since=period.since, until=period.until, phenomenon=phenomenon)
        if not other or other["count"] is None:
            continue
        table["rows"] = [row for row in table["rows"]
                         if row["phenomenon"] != phenomenon or row["code"] not in other["merged"]]
        merged = _row("", _("Other sub-themes"), other["count"])
        merged.update(phenomenon=phenomenon, merged=True)
        table["rows"].append(merged)
        table["note"] = _("Where most sub-themes would be hidden, the small ones are counted together as “Other "
                          "sub-themes”: the observations that have at least one of them.")


def _add_rates(table, county, period):
    """Each row's observations per 10,000 inhabitants of the county (None where hidden); the population year."""
    if table is None:
        return None
    answer = with_rates({"rows": [{"count": row["count"]} for row in table["rows"]]}, counties={county},
                        until=period.until)
    for row, rated in zip(table["rows"], answer["rows"]):
        row["rate"] = rated["rate"]
    table["rates"] = answer["population_year"] is not None
    return answer["population_year"]


def _iso(value):
    if value is None:
        return None
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return str(value)


def _audience_label(audience):
    return str(Audience(audience).label) if audience in Audience.values else str(audience)


def build_content(*, county, period, language, audience, title, sections, quotes, figures, version=None,
                  published_at=None, changelog="", history=(), proposals=()):
    """The whole report snapshot (see the module docstring), with texts of the meta block in `language`."""
    with translation.override(language):
        sections = sections or {}
        phenomenon_texts = dict(sections.get("phenomena") or {})
        by_phenomenon = {}
        for quote in quotes or ():
            text = (quote.get("text") or "").strip()
            if text:
                by_phenomenon.setdefault(quote.get("phenomenon") or "", []).append(
                    {"text": text, "observation_id": quote.get("observation_id")})
        phenomenon_rows = next(table for table in figures["tables"] if table["slug"] == "by-phenomenon")["rows"]
        listed = [row["code"] for row in phenomenon_rows]
        # A phenomenon has a section when it has figures, a text or quotes.
        codes = listed + [code for code in list(phenomenon_texts) + list(by_phenomenon)
                          if code and code not in listed]
        labels = Labels()
        phenomena = []
        for code in dict.fromkeys(codes):
            label, _order = labels.label("phenomenon", code)
            phenomena.append({"code": code, "label": str(label), "text": phenomenon_texts.get(code, ""),
                              "quotes": by_phenomenon.get(code, [])})
        return {
            "schema": "rake-report/1",
            "meta": {
                "title": title,
                "county": {"code": county, "name": str(county_name(county, period.until.year))},
                "period": {"key": period.key, "kind": period.kind, "since": period.since.isoformat(),
                           "until": period.until.isoformat(), "last_day": period.last_day.isoformat(),
                           "label": period_label(period), "text": period_text(period)},
                "language": language,
                "audience": {"code": audience, "label": _audience_label(audience)},
                "version": version,
                "published_at": _iso(published_at),
                "changelog": changelog or "",
                "history": [{"version": item.get("version"), "published_at": _iso(item.get("published_at")),
                             "changelog": item.get("changelog") or ""} for item in history or ()],
                "taxonomy_version": taxonomy_version(),
                "threshold": figures["threshold"],
            },
            "sections": {name: sections.get(name) or "" for name in TEXT_SECTIONS},
            "phenomena": phenomena,
            "quotes": by_phenomenon,
            "figures": figures,
            "proposals": [dict(item) for item in proposals or ()],
        }
