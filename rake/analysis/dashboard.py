"""The dashboard's filters and tables (DESIGN §4.4, §5).

The tables are data (TABLES): a slug, a title, the one dimension it groups by and when it applies. Each
table costs two calls of rake.analysis.release.stats_answer — the chosen range and the equally long
range just before it — with the user's scope and suppression from rake.analysis.services.stats_scope, so a
whole dashboard is at most 16 selector calls. Nothing here reads observations or rollups directly.

A change against the previous period is computed only from published numbers: "—" (None) when either
side is suppressed or the previous count is 0. A suppressed count is shown as ".." (rake.privacy.marks).
The area tables (by county, by municipality) also show observations per 10,000 inhabitants
(rake.analysis.rates), hidden wherever the count is; the population year is named in the column heading.
"""

import datetime
from dataclasses import dataclass, field, replace
from functools import cached_property

from django import forms
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from rake.areas.models import Area
from rake.areas.selectors import area_effective_year, area_list, county_name
from rake.core.dates import add_months, months_in, parse_date_or_month, today
from rake.core.errors import NotFound
from rake.core.forms import DateRangeMixin, HdsFormMixin
from rake.observations.models import Polarity
from rake.privacy import marks
from rake.core.periods import label_for_key
from rake.taxonomy.models import ClientGroup, ObservationType, Phenomenon, SupportNeed
from rake.taxonomy.selectors import national_phenomena

from . import charts
from .rates import with_rates
from .release import coarser_grains, mostly_hidden, other_sub_themes, stats_answer
from .selectors import PERIODS, period_key
from .services import stats_scope

MAX_MONTHS = 120
PERIOD_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
PERIOD_CHOICES = (
    ("month", gettext_lazy("Month")),
    ("quarter", gettext_lazy("Quarter")),
    ("half", gettext_lazy("Half-year")),
    ("year", gettext_lazy("Year")),
)
NOT_GIVEN = gettext_lazy("Not given")
NO_MUNICIPALITY = gettext_lazy("Municipality not known")
MONTH_PLACEHOLDER = gettext_lazy("YYYY-MM")


# --- months and periods -------------------------------------------------------------------------------

def period_start(key):
    """The first month of a period key: '2025-04', '2025Q2', '2025H2' or '2025'."""
    year = int(key[:4])
    if len(key) == 7 and key[4] == "-":
        return datetime.date(year, int(key[5:]), 1)
    if len(key) == 6 and key[4] == "Q":
        return datetime.date(year, (int(key[5]) - 1) * 3 + 1, 1)
    if len(key) == 6 and key[4] == "H":
        return datetime.date(year, 1 if key[5] == "1" else 7, 1)
    return datetime.date(year, 1, 1)


def period_months(key, since, until, period):
    """(first, last) month of the period `key` that lie in since..until: a range's first and last periods
    may be cut short."""
    start = period_start(key)
    return max(start, since), min(add_months(start, PERIOD_MONTHS[period] - 1), until)


def period_keys(since, until, period):
    """Every period key from since to until in order, so a time series shows its empty periods too."""
    keys = []
    month = since.replace(day=1)
    while month <= until:
        key = period_key(month, period)
        if not keys or keys[-1] != key:
            keys.append(key)
        month = add_months(month, 1)
    return keys


def default_range(on=None):
    """The last 12 full months before the month of `on` (today)."""
    this_month = (on or today()).replace(day=1)
    return add_months(this_month, -12), add_months(this_month, -1)


