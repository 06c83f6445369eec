"""Read logic: project roll-ups for the dashboard, plan states, my due tasks."""

from __future__ import annotations

import calendar
import datetime
from collections import Counter

from django.db.models import Count, Sum
from django.utils import timezone

from wenming.tasks.choices import ExecutionState, TaskStatus
from wenming.tasks.models import PlanItem, Project, Task


def project_rollup(queryset=None) -> list[dict]:
    """Target and completed quantity per category and unit of measure (one aggregate query);
    reads the rolled-up `completed_quantity`, never the report ledger."""
    queryset = queryset if queryset is not None else Project.objects.all()
    return list(
        queryset.values("category", "quantity_unit")
        .annotate(
            projects=Count("pk"),
            target=Sum("target_quantity"),
            completed=Sum("completed_quantity"),
        )
        .order_by("category", "quantity_unit")
    )


def plan_states(plan, today: datetime.date | None = None) -> Counter:
    today = today or timezone.localdate()
    return Counter(item.state(today) for item in plan.items.all())


def plan_calendar(plan, items) -> list[list[dict]]:
    """Weeks (Monday first) of the plan's month, each day with its items."""
    by_day: dict[datetime.date, list] = {}
    for item in items:
        by_day.setdefault(item.date, []).append(item)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(
        plan.month.year, plan.month.month
    ):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == plan.month.month,
                    "items": by_day.get(day, []),
                }
                for day in week
            ]
        )
    return weeks


def due_tasks(queryset, *, within_days: int = 14):
    """Open tasks due from today to `within_days` ahead (what is overdue is `overdue_tasks`)."""
    today = timezone.localdate()
    return (
        queryset.filter(
            status__in=(TaskStatus.OPEN, TaskStatus.IN_PROGRESS),
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=within_days),
        )
        .select_related("lead_unit")
        .order_by("due_date", "id")
    )


def overdue_tasks(queryset):
    """Open tasks whose due date has passed, the longest overdue first."""
    return (
        queryset.filter(
            status__in=(TaskStatus.OPEN, TaskStatus.IN_PROGRESS),
            due_date__lt=timezone.localdate(),
        )
        .select_related("lead_unit")
        .order_by("due_date", "id")
    )


__all__ = [
    "ExecutionState",
    "PlanItem",
    "Task",
    "due_tasks",
    "overdue_tasks",
    "plan_calendar",
    "plan_states",
    "project_rollup",
]
