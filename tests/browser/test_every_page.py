"""Every page, as every role, in Finnish and Swedish, at 1280 px and on a 390 px phone (issue 16, points 3–4).

The pages are enumerated from the URLconf, with real ids from the demo (a small `seed_demo` and
`seed_demo_loop`): a new page the crawler cannot reach makes `test_every_html_route_is_crawled` fail until it is
listed below. On each page the crawler checks that

- the document does not scroll sideways, and a table wider than its box scrolls in a labelled, keyboard-focusable
  region whose caption stays readable; the navigation fits one row at 1280 px (or folds into a menu);
- the text a person reads is in the page's language: no internal code (snake_case or dotted codes, role codes in
  brackets, period codes), no ISO date or month, and no English sentence of the catalogue left untranslated.

axe is not run here: the pages' own browser tests run it. One browser context per role and language; each page is
loaded once and checked at both widths (the viewport is resized, and the layout with it).
"""

import gettext
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Error as PlaywrightError

from tests.browser.helpers import PASSWORD, log_in

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = (1280, 390)
# demo user of each role (demo-viewer is the county's decision-maker); None: a visitor who is not logged in.
ROLES = {
    "reporter": "demo-reporter", "coordinator": "demo-coordinator", "analyst": "demo-analyst",
    "decision-maker": "demo-viewer", "national": "demo-national", "admin": "demo-admin", "public": None,
}
# URL prefixes that are not pages of the site: the API (its own docs page is Swagger's), Django's admin (for
# superusers only, in English), the language switch and the JavaScript catalogue.
SKIPPED_PREFIXES = ("api/", "django-admin/", "i18n/", "jsi18n/", "accounts/oidc/")
# Routes that answer with something other than an HTML page (files) or only to a form's POST.
NOT_PAGES = {
    "analysis:dashboard_download", "publishing:public_version_pdf", "publishing:public_infographic_svg",
    "publishing:public_infographic_png", "publishing:public_table_csv", "publishing:public_table_xlsx",
    "observations:answer", "observations:action", "publishing:quote_approve", "publishing:quote_remove",
    "proposals:action", "accounts:logout", "observations:mine_notifications",
    "administration:user_active", "administration:user_password_link", "administration:membership_add",
    "administration:membership_remove",
}
# Pages worth a second look with a query: the dashboard narrowed to one county and phenomenon shows the
# municipalities and the sub-themes.
EXTRA_PATHS = ["/analysis/dashboard/?county=15&phenomenon=homelessness"]


def _routes(patterns=None, prefix="", namespace=""):
    """(name with namespace, route text) of every named route of the URLconf."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)


def html_routes():
    return sorted((name, route) for name, route in _routes()
                  if not route.startswith(SKIPPED_PREFIXES) and name not in NOT_PAGES)


# --- the demo ----------------------------------------------------------------------------------------------

@pytest.fixture
def demo(monkeypatch):
    """A small demo (the same generator as `make seed`), and the ids its pages need."""
    from rake.accounts.models import User
    from rake.demo import generator as demo_data
    from rake.observations.models import Observation, Status
    from rake.proposals.models import Proposal
    from rake.publishing import services as publishing
    from rake.publishing.models import Publication
    from rake.taxonomy.models import Phenomenon

    monkeypatch.setenv("RAKE_DEMO_PASSWORD", PASSWORD)
    demo_data.seed(count=160, password=PASSWORD, stdout=io.StringIO())
    call_command("seed_demo_loop", stdout=io.StringIO())
    mine = Observation.objects.filter(created_by__username="demo-reporter")
    published = Publication.objects.filter(versions__isnull=False).first()
    version = published.versions.order_by("-number").first()
    coordinator = User.objects.get(username="demo-coordinator")
    draft_report = publishing.publication_create(user=coordinator, county="15", period=str(version.published_at.year),
                                                 language="sv", audience="board")
    proposal = Proposal.objects.filter(county_code="15").order_by("pk").first()
    reporter = User.objects.get(username="demo-reporter")
    own_phenomenon = Phenomenon.objects.filter(county_code="15").order_by("pk").first()
    observations = [
        mine.filter(status=Status.DRAFT).order_by("pk").first(),
        mine.filter(status=Status.CLARIFICATION_REQUESTED).order_by("pk").first(),
        mine.filter(status=Status.ACCEPTED).exclude(events__message="").order_by("pk").first(),
        proposal.observations.order_by("pk").first(),
    ]
    swedish = Observation.objects.filter(county_code="15", language="sv").order_by("pk").first()
    if swedish is not None:
        observations.append(swedish)
    observation_ids = list(dict.fromkeys(o.pk for o in observations if o is not None))
    return {
        "observation": observation_ids,
        "publication": [draft_report.pk, published.pk],
        "version": [(published.county_code, published.pk, version.number)],
        "proposal": [proposal.pk],
        "county": [published.county_code],
        "user": [reporter.pk],
        "phenomenon": [own_phenomenon.pk] if own_phenomenon else [],
        # The link an administrator sends: a valid one for the reporter.
        "password_link": [(urlsafe_base64_encode(force_bytes(reporter.pk)),
                           default_token_generator.make_token(reporter))],
    }


def page_paths(demo):
    """Every HTML page of the URLconf, filled in with the demo's ids; raises KeyError for a route it cannot fill."""
    fill = {
        "observations:detail": [(pk,) for pk in demo["observation"]],
        "observations:edit": [(demo["observation"][0],)],
        "observations:delete": [(demo["observation"][0],)],
        "observations:hard_delete": [(demo["observation"][0],)],
        "publishing:edit": [(pk,) for pk in demo["publication"]],
        "publishing:preview": [(pk,) for pk in demo["publication"]],
        "publishing:quotes": [(pk,) for pk in demo["publication"]],
        "publishing:publish": [(demo["publication"][0],)],
        "publishing:public_county": [(county,) for county in demo["county"]],
        "publishing:public_version": demo["version"],
        "proposals:detail": [(pk,) for pk in demo["proposal"]],
        "proposals:public": [(pk,) for pk in demo["proposal"]],
        "administration:user": [(pk,) for pk in demo["user"]],
        "administration:phenomenon": [(pk,) for pk in demo["phenomenon"]],
        "accounts:password_set": demo["password_link"],
    }
    paths = []
    for name, route in html_routes():
        if "<" not in route:
            paths.append(reverse(name))
        else:
            paths.extend(reverse(name, args=args) for args in fill[name])
    return paths + EXTRA_PATHS


