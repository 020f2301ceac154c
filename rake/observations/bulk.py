"""Bulk insertion of synthetic observations, for benchmarks (`scripts/bench.py`) and
`manage.py generate_benchmark_data`.

These bypass the services on purpose (speed): no timeline events, no audit entries, no rollup deltas.
A caller that needs the statistics rollups rebuilds them afterwards (rake.analysis.rollups.rebuild).

`insert()` inserts the observations of one batch with multi-row INSERT … RETURNING id (PostgreSQL; SQLite
≥ 3.35) and then, with those ids, the rows of the phenomenon, client group and support need through
tables, all in one transaction. On PostgreSQL most of the time goes to the server maintaining the two
full-text GIN indexes on the description (Finnish and Swedish) and to psycopg's client-side binding.

`synthetic()` describes one realistic observation (county, municipality of that county in that year, date,
status, classification and a Finnish or Swedish text from the seed_demo text generator), deterministically
from a `random.Random`.
"""

import datetime
from dataclasses import dataclass, field
from itertools import accumulate

from django.db import connection, models, transaction
from django.utils import timezone

from rake.taxonomy.models import ClientGroup, ObservationType, Phenomenon, ServiceArea, SupportNeed

from . import demo
from . import demo_texts as T
from .models import Observation, ObservationPhenomenon

# Wellbeing services counties (and Helsinki): population in thousands (about 2024, as weights) and the share
# of observations written in Swedish. Åland (91) has no wellbeing services county and is left out.
COUNTIES = {
    "01": (99, 0.33), "02": (202, 0.02), "03": (485, 0.20), "04": (283, 0.02), "05": (487, 0.05),
    "06": (213, 0.01), "07": (170, 0.01), "08": (535, 0.01), "09": (205, 0.01), "10": (161, 0.01),
    "11": (126, 0.01), "12": (130, 0.01), "13": (249, 0.01), "14": (163, 0.01), "15": (275, 0.01),
    "16": (191, 0.01), "17": (176, 0.50), "18": (77, 0.08), "19": (418, 0.01), "20": (70, 0.01),
    "21": (176, 0.01), "90": (674, 0.06),
}
_COUNTY_CODES = list(COUNTIES)
_COUNTY_CUM_WEIGHTS = list(accumulate(COUNTIES[c][0] for c in _COUNTY_CODES))
TYPE_BY_KIND = {"need": "need", "effect_neg": "service_effect", "effect_pos": "service_effect",
                "good": "good_practice"}
DECIDED = {"accepted", "used", "closed", "rejected", "quarantined"}


@dataclass
class Row:
    """One observation to insert: its field values by attname (`county_code`, `observation_type_id`, …;
    missing ones get the field's default) and the codes of its relations (the first phenomenon is primary)."""

    values: dict
    phenomena: list = field(default_factory=list)
    client_groups: list = field(default_factory=list)
    support_needs: list = field(default_factory=list)


class Taxonomy:
    """Code → id of the reference data, read once."""

    def __init__(self):
        self.phenomena = dict(Phenomenon.objects.values_list("code", "pk"))
        self.types = dict(ObservationType.objects.values_list("code", "pk"))
        self.service_areas = dict(ServiceArea.objects.values_list("code", "pk"))
        self.client_groups = dict(ClientGroup.objects.values_list("code", "pk"))
        self.support_needs = dict(SupportNeed.objects.values_list("code", "pk"))


def _insert_values(cursor, table, columns, tuples, *, returning=None, chunk=500, progress=None):
    """Multi-row INSERT … VALUES in chunks; with `returning`, the returned column's values in row order.
    `progress(n)` is called after each chunk with its number of rows."""
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    tail = f" RETURNING {quote(returning)}" if returning else ""
    result = []
    for start in range(0, len(tuples), chunk):
        part = tuples[start:start + chunk]
        cursor.execute(head + ", ".join([row_sql] * len(part)) + tail, [v for t in part for v in t])
        if returning:
            result += [r[0] for r in cursor.fetchall()]
        if progress:
            progress(len(part))
    return result


