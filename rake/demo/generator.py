"""Synthetic demo data for `manage.py seed_demo`: organisations, users and observations.

The observations are planned deterministically (a fixed random seed) and then created through the
services in `services.py`, so that statuses and timelines are real; afterwards their dates are moved
back so that they spread from 2024-01-01 to today. Every observation carries an `external_id`
("demo-0001", …): a second run finds them and creates nothing.

All text is synthetic (see `texts.py`); e-mail addresses are on example.com.
"""

import datetime
import os
import random
import secrets
import string
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from rake.accounts.models import Role, User
from rake.accounts.services import membership_grant, organisation_get_or_create
from rake.areas.models import Area
from rake.areas.selectors import area_effective_year, area_list
from rake.taxonomy.models import Phenomenon

from rake.observations import services
from rake.observations.models import Observation, Status, TimelineEvent

from . import texts as T

SEED = 20240101
START = datetime.date(2024, 1, 1)
# Enough that every demo county has 70–390 counted observations a year: with fewer, most cells of a small
# county's protected release are hidden (ADR 0012 measures both), and the demo would show mostly "..".
DEFAULT_COUNT = 4000
# The name of an environment variable, not a password.
PASSWORD_ENV = "RAKE_DEMO_PASSWORD"  # nosec B105
# The name of a file under var/, not a password.
PASSWORD_FILE = "demo-password"  # nosec B105
MAIN_COUNTY = "15"

# county code → (share of observations, share written in Swedish, the largest municipality). Where the county's
# demo reporter speaks Swedish (a share over half), every observation is in Swedish: see build_plan.
COUNTIES = {
    "15": (30, 0.02, "179"),  # Keski-Suomi (Jyväskylä)
    "08": (15, 0.02, "837"),  # Pirkanmaa (Tampere)
    "19": (14, 0.01, "564"),  # Pohjois-Pohjanmaa (Oulu)
    "90": (16, 0.10, "091"),  # Helsinki
    "11": (9, 0.01, "405"),  # Etelä-Karjala (Lappeenranta)
    "17": (16, 0.70, "905"),  # Pohjanmaa (Vaasa), a largely Swedish-speaking county
}
NATIONAL_ORGANISATION = "THL (demo)"
ADMIN_ORGANISATION = "Rake-ylläpito (demo)"

# username, role, county ("national" for the national organisation, "admin" for the admin one), last name
MAIN_USERS = [
    ("demo-reporter", Role.REPORTER, MAIN_COUNTY, "Raportoija"),
    ("demo-coordinator", Role.COORDINATOR, MAIN_COUNTY, "Koordinaattori"),
    ("demo-analyst", Role.ANALYST, MAIN_COUNTY, "Analyytikko"),
    ("demo-viewer", Role.VIEWER, MAIN_COUNTY, "Päättäjä"),
    ("demo-national", Role.NATIONAL, "national", "Kansallinen analyytikko"),
    ("demo-admin", Role.ADMIN, "admin", "Pääkäyttäjä"),
    # The Django admin (/django-admin/) is for superusers only; demo-admin administers its county in Rake.
    ("demo-superuser", Role.ADMIN, "admin", "Ylläpitäjä"),
]
SUPERUSERS = {"demo-superuser"}

# The main county's own phenomena, counted under the national "other" (DESIGN §4.3, ADR 0015):
# code, fi, sv, en.
COUNTY_PHENOMENA = [
    ("other.15_child_welfare", "Lastensuojelu", "Barnskydd", "Child welfare"),
    ("other.15_violence", "Väkivalta ja lähisuhdeväkivalta", "Våld och våld i nära relationer",
     "Violence and domestic violence"),
    ("other.15_loneliness_of_older_people", "Ikääntyneiden yksinäisyys", "Ensamhet bland äldre",
     "Loneliness of older people"),
]