def test_every_html_route_is_crawled(db):
    """A new page is either filled in by page_paths() or listed as not a page: the crawler sees every page."""
    fake = {"observation": [1], "publication": [1], "version": [("15", 1, 1)], "proposal": [1], "county": ["15"],
            "user": [1], "phenomenon": [1], "password_link": [("MQ", "token")]}
    try:
        page_paths(fake)
    except KeyError as error:
        pytest.fail(f"The crawler of every page does not know how to fill in {error}: add it to page_paths() "
                    "(or to NOT_PAGES if it is not an HTML page).")


# --- what is checked on a page -----------------------------------------------------------------------------

# Runs in the page: what does not fit at the current width. Returns readable strings.
FIT_JS = r"""
() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) {
    problems.push(`the page scrolls sideways by ${doc.scrollWidth - doc.clientWidth} px`);
  }
  const describe = (el) => {
    const id = el.id ? `#${el.id}` : "";
    const caption = el.querySelector && el.querySelector("caption");
    return `${el.tagName.toLowerCase()}${id}${caption ? ` “${caption.textContent.trim().slice(0, 60)}”` : ""}`;
  };
  const clips = (el) => {
    const style = getComputedStyle(el);
    return ["hidden", "clip", "auto", "scroll"].includes(style.overflowX);
  };
  for (const table of document.querySelectorAll("main table, header table")) {
    // The nearest box that clips the table sideways: a scroll region, or something that would cut it.
    let box = table.parentElement;
    while (box && box !== document.body && !clips(box)) box = box.parentElement;
    const width = table.getBoundingClientRect().width;
    const room = box && box !== document.body ? box.clientWidth : doc.clientWidth;
    if (width <= room + 1) continue;
    // At a desktop width a table of the site fits whole (the queue's description was cut at 1280 px); only a
    // report's figure, in the report's narrow column, may scroll.
    if (window.innerWidth >= 1200 && !table.closest(".report")) {
      problems.push(`${describe(table)} is ${Math.round(width)} px wide in ${Math.round(room)} px at a desktop width`);
    }
    const overflowX = box && box !== document.body ? getComputedStyle(box).overflowX : "visible";
    const scrolls = ["auto", "scroll"].includes(overflowX);
    const labelledBy = box && box.getAttribute && box.getAttribute("aria-labelledby");
    const named = (id) => (document.getElementById(id) || {}).textContent || "";
    const label = (box && box.getAttribute && box.getAttribute("aria-label")) ||
      (labelledBy ? labelledBy.split(/\s+/).map(named).join(" ") : "");
    const region = box && box.getAttribute && box.getAttribute("role") === "region";
    const focusable = box && box.tabIndex >= 0;
    if (!(scrolls && region && label.trim() && focusable)) {
      problems.push(`${describe(table)} is ${Math.round(width)} px wide in ${Math.round(room)} px without a ` +
                    `labelled, focusable scroll region (overflow ${overflowX}, role ${region}, ` +
                    `label “${label.trim()}”, focusable ${focusable})`);
    }
    // Its caption (the region's name) is read whole, not cut at the region's edge.
    const caption = table.querySelector("caption");
    if (caption && box && box !== document.body) {
      const c = caption.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      if (c.width > 0 && (c.left < b.left - 1 || c.right > b.right + 1)) {
        problems.push(`the caption of ${describe(table)} is cut at the edge of its region`);
      }
    }
  }
  // A cell's text cut with an ellipsis or hidden overflow, such as a description column squeezed to nothing.
  for (const cell of document.querySelectorAll("main td, main th")) {
    const style = getComputedStyle(cell);
    const cuts = style.overflowX === "hidden" || style.textOverflow === "ellipsis";
    if (cell.scrollWidth > cell.clientWidth + 1 && cuts) {
      problems.push(`a cell is cut: “${cell.textContent.trim().slice(0, 40)}”`);
    }
  }
  // Columns pushed out of a table's own box (a table squeezed by a fixed width).
  for (const region of document.querySelectorAll("main [role=region]")) {
    const r = region.getBoundingClientRect();
    if (r.right > doc.clientWidth + 1 && getComputedStyle(region).position !== "fixed") {
      problems.push(`the region “${region.getAttribute("aria-labelledby") || ""}” reaches past the screen's edge`);
    }
  }
  // The navigation: one row at a desktop width, unless it is folded into a menu.
  const items = [...document.querySelectorAll(".rake-nav li")].filter((li) => li.offsetParent !== null);
  if (window.innerWidth >= 1200 && items.length) {
    const rows = new Set(items.map((li) => Math.round(li.getBoundingClientRect().top)));
    if (rows.size > 1) problems.push(`the navigation wraps to ${rows.size} rows`);
  }
  return problems;
}
"""

