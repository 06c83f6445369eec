"""In the browser: the dispatch unit picker (searched on the server, filled with the place's
patron unit), the intake queue's batch accept-and-dispatch of 20 orders, and the intake queue as
cards on a 390 px phone. The clicks and page loads of the batch are counted (docs/workorders)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from wenming.core.tests.e2e.fixtures import expect, login, screenshot, url
from wenming.places.tests.helpers import make_road, make_site
from wenming.workorders.models import Category, WorkOrder
from wenming.workorders.permissions import OFFICE_ACTIONS


def _category(world):
    return Category.objects.with_scopes_disabled().create(
        jurisdiction=world.jurisdiction,
        code="sanitation",
        name="环境卫生",
        time_limit_value=2,
        time_limit_unit="working_days",
        is_public=True,
    )


def _orders(world, count, **fields):
    category = _category(world)
    now = timezone.now()
    with scopes_disabled():
        site = make_site(world, world.unit, "S0001")
        road = make_road(world, world.sibling_unit)
        return [
            WorkOrder.objects.create(
                jurisdiction=world.jurisdiction,
                reference=f"E2E{number:09d}",
                category=category,
                status="reported",
                source="citizen",
                description=f"第{number}处：人行道旁垃圾堆放，未及时清运",
                address="广成路 18 号",
                reported_at=now - timezone.timedelta(minutes=number),
                site=site if number % 2 else None,
                road_segment=None if number % 2 else road,
                **fields,
            )
            for number in range(1, count + 1)
        ]


def _office(e2e_world):
    return e2e_world.member(
        e2e_world.world.office,
        [*OFFICE_ACTIONS, "places.view_site"],
        username="dispatcher",
        scope="jurisdiction",
    )


def _count_loads(page) -> list:
    loads: list = []
    page.on("load", lambda _page: loads.append(1))
    return loads


@pytest.mark.e2e
def test_twenty_new_orders_are_accepted_and_dispatched_in_one_submit(page, live_server, e2e_world):
    world = e2e_world.world
    orders = _orders(world, 20)
    _office(e2e_world)
    login(page, live_server, "dispatcher")
    loads = _count_loads(page)
    clicks = 0

    page.goto(url(live_server, "/workorders/intake/"))
    expect(page.locator("#queue-table tbody tr")).to_have_count(20)
    page.locator("#check-all").check()
    clicks += 1
    # Each order goes to its place's patron unit: the default, nothing to choose.
    screenshot(page, "workorders-batch-dispatch")
    with page.expect_navigation():
        page.locator("button[name=batch-dispatch]").click()
    clicks += 1
    expect(page.locator(".alert-success")).to_contain_text("20")
    screenshot(page, "workorders-batch-dispatched")

    with scopes_disabled():
        rows = dict(
            WorkOrder.objects.filter(pk__in=[o.pk for o in orders]).values_list(
                "reference", "responsible_unit_id"
            )
        )
        statuses = set(WorkOrder.objects.values_list("status", flat=True))
    assert statuses == {"dispatched"}
    assert rows["E2E000000001"] == world.unit.pk and rows["E2E000000002"] == world.sibling_unit.pk
    # 20 orders: 2 clicks and 2 page loads (the queue, the queue after the submit).
    assert (clicks, len(loads)) == (2, 2)
    print(f"\nbatch dispatch of 20 new orders: {clicks} clicks, {len(loads)} page loads")


@pytest.mark.e2e
def test_a_batch_with_an_order_without_patron_unit_names_it_and_changes_nothing(
    page, live_server, e2e_world
):
    world = e2e_world.world
    orders = _orders(world, 3)
    with scopes_disabled():
        WorkOrder.objects.filter(pk=orders[0].pk).update(site=None, road_segment=None)
    _office(e2e_world)
    login(page, live_server, "dispatcher")
    page.goto(url(live_server, "/workorders/intake/"))
    page.locator("#check-all").check()
    with page.expect_navigation():
        page.locator("button[name=batch-dispatch]").click()
    expect(page.locator("#batch-errors")).to_contain_text(orders[0].reference)
    expect(page.locator("#batch-errors")).to_contain_text("没有包保单位")
    # the rows stay ticked for the next try
    expect(page.locator("input[name=references]:checked")).to_have_count(3)
    screenshot(page, "workorders-batch-dispatch-errors")
    with scopes_disabled():
        assert set(WorkOrder.objects.values_list("status", flat=True)) == {"reported"}


def _pick_unit(page, prefix: str, text: str, name: str) -> None:
    control = page.locator(f"#id_{prefix}-unit + .ts-wrapper")
    control.locator(".ts-control").click()
    control.locator(".ts-control input").fill(text)
    option = page.locator(".ts-dropdown .option", has_text=name)
    expect(option).to_be_visible()
    option.click()


@pytest.mark.e2e
def test_the_dispatch_picker_is_filled_with_the_patron_unit_and_searches(
    page, phone_page, live_server, e2e_world
):
    world = e2e_world.world
    order = _orders(world, 2)[1]  # on the road segment of the sibling unit
    _office(e2e_world)
    login(page, live_server, "dispatcher")
    page.goto(url(live_server, f"/workorders/{order.reference}/"))
    page.locator("#action-accept_dispatch summary").click()
    wrapper = page.locator("#id_accept_dispatch-unit + .ts-wrapper")
    expect(wrapper.locator(".item")).to_have_text(world.sibling_unit.name)
    _pick_unit(page, "accept_dispatch", "城市", world.unit.name)
    expect(wrapper.locator(".item")).to_have_text(world.unit.name)
    screenshot(page, "workorders-dispatch-picker")
    with page.expect_navigation():
        page.locator("button[name=submit-accept_dispatch]").click()
    expect(page.locator("#history")).to_contain_text("已派遣")
    with scopes_disabled():
        order.refresh_from_db()
    assert (order.status, order.responsible_unit_id) == ("dispatched", world.unit.pk)

    # On a phone the actions come before photos and the map.
    other = _orders_on_phone(world)
    login(phone_page, live_server, "dispatcher")
    phone_page.goto(url(live_server, f"/workorders/{other.reference}/"))
    phone_page.locator("#action-accept_dispatch summary").click()
    actions_top = phone_page.locator("#actions").bounding_box()["y"]
    map_top = phone_page.locator("#order-map").bounding_box()["y"]
    assert actions_top < map_top
    screenshot(phone_page, "workorders-phone-dispatch-picker")


def _orders_on_phone(world):
    now = timezone.now()
    with scopes_disabled():
        return WorkOrder.objects.create(
            jurisdiction=world.jurisdiction,
            reference="E2EPHONE0001",
            category=Category.objects.get(code="sanitation"),
            status="reported",
            source="citizen",
            description="井盖缺失，夜间有行人跌落风险",
            latitude="34.167000",
            longitude="112.845000",
            address="朝阳路口",
            reported_at=now,
        )


@pytest.mark.e2e
def test_the_queue_is_cards_on_a_phone(phone_page, live_server, e2e_world):
    _orders(e2e_world.world, 5)
    _office(e2e_world)
    login(phone_page, live_server, "dispatcher")
    phone_page.goto(url(live_server, "/workorders/intake/"))
    first = phone_page.locator("#queue-table tbody tr").first
    expect(first).to_contain_text("人行道旁垃圾堆放")
    # nothing to scroll sideways; description, place and the next action in the card
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    expect(first.locator("td[data-label='位置']")).to_be_visible()
    expect(first.get_by_role("link", name="去办理")).to_be_visible()
    screenshot(phone_page, "workorders-phone-queue")
