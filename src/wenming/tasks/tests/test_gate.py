"""Task actions check the permission themselves (it used to live only in the views and API)."""

import datetime

from wenming.core.permissions import SYSTEM
from wenming.tasks import actions
from wenming.tasks.models import Task
from wenming.testing import assert_gate, gate_actors


def test_create_task_refuses_actors_without_the_permission(in_scope):
    world = in_scope
    actors = gate_actors(world, world.unit, ["tasks.manage_task"])

    def create(actor):
        return actions.create_task(
            jurisdiction=world.jurisdiction,
            title="清理背街小巷",
            lead_unit=world.unit,
            due_date=datetime.date(2026, 12, 31),
            actor=actor,
        )

    assert_gate(actors, create, unchanged=lambda: Task.objects.count())
    assert create(SYSTEM).lead_unit == world.unit