# Runs in the page: the text a person reads or hears (text, and the names, titles and placeholders of elements),
# leaving out what is in another language (lang), code on purpose (<code>, translate=no) and form values.
TEXTS_JS = r"""
() => {
  const pageLang = document.documentElement.lang;
  const texts = [];
  const skip = (el) => {
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      if (["SCRIPT", "STYLE", "CODE", "PRE", "KBD", "TEMPLATE", "NOSCRIPT"].includes(e.tagName)) return true;
      if (e.getAttribute("translate") === "no") return true;
      const lang = e.getAttribute("lang");
      if (lang && lang.split("-")[0] !== pageLang) return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (text && !skip(node.parentElement)) texts.push(text);
  }
  for (const el of document.querySelectorAll("[title], [aria-label], [placeholder], img[alt], [aria-description]")) {
    if (skip(el)) continue;
    for (const attr of ["title", "aria-label", "placeholder", "alt", "aria-description"]) {
      const value = el.getAttribute(attr);
      if (value && value.trim()) texts.push(value.trim());
    }
  }
  texts.push(document.title);
  return texts;
}
"""

CODE_PATTERNS = [
    ("a code", re.compile(r"(?<![\w.@/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])")),
    ("a dotted code", re.compile(r"(?<![\w.@/-])[a-z_]{3,}\.[a-z_]{3,}(?:\.[a-z_]+)*(?![\w@/-])")),
    ("a role code", re.compile(r"\((?:admin|reporter|coordinator|analyst|viewer|national)\)")),
    ("an ISO date", re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")),
    ("an ISO month", re.compile(r"(?<![\w-])\d{4}-(?:0[1-9]|1[0-2])(?![\w-])")),
    ("a period code", re.compile(r"(?<!\w)\d{4}(?:H[12]|Q[1-4])(?!\w)")),
]
# Dotted names that are not codes: file names and web addresses.
NOT_CODES = re.compile(r"\.(?:fi|se|com|org|net|csv|xlsx|pdf|svg|png|json|html|css|js)\b")


WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>")


class English:
    """The catalogue's English texts whose translation differs, to find on a page of another language: a
    whole text of two words or more as a text of the page, and a run of three words or more between its
    placeholders anywhere in a text (a sentence left untranslated inside a longer one)."""

    def __init__(self, language):
        with open(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo", "rb") as compiled:
            catalogue = gettext.GNUTranslations(compiled)._catalog
        self.texts, self.runs = set(), {}
        for key, translation in catalogue.items():
            text = key[0] if isinstance(key, tuple) else key  # (msgid, plural index) for plural forms
            if not text or "\x04" in text or translation == text:
                continue
            if len(text.split()) >= 2 and not PLACEHOLDER.search(text):
                self.texts.add(text)
            for part in PLACEHOLDER.split(text):
                words = tuple(word.lower() for word in WORD.findall(part))
                if len(words) >= 3:
                    self.runs.setdefault(words[:3], set()).add(words)

    def found_in(self, text):
        if text in self.texts:
            return text
        words = [word.lower() for word in WORD.findall(text)]
        for index in range(len(words) - 2):
            for run in self.runs.get(tuple(words[index:index + 3]), ()):
                if tuple(words[index:index + len(run)]) == run:
                    return " ".join(run)
        return None


def language_problems(texts, english):
    problems = []
    for text in texts:
        for label, pattern in CODE_PATTERNS:
            for match in pattern.finditer(text):
                if label == "a dotted code" and NOT_CODES.search(match.group(0)):
                    continue
                problems.append(f"{label} “{match.group(0)}” in “{text[:80]}”")
        found = english.found_in(text)
        if found:
            problems.append(f"English left untranslated: “{found[:80]}” in “{text[:80]}”")
    return problems


# --- the crawl ---------------------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_page_fits_and_speaks_the_users_language(demo, browser, live_server, language):
    paths = page_paths(demo)
    english = English(language)
    problems, seen = [], {}
    for role, username in ROLES.items():
        context = browser.new_context(locale=language, viewport={"width": WIDTHS[0], "height": 900},
                                      base_url=live_server.url)
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            if username:
                log_in(page, username)
            for path in paths:
                try:
                    response = page.goto(path, timeout=60_000)  # a national dashboard computes on a busy machine
                except PlaywrightError as error:  # e.g. a 405 without a body: a route that answers only a POST
                    problems.append(f"{role} {path} did not load ({error.message.splitlines()[0]}): if it is not "
                                    "an HTML page, list it in NOT_PAGES")
                    continue
                # Only the pages this role may see: not a refusal, nor a redirect to the login page.
                to_login = response is not None and response.request.redirected_from is not None and \
                    "/accounts/login/" in response.url
                if (response is None or response.status != 200 or to_login
                        or "text/html" not in response.headers.get("content-type", "")):
                    continue
                seen.setdefault(role, []).append(path)
                where = f"{role} {path}"
                if page.evaluate("document.documentElement.lang") != language:
                    problems.append(f"{where}: the page is not in {language}")
                for width in WIDTHS:
                    if width != WIDTHS[0]:
                        page.set_viewport_size({"width": width, "height": 900})
                    problems += [f"{where} at {width} px: {p}" for p in page.evaluate(FIT_JS)]
                page.set_viewport_size({"width": WIDTHS[0], "height": 900})
                problems += [f"{where}: {p}" for p in language_problems(page.evaluate(TEXTS_JS), english)]
        finally:
            context.close()
    # The crawl reached each role's own pages (a login that failed would show only the public ones).
    assert len(seen.get("public", [])) >= 4
    for role in ROLES:
        if role != "public":
            assert len(seen.get(role, [])) > len(seen["public"]), f"{role} saw only {seen.get(role)}"
    assert any(path.startswith("/administration/users/") for path in seen["admin"]), seen["admin"]
    assert not problems, f"{len(problems)} problems in {language}:\n" + "\n".join(sorted(set(problems)))



def test_the_language_check_finds_codes_dates_and_english_left_untranslated():
    """The crawler's own check, on texts it must refuse and texts it must let through."""
    english = English("fi")
    refused = ["homelessness.eviction_threat", "families_with_children", "observation.accept",
               "Rake-ylläpito (demo) (admin)", "julkaistu 2026-12-07", "Havainnot 2025-12 – 2026-11",
               "jaksolla 2026H1", "Audit log", "Havainnot: Latest message from the coordinator",
               "Sivu 2/3. Your observations, newest first (3)"]
    for text in refused:
        assert language_problems([text], english), text
    allowed = ["Asunnottomuus", "7.12.2026", "joulukuu 2025 – marraskuu 2026", "rake-by-phenomenon.csv",
               "demo-reporter@example.com", "Lokihaku", "10 000 asukasta kohden", "Rake", "CSV, XLSX",
               "(lähde: THL, Sotkanet / Tilastokeskus, CC BY 4.0)"]
    assert not language_problems(allowed, english)
