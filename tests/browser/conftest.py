"""Fixtures for the browser suite: a live OnePlan server driven by real Chromium.

Run with `.venv/bin/pytest tests/browser -q` (the Makefile's `test-browser`), separately from
the unit suite: pytest-django's `live_server` implies a *transactional* database that is
emptied (flushed) after every test, so every test loads its own reference subset and demo
users through the `site` fixture.

The browser is Debian's Chromium at /usr/bin/chromium, launched by Playwright (never a
browser that Playwright downloads). When it is missing the tests are skipped, or fail when
ONEPLAN_REQUIRE_BROWSER=1 (as in CI).

AXES note: login throttling (django-axes) stays on, exactly as in production. That is fine
here: every test starts on a freshly flushed database, so failed-login counters never carry
over, and `login()` always submits correct demo credentials through the real form.
"""

from __future__ import annotations

import os

# Playwright's sync API runs an asyncio event loop in the test thread; Django would then
# refuse synchronous ORM calls made by the test itself (fixtures, assertions on the DB).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 15_000

# Reports every content-security-policy violation to the test (through a Playwright binding,
# which the page's own CSP does not restrict), in addition to the console message.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__oneplanCspViolation({
    directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
    line: e.lineNumber, page: document.location.href,
  });
});
"""


def pytest_configure(config: pytest.Config) -> None:
    # The live server serves static files through the staticfiles finders; WhiteNoise's
    # warning that collectstatic's STATIC_ROOT does not exist is noise here.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


def _require_browser() -> None:
    """Skip (or fail under ONEPLAN_REQUIRE_BROWSER=1) when no usable browser is installed."""
    problem = None
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        problem = (
            f"Chromium not found at {CHROMIUM}; install it with "
            "`apt-get install chromium` (browser tests never download a browser)"
        )
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError as exc:
            problem = f"Playwright is not installed ({exc}); run `make install-dev`"
    if problem is None:
        return
    if os.environ.get("ONEPLAN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ONEPLAN_REQUIRE_BROWSER=1 but the browser tests cannot run: {problem}")
    pytest.skip(problem)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(browser, live_server, transactional_db) -> str:
    """The live server's base URL, with provinces 20 and 21 and the demo users loaded.

    Requests `browser` first so that a missing Chromium skips before any data is loaded.
    """
    from oneplan.core.reference import load_reference
    from oneplan.demo.loader import load_demo

    load_reference(["20", "21"])
    load_demo()
    return live_server.url


@dataclass
class Watch:
    """What a page did: console errors, uncaught exceptions, CSP violations, requests."""

    console_errors: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    responses: dict[str, int] = field(default_factory=dict)  # url -> last status

    def problems(self, allow_404_for: tuple[str, ...] = ()) -> list[str]:
        """Everything that went wrong, except the console's note on an expected 404.

        Chromium fetches /favicon.ico on its own (OnePlan has no icon yet) and logs the 404
        as a console error at an unpredictable moment; that one is not the page's doing.
        """
        found = [f"CSP violation: {v}" for v in self.csp_violations]
        found += [f"uncaught exception: {e}" for e in self.page_errors]
        for text, url in self.console_errors:
            is_404 = "status of 404" in text
            expected = is_404 and (url in allow_404_for or urlsplit(url).path == "/favicon.ico")
            if not expected:
                found.append(f"console error: {text} ({url})")
        return found


@pytest.fixture
def new_page(browser, site) -> Iterator[Callable[..., tuple[Any, Watch]]]:
    """Open a fresh Thai-locale browser context + page: new_page(viewport=...) -> (page, watch)."""
    contexts = []

    def open_page(**context_options: Any) -> tuple[Any, Watch]:
        options = {"locale": "th-TH", "base_url": site, **context_options}
        context = browser.new_context(**options)
        contexts.append(context)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        watch = Watch()
        context.expose_binding(
            "__oneplanCspViolation", lambda _source, report: watch.csp_violations.append(report)
        )
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.on(
            "console",
            lambda msg: (
                watch.console_errors.append((msg.text, msg.location.get("url", "")))
                if msg.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
        page.on("request", lambda request: watch.requests.append(request.url))
        page.on(
            "response", lambda response: watch.responses.__setitem__(response.url, response.status)
        )
        return page, watch

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page_and_watch(new_page) -> tuple[Any, Watch]:
    return new_page()


@pytest.fixture
def page(page_and_watch):
    return page_and_watch[0]


@pytest.fixture
def watch(page_and_watch) -> Watch:
    return page_and_watch[1]


def login(page, live_server, username: str, password: str | None = None) -> None:
    """Sign in through the real login form (no session forging) and wait to leave it."""
    from oneplan.demo.loader import DEMO_PASSWORD

    base = live_server if isinstance(live_server, str) else live_server.url
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password or DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert urlsplit(page.url).path != "/accounts/login/", f"login as {username!r} failed"
