"""Which home each person gets, and the figures and lists on it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_scopes import scope

from wenming.core.permissions import RoleScope
from wenming.dashboards.queries import scoped_counts
from wenming.dashboards.roles import Home, home_of
from wenming.organizations.models import Organization
from wenming.organizations.roles import role_permissions
from wenming.testing import client_for
from wenming.volunteers.tests.conftest import make_volunteer_for

ROLES = role_permissions()


def _member(world, organization, role, scope=RoleScope.SUBTREE, **extra):
    return world.member(organization, ROLES[role], scope=scope, **extra)


@pytest.fixture
def people(world):
    return {
        "office": _member(world, world.office, "office_staff", RoleScope.JURISDICTION),
        "reviewer": _member(world, world.office, "evidence_reviewer", RoleScope.JURISDICTION),
        "inspector": _member(world, world.office, "inspector", RoleScope.JURISDICTION),
        "township": _member(world, world.township, "township_admin"),
        "unit": _member(world, world.unit, "unit_admin"),
        "staff": _member(world, world.village, "unit_staff", RoleScope.OWN),
        "nobody": world.member(world.unit),
    }


def test_the_home_follows_grants_and_memberships_not_names(world, people):
    expected = {
        "office": Home.OFFICE,
        "reviewer": Home.OFFICE,
        "inspector": Home.INSPECTOR,
        "township": Home.TOWNSHIP,
        "unit": Home.UNIT,
        "staff": Home.UNIT,
        "nobody": Home.NONE,
    }
    with scope(jurisdiction=world.jurisdiction):
        assert {name: home_of(user) for name, user in people.items()} == expected
    superuser = world.member(world.unit, superuser=True)
    with scope(jurisdiction=world.jurisdiction):
        assert home_of(superuser) == Home.OFFICE


def test_a_person_who_is_only_a_volunteer_lands_on_my_volunteer_service(world):
    user = world.member(world.village)
    make_volunteer_for(world, user)
    response = client_for(user).get("/")
    assert response.status_code == 302 and response["Location"] == "/volunteers/me/"
    page = client_for(user).get("/volunteers/me/").content.decode()
    # The menu: the volunteer's own pages, no staff overview.
    assert 'href="/volunteers/me/"' in page and "首页" not in page


def test_a_township_counts_its_subtree_and_the_office_the_city(world, people):
    with scope(jurisdiction=world.jurisdiction):
        Organization.objects.create(
            jurisdiction=world.jurisdiction,
            parent=world.unit,
            kind="responsible_unit",
            name="城管局下属单位",
            path=f"{world.unit.path}0/",
        )
        city = scoped_counts(people["office"])
        township = scoped_counts(people["township"])
        unit = scoped_counts(people["unit"])
    assert city["townships"] == 1 and city["villages"] == 1
    assert city["responsible_units"] == 3
    assert township == {**township, "townships": 1, "villages": 1, "responsible_units": 0}
    assert unit["responsible_units"] == 2 and unit["villages"] == 0  # itself and its child
    assert city["people"] > township["people"] >= 1


def test_each_home_shows_its_own_next_actions(world, people):
    office = client_for(people["office"]).get("/").content.decode()
    assert 'href="/workorders/intake/"' in office and 'id="jurisdiction-counts"' in office
    unit = client_for(people["unit"]).get("/").content.decode()
    assert 'href="/workorders/intake/"' not in unit and 'id="my-orders"' in unit
    inspector = client_for(people["inspector"]).get("/").content.decode()
    assert 'id="todays-rounds"' in inspector
    nobody = client_for(people["nobody"]).get("/")
    assert nobody.status_code == 200 and 'id="no-role"' in nobody.content.decode()


def test_due_soon_lists_what_is_due_from_today_and_overdue_is_its_own_list(world, people):
    from wenming.tasks.models import Task

    today = timezone.localdate()
    with scope(jurisdiction=world.jurisdiction):
        for title, days in (("四个月前到期", -120), ("下周到期", 7), ("两月后到期", 60)):
            Task.objects.create(
                jurisdiction=world.jurisdiction,
                title=title,
                lead_unit=world.unit,
                due_date=today + datetime.timedelta(days=days),
            )
    page = client_for(people["unit"]).get("/").content.decode()
    due = page[page.index('id="tasks-due"') : page.index('id="tasks-overdue"')]
    overdue = page[page.index('id="tasks-overdue"') :]
    assert "下周到期" in due and "四个月前到期" not in due and "两月后到期" not in due
    assert "四个月前到期" in overdue
