#!/usr/bin/env python3
"""make bench: the reporter's new-observation form on a phone (issue 16), into docs/benchmarks.md.

Rake is served as `make prod-check` serves it (scripts/prod_check.py): config.settings.production under
gunicorn (config/gunicorn.conf.py) on 127.0.0.1, a temporary SQLite database, `migrate` and
`collectstatic`, so WhiteNoise answers with the hashed, Brotli- or gzip-compressed static files a browser
gets in production. Requests carry `X-Forwarded-Proto: https`, as the reverse proxy sends it. A reporter
logs in once; then Debian's Chromium opens /observations/new/ `--runs` times, each time in a fresh browser
context (an empty cache: a first visit) on a 390 × 844 px phone screen, the network throttled through the
DevTools protocol (Network.emulateNetworkConditions: 1.6 Mbps down, 750 kbps up, 150 ms round trip), and
as many times again with the static files in the cache (a later visit).

Measured: the bytes each response took on the wire (Network.loadingFinished's encodedDataLength: the
compressed body and the headers) for the HTML, the stylesheets and the scripts, and the first contentful
paint (the Paint Timing API, from the start of the navigation). Targets: HTML + CSS + JS ≤ 60 KB on a
first visit, first contentful paint ≤ 1.5 s (the median of the first visits).

    python scripts/bench_mobile.py [--runs 5] [--write docs/benchmarks.md]
"""

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import soak_harness  # noqa: E402
from bench import machine_info, speed_text  # noqa: E402
from benchdoc import write_section  # noqa: E402
from prod_check import HOST, TemporaryDatabase, environment, manage  # noqa: E402

SECTION = "mobile-form"
PATH = "/observations/new/"
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 390, "height": 844}
# 1.6 Mbps down, 750 kbps up, 150 ms round trip: Lighthouse's "slow 4G" mobile profile.
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
           "uploadThroughput": 750_000 / 8}
TARGET_KB, TARGET_FCP_MS = 60, 1500
COUNTED = {"Document": "HTML", "Stylesheet": "CSS", "Script": "JS"}
USERNAME = "bench-reporter"
# Run by `manage.py shell`: a reporter of Keski-Suomi and a session of theirs, its key written to a file
# (a login through the form would need the browser's origin among the CSRF-trusted ones).
CREATE_REPORTER = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from rake.accounts import services
from rake.accounts.models import Role
organisation = services.organisation_get_or_create(name="Keski-Suomen hyvinvointialue (bench)", county_code="15")
user = services.user_get_or_create(username="{username}", password=None, email="{username}@example.com")
services.membership_grant(user=user, organisation=organisation, role=Role.REPORTER)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
open("{output}", "w").write(settings.SESSION_COOKIE_NAME + " " + session.session_key)
"""


def visit(browser, base_url, cookies, *, warm_from=None):
    """One visit of PATH in a new context (or, with `warm_from`, a new page of that context, whose cache
    holds the static files): each response's type, URL, encoding and bytes, and the first contentful paint."""
    context = warm_from or new_context(browser, base_url, cookies)
    page = context.new_page()
    session = context.new_cdp_session(page)
    responses, finished = {}, {}
    session.on("Network.responseReceived", lambda event: responses.__setitem__(event["requestId"], {
        "type": event["type"], "url": event["response"]["url"],
        "encoding": {key.lower(): value for key, value in event["response"]["headers"].items()}
        .get("content-encoding", ""),
        "cached": event["response"].get("fromDiskCache") or event["response"].get("fromMemoryCache")}))
    session.on("Network.loadingFinished",
               lambda event: finished.__setitem__(event["requestId"], event["encodedDataLength"]))
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", NETWORK)
    answer = page.goto(PATH, wait_until="load")
    if answer.status != 200 or "/accounts/login/" in page.url:
        raise SystemExit(f"bench_mobile: {PATH} answered {answer.status} at {page.url}")
    fcp = page.evaluate("() => new Promise((resolve) => { const find = () => { const entry = performance"
                        ".getEntriesByName('first-contentful-paint')[0]; if (entry) resolve(entry.startTime); "
                        "else setTimeout(find, 50); }; find(); })")
    page.wait_for_timeout(300)  # the last loadingFinished events
    items = [dict(response, bytes=finished.get(request_id, 0)) for request_id, response in responses.items()
             if not response["url"].startswith("data:")]  # written in the stylesheet: nothing to fetch
    document = next(request_id for request_id, response in responses.items() if response["type"] == "Document")
    html = session.send("Network.getResponseBody", {"requestId": document})["body"].encode()
    page.close()
    return {"fcp_ms": round(fcp), "responses": items, "context": context, "html_bytes": len(html),
            "html_gzip_bytes": len(gzip.compress(html))}


def new_context(browser, base_url, cookies):
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, device_scale_factor=3, is_mobile=True,
                                  has_touch=True, locale="fi-FI",
                                  extra_http_headers={"X-Forwarded-Proto": "https"})
    context.add_cookies(cookies)
    return context


def session_cookies(folder):
    """The reporter's session cookie, made by CREATE_REPORTER."""
    name, key = (Path(folder) / "session").read_text().split()
    return [{"name": name, "value": key, "domain": HOST, "path": "/", "secure": True, "httpOnly": True}]


def totals(responses):
    """Bytes by kind (HTML, CSS, JS, other) of the responses that came over the network."""
    by_kind = {"HTML": 0, "CSS": 0, "JS": 0, "other": 0}
    for response in responses:
        if not response["cached"]:
            by_kind[COUNTED.get(response["type"], "other")] += response["bytes"]
    return by_kind