# The statuses of demo-reporter's own observations, so that "My observations" shows the whole loop.
# (status, flow variant, age of the observation in days: min, max)
DEMO_REPORTER_ITEMS = [
    ("draft", None, 0, 6), ("draft", None, 1, 12),
    ("submitted", "plain", 0, 5), ("submitted", "plain", 2, 14), ("submitted", "answered", 10, 40),
    ("clarification_requested", "plain", 3, 20), ("clarification_requested", "plain", 5, 30),
    ("accepted", "plain", 15, 90), ("accepted", "answered", 20, 120), ("accepted", "plain", 40, 200),
    ("accepted", "plain", 60, 300), ("accepted", "plain", 100, 400), ("accepted", "plain", 150, 500),
    ("used", "plain", 60, 300), ("used", "plain", 120, 450), ("used", "plain", 200, 600), ("used", "plain", 300, 650),
    ("closed", "accepted", 120, 500), ("closed", "used", 200, 650), ("closed", "direct", 60, 300),
    ("closed", "accepted", 300, 700),
    ("rejected", "plain", 30, 200), ("rejected", "answered", 60, 400), ("rejected", "plain", 200, 600),
]
STEP_KINDS = {"request_clarification", "clarification_answered", "accept", "reject", "close", "mark_used",
              "quarantine"}
# Days between one step and the previous one: (min, max).
STEP_GAPS = {
    "request_clarification": (1, 10), "answer_clarification": (0.2, 5), "accept": (2, 21), "reject": (2, 21),
    "mark_used": (20, 120), "close": (14, 150), "quarantine": (0.1, 5),
}


@dataclass
class Step:
    action: str
    message: str = ""
    classification: dict | None = None
    at: datetime.datetime | None = None


@dataclass
class PlannedObservation:
    external_id: str
    county: str
    reporter: str
    coordinator: str
    submitted_at: datetime.datetime
    submit: bool
    data: dict
    steps: list = field(default_factory=list)
    link_to: str | None = None
    status: str = ""


# --- password --------------------------------------------------------------------------------------

def demo_password():
    """(password, where it came from): RAKE_DEMO_PASSWORD, else one generated once into var/."""
    password = os.environ.get(PASSWORD_ENV, "").strip()
    if password:
        return password, f"environment variable {PASSWORD_ENV}"
    path = Path(settings.VAR_DIR) / PASSWORD_FILE
    if path.exists() and path.read_text(encoding="utf-8").strip():
        return path.read_text(encoding="utf-8").strip(), str(path)
    alphabet = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
    password = "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return password, f"generated, stored in {path}"


# --- organisations and users ------------------------------------------------------------------------

def county_organisations(counties, label):
    """{county code: the organisation "<county name> (<label>)"}, created when missing."""
    names = {area.code: area.name_fi for area in area_list(kind=Area.Kind.COUNTY) if area.code in counties}
    missing = sorted(set(counties) - set(names))
    if missing:
        raise RuntimeError(f"Areas for counties {missing} are missing: run `manage.py migrate` first.")
    return {code: organisation_get_or_create(name=f"{names[code]} ({label})", county_code=code)
            for code in counties}


def ensure_organisations():
    organisations = county_organisations(COUNTIES, "demo")
    organisations["national"] = organisation_get_or_create(name=NATIONAL_ORGANISATION, is_national=True)
    organisations["admin"] = organisation_get_or_create(name=ADMIN_ORGANISATION, county_code=MAIN_COUNTY)
    return organisations


def user_specs():
    """(username, role, organisation key, last name, preferred language) of every demo user."""
    specs = [(u, r, o, n, "fi") for u, r, o, n in MAIN_USERS]
    for code in COUNTIES:
        language = "sv" if COUNTIES[code][1] > 0.5 else "fi"
        reporter, coordinator = ("Rapportör", "Koordinator") if language == "sv" else ("Raportoija", "Koordinaattori")
        specs.append((f"demo-reporter-{code}", Role.REPORTER, code, f"{reporter} {code}", language))
        if code != MAIN_COUNTY:
            specs.append((f"demo-coordinator-{code}", Role.COORDINATOR, code, f"{coordinator} {code}", language))
    return specs


