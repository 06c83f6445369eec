"""Monthly plan items and their execution reports over the API, as the plan's pages do."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope

from wenming.core.permissions import SYSTEM, RoleScope
from wenming.standards.tests.factories import png_bytes
from wenming.tasks import actions
from wenming.tasks.models import PlanItem
from wenming.testing import api_client_for

VIEW_PLAN = "tasks.view_activityplan"
MANAGE = [VIEW_PLAN, "tasks.manage_activityplan"]
REPORT = [VIEW_PLAN, "tasks.report_progress"]


def _plan(world):
    month = timezone.localdate().replace(day=1)
    with scope(jurisdiction=world.jurisdiction):
        plan = actions.create_plan(
            jurisdiction=world.jurisdiction, month=month, title="本月安排", actor=SYSTEM
        )
        item = actions.add_plan_item(
            plan, title="道德讲堂", kind="lecture", date=month, owner=world.unit, actor=SYSTEM
        )
    return plan, item


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _titles(world):
    with scope(jurisdiction=world.jurisdiction):
        return sorted(PlanItem.objects.values_list("title", flat=True))


def test_the_office_adds_an_activity_to_the_month_a_unit_cannot(world):
    # given this month's plan with one activity
    plan, _item = _plan(world)
    url = f"/api/v1/plans/{plan.pk}/items"
    body = {
        "title": "志愿服务日",
        "kind": "volunteer_day",
        "date": plan.month.replace(day=2).isoformat(),
        "owner_id": world.unit.pk,
    }
    # when a unit manager tries, nothing is added
    unit = api_client_for(world.member(world.unit, MANAGE, scope=RoleScope.OWN))
    assert post(unit, url, body).status_code == 403
    assert _titles(world) == ["道德讲堂"]
    # when the office adds it, it is on the plan, owned by the unit and planned
    office = api_client_for(world.member(world.office, MANAGE, scope=RoleScope.JURISDICTION))
    response = post(office, url, body)
    assert response.status_code == 201, response.content
    assert response.json()["owner_id"] == world.unit.pk
    assert response.json()["state"] == "planned"
    assert _titles(world) == ["志愿服务日", "道德讲堂"]
    # a date outside the plan's month is refused in Chinese; an empty title is 422
    outside = post(office, url, {**body, "date": "2001-01-01"})
    assert outside.status_code == 400
    assert outside.json()["code"] == "invalid_date"
    assert outside.json()["message"] == "活动日期不在本月安排的月份内。"
    empty = post(office, url, {**body, "title": ""})
    assert empty.status_code == 422
    assert empty.json()["message"] == "请求无效。"
    assert _titles(world) == ["志愿服务日", "道德讲堂"]


def test_the_owner_reports_the_activity_with_a_photo_once(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # given a planned activity owned by the unit, reported as held on its own date
    _, item = _plan(world)
    url = f"/api/v1/plan-items/{item.pk}/report"
    today = item.date.isoformat()
    # the sibling unit cannot report it and nothing changes
    sibling = api_client_for(world.member(world.sibling_unit, REPORT, scope=RoleScope.OWN))
    assert sibling.post(url, {"executed_on": today, "note": "已开展"}).status_code == 404
    with scope(jurisdiction=world.jurisdiction):
        assert PlanItem.objects.get(pk=item.pk).executed_on is None
    owner = api_client_for(world.member(world.unit, REPORT, scope=RoleScope.OWN))
    # an empty report is 422 with a Chinese message
    blank = owner.post(url, {"executed_on": today, "note": "  "})
    assert blank.status_code == 422
    assert blank.json()["message"] == "请填写活动开展情况。"
    # when the owner reports with a photo, the activity is done (on its date) and the photo kept
    photo = SimpleUploadedFile("现场.png", png_bytes(), content_type="image/png")
    response = owner.post(url, {"executed_on": today, "note": "已开展", "photo": photo})
    assert response.status_code == 201, response.content
    assert response.json()["executed_on"] == today
    assert response.json()["has_photo"] is True
    assert response.json()["state"] == "done"
    # a second report is refused
    again = owner.post(url, {"executed_on": today, "note": "再报"})
    assert again.status_code == 400
    assert again.json()["code"] == "already_reported"
    with scope(jurisdiction=world.jurisdiction):
        assert PlanItem.objects.get(pk=item.pk).execution_note == "已开展"
