"""Date helpers: parsing user-given dates and periods, and month arithmetic."""

import datetime
import re

from django.utils import timezone

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def today():
    return timezone.localdate()


def parse_date_or_month(value):
    """'2025-04-17' → (date, 'day'); '2025-04' → (2025-04-01, 'month'). Raises ValueError."""
    if isinstance(value, datetime.date):
        return value, "day"
    text = str(value).strip()
    match = _MONTH.match(text)
    if match:
        return datetime.date(int(match[1]), int(match[2]), 1), "month"
    return datetime.date.fromisoformat(text), "day"


def add_months(month, count):
    """The first day of the month `count` months after (or before, when negative) the month of `month`."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_in(since, until):
    """How many calendar months since..until covers, both ends included."""
    return (until.year - since.year) * 12 + until.month - since.month + 1