def ensure_users(password, organisations):
    """Create the demo users and memberships; reset a password that differs. Returns ({name: user}, created)."""
    hashed = None
    verified = {}
    users, created_count = {}, 0
    for username, role, organisation_key, last_name, language in user_specs():
        superuser = username in SUPERUSERS
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.com", "first_name": "Demo", "last_name": last_name,
                      "is_staff": superuser, "is_superuser": superuser, "preferred_language": language},
        )
        if (user.is_staff, user.is_superuser) != (superuser, superuser):
            # Demo databases seeded before demo-superuser existed made demo-admin a superuser.
            user.is_staff = user.is_superuser = superuser
            user.save(update_fields=["is_staff", "is_superuser"])
        # One hash for all: hashing is slow on purpose, and every demo user has the same password anyway.
        if user.password not in verified:
            verified[user.password] = bool(user.password) and check_password(password, user.password)
        if created or not verified[user.password]:
            hashed = hashed or make_password(password)
            user.password = hashed
            user.save(update_fields=["password"])
        created_count += created
        membership_grant(user=user, organisation=organisations[organisation_key], role=role)
        users[username] = user
    return users, created_count


def ensure_county_phenomena():
    """The main county's own phenomena under the national "other"; returns how many were created."""
    other = Phenomenon.objects.get(code="other", parent__isnull=True)
    created = 0
    for order, (code, fi, sv, en) in enumerate(COUNTY_PHENOMENA, start=100):
        _phenomenon, is_new = Phenomenon.objects.get_or_create(code=code, defaults={
            "parent": other, "county_code": MAIN_COUNTY, "national_code": other.code, "label_fi": fi,
            "label_sv": sv, "label_en": en, "sort_order": order, "valid_from": START})
        created += is_new
    return created


# --- the plan ------------------------------------------------------------------------------------------

def municipality_codes(counties=COUNTIES):
    """{(county, calendar year): [municipality codes]} from 2024 to this year, each year with the
    classification in force that year (the nearest one that exists)."""
    by_year = {}
    for code, county, year in Area.objects.filter(kind=Area.Kind.MUNICIPALITY, county_code__in=counties) \
            .values_list("code", "county_code", "year"):
        by_year.setdefault((county, year), []).append(code)
    result = {}
    for year in range(START.year, timezone.localdate().year + 1):
        effective = area_effective_year(year)
        for county in counties:
            result[(county, year)] = sorted(by_year.get((county, effective), []))
    return result


def _local(date, rng):
    naive = datetime.datetime.combine(date, datetime.time(rng.randint(8, 15), rng.randint(0, 59)))
    return timezone.make_aware(naive)


def _fill(text, group, language):
    nominative, partitive, swedish = T.CLIENT_GROUPS[group]
    if language == "sv":
        return text.format(group=swedish, group_p=swedish, Group=swedish[:1].upper() + swedish[1:])
    return text.format(group=nominative, group_p=partitive, Group=nominative[:1].upper() + nominative[1:])


