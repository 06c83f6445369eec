"""Fixtures for browser tests (Playwright + Debian's Chromium) against pytest-django's live server.

Loaded once for the whole run as a plugin (the repository's root `conftest.py` names it), so that
one browser serves every app's tests. See README.md in this directory. Tests here carry
`@pytest.mark.e2e`; the default `pytest` run deselects them and `make e2e` runs them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from wenming.testing import PASSWORD, World, build_world, make_member

CHROMIUM = os.environ.get("WENMING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    # Chromium's own widgets (date pickers, validation bubbles) follow the UI language.
    "--lang=zh-CN",
]
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
PHONE_USER_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
#: Where `screenshot()` writes: var/screenshots/<name>.png at the repository root.
SCREENSHOT_DIR = Path(__file__).resolve().parents[5] / "var" / "screenshots"
#: The password of every user made by the fixtures below.
E2E_PASSWORD = PASSWORD

#: The fixtures reach every test through the root conftest.py (`pytest_plugins`); the helpers
#: are imported by name.
__all__ = [
    "E2E_PASSWORD",
    "E2EWorld",
    "_e2e_settings",
    "assert_clean",
    "browser",
    "e2e_world",
    "english_page",
    "expect",
    "login",
    "page",
    "phone_page",
    "screenshot",
    "seed_city",
    "seeded_city",
    "url",
]


# ---------------------------------------------------------------------------------------------
# Helpers (import them: `from wenming.core.tests.e2e.fixtures import login, screenshot`)
# ---------------------------------------------------------------------------------------------


def login(page: Page, live_server, username: str, password: str = E2E_PASSWORD) -> None:
    """Log in through the real login form and wait for the page after it."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#login-form input[name=username]").fill(username)
    page.locator("#login-form input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("#login-form button[type=submit]").click()
    assert "/accounts/login/" not in page.url, f"login as {username!r} failed: {page.url}"


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a full-page screenshot to var/screenshots/<name>.png and return its path.

    Name it `<app>-<what>` (e.g. `workorders-queue-phone`). Look at it afterwards.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


def url(live_server, path: str) -> str:
    return f"{live_server.url}{path}"


# ---------------------------------------------------------------------------------------------
# Browser and pages
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Browser:
    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
    # database access from the test body ("SynchronousOnlyOperation").
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


#: Runs in every document before its own scripts: reports each Content-Security-Policy
#: violation (what was blocked, by which directive) to the test through a binding.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.wenmingCspViolation(event.violatedDirective + " blocked " + (event.blockedURI || "inline")
    + " at " + event.documentURI + (event.sample ? " (" + event.sample + ")" : ""));
});
"""


def _new_page(browser: Browser, *, locale: str = "zh-CN", **options) -> Page:
    context = browser.new_context(
        locale=locale,
        timezone_id="Asia/Shanghai",
        accept_downloads=True,
        **options,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.wenming_errors = []  # uncaught JavaScript errors
    page.wenming_csp_violations = []  # what the Content-Security-Policy blocked
    page.on("pageerror", lambda error: page.wenming_errors.append(str(error)))
    context.expose_binding(
        "wenmingCspViolation", lambda _source, text: page.wenming_csp_violations.append(text)
    )
    context.add_init_script(_REPORT_CSP_VIOLATIONS)

    def on_console(message):
        # Chromium also logs what the policy refused (e.g. before the listener exists).
        if message.type == "error" and "Content Security Policy" in message.text:
            page.wenming_csp_violations.append(message.text)

    page.on("console", on_console)
    return page


def assert_clean(page: Page) -> None:
    """No page the test opened broke the Content-Security-Policy or threw a JavaScript error."""
    violations, errors = list(page.wenming_csp_violations), list(page.wenming_errors)
    page.wenming_csp_violations.clear()
    page.wenming_errors.clear()
    assert violations == [], f"Content-Security-Policy violations: {violations}"
    assert errors == [], f"JavaScript errors: {errors}"


def _close(page: Page) -> None:
    try:
        assert_clean(page)
    finally:
        page.context.close()


@pytest.fixture
def page(browser, live_server, _e2e_settings) -> Page:
    """A desktop page (1440×900, zh-CN) in a fresh browser context (no cookies).

    Every browser test fails if a page it opened broke the Content-Security-Policy or threw a
    JavaScript error (checked when the test ends; `assert_clean(page)` checks on the spot).
    """
    page = _new_page(browser, viewport=DESKTOP)
    yield page
    _close(page)


@pytest.fixture
def english_page(browser, live_server, _e2e_settings) -> Page:
    """A desktop page whose browser asks for English (en-US), as a default headless Chromium."""
    page = _new_page(browser, locale="en-US", viewport=DESKTOP)
    yield page
    _close(page)


@pytest.fixture
def phone_page(browser, live_server, _e2e_settings) -> Page:
    """A phone page (390×844, touch, mobile user agent, zh-CN) in a fresh browser context."""
    page = _new_page(
        browser,
        viewport=PHONE,
        user_agent=PHONE_USER_AGENT,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield page
    _close(page)


@pytest.fixture
def _e2e_settings(settings):
    """Serve static files through the finders, without a collected manifest.

    pytest-django's live server serves /static/ through the staticfiles finders; the templates'
    `{% static %}` must then produce plain (unhashed) URLs, whatever WENMING_STATIC_MODE says.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.DEBUG = False
    return settings