# --- filters ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DashboardFilters:
    """The dashboard's filters, all valid: county (None: every county the user sees), national phenomenon
    code (None: all), the first and last month, and the period granularity."""

    since: datetime.date
    until: datetime.date
    period: str = "month"
    county: str | None = None
    phenomenon: str | None = None
    calendar_years: bool = False  # widened to whole years for a role without raw access (ADR 0012)

    @property
    def months(self):
        return months_in(self.since, self.until)

    def whole_years(self):
        """The same filters over the whole calendar years the range touches: the protected release is
        published by calendar period only."""
        return replace(self, since=datetime.date(self.since.year, 1, 1), until=datetime.date(self.until.year, 12, 1),
                       calendar_years=True)

    def previous(self):
        """The same filters over the equally long range just before since..until."""
        return replace(self, since=add_months(self.since, -self.months), until=add_months(self.since, -1))

    def query(self):
        """URL query parameters that give these filters back (for links and bookmarks)."""
        params = {"since": _month_key(self.since), "until": _month_key(self.until), "period": self.period}
        if self.county:
            params["county"] = self.county
        if self.phenomenon:
            params["phenomenon"] = self.phenomenon
        return params

    def period_label(self):
        return str(dict(PERIOD_CHOICES)[self.period])

    def county_label(self):
        """The chosen county's name, or "" when the scope is every county the user sees."""
        return county_name(self.county, area_effective_year(self.until.year)) if self.county else ""

    def phenomenon_label(self):
        """The chosen phenomenon's label, or "" for all phenomena."""
        return capfirst(national_phenomena().get(self.phenomenon, self.phenomenon)) if self.phenomenon else ""

    def range_text(self):
        """The months as people name them: "joulukuu 2025 – marraskuu 2026"."""
        return f"{month_label(self.since)} – {month_label(self.until)}"

    def file_name(self, slug, fmt):
        """E.g. rake-by-phenomenon-15-2025-01-2025-12.csv"""
        parts = ["rake", slug, self.county, self.phenomenon, _month_key(self.since), _month_key(self.until)]
        return "-".join(part for part in parts if part) + f".{fmt}"


def _month_key(month):
    """'2025-04': the form a month takes in URLs, file names and the month input."""
    return period_key(month, "month")


def month_label(month):
    """A month as people name it, in the active language: "joulukuu 2025", "december 2025"."""
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def period_row_label(key):
    """A period key as a table row or a chart names it: "Joulukuu 2025", "1.1.–30.6.2025", "Vuosi 2025"."""
    return capfirst(label_for_key(key))


class MonthInput(forms.TextInput):
    input_type = "month"


