"""确认签署 shows only to the unit's head; a liaison holding the permission is told who signs."""

from django.urls import reverse
from django_scopes import scopes_disabled

from wenming.standards.tests.test_permission_matrix import _agreement
from wenming.testing import client_for


def test_only_the_head_sees_the_acknowledge_button(world):
    permissions = ["standards.view_agreement", "standards.acknowledge_agreement"]
    head = world.member(world.unit, permissions, position="head")
    liaison = world.member(world.unit, permissions, position="liaison")
    with scopes_disabled():
        agreement = _agreement(world)["agreement"]
    url = reverse("standards:agreement-detail", args=[agreement.pk])
    head_page = client_for(head).get(url).content.decode()
    liaison_page = client_for(liaison).get(url).content.decode()
    assert 'id="acknowledge"' in head_page
    assert 'id="acknowledge"' not in liaison_page and 'id="head-signs"' in liaison_page
