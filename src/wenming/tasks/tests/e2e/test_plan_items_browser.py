"""In the browser: the office re-dates one activity of a published monthly plan and removes
another, each with a reason; a unit liaison opens the same plan on a 390 px phone and may
only read it."""

import re

import pytest
from django.utils import timezone
from django_scopes import scope

from wenming.core.models import AuditEvent
from wenming.core.permissions import SYSTEM, RoleScope
from wenming.core.tests.e2e.fixtures import expect, login, screenshot, url
from wenming.tasks import actions
from wenming.tasks.models import PlanItem

VIEW_PLAN = "tasks.view_activityplan"
MANAGE_PLAN = "tasks.manage_activityplan"


def _published_plan(world):
    """This month's plan, published, with a lecture on the 10th and a service day on the 20th."""
    month = timezone.localdate().replace(day=1)
    with scope(jurisdiction=world.jurisdiction):
        plan = actions.create_plan(
            jurisdiction=world.jurisdiction, month=month, title="本月文明创建活动安排", actor=SYSTEM
        )
        lecture, service_day = (
            actions.add_plan_item(
                plan, title=title, kind=kind, date=month.replace(day=day), owner=owner, actor=SYSTEM
            )
            for title, kind, day, owner in (
                ("道德讲堂", "lecture", 10, world.unit),
                ("学雷锋志愿服务日", "volunteer_day", 20, world.sibling_unit),
            )
        )
        actions.publish_plan(plan, actor=SYSTEM)
    return plan, lecture, service_day


def _activity_list(page):
    """The plan's list of activities (under the calendar)."""
    return page.locator("#plan-items")


@pytest.mark.e2e
def test_office_re_dates_one_activity_and_removes_another_with_reasons(
    page, live_server, e2e_world
):
    world = e2e_world.world
    e2e_world.member(
        world.office, [VIEW_PLAN, MANAGE_PLAN], username="plan_office", scope=RoleScope.JURISDICTION
    )
    plan, lecture, service_day = _published_plan(world)
    new_date = lecture.date.replace(day=25)

    login(page, live_server, "plan_office")
    page.goto(url(live_server, plan.get_absolute_url()))
    activities = _activity_list(page)
    lecture_row = activities.locator("tbody tr", has_text="道德讲堂")
    service_row = activities.locator("tbody tr", has_text="学雷锋志愿服务日")
    expect(lecture_row).to_contain_text(lecture.date.strftime("%m-%d"))
    expect(service_row.get_by_role("link", name="删除")).to_be_visible()
    screenshot(page, "tasks-plan-published")

    # 编辑 the lecture: a published plan's change needs a reason.
    lecture_row.get_by_role("link", name="编辑").click()
    expect(page).to_have_url(re.compile(rf"/tasks/plans/items/{lecture.pk}/edit/$"))
    expect(page.locator("input[name=date]")).to_have_value(lecture.date.isoformat())
    page.locator("input[name=date]").fill(new_date.isoformat())
    page.locator("textarea[name=reason]").fill("与区里的活动冲突，改到25日")
    screenshot(page, "tasks-plan-item-edit")
    page.get_by_role("button", name="保存").click()

    # Back on the plan: the lecture is on its new date, the calendar shows it on the 25th.
    expect(page).to_have_url(re.compile(rf"/tasks/plans/{plan.pk}/$"))
    expect(lecture_row).to_contain_text(new_date.strftime("%m-%d"))
    expect(lecture_row).not_to_contain_text(lecture.date.strftime("%m-%d"))
    screenshot(page, "tasks-plan-after-edit")

    # 删除 the service day: the confirmation page asks first.
    service_row.get_by_role("link", name="删除").click()
    expect(page).to_have_url(re.compile(rf"/tasks/plans/items/{service_day.pk}/remove/$"))
    expect(page.get_by_role("alert")).to_contain_text("学雷锋志愿服务日")
    screenshot(page, "tasks-plan-item-remove")

    # Without a reason it is refused, the error beside the field and in Chinese.
    page.get_by_role("button", name="删除").click()
    error = page.locator(".invalid-feedback[data-field=reason]")
    expect(error).to_be_visible()
    expect(error).to_contain_text("必填")
    expect(page.locator("textarea[name=reason]")).to_have_class(re.compile(r"\bis-invalid\b"))
    screenshot(page, "tasks-plan-item-remove-no-reason")
    with scope(jurisdiction=world.jurisdiction):
        assert PlanItem.objects.filter(pk=service_day.pk).exists()

    # With a reason it is gone from the plan.
    page.locator("textarea[name=reason]").fill("活动取消，改为下月开展")
    page.get_by_role("button", name="删除").click()
    expect(page).to_have_url(re.compile(rf"/tasks/plans/{plan.pk}/$"))
    expect(page.get_by_text("活动已从计划中删除")).to_be_visible()
    expect(activities.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_text("学雷锋志愿服务日")).to_have_count(0)
    screenshot(page, "tasks-plan-after-remove")

    with scope(jurisdiction=world.jurisdiction):
        assert PlanItem.objects.get(pk=lecture.pk).date == new_date
        assert not PlanItem.objects.filter(pk=service_day.pk).exists()
        reasons = dict(
            AuditEvent.objects.filter(target_id__in=[str(lecture.pk), str(service_day.pk)])
            .filter(action__in=["tasks.plan_item.changed", "tasks.plan_item.removed"])
            .values_list("action", "new_data__reason")
        )
    assert reasons == {
        "tasks.plan_item.changed": "与区里的活动冲突，改到25日",
        "tasks.plan_item.removed": "活动取消，改为下月开展",
    }


@pytest.mark.e2e
def test_unit_liaison_reads_the_plan_on_a_phone_without_edit_or_remove(
    phone_page, live_server, e2e_world
):
    world = e2e_world.world
    e2e_world.member(
        world.unit, [VIEW_PLAN], username="plan_liaison", scope=RoleScope.OWN, position="liaison"
    )
    plan, lecture, _ = _published_plan(world)

    login(phone_page, live_server, "plan_liaison")
    phone_page.goto(url(live_server, plan.get_absolute_url()))
    activities = _activity_list(phone_page)
    expect(activities.locator("tbody tr", has_text="道德讲堂")).to_contain_text(
        lecture.date.strftime("%m-%d")
    )
    expect(phone_page.get_by_role("link", name="编辑")).to_have_count(0)
    expect(phone_page.get_by_role("link", name="删除")).to_have_count(0)
    expect(phone_page.locator("a[href$='/edit/'], a[href$='/remove/']")).to_have_count(0)
    screenshot(phone_page, "tasks-plan-phone-liaison")
    # Nothing is wider than the phone: the page does not scroll sideways, the list fits its
    # card, and the month's calendar (seven columns) gives way to the list.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert activities.evaluate("table => table.scrollWidth <= table.parentElement.clientWidth")
    expect(phone_page.locator(".wm-calendar")).to_be_hidden()

    # The change pages refuse the liaison too, and nothing changes.
    response = phone_page.goto(url(live_server, f"/tasks/plans/items/{lecture.pk}/edit/"))
    assert response.status == 403
    with scope(jurisdiction=world.jurisdiction):
        assert PlanItem.objects.filter(plan=plan).count() == 2
