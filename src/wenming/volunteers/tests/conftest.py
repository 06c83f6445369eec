"""Fixtures of the volunteer tests: a team in the world's unit, approved volunteers, activities."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope

from wenming.core.permissions import SYSTEM
from wenming.volunteers import actions
from wenming.volunteers.choices import PointsReason, StationKind, VolunteerStatus
from wenming.volunteers.models import (
    Activity,
    RewardItem,
    Station,
    Team,
    TeamMembership,
    Volunteer,
    VolunteerBalance,
)
from wenming.volunteers.synthetic import synthetic_id_number, synthetic_phone

PLACE = (Decimal("34.167000"), Decimal("112.845000"))


def make_volunteers(world, count: int, *, start: int = 0, team=None, **fields) -> list[Volunteer]:
    """Approved volunteers, inserted in bulk (tests need hundreds)."""
    with scope(jurisdiction=world.jurisdiction):
        volunteers = [
            actions.build_volunteer(
                jurisdiction=world.jurisdiction,
                name=f"志愿者{start + index}",
                id_number=synthetic_id_number(start + index),
                phone=synthetic_phone(start + index),
                status=fields.get("status", VolunteerStatus.APPROVED),
                organization=fields.get("organization"),
                division=fields.get("division"),
            )
            for index in range(count)
        ]
        Volunteer.objects.bulk_create(volunteers)
        VolunteerBalance.objects.bulk_create(
            [VolunteerBalance(jurisdiction=world.jurisdiction, volunteer=v) for v in volunteers]
        )
        if team is not None:
            TeamMembership.objects.bulk_create(
                [
                    TeamMembership(jurisdiction=world.jurisdiction, team=team, volunteer=v)
                    for v in volunteers
                ]
            )
    return volunteers


@pytest.fixture
def team(world):
    with scope(jurisdiction=world.jurisdiction):
        return Team.objects.create(
            jurisdiction=world.jurisdiction, organization=world.unit, name="城管志愿服务队"
        )


@pytest.fixture
def sibling_team(world):
    with scope(jurisdiction=world.jurisdiction):
        return Team.objects.create(
            jurisdiction=world.jurisdiction, organization=world.sibling_unit, name="交通志愿服务队"
        )


def make_activity(team, *, quota=50, starts_in=datetime.timedelta(days=1), hours=3, **extra):
    starts_at = timezone.now() + starts_in
    with scope(jurisdiction=team.jurisdiction):
        return actions.publish_activity(
            team=team,
            data={
                "title": "文明交通劝导",
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(hours=hours),
                "quota": quota,
                "place": "向阳路与丹阳路口",
                "latitude": PLACE[0],
                "longitude": PLACE[1],
                "radius_m": 300,
                **extra,
            },
            actor=SYSTEM,
        )


@pytest.fixture
def activity(team):
    return make_activity(team)


def refresh(obj):
    with scope(jurisdiction=obj.jurisdiction):
        return type(obj).objects.get(pk=obj.pk)


def running_activity(team, volunteers=(), **extra) -> Activity:
    """An activity that started an hour ago and ends in two, with `volunteers` signed up."""
    activity = make_activity(team, **extra)
    with scope(jurisdiction=team.jurisdiction):
        for volunteer in volunteers:
            actions.sign_up(activity=activity, volunteer=volunteer, actor=SYSTEM)
        start = timezone.now() - datetime.timedelta(hours=1)
        Activity.objects.filter(pk=activity.pk).update(
            starts_at=start, ends_at=start + datetime.timedelta(hours=3)
        )
        return Activity.objects.get(pk=activity.pk)


def make_item(world, organization, *, name="毛巾", price=10, stock=5) -> RewardItem:
    """An item on offer at the shop of a station that `organization` runs."""
    with scope(jurisdiction=world.jurisdiction):
        station = Station.objects.create(
            jurisdiction=world.jurisdiction,
            kind=StationKind.CIVILIZED_UNIT,
            name=f"{organization.name}志愿服务站",
            organization=organization,
        )
        return RewardItem.objects.create(
            jurisdiction=world.jurisdiction,
            station=station,
            name=name,
            points_price=price,
            stock=stock,
        )


def give_points(world, volunteer, points: int) -> None:
    with scope(jurisdiction=world.jurisdiction):
        actions.append_points(
            volunteer=volunteer, points=points, reason=PointsReason.ADJUSTMENT, actor=SYSTEM
        )


def make_redemption(world, organization, volunteer):
    """`volunteer` redeemed one item at the shop of `organization`'s station (code issued)."""
    item = make_item(world, organization)
    give_points(world, volunteer, item.points_price)
    with scope(jurisdiction=world.jurisdiction):
        return actions.redeem_item(volunteer=volunteer, item=item, actor=SYSTEM)


def make_volunteer_for(world, user) -> Volunteer:
    """An approved volunteer whose account is `user` (the person behind the phone pages)."""
    [volunteer] = make_volunteers(world, 1)
    with scope(jurisdiction=world.jurisdiction):
        volunteer.user = user
        volunteer.save(update_fields=["user"])
    return volunteer
