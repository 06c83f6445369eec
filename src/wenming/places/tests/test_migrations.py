"""The move of sites and road segments from inspections to places keeps every row.

A seeded database is taken back to the state before the move (places unapplied, inspections at
0002, work orders at 0006, volunteers at 0003), its rows and the keys that point at them are
counted and hashed, then it is migrated forward to the latest state and the same figures are
read from the renamed tables. Real migrations on the test database, SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_scopes import scope, scopes_disabled

from wenming.core.permissions import SYSTEM
from wenming.testing import build_world
from wenming.testing.migrations import table_figures

BEFORE = [
    ("places", None),
    ("inspections", "0002_checklist_checklistitem_inspectionround_sitevisit_and_more"),
    ("workorders", "0006_work_order_is_public"),
    ("volunteers", "0003_certificate_random_file_names"),
]

#: (table before, table after, columns): the moved tables and the keys that point at them.
TABLES = [
    (
        "inspections_site",
        "places_site",
        "id, public_id, jurisdiction_id, code, name, site_type, division_id, address, latitude, "
        "longitude, patron_unit_id, patron_leader_id, is_active, created_at, updated_at",
    ),
    (
        "inspections_roadsegment",
        "places_roadsegment",
        "id, public_id, jurisdiction_id, code, name, road_name, start_point, end_point, "
        "length_m, is_main_road, path, patron_unit_id, patron_leader_id, is_active, "
        "created_at, updated_at",
    ),
    ("workorders_workorder", "workorders_workorder", "id, site_id, road_segment_id"),
    ("inspections_sitevisit", "inspections_sitevisit", "id, site_id"),
    ("volunteers_activity", "volunteers_activity", "id, road_segment_id"),
]


def _role_permissions(name: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT permissions FROM organizations_role WHERE code = %s", [name])
        (value,) = cursor.fetchone()
    return sorted(value if isinstance(value, list) else json.loads(value))


def _seed():
    from wenming.inspections.actions import install_default_checklists, plan_inspection_round
    from wenming.inspections.tests.conftest import make_categories
    from wenming.organizations.models import Role
    from wenming.places.tests.helpers import make_road, make_site
    from wenming.volunteers.models import Activity, Team
    from wenming.volunteers.tests.conftest import make_activity
    from wenming.workorders.actions import report_problem

    world = build_world()
    make_categories(world.jurisdiction)
    with scope(jurisdiction=world.jurisdiction):
        install_default_checklists(world.jurisdiction, actor=SYSTEM)
        sites = [make_site(world, world.unit, f"S{n:03d}") for n in range(1, 6)]
        sites.append(make_site(world, world.village, "S100", "residential_compound"))
        roads = [make_road(world, world.unit, f"R{n:03d}", f"路段{n}") for n in range(1, 4)]
        for index, site in enumerate(sites[:3]):
            report_problem(
                jurisdiction=world.jurisdiction,
                category="general",
                description=f"问题{index}",
                source="inspection",
                site=site,
                road_segment=roads[index % len(roads)],
                responsible_unit=site.patron_unit,
                actor=SYSTEM,
            )
        inspector = world.member(world.office, ["inspections.perform_inspection"])
        plan_inspection_round(
            jurisdiction=world.jurisdiction,
            name="迁移前的督导",
            start_date=datetime.date(2026, 11, 2),
            end_date=datetime.date(2026, 11, 6),
            inspectors=[inspector],
            sites=sites,
            actor=SYSTEM,
        )
        team = Team.objects.create(
            jurisdiction=world.jurisdiction, organization=world.unit, name="城管志愿服务队"
        )
    activity = make_activity(team)
    with scopes_disabled():
        Activity.objects.filter(pk=activity.pk).update(road_segment=roads[0])
        Role.objects.create(
            jurisdiction=world.jurisdiction,
            code="road_keepers",
            name="路段管理",
            permissions=["places.view_roadsegment", "places.change_roadsegment", "x.y"],
        )
    return world


@pytest.mark.django_db(transaction=True)
def test_sites_roads_and_the_keys_to_them_survive_the_move(transactional_db):
    # given a seeded database, taken back to the state before the move
    _seed()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    before = {after: table_figures(table, columns) for table, after, columns in TABLES}
    assert before["places_site"][0] == 6 and before["places_roadsegment"][0] == 3
    assert before["inspections_sitevisit"][0] == 6
    assert _role_permissions("road_keepers") == [
        "inspections.change_roadsegment",
        "inspections.view_roadsegment",
        "x.y",
    ]
    # when it is migrated forward to the latest state
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    # then every row and every key reads the same from the renamed tables
    after = {after: table_figures(after, columns) for _table, after, columns in TABLES}
    assert after == before
    # and the roles hold the grants under the new names
    assert _role_permissions("road_keepers") == [
        "places.change_roadsegment",
        "places.view_roadsegment",
        "x.y",
    ]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    assert {"places_site", "places_roadsegment"} <= tables
    assert not {"inspections_site", "inspections_roadsegment"} & tables
