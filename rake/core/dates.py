"""Date helpers: parsing user-given dates and periods."""

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
