"""In the browser: a unit resolves an order with a photo, the office verifies it, and a resident
reports a problem from a 390 px phone."""

import io

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from PIL import Image

from wenming.core.tests.e2e.fixtures import expect, login, screenshot, url
from wenming.workorders.models import Category, WorkOrder
from wenming.workorders.permissions import OFFICE_ACTIONS

UNIT_PERMISSIONS = ["workorders.view_workorder", "workorders.handle"]


def photo_file(tmp_path, name="after.jpg", color=(40, 160, 90)):
    path = tmp_path / name
    image = Image.new("RGB", (640, 480), color)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def _category(world, code="sanitation", public=True):
    return Category.objects.with_scopes_disabled().create(
        jurisdiction=world.jurisdiction,
        code=code,
        name="环境卫生",
        time_limit_value=2,
        time_limit_unit="working_days",
        requires_after_photo=True,
        is_public=public,
    )


def _order(world, category, status="in_progress"):
    now = timezone.now()
    return WorkOrder.objects.with_scopes_disabled().create(
        jurisdiction=world.jurisdiction,
        reference="261128E2ETST",
        category=category,
        status=status,
        source="citizen",
        description="人行道旁垃圾堆放，未及时清运",
        latitude="34.167000",
        longitude="112.845000",
        address="广成路 18 号",
        reported_at=now - timezone.timedelta(days=1),
        responsible_unit=world.unit,
        dispatched_at=now - timezone.timedelta(hours=20),
        deadline=now + timezone.timedelta(days=1),
    )


@pytest.mark.e2e
def test_unit_resolves_with_a_photo_and_office_verifies(page, live_server, e2e_world, tmp_path):
    world = e2e_world.world
    order = _order(world, _category(world))
    e2e_world.member(
        world.unit, UNIT_PERMISSIONS, username="unithandler", position="head", scope="own"
    )
    e2e_world.member(world.office, OFFICE_ACTIONS, username="officer", scope="jurisdiction")

    login(page, live_server, "unithandler")
    page.goto(url(live_server, "/workorders/"))
    expect(page.locator("#queue-table")).to_contain_text(order.reference)
    screenshot(page, "workorders-queue")
    page.get_by_role("link", name=order.reference).click()
    page.locator("#action-resolve summary").click()
    page.locator("#id_resolve-note").fill("已清运垃圾并冲洗路面")
    page.locator("#id_resolve-photos").set_input_files(photo_file(tmp_path))
    screenshot(page, "workorders-resolve-form")
    with page.expect_navigation():
        page.locator("button[name=submit-resolve]").click()
    expect(page.locator("#history")).to_contain_text("已清运垃圾并冲洗路面")
    expect(page.locator("img.after-photo")).to_have_count(1)
    screenshot(page, "workorders-resolved")
    with scopes_disabled():
        assert WorkOrder.objects.get(pk=order.pk).status == "resolved"

    page.context.clear_cookies()
    login(page, live_server, "officer")
    page.goto(url(live_server, "/workorders/verification/"))
    page.get_by_role("link", name=order.reference).click()
    page.locator("#action-verify summary").click()
    page.locator("input[name=verify-passed][value='1']").check()
    with page.expect_navigation():
        page.locator("button[name=submit-verify]").click()
    expect(page.locator("#history")).to_contain_text("已结案")
    screenshot(page, "workorders-verified")
    with scopes_disabled():
        assert WorkOrder.objects.get(pk=order.pk).status == "closed"
    assert not page.wenming_errors


@pytest.mark.e2e
def test_resident_reports_on_a_phone(phone_page, live_server, e2e_world, tmp_path):
    world = e2e_world.world
    _category(world)
    page = phone_page
    page.goto(url(live_server, "/report/"))
    screenshot(page, "workorders-report-phone")
    page.locator("#id_photos").set_input_files(photo_file(tmp_path, "problem.jpg", (150, 60, 40)))
    page.locator("#id_category").select_option(label="环境卫生")
    page.locator("#id_description").fill("小区门口垃圾桶满溢")
    # Pick the place on the map (works without tiles: Leaflet still gives the coordinates).
    page.locator("#pick-map").click()
    expect(page.locator("#id_latitude")).not_to_have_value("")
    page.locator("#id_phone").fill("13800138000")
    with page.expect_navigation():
        page.locator("#submit-report").click()
    expect(page.locator("#tracking-code")).to_be_visible()
    reference = page.locator("#tracking-code").inner_text().strip()
    assert "13800138000" not in page.content()
    screenshot(page, "workorders-report-received-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    with scopes_disabled():
        order = WorkOrder.objects.get(reference=reference)
        assert order.source == "citizen" and order.photos.count() == 1
