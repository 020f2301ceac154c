"""The pre-publish check of a report (rake.core.prepublish says what errors and warnings mean).

Errors: a placeholder left in any text (the pre-filled summary), an empty summary or method text, a quote that
is not approved. Warnings: a phenomenon section or the good practices or addressee without text, a text naming a
half-year, quarter or month by its code ("2026H1"), a table or a phenomenon section whose counts are all hidden,
and no proposal listed although the county has proposals built on the report or the period's observations
(drafts are not listed) or made during the period.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rake.core.periods import parse_period, period_label
from rake.core.prepublish import Finding, contains_placeholder, error, warning
from rake.proposals import selectors as proposal_selectors
from rake.proposals.models import ProposalStatus

from .defaults import placeholders
from .models import TEXT_SECTIONS
from .rendering import TABLE_TITLES

REQUIRED_SECTIONS = ("summary", "method")
# Sections that print "No text has been written" when empty: publishing them so is confirmed, not refused.
OPTIONAL_SECTIONS = ("good_practices", "addressee")


def _section_names():
    return {"summary": _("Summary"), "method": _("Method and coverage"), "good_practices": _("Good practices"),
            "proposals": _("Proposals"), "addressee": _("Addressee"), "title": _("Title")}


def _all_hidden(counts):
    counts = list(counts)
    return bool(counts) and all(count is None for count in counts)


def _texts(publication, phenomena):
    """[(section, name, text)] of every text the report prints: the title, the text sections, the phenomena's."""
    names = _section_names()
    texts = [(name, names[name], getattr(publication, name)) for name in ("title", *TEXT_SECTIONS)]
    texts += [(f"phenomenon:{code}", phenomena.get(code, {}).get("label", code), text)
              for code, text in (publication.phenomena_texts or {}).items()]
    return texts


def check_report(publication, content) -> list[Finding]:
    """The findings for a report whose content (selectors.report_content) would be published now; messages in the
    active language."""
    findings = []
    phenomena = {item["code"]: item for item in content["phenomena"]}
    texts = _texts(publication, phenomena)
    known = placeholders()
    for section, name, text in texts:
        if contains_placeholder(text, known):
            findings.append(error("placeholder_text", _("“%(section)s” still has the pre-filled text. Replace it "
                                                        "with your own.") % {"section": name}, section))
        elif section in REQUIRED_SECTIONS and not (text or "").strip():
            findings.append(error("required_text_missing", _("Write the “%(section)s” text: a report cannot be "
                                                             "published without it.") % {"section": name}, section))
    findings += _period_codes(publication, texts)
    unapproved = publication.quotes.filter(approved_at__isnull=True).count()
    if unapproved:
        findings.append(error("quote_not_approved", ngettext(
            "%(count)s quote is not approved. Approve or remove it before publishing.",
            "%(count)s quotes are not approved. Approve or remove each before publishing.", unapproved)
            % {"count": unapproved}, "quotes"))

    for item in content["phenomena"]:
        if not (item.get("text") or "").strip():
            findings.append(warning("phenomenon_text_missing", _("The section “%(section)s” has no text; it is "
                                                                 "published with its figures and quotes only.")
                                    % {"section": item["label"]}, f"phenomenon:{item['code']}"))
    for section, name, text in texts:
        if section in OPTIONAL_SECTIONS and not (text or "").strip():
            findings.append(warning("section_text_missing", _("The section “%(section)s” has no text.")
                                    % {"section": name}, section))
    findings += _hidden_figures(content)
    findings += _proposals(publication, content)
    return findings


def _period_codes(publication, texts):
    """A warning for each text that writes the period as its code ("2026H1", as drafts made before periods had
    labels did) instead of its label. A year's code is a year, which texts may well name."""
    period = parse_period(publication.period)
    if period.kind == "year":
        return []
    label = period_label(period)
    return [warning("period_code_in_text", _("“%(section)s” names the period by its code %(code)s; readers know it "
                                             "as %(label)s.") % {"section": name, "code": period.key, "label": label},
                    section)
            for section, name, text in texts if period.key in (text or "")]


def _hidden_figures(content):
    findings = []
    tables = content["figures"]["tables"]
    for table in tables:
        if table["slug"] != "by-sub-theme" and _all_hidden(row["count"] for row in table["rows"]):
            findings.append(warning("figures_all_hidden", _("Every count of the table “%(table)s” is hidden to "
                                                            "protect privacy.")
                                    % {"table": TABLE_TITLES[table["slug"]]}, "figures"))
    by_phenomenon = next((table for table in tables if table["slug"] == "by-phenomenon"), {"rows": []})
    sub_themes = next((table for table in tables if table["slug"] == "by-sub-theme"), {"rows": []})
    for item in content["phenomena"]:
        counts = [row["count"] for row in by_phenomenon["rows"] if row["code"] == item["code"]]
        counts += [row["count"] for row in sub_themes["rows"] if row.get("phenomenon") == item["code"]]
        if _all_hidden(counts):
            findings.append(warning("figures_all_hidden", _("Every count of the section “%(section)s” is hidden to "
                                                            "protect privacy.") % {"section": item["label"]},
                                    f"phenomenon:{item['code']}"))
    return findings


def _proposals(publication, content):
    """A warning when the report lists no proposal (none listed, no text) although the county has some for it."""
    if content.get("proposals") or (publication.proposals or "").strip():
        return []
    period = parse_period(publication.period)
    related = proposal_selectors.report_proposals(county=publication.county_code, publication_id=publication.pk,
                                                  since=period.since, until=period.last_day)
    drafts = related.filter(status=ProposalStatus.DRAFT).count()
    made = 0 if drafts else proposal_selectors.proposals_made_during(
        county=publication.county_code, since=period.since, until=period.last_day).count()
    if drafts:
        message = ngettext(
            "No proposal is listed: %(count)s proposal built on the report or its observations is a draft, and drafts "
            "are not published. Submit it first, or write the proposals section.",
            "No proposal is listed: %(count)s proposals built on the report or its observations are drafts, and "
            "drafts are not published. Submit them first, or write the proposals section.", drafts)
    elif made:
        message = ngettext(
            "No proposal is listed, although %(count)s proposal of the county was made during the period. Build it "
            "on the report or its observations, or write the proposals section.",
            "No proposal is listed, although %(count)s proposals of the county were made during the period. Build "
            "them on the report or its observations, or write the proposals section.", made)
    else:
        return []
    return [warning("proposals_not_listed", message % {"count": drafts or made}, "proposals")]