# ---------------------------------------------------------------------------------------------
# Data for the live server (live_server implies transactional_db: rows are committed and the
# server thread sees them; the database is flushed after each test)
# ---------------------------------------------------------------------------------------------


@dataclass
class E2EWorld:
    """`world` from src/wenming/conftest.py plus users who can log in with E2E_PASSWORD.

    admin: superuser of the office (sees everything); office: office member with the
    organizations permissions over the jurisdiction; unit: member of `world.unit` (own scope).
    """

    world: World
    admin: Any
    office: Any
    unit: Any

    def __getattr__(self, name):
        return getattr(self.world, name)

    def member(self, organization, permissions: Iterable[str] = (), **options):
        return make_member(organization, permissions, **options)


ORGANIZATION_PERMISSIONS = [
    "organizations.view_organization",
    "organizations.change_organization",
    "organizations.add_organization",
    "organizations.view_division",
    "organizations.view_person",
    "organizations.view_role",
    "core.view_auditevent",
]


@pytest.fixture
def e2e_world(live_server, _e2e_settings) -> E2EWorld:
    """The small test world, committed for the live server, with three login users."""
    world = build_world()
    admin = make_member(world.office, [], username="admin", superuser=True)
    office = make_member(
        world.office, ORGANIZATION_PERMISSIONS, username="office", scope="jurisdiction"
    )
    unit = make_member(
        world.unit, ["organizations.view_organization"], username="unit", scope="own"
    )
    return E2EWorld(world=world, admin=admin, office=office, unit=unit)


@pytest.fixture
def seed_city(live_server, _e2e_settings):
    """Build the demo city for the live server; returns the SeedContext.

    `seed_city()` seeds organizations only (fast, a few seconds); pass the apps whose `seed.py`
    you need, e.g. `seed_city(["wenming.organizations", "wenming.workorders"])`. The admin is
    `admin`; the demo logins (office, inspector, reviewer, unit, township, taxbureau) exist once
    organizations is seeded. Every password is E2E_PASSWORD. Scale `small`, seed 2020.
    """

    def build(apps: Iterable[str] = ("wenming.organizations",), *, scale: str = "small"):
        from wenming.testing.city import seed_demo_city

        return seed_demo_city(apps, password=E2E_PASSWORD, scale=scale)

    return build


@pytest.fixture
def seeded_city(seed_city):
    """The demo city's organizations (small scale), for the live server."""
    return seed_city()