def measure(base_url, cookies, runs):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                                   "--disable-quic", "--no-first-run"])
        try:
            visit(browser, base_url, cookies)["context"].close()  # warm-up: Rake's workers, not the browser
            first, later = [], []
            for _ in range(runs):
                cold = visit(browser, base_url, cookies)
                first.append(cold)
                later.append(visit(browser, base_url, cookies, warm_from=cold["context"]))
                cold["context"].close()
        finally:
            browser.close()
    for item in first + later:
        item.pop("context", None)
    return first, later


def kb(value):
    return f"{value / 1024:.1f}"


def render(first, later, args, machine, started):
    sizes = totals(first[0]["responses"])
    counted = sizes["HTML"] + sizes["CSS"] + sizes["JS"]
    first_fcp = [item["fcp_ms"] for item in first]
    later_fcp = [item["fcp_ms"] for item in later]
    median_fcp = statistics.median(first_fcp)
    rows = sorted((response for response in first[0]["responses"] if not response["cached"]),
                  key=lambda response: (list(COUNTED).index(response["type"]) if response["type"] in COUNTED
                                        else len(COUNTED), response["url"]))
    lines = [
        "## The reporter's new-observation form on a phone (issue 16)",
        "",
        f"Generated by `make bench` (`python scripts/bench_mobile.py --runs {args.runs}`) on {started}. "
        f"Machine: {machine.get('cpu', '?')}, {machine.get('cores')} cores; load average at the start "
        f"{machine.get('load', '?')}; {speed_text(machine)}.",
        "",
        "How (scripts/bench_mobile.py): Rake served as `make prod-check` serves it (the production settings "
        "under gunicorn on 127.0.0.1, `collectstatic`, WhiteNoise's compressed static files); Debian's "
        f"Chromium, logged in as a reporter, opens `{PATH}` on a {VIEWPORT['width']} × {VIEWPORT['height']} px "
        "phone screen with the network throttled through the DevTools protocol "
        f"(`Network.emulateNetworkConditions`: {NETWORK['downloadThroughput'] * 8 / 1e6:g} Mbps down, "
        f"{NETWORK['uploadThroughput'] * 8 / 1e3:g} kbps up, {NETWORK['latency']} ms round trip), {args.runs} "
        "times in a fresh browser context (an empty cache: a first visit), each followed by a second visit "
        "in the same context (the static files from the cache). Bytes are what each response took on the "
        "wire (`encodedDataLength`: compressed body and headers); first contentful paint is the Paint "
        "Timing API's, from the start of the navigation.",
        "",
        "| measure | value | target |",
        "|---|---:|---|",
        f"| HTML + CSS + JS, first visit | {kb(counted)} KB | ≤ {TARGET_KB} KB "
        f"{'✓' if counted <= TARGET_KB * 1024 else '✗'} |",
        f"| of which HTML / CSS / JS | {kb(sizes['HTML'])} / {kb(sizes['CSS'])} / {kb(sizes['JS'])} KB | |",
        f"| other (icon) | {kb(sizes['other'])} KB | |",
        f"| the HTML uncompressed; gzip-compressed, as a proxy would send it (Django sends it uncompressed) | "
        f"{kb(first[0]['html_bytes'])}; {kb(first[0]['html_gzip_bytes'])} KB | |",
        f"| first contentful paint, first visit: median (min–max of {len(first_fcp)}) | {median_fcp:.0f} ms "
        f"({min(first_fcp)}–{max(first_fcp)}) | ≤ {TARGET_FCP_MS} ms {'✓' if median_fcp <= TARGET_FCP_MS else '✗'} |",
        f"| first contentful paint, later visit: median (min–max) | {statistics.median(later_fcp):.0f} ms "
        f"({min(later_fcp)}–{max(later_fcp)}) | |",
        f"| bytes over the network on a later visit | {kb(sum(totals(later[0]['responses']).values()))} KB | |",
        "",
        "| response (first visit) | type | Content-Encoding | KB on the wire |",
        "|---|---|---|---:|",
        *[f"| `{response['url'].split(str(args.port), 1)[-1]}` | {response['type']} | "
          f"{response['encoding'] or '–'} | {kb(response['bytes'])} |" for response in rows],
        "",
        "Command: `python scripts/bench_mobile.py --write docs/benchmarks.md` (part of `make bench`).",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="first visits (each followed by a later one)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--write", metavar="FILE", help="replace the mobile-form section of this Markdown file")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"bench_mobile: Chromium not found at {CHROMIUM} (Debian package chromium)")
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    machine = machine_info()
    with tempfile.TemporaryDirectory(prefix="rake-bench-mobile-") as folder:
        database = TemporaryDatabase("", folder)  # SQLite: the page's weight does not depend on the database
        env = environment(database.url, folder)
        server = soak_harness.Server(environment=env, workers=args.workers, log=Path(folder) / "gunicorn.log",
                                     options=["-c", str(ROOT / "config" / "gunicorn.conf.py")], name="bench_mobile")
        try:
            manage(env, "migrate", "--noinput")
            manage(env, "collectstatic", "--noinput")
            script = Path(folder) / "reporter.py"
            script.write_text(CREATE_REPORTER.format(username=USERNAME, output=Path(folder) / "session"))
            manage(env, "shell", "-c", f"exec(open({str(script)!r}).read())")
            server.start()
            args.port = server.port
            base_url = f"http://{HOST}:{server.port}"
            first, later = measure(base_url, session_cookies(folder), args.runs)
        except BaseException:
            print(f"bench_mobile: the end of gunicorn's log:\n{server.log_tail()}", file=sys.stderr)
            raise
        finally:
            server.stop()
    section = render(first, later, args, machine, started)
    print(section)
    if args.write:
        write_section(args.write, SECTION, section, after="report-pdf")
        print(f"bench_mobile: wrote the {SECTION} section of {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