def _description(rng, *, subtheme, language, kind, polarity, group, frequency, affected, trend, channel,
                 service_area):
    texts = T.SUBTHEMES[subtheme][language]
    parts = []
    if channel != "social_report":
        parts.append(rng.choice(T.PREFACES[language][channel]))
    elif kind == "good" and rng.random() < 0.5:
        parts.append(rng.choice(T.PREFACES[language]["good_practice"]))
    elif rng.random() < 0.2:
        parts.append(rng.choice(T.PREFACES[language]["social_report"]))
    core = list(texts[kind])
    rng.shuffle(core)
    parts.append(core[0])
    if kind == "need" and len(core) > 1 and rng.random() < 0.35:
        parts.append(core[1])
    elif kind == "effect_neg" and rng.random() < 0.3:
        parts.append(rng.choice(texts["need"]))
    positive = kind in ("good", "effect_pos")
    if polarity == "mixed":
        parts.append(rng.choice(T.MIXED_GOOD[language] if positive else T.MIXED[language]))
    if positive:
        if rng.random() < 0.7:
            parts.append(rng.choice(T.POSITIVE_FOLLOW_UPS[language]))
    else:
        if frequency and rng.random() < 0.6:
            parts.append(rng.choice(T.FREQUENCY[language][frequency]))
        if affected in T.AFFECTED[language] and rng.random() < 0.5:
            parts.append(T.AFFECTED[language][affected])
        if trend in T.TREND[language] and rng.random() < 0.5:
            parts.append(rng.choice(T.TREND[language][trend]))
    if rng.random() < 0.35:
        place = rng.choice(T.PLACES[language])
        parts.append(rng.choice(T.PLACE_SENTENCES[language]).format(place=place))
    if service_area in T.SERVICE_PHRASES[language] and rng.random() < 0.2:
        service = T.SERVICE_PHRASES[language][service_area]
        parts.append(rng.choice(T.SERVICE_SENTENCES[language]).format(service=service))
    return " ".join(_fill(part, group, language) for part in parts)


def pick_status(rng, age_days, *, drafts=True):
    """Mostly accepted, used or closed; recent ones more often still waiting; some rejected. `drafts=False`
    for observations that are all submitted (generate_benchmark_data)."""
    if age_days < 14:
        table = [("submitted", 45), ("clarification_requested", 18), ("accepted", 22), ("rejected", 4),
                 ("draft", 6), ("quarantined", 2), ("closed", 3)]
    elif age_days < 90:
        table = [("submitted", 12), ("clarification_requested", 8), ("accepted", 40), ("used", 15), ("closed", 10),
                 ("rejected", 8), ("quarantined", 2), ("draft", 1)]
    else:
        table = [("submitted", 3), ("clarification_requested", 2), ("accepted", 27), ("used", 28), ("closed", 29),
                 ("rejected", 8), ("quarantined", 3)]
    statuses, weights = zip(*[(status, weight) for status, weight in table if drafts or status != "draft"])
    return rng.choices(statuses, weights)[0]


def _steps(rng, status, variant, language, *, classification):
    messages = T.MESSAGES[language]

    def ask():
        index = rng.randrange(len(messages["request_clarification"]))
        return [Step("request_clarification", messages["request_clarification"][index]),
                Step("answer_clarification", messages["answer"][index % len(messages["answer"])])]

    def accept():
        message = rng.choice(messages["accept"]) if rng.random() < 0.75 else ""
        return [Step("accept", message, classification)]

    if variant is None:
        variant = {
            "submitted": "answered" if rng.random() < 0.2 else "plain",
            "clarification_requested": "twice" if rng.random() < 0.1 else "plain",
            "accepted": "answered" if rng.random() < 0.2 else "plain",
            "closed": rng.choices(["accepted", "used", "direct"], [50, 25, 25])[0],
            "rejected": "answered" if rng.random() < 0.2 else "plain",
            "quarantined": "accepted" if rng.random() < 0.5 else "plain",
        }.get(status, "plain")
    steps = []
    if variant in ("answered", "twice"):
        steps += ask()
    if status == "clarification_requested":
        steps += ask()[:1]
    elif status == "accepted":
        steps += accept()
    elif status == "used":
        steps += accept() + [Step("mark_used", rng.choice(messages["mark_used"]))]
    elif status == "closed":
        if variant in ("accepted", "used"):
            steps += accept()
        if variant == "used":
            steps.append(Step("mark_used", rng.choice(messages["mark_used"])))
        steps.append(Step("close", rng.choice(messages["close"]) if rng.random() < 0.85 else ""))
    elif status == "rejected":
        steps.append(Step("reject", rng.choice(messages["reject"])))
    elif status == "quarantined":
        if variant == "accepted":
            steps += accept()
        steps.append(Step("quarantine", rng.choice(messages["quarantine"])))
    return steps


