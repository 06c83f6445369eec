"""Permission matrix of every tasks page and API operation (see testing.matrix).

A task belongs to its lead unit (its co-units see it too); a project to its lead unit; a
monthly plan is shared by the jurisdiction and each of its items belongs to its owner.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from wenming.core.permissions import SYSTEM, RoleScope
from wenming.tasks import actions
from wenming.tasks.models import PlanItem, Task, TaskReport
from wenming.testing.matrix import Case, params, refreshed, run_case, snapshot

VIEW = "tasks.view_task"
MANAGE = "tasks.manage_task"
REPORT = "tasks.report_progress"
VIEW_PLAN = "tasks.view_activityplan"
MANAGE_PLAN = "tasks.manage_activityplan"
OFFICE = {"owner": "office", "scope": RoleScope.JURISDICTION}


def _task(world):
    task = actions.create_task(
        jurisdiction=world.jurisdiction,
        title="整治占道经营",
        lead_unit=world.unit,
        co_units=[],
        due_date=datetime.date(2026, 6, 30),
        actor=SYSTEM,
    )
    return {"task": task}


def _project(world):
    project = actions.create_project(
        jurisdiction=world.jurisdiction,
        name="新建公厕",
        category="toilets",
        lead_unit=world.unit,
        target_quantity=Decimal("125"),
        quantity_unit="座",
        actor=SYSTEM,
    )
    return {"project": project}


def _plan(world, publish=False):
    month = timezone.localdate().replace(day=1)
    plan = actions.create_plan(
        jurisdiction=world.jurisdiction, month=month, title="本月安排", actor=SYSTEM
    )
    item = actions.add_plan_item(
        plan, title="道德讲堂", kind="lecture", date=month, owner=world.unit, actor=SYSTEM
    )
    if publish:
        actions.publish_plan(plan, actor=SYSTEM)
    return {"plan": plan, "item": item}


def _tasks(given):
    return snapshot(Task, "title", "lead_unit_id", jurisdiction=given.world.jurisdiction)


CASES = [
    Case("tasks:task-list", [VIEW], setup=_task, visible="整治占道经营"),
    Case(
        "tasks:task-add",
        [VIEW, MANAGE],
        **OFFICE,
        method="post",
        data=lambda g: {
            "title": "清理小广告",
            "lead_unit": g.world.unit.pk,
            "due_date": "2026-09-30",
        },
        changed=_tasks,
        # The form refuses a lead unit outside one's grant (the page again, with the error).
        expected={"other_unit": (200, 422), "other_jurisdiction": (200, 422)},
    ),
    Case(
        "tasks:task-detail",
        [VIEW, REPORT],
        setup=_task,
        method="post",
        url=lambda g: reverse("tasks:task-detail", args=[g.task.pk]),
        data=lambda g: {"organization": g.world.unit.pk, "text": "进展", "percentage": 50},
        changed=lambda g: snapshot(TaskReport, "text"),
    ),
    Case("tasks:project-list", [VIEW], setup=_project, visible="新建公厕"),
    Case(
        "tasks:project-detail",
        [VIEW, REPORT],
        setup=_project,
        method="post",
        url=lambda g: reverse("tasks:project-detail", args=[g.project.pk]),
        data={"quantity": "3", "reported_on": "2026-03-01", "note": ""},
        changed=lambda g: refreshed(g.project, "completed_quantity"),
    ),
    Case(
        "tasks:plan-list",
        [VIEW_PLAN],
        setup=_plan,
        visible="本月安排",
        shared=True,
    ),
    Case(
        "tasks:plan-detail",
        [VIEW_PLAN, MANAGE_PLAN],
        **OFFICE,
        setup=_plan,
        method="post",
        url=lambda g: reverse("tasks:plan-detail", args=[g.plan.pk]),
        data={"operation": "publish"},
        changed=lambda g: refreshed(g.plan, "status"),
    ),
    Case(
        "tasks:plan-item-report",
        [VIEW_PLAN, REPORT],
        setup=lambda w: _plan(w, publish=True),
        method="post",
        url=lambda g: reverse("tasks:plan-item-report", args=[g.item.pk]),
        data=lambda g: {"executed_on": timezone.localdate().isoformat(), "note": "已开展"},
        changed=lambda g: snapshot(PlanItem, "executed_on", "execution_note"),
    ),
    Case(
        "tasks:plan-item-edit",
        [VIEW_PLAN, MANAGE_PLAN],
        **OFFICE,
        setup=lambda w: _plan(w, publish=True),
        method="post",
        url=lambda g: reverse("tasks:plan-item-edit", args=[g.item.pk]),
        data=lambda g: {
            "title": "道德讲堂（改期）",
            "kind": "lecture",
            "date": g.item.date.isoformat(),
            "owner": g.world.unit.pk,
            "reason": "场地调整",
        },
        changed=lambda g: snapshot(PlanItem, "title", "date"),
    ),
    Case(
        "tasks:plan-item-remove",
        [VIEW_PLAN, MANAGE_PLAN],
        **OFFICE,
        setup=lambda w: _plan(w, publish=True),
        method="post",
        url=lambda g: reverse("tasks:plan-item-remove", args=[g.item.pk]),
        data={"reason": "活动取消"},
        changed=lambda g: snapshot(PlanItem, "title"),
    ),
    # --- API ---
    Case("GET /api/v1/tasks", [VIEW], setup=_task, visible="整治占道经营"),
    Case(
        "POST /api/v1/tasks",
        [MANAGE],
        **OFFICE,
        method="post",
        data=lambda g: {
            "title": "清理小广告",
            "lead_unit_id": g.world.unit.pk,
            "due_date": "2026-09-30",
        },
        changed=_tasks,
    ),
    Case(
        "POST /api/v1/tasks/{task_id}/reports",
        [VIEW, REPORT],
        setup=_task,
        method="post",
        url=lambda g: f"/api/v1/tasks/{g.task.pk}/reports",
        data=lambda g: {"organization_id": g.world.unit.pk, "text": "进展", "percentage": 50},
        changed=lambda g: snapshot(TaskReport, "text"),
    ),
    Case(
        "POST /api/v1/plans/{plan_id}/items",
        [VIEW_PLAN, MANAGE_PLAN],
        **OFFICE,
        setup=_plan,
        method="post",
        url=lambda g: f"/api/v1/plans/{g.plan.pk}/items",
        data=lambda g: {
            "title": "志愿服务",
            "kind": "other",
            "date": g.plan.month.isoformat(),
            "owner_id": g.world.unit.pk,
        },
        changed=lambda g: snapshot(PlanItem, "title"),
    ),
    Case(
        "POST /api/v1/plan-items/{item_id}/report",
        [VIEW_PLAN, REPORT],
        setup=lambda w: _plan(w, publish=True),
        method="post",
        format="multipart",
        url=lambda g: f"/api/v1/plan-items/{g.item.pk}/report",
        data=lambda g: {"executed_on": timezone.localdate().isoformat(), "note": "已开展"},
        changed=lambda g: snapshot(PlanItem, "executed_on", "execution_note"),
    ),
    Case(
        "PATCH /api/v1/plan-items/{item_id}",
        [VIEW_PLAN, MANAGE_PLAN],
        **OFFICE,
        setup=lambda w: _plan(w, publish=True),
        method="patch",
        url=lambda g: f"/api/v1/plan-items/{g.item.pk}",
        data={"title": "道德讲堂（改期）", "reason": "场地调整"},
        changed=lambda g: snapshot(PlanItem, "title", "date"),
    ),
    Case(
        "POST /api/v1/plan-items/{item_id}/remove",
        [VIEW_PLAN, MANAGE_PLAN],
        **OFFICE,
        setup=lambda w: _plan(w, publish=True),
        method="post",
        url=lambda g: f"/api/v1/plan-items/{g.item.pk}/remove",
        data={"reason": "活动取消"},
        changed=lambda g: snapshot(PlanItem, "title"),
    ),
    Case("GET /api/v1/projects", [VIEW], setup=_project, visible="新建公厕"),
    Case(
        "POST /api/v1/projects/{project_id}/reports",
        [VIEW, REPORT],
        setup=_project,
        method="post",
        url=lambda g: f"/api/v1/projects/{g.project.pk}/reports",
        data={"quantity": "3.5"},
        changed=lambda g: refreshed(g.project, "completed_quantity"),
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_permission_matrix(world, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run_case(case, world)
