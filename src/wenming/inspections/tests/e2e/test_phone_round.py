"""Browser: an inspector completes a round on a 390 px phone; the office reads the report."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django_scopes import scope
from PIL import Image

from wenming.core.permissions import SYSTEM, RoleScope
from wenming.core.tests.e2e.fixtures import expect, login, screenshot


def _photo(tmp_path):
    path = tmp_path / "photo.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 60, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.e2e
def test_inspector_completes_a_round_on_a_phone(phone_page, page, live_server, e2e_world, tmp_path):
    from wenming.inspections.actions import install_default_checklists, plan_inspection_round
    from wenming.inspections.models import SiteVisit
    from wenming.inspections.tests.conftest import make_categories
    from wenming.places.tests.helpers import make_site
    from wenming.workorders.models import WorkOrder

    world = e2e_world.world
    make_categories(world.jurisdiction)
    inspector = e2e_world.member(
        world.office,
        ["inspections.view_inspection", "inspections.perform_inspection", "places.view_site"],
        scope=RoleScope.JURISDICTION,
        username="inspector",
    )
    e2e_world.member(
        world.office,
        [
            "inspections.view_inspection",
            "inspections.plan_inspection",
            "places.view_site",
            "places.view_roadsegment",
        ],
        scope=RoleScope.JURISDICTION,
        username="planner",
    )
    with scope(jurisdiction=world.jurisdiction):
        install_default_checklists(world.jurisdiction, actor=SYSTEM)
        road = make_site(world, world.unit, "DW00001", "main_road")
        compound = make_site(world, world.village, "DW00002", "residential_compound")
        inspection_round = plan_inspection_round(
            jurisdiction=world.jurisdiction,
            name="2026年11月第1轮督导",
            start_date=dt.date(2026, 11, 2),
            end_date=dt.date(2026, 11, 6),
            inspectors=[inspector],
            sites=[road, compound],
            actor=SYSTEM,
        )
    photo = _photo(tmp_path)
    phone = phone_page
    login(phone, live_server, "inspector")
    phone.goto(f"{live_server.url}/inspections/rounds/{inspection_round.pk}/")
    expect(phone.locator("#visit-list .visit-row")).to_have_count(2)
    screenshot(phone, "inspections-phone-round")

    # The first site is opened from the round; after its submit the next one opens by itself.
    phone.locator("#visit-list .visit-row").nth(0).click()
    for fail_first in (True, False):
        expect(phone.locator("#visit-form")).to_be_visible()
        lines = phone.locator(".visit-line")
        for index in range(lines.count()):
            line = lines.nth(index)
            value = "not_met" if (fail_first and index == 0) else "met"
            line.locator(f"label[for$='-{value}']").click()
        if fail_first:
            first = lines.nth(0)
            first.locator("input[type=text]").fill("广成路中段 200 米内无公益广告")
            first.locator("input[type=file]").set_input_files(str(photo))
            screenshot(phone, "inspections-phone-visit-form")
        with phone.expect_navigation():
            phone.locator("#submit-visit").click()
        expect(phone.locator(".alert-success")).to_be_visible()
    expect(phone.locator("#round-progress")).to_have_text("2 / 2")
    screenshot(phone, "inspections-phone-round-done")
    phone.locator("#visit-list .visit-row").nth(0).click()
    expect(phone.locator("#visit-score")).to_be_visible()
    screenshot(phone, "inspections-phone-visit-result")

    with scope(jurisdiction=world.jurisdiction):
        assert SiteVisit.objects.filter(status="submitted").count() == 2
    assert WorkOrder.objects.with_scopes_disabled().filter(source="inspection").count() == 1

    login(page, live_server, "planner")
    page.goto(f"{live_server.url}/inspections/rounds/{inspection_round.pk}/report/")
    expect(page.locator("#overall-rate")).to_be_visible()
    screenshot(page, "inspections-round-report")
    page.goto(f"{live_server.url}/places/sites/?view=map")
    expect(page.locator("#site-map")).to_be_visible()
    screenshot(page, "inspections-site-map")
