"""Query counts of the tasks pages: pinned, and the same with more rows (no query per row)."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from wenming.core.permissions import SYSTEM, RoleScope
from wenming.tasks import actions
from wenming.tasks.permissions import PERMISSIONS
from wenming.testing import client_for
from wenming.testing.queries import assert_page_queries

_numbers = itertools.count(1)


@pytest.fixture
def office(in_scope):
    user = in_scope.member(
        in_scope.office, [code for code, _label in PERMISSIONS], scope=RoleScope.JURISDICTION
    )
    return client_for(user)


def _task(world):
    return actions.create_task(
        jurisdiction=world.jurisdiction,
        title=f"整治占道经营{next(_numbers)}",
        lead_unit=world.unit,
        co_units=[world.sibling_unit, world.township],
        due_date=datetime.date(2026, 6, 30),
        actor=SYSTEM,
    )


def _project(world):
    return actions.create_project(
        jurisdiction=world.jurisdiction,
        name=f"新建公厕{next(_numbers)}",
        category="toilets",
        lead_unit=world.unit,
        target_quantity=Decimal("125"),
        quantity_unit="座",
        actor=SYSTEM,
    )


def _plan(world, months_back=0):
    month = timezone.localdate().replace(day=1)
    for _ in range(months_back):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return actions.create_plan(
        jurisdiction=world.jurisdiction, month=month, title=f"{month:%m}月安排", actor=SYSTEM
    )


def _item(plan, world):
    return actions.add_plan_item(
        plan,
        title=f"道德讲堂{next(_numbers)}",
        kind="lecture",
        date=plan.month,
        owner=world.unit,
        actor=SYSTEM,
    )


def test_task_detail_with_reports(in_scope, office):
    task = _task(in_scope)

    def grow():
        for organization in (in_scope.unit, in_scope.sibling_unit, in_scope.township):
            actions.report_task_progress(
                task, organization=organization, text="清理摊点", percentage=30, actor=SYSTEM
            )

    assert_page_queries(office, task.get_absolute_url(), queries=8, grow=grow)


def test_task_form(in_scope, office):
    assert_page_queries(office, reverse("tasks:task-add"), queries=4)


@pytest.mark.parametrize(
    ("url_name", "make", "queries"),
    [("tasks:task-list", _task, 5), ("tasks:project-list", _project, 4)],
    ids=["tasks", "projects"],
)
def test_lists(in_scope, office, url_name, make, queries):
    make(in_scope)
    grow = lambda: [make(in_scope) for _ in range(3)]  # noqa: E731
    assert_page_queries(office, reverse(url_name), queries=queries, grow=grow)


def test_project_detail_with_reports(in_scope, office):
    project = _project(in_scope)

    def grow():
        for quantity in (5, 7, 9):
            actions.report_project_progress(project, quantity=quantity, actor=SYSTEM)

    assert_page_queries(
        office, reverse("tasks:project-detail", args=[project.pk]), queries=4, grow=grow
    )


def test_plan_list(in_scope, office):
    _plan(in_scope)
    grow = lambda: [_plan(in_scope, months_back=n) for n in (1, 2, 3)]  # noqa: E731
    assert_page_queries(office, reverse("tasks:plan-list"), queries=4, grow=grow)


def test_plan_detail_with_items(in_scope, office):
    plan = _plan(in_scope)
    _item(plan, in_scope)
    grow = lambda: [_item(plan, in_scope) for _ in range(3)]  # noqa: E731
    # … and one for the ids of the items the person may report on (their links).
    assert_page_queries(office, reverse("tasks:plan-detail", args=[plan.pk]), queries=7, grow=grow)


def test_plan_item_pages(in_scope, office):
    plan = _plan(in_scope)
    item = _item(plan, in_scope)
    assert_page_queries(office, reverse("tasks:plan-item-report", args=[item.pk]), queries=3)
    assert_page_queries(office, reverse("tasks:plan-item-edit", args=[item.pk]), queries=4)
