"""Periods of reports and statistics: '2025' (a year), '2025H1' (a half), '2025Q3' (a quarter), '2025-04' (a month).

The key is what is stored and what the API speaks; people see the label: "vuosi 2025" / "år 2025", a half or
a quarter as its dates ("1.1.–30.6.2026"), a month by its name ("huhtikuu 2025"). The report builder offers the
periods as a list of labels (period_choices); parse_period is the only parser of keys.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from rake.core.errors import ValidationError

_PATTERNS = (
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})H([12])$"), "half"),
    (re.compile(r"^(\d{4})Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
)
_MONTHS = {"year": 12, "half": 6, "quarter": 3, "month": 1}


@dataclass(frozen=True)
class Period:
    key: str
    kind: str  # year, half, quarter or month
    since: datetime.date  # the first day of the first month
    until: datetime.date  # the first day of the last month (the statistics selectors count whole months)

    @property
    def last_day(self):
        following = (self.until.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following - datetime.timedelta(days=1)


def parse_period(text, field="period"):
    """A Period from its key; ValidationError({field: …}) for anything else."""
    text = (text or "").strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        year = int(match[1])
        part = int(match[2]) if match.lastindex and match.lastindex > 1 else 1
        if kind == "month" and not 1 <= part <= 12:
            break
        first_month = {"year": 1, "half": (part - 1) * 6 + 1, "quarter": (part - 1) * 3 + 1, "month": part}[kind]
        if not 2000 <= year <= 2100:
            break
        since = datetime.date(year, first_month, 1)
        last_month = first_month + _MONTHS[kind] - 1
        return Period(key=text, kind=kind, since=since, until=datetime.date(year, last_month, 1))
    raise ValidationError({field: [_("Enter a period as a year (2025), a half (2025H1), a quarter (2025Q3) "
                                     "or a month (2025-04).")]})


# How many calendar years before the current one the report builder offers.
CHOICE_YEARS = 5


def _day_month(day):
    return f"{day.day}.{day.month}."


def period_range(period):
    """The period's first and last day, written as in Finnish and Swedish: "1.1.–30.6.2026"."""
    last = period.last_day
    return f"{_day_month(period.since)}–{_day_month(last)}{last.year}"


def period_label(period):
    """The period as people name it, in the active language: "vuosi 2025", "1.1.–30.6.2026", "huhtikuu 2025"."""
    if period.kind == "year":
        return pgettext("report period", "year %(year)s") % {"year": period.since.year}
    if period.kind == "month":
        return formats.date_format(period.since, "YEAR_MONTH_FORMAT")
    return period_range(period)


def period_text(period):
    """The label with the dates where the label has none, for a report's cover: "Vuosi 2025 (1.1.–31.12.2025)"."""
    label = period_label(period)
    if period.kind in ("year", "month"):
        label = f"{label} ({period_range(period)})"
    return label[:1].upper() + label[1:]


def label_for_key(key):
    """The label of a stored key; the key itself when it is not one (never raises)."""
    try:
        return period_label(parse_period(key))
    except ValidationError:
        return key


def period_choices(*, today):
    """[(group label, [(key, label)])] for a select: per year, newest first, the year, its halves, quarters and
    months that have begun by `today`, for the current year and CHOICE_YEARS before it."""
    groups = []
    for year in range(today.year, today.year - CHOICE_YEARS - 1, -1):
        keys = [str(year)] + [f"{year}H{half}" for half in (2, 1)] + [f"{year}Q{quarter}" for quarter in (4, 3, 2, 1)]
        keys += [f"{year}-{month:02d}" for month in range(12, 0, -1)]
        options = []
        for key in keys:
            period = parse_period(key)
            if period.since <= today:
                options.append((key, period_label(period)))
        if options:
            groups.append((str(year), options))
    return groups
