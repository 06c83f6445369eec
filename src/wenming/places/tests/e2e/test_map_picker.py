"""In the browser: a site is placed on a map (click, then drag), the marker images resolve and
no tile is requested when no map service is configured; a round picks its sites by search."""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled

from wenming.core.permissions import RoleScope
from wenming.core.tests.e2e.fixtures import expect, login, screenshot, url
from wenming.places.models import Site
from wenming.places.tests.helpers import make_site

PLANNER = [
    "places.view_site",
    "places.change_site",
    "places.view_roadsegment",
    "organizations.view_organization",
    "organizations.view_person",
    "inspections.view_inspection",
    "inspections.plan_inspection",
]


def _broken(page) -> list:
    broken: list = []
    page.on(
        "response",
        lambda response: broken.append(response.url) if response.status >= 400 else None,
    )
    page.on("requestfailed", lambda request: broken.append(request.url))
    return broken


@pytest.mark.e2e
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_site_is_placed_on_the_map(device, page, phone_page, live_server, e2e_world):
    world = e2e_world.world
    browser_page = page if device == "desktop" else phone_page
    e2e_world.member(world.office, PLANNER, username="planner", scope=RoleScope.JURISDICTION)
    with scopes_disabled():
        site = make_site(world, world.unit, "MP001")
    broken = _broken(browser_page)
    login(browser_page, live_server, "planner")
    browser_page.goto(url(live_server, f"/places/sites/{site.pk}/edit/"))

    picker = browser_page.locator("[data-wm-map-picker]")
    expect(picker).to_have_class(re.compile("wm-map-offline"))
    marker = browser_page.locator(".leaflet-marker-icon")
    expect(marker).to_be_visible()
    before = browser_page.locator("#id_latitude").input_value()

    box = picker.bounding_box()
    browser_page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.3)
    expect(browser_page.locator("#id_latitude")).not_to_have_value(before)
    clicked = browser_page.locator("#id_latitude").input_value()
    if device == "desktop":
        # drag the marker a little: both numbers follow (a phone's finger taps, as above)
        icon = marker.bounding_box()
        start = (icon["x"] + icon["width"] / 2, icon["y"] + icon["height"] - 4)
        browser_page.mouse.move(*start)
        browser_page.mouse.down()
        browser_page.mouse.move(start[0] + 40, start[1] + 30, steps=5)
        browser_page.mouse.up()
        expect(browser_page.locator("#id_latitude")).not_to_have_value(clicked)
    screenshot(browser_page, f"places-map-picker-{device}")
    latitude = browser_page.locator("#id_latitude").input_value()
    longitude = browser_page.locator("#id_longitude").input_value()
    with browser_page.expect_navigation():
        browser_page.get_by_role("button", name="保存").click()
    with scopes_disabled():
        site = Site.objects.get(pk=site.pk)
    assert (f"{site.latitude:.6f}", f"{site.longitude:.6f}") == (latitude, longitude)
    # Leaflet's marker images resolved; no tile was asked for (none is configured).
    assert broken == []
    assert not [r for r in _requested(browser_page) if "tile" in r]


def _requested(page) -> list:
    return page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")


@pytest.mark.e2e
def test_a_round_picks_its_sites_by_search(page, live_server, e2e_world):
    world = e2e_world.world
    e2e_world.member(world.office, PLANNER, username="planner", scope=RoleScope.JURISDICTION)
    with scopes_disabled():
        for number in range(1, 31):
            make_site(world, world.unit, f"RS{number:03d}")
    login(page, live_server, "planner")
    page.goto(url(live_server, "/inspections/rounds/add/"))
    control = page.locator("#id_site_codes + .ts-wrapper")
    for code in ("RS017", "RS003"):
        control.locator(".ts-control input").fill(code)
        option = page.locator(".ts-dropdown .option", has_text=code)
        expect(option).to_be_visible()
        option.click()
    expect(control.locator(".item")).to_have_count(2)
    # picked in the order of the walk
    expect(control.locator(".item").first).to_contain_text("RS017")
    screenshot(page, "inspections-round-site-picker")
