"""The move of the civilized units' groups from volunteers to organizations keeps every row.

A database with groups, their members and a claimed service project is taken back to the state
before the move (organizations at 0002, volunteers at 0004), its rows and the keys that point at
them are counted and hashed, then it is migrated forward to the latest state and the same
figures are read from the renamed tables. Real migrations on the test database, SQLite and
PostgreSQL.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_scopes import scope

from wenming.organizations.models import UnitGroup
from wenming.testing import build_world
from wenming.testing.migrations import table_figures
from wenming.volunteers.models import ServiceProject

BEFORE = [
    ("organizations", "0002_person_name_label"),
    ("volunteers", "0004_places_foreign_keys"),
]

#: (table before, table after, columns): the moved tables and the key that points at them.
TABLES = [
    (
        "volunteers_unitgroup",
        "organizations_unitgroup",
        "id, jurisdiction_id, name, lead_unit_id, created_at, updated_at",
    ),
    (
        "volunteers_unitgroup_units",
        "organizations_unitgroup_units",
        "id, unitgroup_id, organization_id",
    ),
    ("volunteers_serviceproject", "volunteers_serviceproject", "id, group_id"),
]


def _seed():
    world = build_world()
    with scope(jurisdiction=world.jurisdiction):
        units = [world.unit, world.sibling_unit]
        for number in range(1, 6):
            group = UnitGroup.objects.create(
                jurisdiction=world.jurisdiction,
                name=f"文明单位第{number}组",
                lead_unit=units[number % 2],
            )
            group.units.set(units[: 1 + number % 2])
        ServiceProject.objects.create(
            jurisdiction=world.jurisdiction, title="护河", group=UnitGroup.objects.first()
        )
        ServiceProject.objects.create(jurisdiction=world.jurisdiction, title="助老")
    return world


@pytest.mark.django_db(transaction=True)
def test_unit_groups_their_members_and_claims_survive_the_move(transactional_db):
    # given a database with groups, taken back to the state before the move
    _seed()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    before = {after: table_figures(table, columns) for table, after, columns in TABLES}
    assert before["organizations_unitgroup"][0] == 5
    assert before["organizations_unitgroup_units"][0] == 8
    # when it is migrated forward to the latest state
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    # then every row and every key reads the same from the renamed tables
    after = {after: table_figures(after, columns) for _table, after, columns in TABLES}
    assert after == before
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    assert {"organizations_unitgroup", "organizations_unitgroup_units"} <= tables
    assert not {"volunteers_unitgroup", "volunteers_unitgroup_units"} & tables
