"""Browser, 390 px phone: the checklist keeps a photo already taken when another line has an
error, says what 部分达标 and 未达标 score, and opens the next site after a submit. Also the
page weight of the phone pages (KB transferred, first load and cached), printed with `-s`."""

from __future__ import annotations

import datetime as dt

import pytest
from django_scopes import scope

from wenming.core.permissions import SYSTEM, RoleScope
from wenming.core.tests.e2e.fixtures import expect, login, screenshot, url
from wenming.inspections.tests.e2e.test_phone_round import _photo

INSPECTOR = ["inspections.view_inspection", "inspections.perform_inspection", "places.view_site"]


def _round(e2e_world):
    from wenming.inspections.actions import install_default_checklists, plan_inspection_round
    from wenming.inspections.tests.conftest import make_categories
    from wenming.places.tests.helpers import make_site

    world = e2e_world.world
    make_categories(world.jurisdiction)
    inspector = e2e_world.member(
        world.office, INSPECTOR, scope=RoleScope.JURISDICTION, username="inspector"
    )
    with scope(jurisdiction=world.jurisdiction):
        install_default_checklists(world.jurisdiction, actor=SYSTEM)
        sites = [
            make_site(world, world.unit, "CK00001", "main_road"),
            make_site(world, world.unit, "CK00002", "main_road"),
        ]
        return plan_inspection_round(
            jurisdiction=world.jurisdiction,
            name="2026年11月第2轮督导",
            start_date=dt.date(2026, 11, 9),
            end_date=dt.date(2026, 11, 13),
            inspectors=[inspector],
            sites=sites,
            actor=SYSTEM,
        )


@pytest.mark.e2e
def test_the_phone_checklist_keeps_photos_and_opens_the_next_site(
    phone_page, live_server, e2e_world, tmp_path
):
    inspection_round = _round(e2e_world)
    phone = phone_page
    login(phone, live_server, "inspector")
    phone.goto(url(live_server, f"/inspections/rounds/{inspection_round.pk}/"))
    phone.locator("#visit-list .visit-row").nth(0).click()
    lines = phone.locator(".visit-line")
    expect(lines.first.locator(".wm-result-rules")).to_contain_text("得 0 分")
    screenshot(phone, "inspections-phone-checklist")

    # one line not met with its photo, another line left without a finding
    first = lines.nth(0)
    first.locator("label[for$='-not_met']").click()
    first.locator("input[type=text]").fill("广成路中段 200 米内无公益广告")
    first.locator("input[type=file]").set_input_files(str(_photo(tmp_path)))
    for index in range(2, lines.count()):
        lines.nth(index).locator("label[for$='-met']").first.click()
    with phone.expect_navigation():
        phone.locator("#submit-visit").click()
    expect(phone.locator("#visit-errors")).to_be_visible()
    expect(phone.locator(".visit-line").nth(0).locator(".wm-kept-photos img")).to_have_count(1)
    screenshot(phone, "inspections-phone-checklist-error")

    # the missing finding only: the photo is not taken again
    phone.locator(".visit-line").nth(1).locator("label[for$='-met']").first.click()
    with phone.expect_navigation():
        phone.locator("#submit-visit").click()
    expect(phone.locator(".alert-success")).to_be_visible()
    expect(phone.locator("#visit-form")).to_be_visible()
    expect(phone.locator("h2.page-title")).to_have_text("点位CK00002")
    screenshot(phone, "inspections-phone-checklist-next-site")


def _weight(page, address: str) -> tuple[float, float]:
    """KB transferred for `address`: a first load (empty cache), then a second (cached)."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    sizes: list[int] = []
    session.on("Network.loadingFinished", lambda event: sizes.append(event["encodedDataLength"]))
    session.send("Network.clearBrowserCache")
    page.goto(address, wait_until="networkidle")
    first = sum(sizes) / 1024
    sizes.clear()
    page.goto(address, wait_until="networkidle")
    cached = sum(sizes) / 1024
    session.detach()
    return round(first, 1), round(cached, 1)


@pytest.mark.e2e
def test_page_weight_of_the_phone_pages(phone_page, live_server, e2e_world):
    from wenming.workorders.permissions import OFFICE_ACTIONS

    inspection_round = _round(e2e_world)
    with scope(jurisdiction=e2e_world.world.jurisdiction):
        visit = inspection_round.visits.order_by("position").first()
    e2e_world.member(
        e2e_world.world.office, OFFICE_ACTIONS, username="dispatcher", scope="jurisdiction"
    )
    figures = {}
    login(phone_page, live_server, "inspector")
    for name, path in (
        ("round", f"/inspections/rounds/{inspection_round.pk}/"),
        ("checklist", f"/inspections/visits/{visit.pk}/"),
    ):
        figures[name] = _weight(phone_page, url(live_server, path))
    phone_page.context.clear_cookies()
    login(phone_page, live_server, "dispatcher")
    figures["work-order queue"] = _weight(phone_page, url(live_server, "/workorders/intake/"))
    print("\nphone page weight, KB transferred (first load, cached):", figures)
    for first, cached in figures.values():
        assert cached < first