def _time_steps(rng, start, steps, now):
    """Give each step a time after `start`, squeezed to end before `now`."""
    offsets, total = [], datetime.timedelta()
    for step in steps:
        low, high = STEP_GAPS[step.action]
        total += datetime.timedelta(days=rng.uniform(low, high), minutes=rng.randint(0, 240))
        offsets.append(total)
    latest = now - datetime.timedelta(minutes=10)
    if offsets and start + offsets[-1] > latest:
        room = max(latest - start, datetime.timedelta(minutes=len(steps) * 10))
        offsets = [offset * (room / offsets[-1]) for offset in offsets]
    previous = start
    for step, offset in zip(steps, offsets):
        step.at = _office_hours(rng, start + offset, previous, latest)
        previous = step.at
        if step.action == "mark_used":
            half = 1 if step.at.month <= 6 else 2
            step.message = step.message.format(period=f"{half}/{step.at.year}")


def _office_hours(rng, moment, previous, latest):
    """Move a coordinator's action to a weekday between 8 and 16, keeping the order of the timeline."""
    local = timezone.localtime(moment)
    day = local.date()
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    candidate = timezone.make_aware(datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 15), rng.randint(0, 59))))
    if candidate > latest:
        candidate = moment if moment <= latest else latest
    if candidate <= previous:
        candidate = min(previous + datetime.timedelta(minutes=rng.randint(5, 90)), latest)
    return max(candidate, previous + datetime.timedelta(minutes=1))


def random_date(rng, today, min_age=None, max_age=None):
    """A date from 2024-01-01 to `today` (later ones more likely), or `min_age`..`max_age` days back."""
    span = (today - START).days
    if min_age is not None:
        low, high = min(min_age, span), min(max_age, span)
        return today - datetime.timedelta(days=rng.randint(low, high))
    # Use of the service grows over time: later dates are more likely.
    return START + datetime.timedelta(days=int(span * rng.random() ** 0.75))


TYPE_BY_KIND = {"need": "need", "effect_neg": "service_effect", "effect_pos": "service_effect",
                "good": "good_practice"}
KINDS = ["need", "effect_neg", "effect_pos", "good"]