class DashboardFilterForm(DateRangeMixin, HdsFormMixin, forms.Form):
    """The dashboard's filters as GET parameters (the same names as the statistics API's)."""

    county = forms.ChoiceField(label=gettext_lazy("Wellbeing services county"), required=False)
    phenomenon = forms.ChoiceField(label=gettext_lazy("Phenomenon"), required=False)
    since = forms.CharField(label=gettext_lazy("From month"), required=False, max_length=7,
                            help_text=gettext_lazy("As YYYY-MM."),
                            widget=MonthInput(attrs={"placeholder": MONTH_PLACEHOLDER}))
    until = forms.CharField(label=gettext_lazy("Until month"), required=False, max_length=7,
                            help_text=gettext_lazy("As YYYY-MM, inclusive."),
                            widget=MonthInput(attrs={"placeholder": MONTH_PLACEHOLDER}))
    period = forms.ChoiceField(label=gettext_lazy("Period"), required=False, choices=PERIOD_CHOICES)

    def __init__(self, data=None, *, user):
        self.user = user
        self.defaults = self._defaults(user)
        if data is not None:
            # Missing or empty parameters take their defaults, so the form shows what the page shows.
            data = {name: data.get(name) or self.defaults[name] for name in self.base_fields}
        super().__init__(data, initial=self.defaults)
        self.fields["county"].choices = county_choices(user)
        self.fields["phenomenon"].choices = [("", _("All phenomena"))] + [
            (code, capfirst(label)) for code, label in national_phenomena().items()
        ]

    @staticmethod
    def _defaults(user):
        since, until = default_range()
        counties = user.permissions.stats_counties()
        county = next(iter(counties)) if counties is not None and len(counties) == 1 else ""
        return {"county": county, "phenomenon": "", "since": _month_key(since), "until": _month_key(until),
                "period": "month"}

    def _clean_month(self, name):
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        try:
            month, precision = parse_date_or_month(value)
        except ValueError:
            precision = None
        if precision != "month" or not 2000 <= month.year <= 2100:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2025-01."))
        return month

    def clean_since(self):
        return self._clean_month("since")

    def clean_until(self):
        return self._clean_month("until")

    def clean(self):
        cleaned = super().clean()  # DateRangeMixin: the end may not come before the start
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since <= until and months_in(since, until) > MAX_MONTHS:
            self.add_error("until", _("Choose at most %(years)s years at a time.") % {"years": MAX_MONTHS // 12})
        return cleaned

    def filters(self):
        """The valid filters, with defaults for the missing and the invalid ones: a bad month keeps the rest."""
        since, until = (parse_date_or_month(self.defaults[name])[0] for name in ("since", "until"))
        values = {"county": self.defaults["county"] or None, "phenomenon": None, "period": "month"}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
            for name in ("county", "phenomenon", "period"):
                if name not in self.errors and data.get(name):
                    values[name] = data[name]
            if "since" not in self.errors and "until" not in self.errors:
                since, until = data.get("since") or since, data.get("until") or until
        if values["period"] not in PERIODS:
            values["period"] = "month"
        return DashboardFilters(since=since, until=until, **values)

    def show(self, filters):
        """Let the month fields show the range the page shows when it was widened to whole calendar years
        (filters_for_scope). A month the user got wrong stays as typed, beside its error."""
        if not filters.calendar_years or "since" in self.errors or "until" in self.errors:
            return
        shown = {"since": _month_key(filters.since), "until": _month_key(filters.until)}
        if self.is_bound:
            self.data = {**self.data, **shown}
        else:
            self.initial = {**self.initial, **shown}


def county_choices(user):
    counties = user.permissions.stats_counties()
    names = Labels().county_names()
    if counties is None:
        return [("", _("Whole country"))] + [(code, name) for code, name in sorted(names.items(), key=_by_name)]
    choices = sorted(((code, names.get(code, code)) for code in counties), key=_by_name)
    return ([("", _("All my counties"))] if len(choices) > 1 else []) + choices


def _by_name(pair):
    return (str(pair[1]).lower(), pair[0])


# --- labels -----------------------------------------------------------------------------------------------

class Labels:
    """Labels of the dimensions' codes in the current language, each kind read once per instance."""

    def __init__(self, year=None):
        self.year = year

    @cached_property
    def _phenomena(self):
        return {p.code: p for p in Phenomenon.objects.order_by("sort_order", "pk")}

    @cached_property
    def _terms(self):
        return {
            "client_group": {t.code: t for t in ClientGroup.objects.all()},
            "observation_type": {t.code: t for t in ObservationType.objects.all()},
            "support_need": {t.code: t for t in SupportNeed.objects.all()},
        }

    def county_names(self):
        return {area.code: area.name for area in area_list(kind=Area.Kind.COUNTY, year=self.year)}

    @cached_property
    def _counties(self):
        return self.county_names()

    @cached_property
    def _municipalities(self):
        return {area.code: area.name for area in area_list(kind=Area.Kind.MUNICIPALITY, year=self.year)}

    def label(self, dimension, code):
        """(label, sort key) of a code of a dimension."""
        if dimension in ("phenomenon", "sub_theme"):
            term = self._phenomena.get(code)
            return (capfirst(term.label), (0, term.sort_order, term.pk)) if term else (code, (1, 0, code))
        if dimension == "support_need":
            term = self._terms["support_need"].get(code)
            label = f"{code}. {term.label}" if term else str(code)
            return capfirst(label), (0, code, "")
        if dimension in self._terms:
            if not code:
                return str(NOT_GIVEN), (2, 0, "")
            term = self._terms[dimension].get(code)
            return (capfirst(term.label), (0, term.sort_order, term.pk)) if term else (code, (1, 0, code))
        if dimension == "polarity":
            if code not in Polarity.values:
                return str(NOT_GIVEN), (2, 0, "")
            return str(capfirst(Polarity(code).label)), (0, Polarity.values.index(code), "")
        if dimension == "county":
            name = self._counties.get(code, code)
            return name, (0, name.lower(), code)
        if dimension == "municipality":
            if not code:
                return str(NO_MUNICIPALITY), (2, 0, "")
            name = self._municipalities.get(code, code)
            return name, (0, name.lower(), code)
        return str(code), (0, str(code), "")

    def sub_theme_parent(self, code):
        term = self._phenomena.get(code)
        return term.national_code if term else None


# --- tables -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TableSpec:
    slug: str
    dimension: str
    title: str
    column: str
    leader: str  # completes "<label> was …" in the summary
    chart: str = "bar"
    applies: object = None  # (filters, counties in scope or None) → bool; None: always
    rates: bool = False  # a column of observations per 10,000 inhabitants (area tables only)

    def applies_to(self, filters, counties):
        return self.applies is None or bool(self.applies(filters, counties))


def _several_counties(filters, counties):
    return filters.county is None and (counties is None or len(counties) > 1)


def _one_county(filters, counties):
    return counties is not None and len(counties) == 1


TABLES = (
    TableSpec("by-phenomenon", "phenomenon", gettext_lazy("Observations by phenomenon"),
              gettext_lazy("Phenomenon"), gettext_lazy("the most common phenomenon")),
    TableSpec("by-sub-theme", "sub_theme", gettext_lazy("Observations by sub-theme"),
              gettext_lazy("Sub-theme"), gettext_lazy("the most common sub-theme"),
              applies=lambda filters, counties: filters.phenomenon),
    TableSpec("over-time", "period", gettext_lazy("Observations over time"),
              gettext_lazy("Period"), gettext_lazy("the period with the most observations"), chart="column"),
    TableSpec("by-polarity", "polarity", gettext_lazy("Negative and positive observations"),
              gettext_lazy("Negative or positive"), gettext_lazy("the most common polarity")),
    TableSpec("by-observation-type", "observation_type", gettext_lazy("Observations by type"),
              gettext_lazy("Observation type"), gettext_lazy("the most common observation type")),
    TableSpec("by-client-group", "client_group", gettext_lazy("Observations by client group"),
              gettext_lazy("Client group"), gettext_lazy("the client group mentioned most often")),
    TableSpec("by-support-need", "support_need", gettext_lazy("Observations by support need (Social Welfare Act § 11)"),
              gettext_lazy("Support need"), gettext_lazy("the support need mentioned most often")),
    TableSpec("by-county", "county", gettext_lazy("County comparison"),
              gettext_lazy("Wellbeing services county"), gettext_lazy("the county with the most observations"),
              applies=_several_counties, rates=True),
    TableSpec("by-municipality", "municipality", gettext_lazy("Observations by municipality"),
              gettext_lazy("Municipality"), gettext_lazy("the municipality with the most observations"),
              applies=_one_county, rates=True),
)
TABLES_BY_SLUG = {spec.slug: spec for spec in TABLES}
FORMATS = ("csv", "xlsx")
OTHER_ROW = ""  # the code of the row of small sub-themes counted together (it has no code of its own)


def count_display(count, threshold=None):
    """What a reader sees for a count: the number, or ".." when it is suppressed (None). The threshold is
    not shown: a hidden count may be larger than it (hidden to protect a small one)."""
    return marks.shown(count)


@dataclass
class Row:
    code: object
    label: str
    count: int | None  # None: suppressed
    previous: int | None  # None: suppressed
    threshold: int
    rate: float | None = None  # per 10,000 inhabitants; None: hidden with the count, or population unknown

    @property
    def suppressed(self):
        return self.count is None

    @property
    def previous_suppressed(self):
        return self.previous is None

    @property
    def change(self):
        """count − previous, or None when either is suppressed or there was nothing before."""
        if self.count is None or self.previous is None or self.previous == 0:
            return None
        return self.count - self.previous

    @property
    def change_percent(self):
        if self.change is None:
            return None
        return round(100 * self.change / self.previous)

    def _shown(self, value):
        return count_display(value, self.threshold)

    @property
    def count_display(self):
        return self._shown(self.count)

    @property
    def previous_display(self):
        return self._shown(self.previous)

    @property
    def change_display(self):
        return "—" if self.change is None else f"{self.change:+d}"

    @property
    def change_percent_display(self):
        return "—" if self.change_percent is None else f"{self.change_percent:+d} %"

    @property
    def rate_display(self):
        """".." with a hidden count (the rate would give it away), "—" where the population is unknown."""
        if self.count is None:
            return marks.HIDDEN
        return "—" if self.rate is None else formats.number_format(self.rate, 1)


@dataclass
class Table:
    spec: TableSpec
    filters: DashboardFilters
    rows: list
    threshold: int
    suppressed: bool
    summary: str = ""
    query: dict = field(default_factory=dict)
    downloads: list = field(default_factory=list)  # (format label, URL), set by the view
    population_year: int | None = None  # of the rate column; None: no rate column
    note: str = ""  # says so when the table fell back to a coarser grain (mostly hidden at the one asked for)

    @property
    def slug(self):
        return self.spec.slug

    @property
    def title(self):
        return self.spec.title

    @property
    def hidden_count(self):
        return sum(1 for row in self.rows if row.suppressed)

    @property
    def has_hidden(self):
        return any(row.suppressed or row.previous_suppressed for row in self.rows)

    @property
    def has_rate_column(self):
        return self.spec.rates and self.population_year is not None

    def chart(self):
        items = [charts.ChartItem(row.label, row.count, str(row.count_display)) for row in self.rows]
        draw = charts.column_chart if self.spec.chart == "column" else charts.bar_chart
        return draw(items, chart_id=f"chart-{self.slug}", title=str(self.title),
                    summary_id=f"summary-{self.slug}")

    def headings(self):
        """Column headings of the data table and of the downloads: people read labels, not codes (the codes
        are in the API and the national exchange)."""
        headings = [str(self.spec.column), _("Observations")]
        if self.has_rate_column:
            headings.append(_("Per 10,000 inhabitants (population on 31 Dec %(year)s)")
                            % {"year": self.population_year})
        return headings + [_("Previous period (%(range)s)") % {"range": self.filters.previous().range_text()},
                           _("Change"), _("Change %")]


def applicable_tables(filters, counties):
    return [spec for spec in TABLES if spec.applies_to(filters, counties)]


def dashboard_scope(user, filters):
    """(counties, suppressed) from the one rule of who sees which statistics."""
    return stats_scope(user, filters.county)


def filters_for_scope(user, filters):
    """The filters as the user's statistics can answer them: whole calendar years when they are protected."""
    _counties, suppressed = dashboard_scope(user, filters)
    return filters.whole_years() if suppressed else filters


def dashboard_tables(*, user, filters):
    """Every table that applies to the filters, computed. The filter form offers only the counties the
    user may see, so stats_scope can raise only PermissionDenied here."""
    counties, suppressed = dashboard_scope(user, filters)
    labels = Labels(year=area_effective_year(filters.until.year))
    return [_build(spec, filters, counties, suppressed, labels) for spec in applicable_tables(filters, counties)]


def dashboard_table(*, user, filters, slug):
    """One table by its slug; NotFound when there is no such table or it does not apply to the filters."""
    spec = TABLES_BY_SLUG.get(slug)
    counties, suppressed = dashboard_scope(user, filters)
    if spec is None or not spec.applies_to(filters, counties):
        raise NotFound
    return _build(spec, filters, counties, suppressed, Labels(year=area_effective_year(filters.until.year)))


def _stats(spec, filters, counties, suppressed):
    # A protected scope's filters are whole years already (filters_for_scope).
    result = stats_answer(counties=counties, suppressed=suppressed, group_by=[spec.dimension], period=filters.period,
                          since=filters.since, until=filters.until, phenomenon=filters.phenomenon)
    return result["threshold"], {row[spec.dimension]: row["count"] for row in result["rows"]}


def _rates(spec, filters, counties, current, codes):
    """({code: rate per 10,000 inhabitants}, population year) of an area table's rows: every code shown,
    a code with no observations in the range as 0, a hidden one as None."""
    rows = [{spec.dimension: code, "count": current.get(code, 0)} for code in codes]
    answer = with_rates({"rows": rows}, counties=counties, until=filters.until)
    return {row[spec.dimension]: row["rate"] for row in answer["rows"]}, answer["population_year"]


def _build(spec, filters, counties, suppressed, labels):
    """The table; for a protected scope, one mostly hidden falls back to a coarser grain and says so: over
    time, a longer period; by sub-theme, the small sub-themes counted together (ADR 0012)."""
    table = _build_at(spec, filters, counties, suppressed, labels)
    if not suppressed or not mostly_hidden(row.count for row in table.rows):
        return table
    if spec.dimension == "period" and coarser_grains(filters.period):
        for grain in coarser_grains(filters.period):
            table = _build_at(spec, replace(filters, period=grain), counties, suppressed, labels)
            if not mostly_hidden(row.count for row in table.rows):
                break
        names = dict(PERIOD_CHOICES)
        table.note = _("By “%(asked)s” most numbers would be hidden, so the table is shown by “%(shown)s”.") % {
            "asked": names[filters.period], "shown": names[table.filters.period]}
    elif spec.dimension == "sub_theme":
        _merge_small_sub_themes(table, counties, labels)
    table.summary = summarise(table)
    return table


def _merge_small_sub_themes(table, counties, labels):
    """Replace the sub-themes the release hides with one row of their observations, when it is published."""
    filters = table.filters
    other = other_sub_themes(counties=counties, since=filters.since, until=filters.until,
                             phenomenon=filters.phenomenon)
    if not other or other["count"] is None:
        return
    earlier = filters.previous()
    before = other_sub_themes(counties=counties, since=earlier.since, until=earlier.until,
                              phenomenon=filters.phenomenon)
    merged = [row for row in table.rows if row.code in other["merged"]]
    if before:
        previous = before["count"]
    else:  # no such cell before: 0 when none of them had observations, else not known
        previous = 0 if all(row.previous == 0 for row in merged) else None
    table.rows = [row for row in table.rows if row.code not in other["merged"]]
    table.rows.append(Row(OTHER_ROW, _("Other sub-themes"), other["count"], previous, table.threshold))
    table.note = _("Where most sub-themes would be hidden, the small ones are counted together as “Other "
                   "sub-themes”: the observations that have at least one of them.")


def _build_at(spec, filters, counties, suppressed, labels):
    threshold, current = _stats(spec, filters, counties, suppressed)
    _threshold, previous = _stats(spec, _previous_filters(spec, filters), counties, suppressed)
    population_year = None
    if spec.dimension == "period":
        rows = _period_rows(filters, current, previous, threshold)
    else:
        codes = set(current) | set(previous)
        if spec.dimension == "sub_theme":
            # An observation mentioning the phenomenon may have sub-themes of other phenomena too.
            codes = {code for code in codes if labels.sub_theme_parent(code) == filters.phenomenon}
        rates = {}
        if spec.rates:
            rates, population_year = _rates(spec, filters, counties, current, codes)
        rows = []
        for code in codes:
            label, order = labels.label(spec.dimension, code)
            rows.append((order, Row(code, label, current.get(code, 0), previous.get(code, 0), threshold,
                                    rate=rates.get(code))))
        rows = [row for _order, row in sorted(rows, key=lambda pair: pair[0])]
    table = Table(spec=spec, filters=filters, rows=rows, threshold=threshold, suppressed=suppressed,
                  query=filters.query(), population_year=population_year)
    table.summary = summarise(table)
    return table


def _shifts_whole_periods(filters):
    """Whether moving a period back by the range's length lands on a whole period (calendar periods:
    the range is a multiple of the period's length), so the previous range can be read by period."""
    return filters.months % PERIOD_MONTHS[filters.period] == 0


def _previous_filters(spec, filters):
    """The previous range's filters. The over-time table reads it by month when its periods do not shift
    onto whole periods (2024-09…10 by year is compared with 2024-07…08, a part of the year 2024)."""
    previous = filters.previous()
    if spec.dimension == "period" and not _shifts_whole_periods(filters):
        return replace(previous, period="month")
    return previous


def _period_rows(filters, current, previous, threshold):
    """Every period of the range, each beside the same months one range earlier: the months of the period
    that lie in the range, moved back by the range's length (the same month a year before when the range is
    12 months). The previous figures together are the previous range.

    When the move lands on whole periods, that is one period of the previous result. Otherwise the
    previous result is by month and the months are added up; a sum with a hidden month is hidden (None)."""
    shift = -filters.months
    rows = []
    for key in period_keys(filters.since, filters.until, filters.period):
        first, last = period_months(key, filters.since, filters.until, filters.period)
        if _shifts_whole_periods(filters):
            earlier = previous.get(period_key(add_months(first, shift), filters.period), 0)
        else:
            earlier = _sum_months(previous, add_months(first, shift), add_months(last, shift))
        rows.append(Row(key, period_row_label(key), current.get(key, 0), earlier, threshold))
    return rows


def _sum_months(by_month, first, last):
    """The sum of the monthly counts first..last, or None when one of them is hidden."""
    total = 0
    for key in period_keys(first, last, "month"):
        count = by_month.get(key, 0)
        if count is None:
            return None
        total += count
    return total


def summarise(table):
    """One sentence from the numbers: the largest count shown and its change on the previous period."""
    return summarise_rows(table.rows, threshold=table.threshold, leader=table.spec.leader)


def summarise_rows(rows, *, threshold, leader, empty=None):
    """summarise() for any list of Row; `empty` is the sentence for no observations at all (the published
    reports say "for this period" where the dashboard says "for these filters")."""
    hidden_count = sum(1 for row in rows if row.suppressed)
    shown = [row for row in rows if not row.suppressed and row.count]
    if not shown and not hidden_count:
        return empty or _("There are no counted observations for these filters.")
    if not shown:
        return _("All counts in this table are hidden to protect privacy: each is smaller than %(threshold)s, "
                 "or hidden so that a count smaller than that cannot be worked out.") % {"threshold": threshold}
    top = max(shown, key=lambda row: row.count)  # the first of equals, in the table's order
    details = ngettext("%(count)s observation", "%(count)s observations", top.count) % {"count": top.count}
    if top.change_percent is not None:
        details = _("%(observations)s, %(change)s on the previous period") % {
            "observations": details, "change": top.change_percent_display}
    if hidden_count:
        return ngettext(
            "%(label)s had the largest count shown (%(details)s); %(hidden)s count is hidden to protect privacy.",
            "%(label)s had the largest count shown (%(details)s); %(hidden)s counts are hidden to protect privacy.",
            hidden_count,
        ) % {"label": top.label, "details": details, "hidden": hidden_count}
    return _("%(label)s was %(leader)s (%(details)s).") % {"label": top.label, "leader": leader, "details": details}
