"""Tasks, projects and plans: progress, roll-up, plan states, permissions."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from wenming.core.errors import DomainError, TransitionError
from wenming.core.permissions import SYSTEM, RoleScope
from wenming.standards.tests.factories import assign, make_framework
from wenming.tasks import actions
from wenming.tasks.choices import ExecutionState, ProjectStatus, TaskStatus
from wenming.tasks.models import Project, ProjectReport, Task, TaskReport
from wenming.tasks.queries import project_rollup
from wenming.testing import api_client_for, assert_matrix, client_for, matrix_users


def _task(world, **kw):
    return actions.create_task(
        jurisdiction=world.jurisdiction,
        title="整治占道经营",
        lead_unit=world.unit,
        co_units=[world.sibling_unit],
        due_date=datetime.date(2026, 6, 30),
        actor=SYSTEM,
        **kw,
    )


def test_progress_reports_move_the_task(in_scope):
    task = _task(in_scope)
    actions.report_task_progress(
        task, organization=in_scope.sibling_unit, text="清理摊点12处", percentage=40, actor=SYSTEM
    )
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.IN_PROGRESS, 40)
    actions.report_task_progress(
        task, organization=in_scope.unit, text="全部完成", percentage=100, actor=SYSTEM
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    with pytest.raises(TransitionError):
        actions.report_task_progress(
            task, organization=in_scope.unit, text="再报", percentage=100, actor=SYSTEM
        )
    with pytest.raises(DomainError) as caught:
        actions.report_task_progress(
            _task(in_scope), organization=in_scope.township, text="x", percentage=10, actor=SYSTEM
        )
    assert caught.value.code == "not_owner"


def test_criteria_decompose_into_tasks_owned_like_the_criterion(in_scope):
    framework = make_framework(in_scope.jurisdiction)
    indicator = assign(framework, in_scope.unit, [in_scope.sibling_unit])
    assert (
        actions.decompose_criteria(framework, due_date=datetime.date(2026, 9, 30), actor=SYSTEM)
        == 1
    )
    task = Task.objects.get()
    assert (task.indicator, task.lead_unit) == (indicator, in_scope.unit)
    assert list(task.co_units.all()) == [in_scope.sibling_unit]
    assert (
        actions.decompose_criteria(framework, due_date=datetime.date(2026, 9, 30), actor=SYSTEM)
        == 0
    )


def test_project_progress_rolls_up(in_scope):
    project = actions.create_project(
        jurisdiction=in_scope.jurisdiction,
        name="新建公厕",
        category="toilets",
        lead_unit=in_scope.unit,
        target_quantity=Decimal("125"),
        quantity_unit="座",
        actor=SYSTEM,
    )
    actions.report_project_progress(project, quantity=100, actor=SYSTEM)
    actions.report_project_progress(project, quantity=25, actor=SYSTEM)
    project.refresh_from_db()
    assert project.completed_quantity == 125 and project.status == ProjectStatus.COMPLETED
    assert ProjectReport.objects.count() == 2
    [row] = project_rollup()
    assert (row["target"], row["completed"], row["quantity_unit"]) == (125, 125, "座")
    with pytest.raises(DomainError):
        actions.report_project_progress(project, quantity=0, actor=SYSTEM)


def test_plan_shows_done_late_missing(in_scope):
    today = timezone.localdate()
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)  # last month
    plan = actions.create_plan(
        jurisdiction=in_scope.jurisdiction, month=month, title="上月安排", actor=SYSTEM
    )
    on_time = actions.add_plan_item(
        plan,
        title="志愿服务日",
        kind="volunteer_day",
        date=month.replace(day=5),
        owner=in_scope.unit,
        actor=SYSTEM,
    )
    late = actions.add_plan_item(
        plan,
        title="文明交通劝导",
        kind="campaign",
        date=month.replace(day=6),
        owner=in_scope.unit,
        actor=SYSTEM,
    )
    missing = actions.add_plan_item(
        plan,
        title="道德讲堂",
        kind="lecture",
        date=month.replace(day=7),
        owner=in_scope.unit,
        actor=SYSTEM,
    )
    actions.report_plan_execution(
        on_time, executed_on=month.replace(day=5), note="完成", actor=SYSTEM
    )
    actions.report_plan_execution(late, executed_on=month.replace(day=9), note="推迟", actor=SYSTEM)
    states = {i.title: i.state() for i in plan.items.all()}
    assert states == {
        "志愿服务日": ExecutionState.DONE,
        "文明交通劝导": ExecutionState.LATE,
        "道德讲堂": ExecutionState.MISSING,
    }
    with pytest.raises(DomainError):
        actions.report_plan_execution(
            late, executed_on=month.replace(day=9), note="x", actor=SYSTEM
        )
    with pytest.raises(DomainError):
        actions.add_plan_item(
            plan,
            title="x",
            kind="other",
            date=today + datetime.timedelta(days=40),
            owner=in_scope.unit,
            actor=SYSTEM,
        )
    assert missing.state() == ExecutionState.MISSING


def test_task_report_matrix(in_scope):
    world = in_scope
    task = _task(world)
    users = matrix_users(world, world.unit, ["tasks.view_task", "tasks.report_progress"])
    url = reverse("tasks:task-detail", args=[task.pk])
    assert_matrix(
        users,
        lambda client: client.post(
            url, {"organization": world.unit.pk, "text": "进展", "percentage": 50}
        ),
        {"anonymous": 302, "other_jurisdiction": 404, "member_without": 403, "member_with": 302},
        unchanged=lambda: TaskReport.objects.count(),
    )
    assert TaskReport.objects.count() == 1
    # The co-unit sees the task and may report on it for itself only.
    co_user = world.member(
        world.sibling_unit, ["tasks.view_task", "tasks.report_progress"], scope=RoleScope.OWN
    )
    response = client_for(co_user).post(
        url, {"organization": world.unit.pk, "text": "冒报", "percentage": 60}
    )
    assert response.status_code == 422 and TaskReport.objects.count() == 1


def test_project_report_api_matrix(in_scope):
    world = in_scope
    project = actions.create_project(
        jurisdiction=world.jurisdiction,
        name="道路改造",
        category="roads",
        lead_unit=world.unit,
        target_quantity=Decimal("51.2"),
        quantity_unit="公里",
        actor=SYSTEM,
    )
    users = matrix_users(world, world.unit, ["tasks.view_task", "tasks.report_progress"])
    assert_matrix(
        users,
        lambda client: client.post(
            f"/api/v1/projects/{project.pk}/reports",
            json.dumps({"quantity": "3.5"}),
            content_type="application/json",
        ),
        {
            "anonymous": 401,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 404,
            "member_with": 201,
        },
        unchanged=lambda: Project.objects.get(pk=project.pk).completed_quantity,
        client_factory=api_client_for,
    )
    assert Project.objects.get(pk=project.pk).completed_quantity == Decimal("3.5")


def test_pages_render(in_scope):
    world = in_scope
    task = _task(world)
    project = actions.create_project(
        jurisdiction=world.jurisdiction,
        name="公园",
        category="parks",
        lead_unit=world.unit,
        target_quantity=63,
        quantity_unit="个",
        actor=SYSTEM,
    )
    plan = actions.create_plan(
        jurisdiction=world.jurisdiction, month=timezone.localdate(), title="本月安排", actor=SYSTEM
    )
    user = world.member(
        world.office,
        [
            "tasks.view_task",
            "tasks.manage_task",
            "tasks.report_progress",
            "tasks.view_activityplan",
            "tasks.manage_activityplan",
        ],
        scope=RoleScope.JURISDICTION,
    )
    client = client_for(user)
    for name, args in [
        ("tasks:task-list", []),
        ("tasks:task-detail", [task.pk]),
        ("tasks:project-list", []),
        ("tasks:project-detail", [project.pk]),
        ("tasks:plan-list", []),
        ("tasks:plan-detail", [plan.pk]),
        ("tasks:task-add", []),
        ("dashboards:home", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