def draw_item(rng, index, *, language, observed, today, now):
    """The content of one synthetic observation, drawn from `rng`: classification, text, frequency,
    channel, proposal, date precision and submission time. Used by seed_demo and generate_benchmark_data;
    each picks the county, language, date, municipality and status itself.

    The first 2 × (number of sub-themes) items (by `index`) cycle through every sub-theme, text kind and
    national phenomenon, so that even a small run covers the whole taxonomy. Returns a dict with
    `observed_on` (the first of the month when `observed_precision` is "month"), `submitted_at`, the
    classification codes (`phenomena` first the primary one, `client_groups`, `support_needs`) and the
    sub-theme, national phenomenon, text kind and client group it was written about.
    """
    subthemes = list(T.SUBTHEMES)
    covering = index < 2 * len(subthemes)
    subtheme = subthemes[index % len(subthemes)] if covering else rng.choice(subthemes)
    kind = KINDS[index % len(KINDS)] if covering else rng.choices(KINDS, [55, 20, 10, 15])[0]
    national = subtheme.split(".")[0]
    spec = T.SUBTHEMES[subtheme]
    if kind in ("good", "effect_pos"):
        polarity = "positive" if rng.random() < 0.8 else "mixed"
    else:
        polarity = "negative" if rng.random() < 0.78 else "mixed"
    group = rng.choice(spec["groups"])
    frequency = rng.choices(["recurring", "single_case", "weak_signal", ""], [50, 15, 20, 15])[0]
    affected = rng.choices(["1", "2-5", "6-20", "over_20", ""], [8, 35, 30, 12, 15])[0]
    if frequency == "single_case":
        affected = "1"
    trend = rng.choices(["increasing", "stable", "new", "decreasing", "unknown"], [35, 20, 10, 8, 27])[0]
    if trend == "new" and frequency == "recurring":
        trend = "increasing"
    channel = rng.choices(["social_report", "ombudsman", "client_feedback"], [88, 6, 6])[0]
    reporter_kind = "client" if channel == "client_feedback" else "professional"
    if channel == "social_report" and rng.random() < 0.04:
        reporter_kind = "ngo"
    service_key = subtheme if subtheme in T.SERVICE_AREAS else national
    service_area = rng.choice(T.SERVICE_AREAS[service_key]) if rng.random() < 0.85 else ""
    if service_area == "" and rng.random() < 0.2:
        service_area = "other_service"

    # The reporter's phenomena: the sub-theme or its parent (every other covering item: the parent, so that
    # each national phenomenon comes up too), sometimes a second one.
    phenomena = [national if (covering and index % 2) or rng.random() < 0.2 else subtheme]
    if rng.random() < 0.2:
        second = rng.choice(T.RELATED_PHENOMENA[national])
        if second not in phenomena:
            phenomena.append(second)
    groups = [group] + ([g for g in rng.sample(spec["groups"], len(spec["groups"])) if g != group][:1]
                        if rng.random() < 0.25 else [])
    needs = rng.sample(spec["needs"], min(len(spec["needs"]), rng.choice([1, 1, 2])))

    description = _description(rng, subtheme=subtheme, language=language, kind=kind, polarity=polarity,
                               group=group, frequency=frequency, affected=affected, trend=trend, channel=channel,
                               service_area=service_area)
    proposed_action = proposed_owner = ""
    if rng.random() < (0.6 if kind == "need" else 0.3):
        actions, owners = T.PROPOSALS[national][language]
        proposed_action = rng.choice(actions)
        if rng.random() < 0.7:
            proposed_owner = rng.choice(owners)
    wants_feedback = rng.random() < 0.85
    precision = "month" if rng.random() < 0.1 else "day"
    submitted_at = _local(min(observed + datetime.timedelta(days=rng.choice([0, 0, 1, 2, 3, 7, 14])), today), rng)
    if submitted_at > now - datetime.timedelta(minutes=30):
        submitted_at = now - datetime.timedelta(minutes=rng.randint(30, 600))
    return {
        "subtheme": subtheme, "national": national, "kind": kind, "group": group,
        "observation_type": TYPE_BY_KIND[kind], "polarity": polarity, "phenomena": phenomena,
        "client_groups": groups, "support_needs": needs, "service_area": service_area,
        "description": description, "proposed_action": proposed_action, "proposed_owner": proposed_owner,
        "frequency": frequency, "affected_estimate": affected, "trend": trend, "language": language,
        "reporter_kind": reporter_kind, "channel": channel, "wants_feedback": wants_feedback,
        "observed_on": observed.replace(day=1) if precision == "month" else observed,
        "observed_precision": precision, "submitted_at": submitted_at,
    }


def draw_municipality(rng, codes, central=None):
    """A municipality from `codes` (often `central`, the county's largest, when given), or "" for about
    15 in 100 observations."""
    roll = rng.random()
    if codes and central and roll < 0.45:
        return central if central in codes else codes[0]
    if codes and roll < 0.85:
        return rng.choice(codes)
    return ""


