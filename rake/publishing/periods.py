"""Report periods: '2025' (a year), '2025H1' (a half), '2025Q3' (a quarter), '2025-04' (a month)."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

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