def insert(rows, taxonomy=None, *, progress=None):
    """Insert the rows (observations and their links) in one transaction; returns the new ids in order.

    `progress(n)` is called as each chunk of observation rows has been inserted (for a progress bar).

    Plain multi-row INSERTs rather than bulk_create: building model instances and preparing every value
    through the ORM costs more than the database does at this scale. The ids come back with RETURNING
    (PostgreSQL; SQLite ≥ 3.35), in row order, as Django's own bulk_create assumes.
    """
    taxonomy = taxonomy or Taxonomy()
    ops = connection.ops
    now = timezone.now()
    fields = [f for f in Observation._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    defaults["created_at"] = defaults["modified_at"] = now
    adapters = []
    for f in fields:
        if isinstance(f, models.DateTimeField):
            adapters.append(ops.adapt_datetimefield_value)
        elif isinstance(f, models.DateField):
            adapters.append(ops.adapt_datefield_value)
        else:
            adapters.append(None)
    names = [f.attname for f in fields]
    tuples = []
    for row in rows:
        values = {**defaults, **row.values}
        tuples.append(tuple(adapt(values[name]) if adapt and values[name] is not None else values[name]
                            for name, adapt in zip(names, adapters)))
    GroupLink = Observation.client_groups.through
    NeedLink = Observation.support_needs.through
    with transaction.atomic(), connection.cursor() as cursor:
        ids = _insert_values(cursor, Observation._meta.db_table, [f.column for f in fields], tuples,
                             returning=Observation._meta.pk.column, progress=progress)
        links, group_links, need_links = [], [], []
        for pk, row in zip(ids, rows):
            links += [(pk, taxonomy.phenomena[code], position) for position, code in enumerate(row.phenomena)]
            group_links += [(pk, taxonomy.client_groups[code]) for code in row.client_groups]
            need_links += [(pk, taxonomy.support_needs[code]) for code in row.support_needs]
        _insert_values(cursor, ObservationPhenomenon._meta.db_table, ["observation_id", "phenomenon_id", "position"],
                       links)
        _insert_values(cursor, GroupLink._meta.db_table, ["observation_id", "clientgroup_id"], group_links)
        _insert_values(cursor, NeedLink._meta.db_table, ["observation_id", "supportneed_id"], need_links)
    return ids


def _status(rng, age_days):
    """Mostly accepted, used or closed; recent ones more often still waiting; some rejected."""
    if age_days < 14:
        table = (("submitted", 40), ("clarification_requested", 10), ("accepted", 40), ("rejected", 5),
                 ("closed", 5))
    elif age_days < 90:
        table = (("submitted", 8), ("clarification_requested", 4), ("accepted", 45), ("used", 18), ("closed", 15),
                 ("rejected", 8), ("quarantined", 2))
    else:
        table = (("submitted", 2), ("clarification_requested", 1), ("accepted", 28), ("used", 30), ("closed", 30),
                 ("rejected", 8), ("quarantined", 1))
    statuses, weights = zip(*table)
    return rng.choices(statuses, weights)[0]


def synthetic(rng, index, *, municipalities, today=None, now=None, subthemes=None):
    """One realistic observation as a dict of field values and relation codes.

    `index` makes the first 2 × (number of sub-themes) observations cycle through every sub-theme and text
    kind, so that even a small run covers the whole taxonomy. `municipalities` is
    {(county, classification year): [codes]} (see `municipalities()`).
    """
    today = today or timezone.localdate()
    now = now or timezone.now()
    subthemes = subthemes or list(T.SUBTHEMES)
    county = rng.choices(_COUNTY_CODES, cum_weights=_COUNTY_CUM_WEIGHTS)[0]
    language = "sv" if rng.random() < COUNTIES[county][1] else "fi"
    kinds = ["need", "effect_neg", "effect_pos", "good"]
    covering = index < 2 * len(subthemes)
    subtheme = subthemes[index % len(subthemes)] if covering else rng.choice(subthemes)
    kind = kinds[index % len(kinds)] if covering else rng.choices(kinds, [55, 20, 10, 15])[0]
    national = subtheme.split(".")[0]
    spec = T.SUBTHEMES[subtheme]
    if kind in ("good", "effect_pos"):
        polarity = "positive" if rng.random() < 0.8 else "mixed"
    else:
        polarity = "negative" if rng.random() < 0.78 else "mixed"
    group = rng.choice(spec["groups"])
    frequency = rng.choices(["recurring", "single_case", "weak_signal", ""], [50, 15, 20, 15])[0]
    affected = "1" if frequency == "single_case" else \
        rng.choices(["1", "2-5", "6-20", "over_20", ""], [8, 35, 30, 12, 15])[0]
    trend = rng.choices(["increasing", "stable", "new", "decreasing", "unknown"], [35, 20, 10, 8, 27])[0]
    if trend == "new" and frequency == "recurring":
        trend = "increasing"
    channel = rng.choices(["social_report", "ombudsman", "client_feedback"], [88, 6, 6])[0]
    reporter_kind = "client" if channel == "client_feedback" else \
        ("ngo" if rng.random() < 0.04 else "professional")
    service_key = subtheme if subtheme in T.SERVICE_AREAS else national
    service_area = rng.choice(T.SERVICE_AREAS[service_key]) if rng.random() < 0.85 else ""
    # The primary phenomenon is the sub-theme (or, covering every national phenomenon, its parent).
    phenomena = [national if (covering and index % 2) or rng.random() < 0.2 else subtheme]
    if rng.random() < 0.2:
        second = rng.choice(T.RELATED_PHENOMENA[national])
        if second not in phenomena:
            phenomena.append(second)
    groups = [group] + ([g for g in rng.sample(spec["groups"], len(spec["groups"])) if g != group][:1]
                        if rng.random() < 0.25 else [])
    needs = rng.sample(spec["needs"], min(len(spec["needs"]), rng.choice([1, 1, 2])))

    observed = demo._random_date(rng, today)
    codes = municipalities.get((county, observed.year), [])
    municipality = rng.choice(codes) if codes and rng.random() < 0.85 else ""
    precision = "month" if rng.random() < 0.1 else "day"
    submitted_at = demo._local(min(observed + datetime.timedelta(days=rng.choice([0, 0, 1, 2, 3, 7, 14])), today),
                               rng)
    if submitted_at > now - datetime.timedelta(minutes=30):
        submitted_at = now - datetime.timedelta(minutes=rng.randint(30, 600))
    status = _status(rng, (today - observed).days)
    decided_at = None
    if status in DECIDED:
        decided_at = min(submitted_at + datetime.timedelta(hours=rng.randint(2, 24 * 14)), now)
    description = demo._description(rng, subtheme=subtheme, language=language, kind=kind, polarity=polarity,
                                    group=group, frequency=frequency, affected=affected, trend=trend,
                                    channel=channel, service_area=service_area)
    proposed_action = proposed_owner = ""
    if rng.random() < (0.6 if kind == "need" else 0.3):
        actions, owners = T.PROPOSALS[national][language]
        proposed_action = rng.choice(actions)
        if rng.random() < 0.7:
            proposed_owner = rng.choice(owners)
    return {
        "county_code": county, "municipality_code": municipality, "service_area": service_area,
        "observation_type": TYPE_BY_KIND[kind], "polarity": polarity, "status": status,
        "description": description, "proposed_action": proposed_action, "proposed_owner": proposed_owner,
        "frequency": frequency, "affected_estimate": affected, "trend": trend,
        "observed_on": observed.replace(day=1) if precision == "month" else observed,
        "observed_precision": precision, "language": language, "reporter_kind": reporter_kind,
        "channel": channel, "wants_feedback": rng.random() < 0.85, "submitted_at": submitted_at,
        "decided_at": decided_at,
        "rejection_reason": rng.choice(T.MESSAGES[language]["reject"]) if status == "rejected"
        and "reject" in T.MESSAGES.get(language, {}) else "",
        "phenomena": phenomena, "client_groups": groups, "support_needs": needs,
    }


def row(values, taxonomy, *, external_id=None, user=None):
    """A Row from `synthetic()`'s dict (codes of the type and service area are turned into ids)."""
    values = dict(values)
    phenomena = values.pop("phenomena")
    groups = values.pop("client_groups")
    needs = values.pop("support_needs")
    service_area = values.pop("service_area", "")
    values["observation_type_id"] = taxonomy.types.get(values.pop("observation_type", ""))
    values["service_area_id"] = taxonomy.service_areas.get(service_area) if service_area else None
    values["external_id"] = external_id
    values["created_by_id"] = values["modified_by_id"] = user.pk if user else None
    return Row(values, phenomena, groups, needs)


def municipalities():
    """{(county, calendar year): [municipality codes]} using the classification year in force that year."""
    from rake.areas.models import Area
    from rake.areas.selectors import area_effective_year

    by_year = {}
    for code, county, year in Area.objects.filter(kind=Area.Kind.MUNICIPALITY).values_list(
            "code", "county_code", "year"):
        by_year.setdefault((county, year), []).append(code)
    result = {}
    for year in range(demo.START.year, timezone.localdate().year + 1):
        effective = area_effective_year(year)
        for county in COUNTIES:
            result[(county, year)] = sorted(by_year.get((county, effective), []))
    return result
