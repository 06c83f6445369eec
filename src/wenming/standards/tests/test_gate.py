"""A unit's own grant of `standards.manage_framework` does not reach the shared criteria."""

import pytest
from django.core.exceptions import PermissionDenied

from wenming.core.permissions import SYSTEM, RoleScope, has_perm
from wenming.standards.actions import set_assignments, set_framework_status
from wenming.standards.models import Assignment, Framework, Indicator
from wenming.standards.tests.factories import criterion, make_framework
from wenming.testing import assert_gate, gate_actors, make_member

MANAGE = "standards.manage_framework"


def _owners(indicator):
    return sorted(
        Assignment.objects.filter(indicator=indicator).values_list("organization_id", "role")
    )


def test_unit_scoped_manager_cannot_reassign_a_criterion(in_scope):
    # given a criterion owned by the unit, and a sibling unit holding the permission for itself
    world = in_scope
    indicator = criterion(make_framework(world.jurisdiction))
    set_assignments(indicator, lead=world.unit, actor=SYSTEM)
    sibling_manager = make_member(world.sibling_unit, [MANAGE], scope=RoleScope.OWN)
    # when it hands the criterion to itself, then it is refused and the owners stay
    with pytest.raises(PermissionDenied):
        set_assignments(indicator, lead=world.sibling_unit, actor=sibling_manager)
    assert _owners(indicator) == [(world.unit.pk, "lead")]


def test_object_less_check_means_held_somewhere_only(in_scope):
    # given a unit holding the change permission for itself alone
    world = in_scope
    manager = make_member(world.unit, [MANAGE], scope=RoleScope.OWN)
    office = make_member(world.office, [MANAGE], scope=RoleScope.JURISDICTION)
    # then without an object it holds it (a menu entry may show) …
    assert has_perm(manager, MANAGE)
    # … but against the shared model class, as every change check passes it, it does not
    assert not has_perm(manager, MANAGE, Indicator)
    assert not has_perm(manager, MANAGE, Framework)
    assert has_perm(office, MANAGE, Indicator)


def test_framework_actions_refuse_actors_without_the_permission(in_scope):
    world = in_scope
    framework = make_framework(world.jurisdiction)
    actors = gate_actors(world, world.office, [MANAGE])
    assert_gate(
        actors,
        lambda actor: set_framework_status(framework, "active", actor=actor),
        unchanged=lambda: Framework.objects.get(pk=framework.pk).status,
    )
    assert set_framework_status(framework, "active", actor=SYSTEM).status == "active"
