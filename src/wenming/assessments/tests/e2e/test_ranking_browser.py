"""In the browser: the office computes October and publishes the ranking with its red and black
flags; the unit with the black flag appeals on a 390 px phone, the office rejects the appeal
with a reason, and the unit sees the outcome."""

import datetime as dt

import pytest
from django_scopes import scope, scopes_disabled

from wenming.assessments import actions
from wenming.assessments.models import Appeal, Run
from wenming.assessments.tests.conftest import OFFICE, UNIT, components, make_orders
from wenming.core.permissions import SYSTEM, RoleScope
from wenming.core.tests.e2e.fixtures import expect, login, screenshot, url
from wenming.workorders.models import Category


def _city(world):
    with scopes_disabled():
        general = Category.objects.create(
            jurisdiction=world.jurisdiction,
            code="general",
            name="一般事项",
            time_limit_value=7,
            time_limit_unit="working_days",
        )
    make_orders(world, {"general": general}, world.unit, closed_on_time=2, closed_late=1, open_=1)
    make_orders(world, {"general": general}, world.sibling_unit, closed_on_time=3)
    with scope(jurisdiction=world.jurisdiction):
        return actions.create_scheme(
            jurisdiction=world.jurisdiction,
            data={
                "name": "责任单位月度考核",
                "period_kind": "month",
                "group_kind": "responsible_units",
                "valid_from": dt.date(2026, 1, 1),
                "red_flags": 1,
                "black_flags": 1,
                "minimum_cases": 2,
            },
            components=components(
                work_order_close_rate=(60, "min_max"), work_order_on_time_rate=(40, "rank")
            ),
            actor=SYSTEM,
        )


@pytest.mark.e2e
def test_the_office_publishes_a_ranking_and_a_unit_appeals_and_sees_the_outcome(
    page, phone_page, live_server, e2e_world, settings
):
    world = e2e_world.world
    settings.WENMING_DEFAULT_JURISDICTION = world.jurisdiction.code
    e2e_world.member(world.office, OFFICE, username="assess_office", scope=RoleScope.JURISDICTION)
    e2e_world.member(world.unit, UNIT, username="assess_unit", scope=RoleScope.OWN)
    scheme = _city(world)

    # the office computes October from the scheme's page
    login(page, live_server, "assess_office")
    page.goto(url(live_server, scheme.get_absolute_url()))
    expect(page.locator("#components")).to_contain_text("按期结案率")
    screenshot(page, "assessments-scheme")
    page.fill("input[name=period_start]", "2026-10-15")
    page.click("#compute")
    ranking = page.locator("#ranking")
    expect(ranking.locator(".flag-red")).to_have_count(1)
    expect(ranking.locator("tr", has_text=world.unit.name).locator(".flag-black")).to_be_visible()
    page.click("#publish")
    expect(page.locator("#run-status")).to_have_text("公示中")
    screenshot(page, "assessments-ranking-published")
    with scopes_disabled():
        run = Run.objects.get()

    # the unit appeals on its phone
    login(phone_page, live_server, "assess_unit")
    phone_page.goto(url(live_server, f"/assessments/runs/{run.pk}/units/{world.unit.pk}/"))
    expect(phone_page.locator("#explanation")).to_contain_text("3 ÷ 4")
    phone_page.select_option("select[name=target]", "component:work_order_close_rate")
    phone_page.fill("textarea[name=reason]", "10月8日的工单已结案，系统未同步")
    phone_page.click("#appeal-form button[type=submit]")
    expect(phone_page.locator("#appeals")).to_contain_text("待处理")
    screenshot(phone_page, "assessments-appeal-phone")

    # the office rejects it with a reason
    page.goto(url(live_server, run.get_absolute_url()))
    appeal_row = page.locator("#appeals .list-group-item", has_text=world.unit.name)
    appeal_row.locator("input[name=reason]").fill("经核实该工单超期结案，记录无误")
    appeal_row.get_by_role("button", name="驳回").click()
    expect(page.locator("#appeals .appeal-status")).to_have_text("已驳回")

    # the unit sees the outcome
    phone_page.reload()
    expect(phone_page.locator("#appeals")).to_contain_text("经核实该工单超期结案")
    screenshot(phone_page, "assessments-appeal-outcome-phone")
    with scopes_disabled():
        assert Appeal.objects.get().status == "rejected"

    # anyone sees the published ranking without logging in, flags and all
    public = phone_page.context.browser.new_page(viewport={"width": 1440, "height": 900})
    public.goto(url(live_server, "/assessment/rankings/"))
    expect(public.locator("#ranking .flag-black")).to_have_count(1)
    screenshot(public, "assessments-public-ranking")
    public.close()
