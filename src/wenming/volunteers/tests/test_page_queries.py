"""Query counts of the volunteer pages: pinned, and the same with more rows (no query per row)."""

import datetime

import pytest
from django.urls import reverse
from django_scopes import scope

from wenming.core.permissions import REGISTRY, SYSTEM, RoleScope
from wenming.testing import client_for
from wenming.testing.queries import assert_page_queries
from wenming.volunteers import actions
from wenming.volunteers.models import Activity, Team, Volunteer
from wenming.volunteers.tests.conftest import make_activity, make_volunteers, running_activity


@pytest.fixture
def office(world):
    return client_for(world.member(world.office, list(REGISTRY), scope=RoleScope.JURISDICTION))


def _volunteers(world, team):
    start = Volunteer.objects.with_scopes_disabled().count()
    return make_volunteers(world, 3, start=start, team=team)


def _teams(world):
    with scope(jurisdiction=world.jurisdiction):
        start = Team.objects.count()
        for number in range(start, start + 3):
            Team.objects.create(
                jurisdiction=world.jurisdiction, organization=world.unit, name=f"志愿服务队{number}"
            )


@pytest.mark.parametrize(
    ("url_name", "grow", "queries"),
    [
        ("volunteers:volunteer-list", "volunteers", 5),
        ("volunteers:team-list", "teams", 4),
        ("volunteers:activity-list", "activities", 4),
    ],
    ids=["volunteers", "teams", "activities"],
)
def test_lists(world, team, office, url_name, grow, queries):
    growers = {
        "volunteers": lambda: _volunteers(world, team),
        "teams": lambda: _teams(world),
        "activities": lambda: [make_activity(team) for _ in range(3)],
    }
    growers[grow]()
    assert_page_queries(office, reverse(url_name), queries=queries, grow=growers[grow])


def test_activity_detail_with_attendances(world, team, office):
    activity = running_activity(team, make_volunteers(world, 1, team=team))

    def grow():
        volunteers = _volunteers(world, team)
        with scope(jurisdiction=world.jurisdiction):
            window = Activity.objects.filter(pk=activity.pk).values("starts_at", "ends_at")[0]
            later = datetime.timedelta(days=1)
            Activity.objects.filter(pk=activity.pk).update(
                starts_at=window["starts_at"] + later, ends_at=window["ends_at"] + later
            )
            for volunteer in volunteers:
                actions.sign_up(activity=activity, volunteer=volunteer, actor=SYSTEM)
            Activity.objects.filter(pk=activity.pk).update(**window)
            for volunteer in volunteers:
                actions.check_in_volunteer(
                    activity=activity, volunteer=volunteer, method="list", actor=SYSTEM
                )

    assert_page_queries(
        office, reverse("volunteers:activity-detail", args=[activity.pk]), queries=5, grow=grow
    )


def test_a_volunteers_own_page(world, team):
    account = world.member(world.village, [])
    [volunteer] = make_volunteers(world, 1, team=team)
    with scope(jurisdiction=world.jurisdiction):
        Volunteer.objects.filter(pk=volunteer.pk).update(user=account)

    def grow():
        for _ in range(3):
            activity = make_activity(team)
            with scope(jurisdiction=world.jurisdiction):
                actions.sign_up(activity=activity, volunteer=volunteer, actor=SYSTEM)

    # The account, the jurisdiction, the volunteer with their balance, then one query each for
    # sign-ups, the next activities, hours with their points, certificates and redemptions.
    assert_page_queries(client_for(account), reverse("volunteers:me"), queries=8, grow=grow)
