"""Query counts of the home page, for the office and for a unit: pinned, and the same with more
tasks due and more organizations (no query per row)."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from wenming.core.permissions import REGISTRY, SYSTEM, RoleScope
from wenming.organizations.models import Organization
from wenming.tasks import actions as task_actions
from wenming.testing import client_for
from wenming.testing.queries import assert_page_queries

_numbers = itertools.count(1)


def _grow(world):
    for _ in range(3):
        task_actions.create_task(
            jurisdiction=world.jurisdiction,
            title=f"整治占道经营{next(_numbers)}",
            lead_unit=world.unit,
            co_units=[world.sibling_unit],
            due_date=timezone.localdate() + datetime.timedelta(days=3),
            actor=SYSTEM,
        )
        Organization.objects.create(
            jurisdiction=world.jurisdiction,
            parent=world.committee,
            kind="responsible_unit",
            name=f"汝州市测试局{next(_numbers)}",
            path="/",
        )


# The office: a cold menu asks whether the person is also a volunteer, and the home lists
# tasks due soon and overdue tasks apart.
@pytest.mark.parametrize(("who", "queries"), [("office", 12), ("unit", 7)], ids=["office", "unit"])
def test_home_page(in_scope, who, queries):
    if who == "office":
        user = in_scope.member(in_scope.office, list(REGISTRY), scope=RoleScope.JURISDICTION)
    else:
        user = in_scope.member(
            in_scope.unit,
            ["tasks.view_task", "tasks.report_progress", "workorders.view_workorder"],
            scope=RoleScope.OWN,
        )
    assert_page_queries(
        client_for(user), reverse("dashboards:home"), queries=queries, grow=lambda: _grow(in_scope)
    )
