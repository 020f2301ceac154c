"""Swedish as written in Finland: dates as 7.12.2026 and times as 14.30, as in the Finnish pages (Django's sv
formats are Sweden's ISO dates, "2026-12-07"). Everything not set here comes from Django's sv formats."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y \k\l. H.i"
TIME_FORMAT = "H.i"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y H.i"
