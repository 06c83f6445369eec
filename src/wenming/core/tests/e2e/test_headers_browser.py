"""In a real browser: the key pages run under the Content-Security-Policy without a violation or
a JavaScript error, the policy really blocks inline code, and an English browser lands on a
Chinese login page until the person chooses English."""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled

from wenming.core.tests.e2e.fixtures import assert_clean, expect, login, screenshot, url

pytestmark = pytest.mark.e2e

#: Pages an office administrator opens every day (desktop).
DESKTOP_PAGES = [
    ("/", "core-csp-home"),
    ("/organizations/", "core-csp-organization-tree"),
    ("/workorders/", "core-csp-workorder-queue"),
    ("/standards/", "core-csp-standards"),
    ("/tasks/", "core-csp-tasks"),
    ("/places/sites/?view=map", "core-csp-site-map"),
    ("/inspections/rounds/", "core-csp-rounds"),
    ("/volunteers/", "core-csp-volunteers"),
    ("/system/audit/", "core-csp-audit"),
    ("/api/v1/docs", "core-csp-api-docs"),
]


def _site(world):
    from wenming.places.tests.helpers import make_site

    with scopes_disabled():
        return make_site(world, world.unit, "S001")


def test_key_pages_run_under_the_policy(page, live_server, e2e_world, settings):
    settings.WENMING_DEFAULT_JURISDICTION = e2e_world.world.jurisdiction.code
    _site(e2e_world.world)
    # the login page, before anyone signs in
    page.goto(url(live_server, "/accounts/login/"))
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    assert_clean(page)
    login(page, live_server, "admin")
    for path, name in DESKTOP_PAGES:
        response = page.goto(url(live_server, path))
        assert response.status == 200, path
        assert "script-src 'self';" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
        screenshot(page, name)
        assert_clean(page)
    # the site map drew its marker from the static script (no inline code)
    page.goto(url(live_server, "/places/sites/?view=map"))
    expect(page.locator(".leaflet-container")).to_be_visible()
    # (markers are drawn on a canvas, which Leaflet adds with the first marker)
    expect(page.locator(".leaflet-overlay-pane canvas")).to_have_count(1)
    # the API docs page drew the operations
    page.goto(url(live_server, "/api/v1/docs"))
    expect(page.locator(".opblock").first).to_be_visible()
    assert_clean(page)


def test_the_policy_blocks_inline_script_and_the_test_sees_it(page, live_server, e2e_world):
    # given a page of the platform
    login(page, live_server, "admin")
    # when a script is injected into it (what an escaping bug would allow)
    ran = page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.appendChild(script);
            return window.injected === true;
        }"""
    )
    # then it does not run, and the violation is reported to the test
    assert ran is False
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in page.wenming_csp_violations)
    page.wenming_csp_violations.clear()


def test_the_report_page_on_a_phone_runs_under_the_policy(
    phone_page, live_server, e2e_world, settings
):
    settings.WENMING_DEFAULT_JURISDICTION = e2e_world.world.jurisdiction.code
    response = phone_page.goto(url(live_server, "/report/"))
    assert "geolocation=(self)" in response.headers["permissions-policy"]
    expect(phone_page.locator("#pick-map.leaflet-container")).to_be_visible()
    screenshot(phone_page, "core-csp-report-phone")
    assert_clean(phone_page)


def test_an_english_browser_lands_on_a_chinese_login_page(english_page, live_server, e2e_world):
    page = english_page
    # given a browser that asks for English
    assert page.evaluate("navigator.language") == "en-US"
    # when it opens the platform
    page.goto(url(live_server, "/"))
    # then the login page is Chinese
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert "Civilized-city" not in page.content()
    screenshot(page, "core-login-english-browser")
    # and after choosing English in the footer, it is English, also on the next visit
    with page.expect_navigation():
        page.locator("#language-form button[data-language=en]").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto(url(live_server, "/accounts/login/"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    screenshot(page, "core-login-english-chosen")
