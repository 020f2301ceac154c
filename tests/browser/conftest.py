"""Playwright fixtures: Debian's Chromium against pytest-django's live server, plus axe-core."""

import os
from pathlib import Path

import pytest
from django.db import connections

# Playwright's sync API runs an event loop in this thread; the ORM calls made by test set-up are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make install` installs Debian's chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
        # While Playwright runs, its event loop counts as running in this thread, and Django keeps the thread's
        # database connections apart for async code: every test after the first browser test used a second
        # connection. Closed here, while it can still be reached; otherwise it outlived the session and
        # PostgreSQL refused to drop the test database ("is being accessed by other users").
        connections.close_all()


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (own cookies) in a given language; closes them all at the end.

    Fails the test if the browser blocked anything under Rake's Content-Security-Policy.
    """
    contexts = []
    blocked = []

    def record_csp_violation(message):
        if "Content Security Policy" in message.text:
            blocked.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def factory(language="fi", width=1280, height=900):
        context = browser.new_context(locale=language, viewport={"width": width, "height": height},
                                      base_url=live_server.url)
        context.set_default_timeout(15_000)
        context.on("console", record_csp_violation)
        contexts.append(context)
        return context.new_page()

    yield factory
    for context in contexts:
        context.close()
    assert not blocked, "the Content-Security-Policy blocked:\n" + "\n".join(blocked)


def axe_violations(page):
    """Run axe-core on the current page; return WCAG 2.1 A/AA violations as readable strings."""
    # Evaluated through the DevTools protocol, not added as a <script>: Rake's Content-Security-Policy
    # forbids inline scripts, and the tests keep the policy on so that they would see what it breaks.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in result["violations"]
    ]


@pytest.fixture
def assert_accessible():
    def check(page, label=""):
        violations = axe_violations(page)
        assert not violations, f"axe found violations on {label or page.url}:\n" + "\n".join(violations)

    return check
