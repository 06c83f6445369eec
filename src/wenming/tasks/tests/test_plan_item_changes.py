"""Changing and removing a monthly plan's activities: the rules, the page and the API."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope

from wenming.core.errors import ConflictError, DomainError
from wenming.core.models import AuditEvent
from wenming.core.permissions import SYSTEM, RoleScope
from wenming.tasks import actions
from wenming.tasks.models import PlanItem
from wenming.testing import api_client_for, assert_gate, client_for, gate_actors

VIEW_PLAN = "tasks.view_activityplan"
MANAGE = [VIEW_PLAN, "tasks.manage_activityplan"]
# A fixed month in the past, so that "reported" can be any day of it.
MONTH = datetime.date(2026, 3, 1)


def _plan(world, *, publish=False, reported=False):
    with scope(jurisdiction=world.jurisdiction):
        plan = actions.create_plan(
            jurisdiction=world.jurisdiction, month=MONTH, title="三月安排", actor=SYSTEM
        )
        item = actions.add_plan_item(
            plan,
            title="道德讲堂",
            kind="lecture",
            date=MONTH.replace(day=10),
            owner=world.unit,
            actor=SYSTEM,
        )
        if publish:
            actions.publish_plan(plan, actor=SYSTEM)
        if reported:
            actions.report_plan_execution(
                item, executed_on=MONTH.replace(day=10), note="已开展", actor=SYSTEM
            )
    return plan, item


def _row(world, item):
    with scope(jurisdiction=world.jurisdiction):
        return PlanItem.objects.filter(pk=item.pk).values_list("title", "date", "owner_id").first()


def _office(world):
    return world.member(world.office, MANAGE, scope=RoleScope.JURISDICTION)


# -- the actions --------------------------------------------------------------------------------


def test_a_draft_activity_is_re_dated_and_re_assigned_and_the_change_audited(in_scope):
    world = in_scope
    _, item = _plan(world)
    changed = actions.update_plan_item(
        item, date=MONTH.replace(day=20), owner=world.sibling_unit, actor=SYSTEM
    )
    assert (changed.date, changed.owner_id) == (MONTH.replace(day=20), world.sibling_unit.pk)
    event = AuditEvent.objects.get(action="tasks.plan_item.changed", target_id=str(item.pk))
    assert event.old_data == {"date": "2026-03-10", "owner": world.unit.pk}
    assert event.new_data["date"] == "2026-03-20"
    assert event.new_data["plan_status"] == "draft"
    # a date outside the plan's month is refused and nothing changes
    with pytest.raises(DomainError) as error:
        actions.update_plan_item(item, date=datetime.date(2026, 4, 1), actor=SYSTEM)
    assert error.value.code == "invalid_date"
    # an empty title is refused on its field
    with pytest.raises(ValidationError) as refused:
        actions.update_plan_item(item, title="  ", actor=SYSTEM)
    assert "title" in refused.value.error_dict
    assert _row(world, item) == ("道德讲堂", MONTH.replace(day=20), world.sibling_unit.pk)


def test_once_published_a_change_or_removal_needs_a_reason_kept_in_the_audit(in_scope):
    world = in_scope
    _, item = _plan(world, publish=True)
    with pytest.raises(ValidationError) as refused:
        actions.update_plan_item(item, date=MONTH.replace(day=11), actor=SYSTEM)
    assert refused.value.error_dict["reason"][0].code == "reason_required"
    with pytest.raises(ValidationError):
        actions.remove_plan_item(item, actor=SYSTEM)
    assert _row(world, item) == ("道德讲堂", MONTH.replace(day=10), world.unit.pk)
    actions.update_plan_item(item, date=MONTH.replace(day=11), reason="场地冲突", actor=SYSTEM)
    event = AuditEvent.objects.get(action="tasks.plan_item.changed", target_id=str(item.pk))
    assert event.new_data["reason"] == "场地冲突"
    assert event.new_data["plan_status"] == "published"
    actions.remove_plan_item(item, reason="活动取消", actor=SYSTEM)
    assert _row(world, item) is None
    removed = AuditEvent.objects.get(action="tasks.plan_item.removed", target_id=str(item.pk))
    assert removed.old_data["title"] == "道德讲堂"
    assert removed.new_data["reason"] == "活动取消"


def test_a_reported_activity_keeps_its_date_and_owner_and_cannot_be_removed(in_scope):
    world = in_scope
    _, item = _plan(world, publish=True, reported=True)
    with pytest.raises(ConflictError) as conflict:
        actions.update_plan_item(item, date=MONTH.replace(day=12), reason="改期", actor=SYSTEM)
    assert conflict.value.code == "already_reported"
    with pytest.raises(ConflictError):
        actions.update_plan_item(item, owner=world.sibling_unit, reason="换人", actor=SYSTEM)
    with pytest.raises(ConflictError):
        actions.remove_plan_item(item, reason="删除", actor=SYSTEM)
    assert _row(world, item) == ("道德讲堂", MONTH.replace(day=10), world.unit.pk)
    # its title may still be corrected
    actions.update_plan_item(item, title="道德讲堂（第二期）", reason="更正名称", actor=SYSTEM)
    assert _row(world, item)[0] == "道德讲堂（第二期）"


def test_changing_and_removing_refuse_actors_without_a_jurisdiction_wide_grant(in_scope):
    world = in_scope
    _, item = _plan(world)
    actors = gate_actors(world, world.unit, MANAGE)
    # the unit's own plan manager: plans are shared rows, changed jurisdiction-wide only
    actors["unit_manager"] = world.member(world.unit, MANAGE, scope=RoleScope.SUBTREE)
    assert_gate(
        actors,
        lambda actor: actions.update_plan_item(item, title="改", actor=actor),
        unchanged=lambda: _row(world, item),
    )
    assert_gate(
        actors,
        lambda actor: actions.remove_plan_item(item, actor=actor),
        unchanged=lambda: _row(world, item),
    )
    actions.remove_plan_item(item, actor=SYSTEM)
    assert _row(world, item) is None


def test_a_report_after_the_removal_is_a_conflict_not_a_crash(in_scope):
    world = in_scope
    _, item = _plan(world)
    stale = PlanItem.objects.get(pk=item.pk)
    actions.remove_plan_item(item, actor=SYSTEM)
    with pytest.raises(ConflictError) as conflict:
        actions.report_plan_execution(
            stale, executed_on=MONTH.replace(day=10), note="已开展", actor=SYSTEM
        )
    assert conflict.value.code == "item_removed"


# -- the page -----------------------------------------------------------------------------------


def test_the_plan_page_offers_edit_and_remove_to_the_office_only(world):
    plan, item = _plan(world)
    office = client_for(_office(world))
    page = office.get(reverse("tasks:plan-detail", args=[plan.pk])).content.decode()
    assert reverse("tasks:plan-item-edit", args=[item.pk]) in page
    assert reverse("tasks:plan-item-remove", args=[item.pk]) in page
    assert "编辑" in page and "删除" in page
    viewer = client_for(world.member(world.unit, [VIEW_PLAN]))
    page = viewer.get(reverse("tasks:plan-detail", args=[plan.pk])).content.decode()
    assert reverse("tasks:plan-item-edit", args=[item.pk]) not in page
    assert reverse("tasks:plan-item-remove", args=[item.pk]) not in page


def test_removing_on_the_page_asks_first_and_needs_a_reason_once_published(world):
    plan, item = _plan(world, publish=True)
    office = client_for(_office(world))
    url = reverse("tasks:plan-item-remove", args=[item.pk])
    # the link leads to a question, not to the removal
    confirm = office.get(url)
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "确定从计划中删除“道德讲堂”" in text
    assert "删除原因" in text
    assert _row(world, item) is not None
    # without a reason the activity stays and the page says why, in Chinese
    refused = office.post(url, {"reason": ""})
    assert refused.status_code == 422
    assert "删除原因" in refused.content.decode()
    assert _row(world, item) is not None
    # with a reason it is removed and the plan page says so
    response = office.post(url, {"reason": "活动取消"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("tasks:plan-detail", args=[plan.pk])
    assert "活动已从计划中删除。" in response.content.decode()
    assert _row(world, item) is None


def test_editing_on_the_page_changes_the_activity_and_keeps_a_reported_date(world):
    plan, item = _plan(world)
    office = client_for(_office(world))
    url = reverse("tasks:plan-item-edit", args=[item.pk])
    form = office.get(url).content.decode()
    assert 'value="道德讲堂"' in form
    body = {"title": "道德讲堂", "kind": "lecture", "date": "2026-03-31", "owner": world.unit.pk}
    assert office.post(url, body).status_code == 302
    assert _row(world, item)[1] == datetime.date(2026, 3, 31)
    # outside the month: the form again with the Chinese message, nothing changed
    response = office.post(url, {**body, "date": "2026-04-01"})
    assert "活动日期不在本月安排的月份内。" in response.content.decode()
    assert _row(world, item)[1] == datetime.date(2026, 3, 31)
    # once reported, the date field is shown but a posted date is ignored
    with scope(jurisdiction=world.jurisdiction):
        actions.report_plan_execution(
            item, executed_on=MONTH.replace(day=31), note="已开展", actor=SYSTEM
        )
    page = office.get(reverse("tasks:plan-detail", args=[plan.pk])).content.decode()
    assert reverse("tasks:plan-item-remove", args=[item.pk]) not in page
    assert office.post(url, {**body, "title": "讲堂", "date": "2026-03-05"}).status_code == 302
    assert _row(world, item)[:2] == ("讲堂", datetime.date(2026, 3, 31))


# -- the API ------------------------------------------------------------------------------------


def send(client, method, url, body):
    return client.generic(method.upper(), url, json.dumps(body), "application/json")


def test_the_api_changes_and_removes_activities_with_the_same_rules(world):
    _, item = _plan(world, publish=True)
    office = api_client_for(_office(world))
    url = f"/api/v1/plan-items/{item.pk}"
    # a published plan: no reason, no change; the message is Chinese and names the field
    refused = send(office, "patch", url, {"date": "2026-03-12"})
    assert refused.status_code == 422
    assert refused.json()["code"] == "reason_required"
    assert refused.json()["details"][0]["field"] == "reason"
    assert refused.json()["message"] == "计划已发布，请说明调整该活动的原因。"
    # with a reason, re-dated and re-assigned
    response = send(
        office,
        "patch",
        url,
        {"date": "2026-03-12", "owner_id": world.sibling_unit.pk, "reason": "场地冲突"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["date"] == "2026-03-12"
    assert response.json()["owner_id"] == world.sibling_unit.pk
    # outside the month: 400 invalid_date
    assert send(office, "patch", url, {"date": "2026-05-01", "reason": "x"}).json()["code"] == (
        "invalid_date"
    )
    # a unit's own manager cannot; the sibling unit does not see it
    unit = api_client_for(world.member(world.sibling_unit, MANAGE, scope=RoleScope.SUBTREE))
    assert send(unit, "patch", url, {"title": "改", "reason": "x"}).status_code == 403
    assert _row(world, item) == ("道德讲堂", datetime.date(2026, 3, 12), world.sibling_unit.pk)
    # removal without a reason is refused; with one it is gone
    assert send(office, "post", f"{url}/remove", {}).status_code == 422
    assert send(office, "post", f"{url}/remove", {"reason": "取消"}).status_code == 204
    assert _row(world, item) is None
    assert send(office, "post", f"{url}/remove", {"reason": "取消"}).status_code == 404


def test_the_api_refuses_to_re_date_or_remove_a_reported_activity(world):
    _, item = _plan(world, publish=True, reported=True)
    office = api_client_for(_office(world))
    url = f"/api/v1/plan-items/{item.pk}"
    moved = send(office, "patch", url, {"date": "2026-03-12", "reason": "改期"})
    assert moved.status_code == 409
    assert moved.json()["code"] == "already_reported"
    assert "日期" in moved.json()["message"]
    removed = send(office, "post", f"{url}/remove", {"reason": "取消"})
    assert removed.status_code == 409
    assert removed.json()["message"] == "该活动已报告开展情况，不能删除。"
    assert _row(world, item) == ("道德讲堂", MONTH.replace(day=10), world.unit.pk)


@pytest.mark.django_db(transaction=True)
def test_a_report_and_a_removal_at_once_leave_either_a_reported_activity_or_none(
    transactional_db, world
):
    # given a draft plan with activities owned by the unit, its reporter and the office
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    plan, first = _plan(world)
    with scope(jurisdiction=world.jurisdiction):
        items = [first] + [
            actions.add_plan_item(
                plan,
                title=f"活动{day}",
                kind="other",
                date=MONTH.replace(day=day),
                owner=world.unit,
                actor=SYSTEM,
            )
            for day in (11, 12, 13)
        ]
    reporter = world.member(world.unit, [VIEW_PLAN, "tasks.report_progress"])
    office = _office(world)

    def report(item):
        try:
            return (
                api_client_for(reporter)
                .post(
                    f"/api/v1/plan-items/{item.pk}/report",
                    {"executed_on": item.date.isoformat(), "note": "已开展"},
                )
                .status_code
            )
        finally:
            connection.close()

    def remove(item):
        try:
            return send(
                api_client_for(office), "post", f"/api/v1/plan-items/{item.pk}/remove", {}
            ).status_code
        finally:
            connection.close()

    # when, for each activity, the report and the removal arrive together
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = [(pool.submit(report, item), pool.submit(remove, item)) for item in items]
        statuses = [(r.result(), d.result()) for r, d in outcomes]
    # then each activity was either reported and kept, or removed and never reported
    with scope(jurisdiction=world.jurisdiction):
        for item, (reported, removed) in zip(items, statuses, strict=True):
            row = PlanItem.objects.filter(pk=item.pk).first()
            if row is None:
                assert removed == 204 and reported in (404, 409), (reported, removed)
            else:
                assert row.executed_on is not None
                assert reported == 201 and removed == 409, (reported, removed)
