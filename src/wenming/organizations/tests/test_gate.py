"""Organization actions check the permission themselves."""

from wenming.core.permissions import SYSTEM
from wenming.organizations import actions
from wenming.organizations.models import Organization
from wenming.testing import assert_gate, gate_actors


def _name(organization):
    return Organization.objects.get(pk=organization.pk).name


def test_save_organization_refuses_actors_without_the_permission(in_scope):
    world = in_scope
    actors = gate_actors(world, world.unit, ["organizations.change_organization"])
    assert_gate(
        actors,
        lambda actor: actions.save_organization(
            jurisdiction=world.jurisdiction,
            data={"name": "改名"},
            instance=world.unit,
            actor=actor,
        ),
        unchanged=lambda: _name(world.unit),
    )
    actions.save_organization(
        jurisdiction=world.jurisdiction, data={"name": "改名"}, instance=world.unit, actor=SYSTEM
    )
    assert _name(world.unit) == "改名"
