"""Installing the default checklists over the API: the page's action, idempotent, gated."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django_scopes import scope

from wenming.core.permissions import SYSTEM, RoleScope
from wenming.inspections.actions import install_default_checklists
from wenming.inspections.checklists import DEFAULT_CHECKLISTS
from wenming.inspections.models import Checklist
from wenming.testing import api_client_for, build_world

URL = "/api/v1/inspections/checklists/defaults"


def _site_types(world):
    with scope(jurisdiction=world.jurisdiction):
        return sorted(Checklist.objects.values_list("site_type", flat=True))


def test_a_planner_installs_the_defaults_once(world):
    planner = world.member(
        world.office,
        ["inspections.view_inspection", "inspections.plan_inspection"],
        scope=RoleScope.JURISDICTION,
    )
    client = api_client_for(planner)
    first = client.post(URL)
    assert first.status_code == 200 and first.json() == {"installed": len(DEFAULT_CHECKLISTS)}
    assert _site_types(world) == sorted(DEFAULT_CHECKLISTS)
    again = client.post(URL)
    assert again.status_code == 200 and again.json() == {"installed": 0}
    assert _site_types(world) == sorted(DEFAULT_CHECKLISTS)


def test_a_viewer_without_the_planning_permission_installs_nothing(world):
    viewer = world.member(
        world.office, ["inspections.view_inspection"], scope=RoleScope.JURISDICTION
    )
    assert api_client_for(viewer).post(URL).status_code == 403
    assert api_client_for(None).post(URL).status_code == 401
    assert _site_types(world) == []


@pytest.mark.django_db(transaction=True)
def test_two_installs_at_once_install_each_checklist_once(transactional_db):
    world = build_world()
    errors = []
    barrier = threading.Barrier(2)

    def install():
        try:
            barrier.wait(timeout=10)
            with scope(jurisdiction=world.jurisdiction):
                install_default_checklists(world.jurisdiction, actor=SYSTEM)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=install) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _site_types(world) == sorted(DEFAULT_CHECKLISTS)
