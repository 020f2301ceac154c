"""Synthetic observations for the benchmarks (`manage.py generate_benchmark_data`, scripts/bench*.py): seed_demo's
generator (rake.demo.generator) spread over every county by population, as rows for the loader
(rake.demo.loader). `synthetic()` describes one realistic observation (county, municipality of that county in
that year, date, status, and the classification and Finnish or Swedish text of `generator.draw_item`),
deterministically from a `random.Random`.
"""

import datetime
from itertools import accumulate

from django.utils import timezone

from . import generator
from . import texts as T
from .loader import Row

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
DECIDED = {"accepted", "used", "closed", "rejected", "quarantined"}

def synthetic(rng, index, *, municipalities, today=None, now=None):
    """One realistic observation as a dict of field values and relation codes (generator.draw_item's content
    in a county drawn by population, always submitted).

    `municipalities` is {(county, calendar year): [codes]} (see `municipalities()`).
    """
    today = today or timezone.localdate()
    now = now or timezone.now()
    county = rng.choices(_COUNTY_CODES, cum_weights=_COUNTY_CUM_WEIGHTS)[0]
    language = "sv" if rng.random() < COUNTIES[county][1] else "fi"
    observed = generator.random_date(rng, today)
    item = generator.draw_item(rng, index, language=language, observed=observed, today=today, now=now)
    municipality = generator.draw_municipality(rng, municipalities.get((county, observed.year), []))
    status = generator.pick_status(rng, (today - observed).days, drafts=False)
    decided_at = None
    if status in DECIDED:
        decided_at = min(item["submitted_at"] + datetime.timedelta(hours=rng.randint(2, 24 * 14)), now)
    rejection_reasons = T.MESSAGES.get(language, {}).get("reject")
    values = {key: value for key, value in item.items() if key not in ("subtheme", "national", "kind", "group")}
    return {
        **values, "county_code": county, "municipality_code": municipality, "status": status,
        "decided_at": decided_at,
        "rejection_reason": rng.choice(rejection_reasons) if status == "rejected" and rejection_reasons else "",
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
    """{(county, calendar year): [municipality codes]} of every county, with the classification in force
    that year."""
    return generator.municipality_codes(COUNTIES)
