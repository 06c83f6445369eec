"""Place actions are the gate."""

from wenming.core.permissions import SYSTEM
from wenming.places import actions
from wenming.places.models import Site
from wenming.places.tests.helpers import make_site
from wenming.testing import assert_gate, gate_actors


def test_save_site_refuses_actors_without_the_permission(in_scope):
    world = in_scope
    site = make_site(world, world.unit, "S-GATE-1")
    actors = gate_actors(world, world.unit, ["places.change_site"])
    assert_gate(
        actors,
        lambda actor: actions.save_site(
            jurisdiction=world.jurisdiction, data={"name": "改名"}, instance=site, actor=actor
        ),
        unchanged=lambda: Site.objects.get(pk=site.pk).name,
    )
    saved = actions.save_site(
        jurisdiction=world.jurisdiction, data={"name": "改名"}, instance=site, actor=SYSTEM
    )
    assert saved.name == "改名"
