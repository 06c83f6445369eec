"""Planning an inspection round over the API, as the round page does."""

import json

from django_scopes import scope

from wenming.inspections.models import InspectionRound


def _body(setup, **changes):
    return {
        "name": "十一月第二轮督导",
        "start_date": "2026-11-09",
        "end_date": "2026-11-13",
        "inspector_ids": [setup.inspector.pk],
        "site_ids": [setup.sibling_site.pk, setup.site.pk],
        **changes,
    }


def _post(world, user, body):
    from wenming.testing import api_client_for

    return api_client_for(user).post(
        "/api/v1/inspections/rounds", json.dumps(body), content_type="application/json"
    )


def _rounds(world):
    with scope(jurisdiction=world.jurisdiction):
        return InspectionRound.objects.count()


def test_a_planner_plans_a_round_in_the_order_of_the_walk(setup):
    world = setup.world
    planner = world.member(
        world.office,
        ["inspections.view_inspection", "inspections.plan_inspection"],
        scope="jurisdiction",
    )
    response = _post(world, planner, _body(setup))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["inspector_ids"] == [setup.inspector.pk]
    assert _rounds(world) == 2


def test_unknown_sites_and_a_missing_permission_change_nothing(setup):
    world = setup.world
    planner = world.member(
        world.office,
        ["inspections.view_inspection", "inspections.plan_inspection"],
        scope="jurisdiction",
    )
    looker = world.member(world.office, ["inspections.view_inspection"], scope="jurisdiction")
    unknown = _post(world, planner, _body(setup, site_ids=[2**62]))
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_site"
    assert _post(world, looker, _body(setup)).status_code == 403
    assert _rounds(world) == 1