def build_plan(*, count=DEFAULT_COUNT, today=None, now=None, municipalities=None):
    """The demo observations, deterministic for a given day. `municipalities` as from municipality_codes()."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    municipalities = municipalities if municipalities is not None else municipality_codes()
    # Reproducible synthetic demo data, not security.
    rng = random.Random(SEED)  # nosec B311
    county_codes = list(COUNTIES)
    county_weights = [COUNTIES[c][0] for c in county_codes]
    reporter_languages = {username: language for username, _role, _key, _name, language in user_specs()}
    plan = []
    for index in range(count):
        # Reproducible synthetic demo data, not security.
        item_rng = random.Random(rng.getrandbits(64))  # nosec B311
        scripted = DEMO_REPORTER_ITEMS[index] if index < len(DEMO_REPORTER_ITEMS) else None
        if scripted:
            county, reporter = MAIN_COUNTY, "demo-reporter"
            status, variant, min_age, max_age = scripted
            observed = random_date(item_rng, today, min_age, max_age)
        else:
            county = item_rng.choices(county_codes, county_weights)[0]
            reporter = f"demo-reporter-{county}"
            status, variant = None, None
            observed = random_date(item_rng, today)
        coordinator = "demo-coordinator" if county == MAIN_COUNTY else f"demo-coordinator-{county}"
        swedish_share, central = COUNTIES[county][1], COUNTIES[county][2]
        language = "sv" if item_rng.random() < swedish_share else "fi"
        if reporter_languages.get(reporter) == "sv":
            # A Swedish-speaking reporter writes in Swedish, and the coordinator answers in Swedish: the
            # conversation is in the observation's language (drawn all the same, so the rest of the plan stays).
            language = "sv"
        item = draw_item(item_rng, index, language=language, observed=observed, today=today, now=now)
        municipality = draw_municipality(item_rng, municipalities.get((county, observed.year), []), central)

        classification = None
        given_groups, given_needs = item["client_groups"], item["support_needs"]
        if item_rng.random() < 0.35:  # the reporter left these out; the coordinator adds them on acceptance
            given_groups, given_needs = [], []
            classification = {"client_groups": item["client_groups"], "support_needs": item["support_needs"]}
        data = {key: item[key] for key in (
            "service_area", "observation_type", "polarity", "phenomena", "description", "frequency",
            "affected_estimate", "trend", "language", "reporter_kind", "channel", "wants_feedback")}
        data.update(county=county, municipality=municipality, client_groups=given_groups, support_needs=given_needs,
                    observed_on=item["observed_on"].strftime("%Y-%m") if item["observed_precision"] == "month"
                    else item["observed_on"].isoformat())
        for key in ("proposed_action", "proposed_owner"):
            if item[key]:
                data[key] = item[key]

        if status is None:
            status = pick_status(item_rng, (today - observed).days)
        steps = _steps(item_rng, status, variant, language, classification=classification)
        _time_steps(item_rng, item["submitted_at"], steps, now)
        plan.append(PlannedObservation(
            external_id="", county=county, reporter=reporter, coordinator=coordinator,
            submitted_at=item["submitted_at"], submit=status != "draft", data=data, steps=steps, status=status,
        ))

    plan.sort(key=lambda p: (p.submitted_at, p.reporter))
    for number, item in enumerate(plan, start=1):
        item.external_id = f"demo-{number:04d}"
    # Coordinators link a few accepted observations to an earlier one on the same phenomenon.
    latest = {}
    for item in plan:
        national = item.data["phenomena"][0].split(".")[0]
        key = (item.county, national)
        accepted = any(step.action == "accept" for step in item.steps) and item.status != "quarantined"
        if accepted and key in latest and rng.random() < 0.08:
            item.link_to = latest[key]
        if accepted:
            latest[key] = item.external_id
    return plan


# --- applying the plan ------------------------------------------------------------------------------

def _run_step(step, *, observation, reporter, coordinator):
    if step.action == "request_clarification":
        return services.observation_request_clarification(user=coordinator, observation=observation,
                                                          question=step.message)
    if step.action == "answer_clarification":
        return services.observation_answer_clarification(user=reporter, observation=observation,
                                                         answer=step.message)
    if step.action == "accept":
        return services.observation_accept(user=coordinator, observation=observation, message=step.message,
                                           classification=step.classification)
    if step.action == "mark_used":
        return services.observation_mark_used(user=coordinator, observation=observation, message=step.message)
    if step.action == "close":
        return services.observation_close(user=coordinator, observation=observation, message=step.message)
    if step.action == "reject":
        return services.observation_reject(user=coordinator, observation=observation, reason=step.message)
    if step.action == "quarantine":
        return services.observation_quarantine(user=coordinator, observation=observation, reason=step.message)
    raise ValueError(step.action)


def _create_one(item, users, link_targets):
    reporter, coordinator = users[item.reporter], users[item.coordinator]
    observation, _created = services.observation_create(user=reporter, data=dict(item.data), submit=item.submit)
    for step in item.steps:
        observation = _run_step(step, observation=observation, reporter=reporter, coordinator=coordinator)
    link_time = None
    if item.link_to and item.link_to in link_targets:
        services.observation_link(user=coordinator, observation=observation, other_id=link_targets[item.link_to])
        accept = next(step for step in item.steps if step.action == "accept")
        link_time = accept.at + datetime.timedelta(minutes=30)

    # Move the dates back: the observation, then its timeline in order.
    step_times = [step.at for step in item.steps]
    events = list(TimelineEvent.objects.filter(observation=observation).order_by("id"))
    changed = []
    position = 0
    for index, event in enumerate(events):
        if index == 0:
            event.created_at = item.submitted_at
        elif event.kind == "classified":
            event.created_at = step_times[position] - datetime.timedelta(minutes=4)
        elif event.kind == "linked":
            event.created_at = link_time
        elif event.kind in STEP_KINDS:
            event.created_at = step_times[position]
            position += 1
        changed.append(event)
    if link_time:
        for event in TimelineEvent.objects.filter(kind="linked", observation_id=link_targets[item.link_to],
                                                  data__related=observation.pk):
            event.created_at = link_time
            changed.append(event)
    decided = [s.at for s in item.steps if s.action in ("accept", "reject")]
    last = max([item.submitted_at] + step_times)
    Observation.objects.filter(pk=observation.pk).update(
        external_id=item.external_id, created_at=item.submitted_at, modified_at=last,
        submitted_at=item.submitted_at if item.submit else None, decided_at=decided[-1] if decided else None,
    )
    return observation, changed


def seed(*, count=DEFAULT_COUNT, password, stdout=None):
    """Create what is missing. Returns a dict of what was created and found."""
    started = timezone.now()
    with transaction.atomic():
        organisations = ensure_organisations()
        users, users_created = ensure_users(password, organisations)
        ensure_county_phenomena()
        plan = build_plan(count=count)
        existing = dict(Observation.objects.filter(external_id__startswith="demo-")
                        .values_list("external_id", "pk"))
        missing = [item for item in plan if item.external_id not in existing]
        link_targets = dict(existing)
        events = []
        created = Counter()
        for number, item in enumerate(missing, start=1):
            observation, changed = _create_one(item, users, link_targets)
            link_targets[item.external_id] = observation.pk
            events.extend(changed)
            created[item.status] += 1
            if stdout and number % 250 == 0:
                stdout.write(f"  … {number}/{len(missing)} observations")
        TimelineEvent.objects.bulk_update(events, ["created_at"], batch_size=500)
    return {
        "users_created": users_created,
        "users": users,
        "observations_created": sum(created.values()),
        "observations_found": len(plan) - len(missing),
        "created_by_status": created,
        "seconds": (timezone.now() - started).total_seconds(),
    }


def summary():
    """Counts of the demo observations now in the database."""
    demo = Observation.objects.filter(external_id__startswith="demo-")
    return {
        "total": demo.count(),
        "status": Counter(demo.values_list("status", flat=True)),
        "county": Counter(demo.values_list("county_code", flat=True)),
        "language": Counter(demo.values_list("language", flat=True)),
        "type": Counter(demo.values_list("observation_type__code", flat=True)),
        "polarity": Counter(demo.values_list("polarity", flat=True)),
        "phenomena": Phenomenon.objects.filter(observations__external_id__startswith="demo-").distinct().count(),
        "phenomena_total": Phenomenon.objects.filter(county_code="").count(),
        "first": demo.order_by("observed_on").values_list("observed_on", flat=True).first(),
        "last": demo.order_by("-observed_on").values_list("observed_on", flat=True).first(),
        "mine": Counter(demo.filter(created_by__username="demo-reporter").values_list("status", flat=True)),
    }


def status_order():
    return [s.value for s in Status]
