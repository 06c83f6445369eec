"""Demo data: two closed observation tours with their scores — a half-year tour of units and
townships scored by a panel of seven (the highest and lowest of each stop dropped), and a
township tour scored by four (a plain mean)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from wenming.assessments.actions.tours import close_tour, create_tour, score_stop
from wenming.assessments.models import Tour, TourItem, TourRule
from wenming.core.permissions import SYSTEM
from wenming.organizations.choices import OrganizationKind
from wenming.organizations.models import Organization, Person

UNIT_SHEET = [
    {"name": "创建氛围营造", "max_points": 20},
    {"name": "环境卫生整治", "max_points": 30},
    {"name": "问题整改落实", "max_points": 30},
    {"name": "资料台账规范", "max_points": 20},
]
TOWNSHIP_SHEET = [
    {"name": "背街小巷整治", "max_points": 40},
    {"name": "新时代文明实践", "max_points": 30},
    {"name": "志愿服务开展", "max_points": 30},
]


def _panel(context, size: int) -> list:
    """`size` accounts of the jurisdiction for the panel; demo scorers are added if too few."""
    User = get_user_model()
    users = list(
        User.objects.filter(jurisdiction=context.jurisdiction, is_active=True).order_by("pk")[:size]
    )
    for number in range(len(users) + 1, size + 1):
        user = User.objects.create_user(
            username=f"panel{number}",
            password=context.password,
            jurisdiction=context.jurisdiction,
            display_name=f"观摩评委{number}",
        )
        Person.objects.create(
            jurisdiction=context.jurisdiction, name=f"观摩评委{number}", user=user
        )
        users.append(user)
    return users


def _score_everything(context, tour: Tour, panel: list, strength: dict[int, float]) -> int:
    items = list(TourItem.objects.filter(tour=tour))
    count = 0
    for stop in tour.stops.all():
        for user in panel:
            level = strength[stop.organization_id] + context.random.uniform(-0.12, 0.1)
            points = [
                max(
                    Decimal(0), min(item.max_points, (item.max_points * Decimal(f"{level:.2f}")))
                ).quantize(Decimal("0.5"))
                for item in items
            ]
            score_stop(tour, unit_id=stop.organization_id, points=points, actor=user)
            count += 1
    return count


def seed_tours(context) -> None:
    if Tour.objects.exists():
        context.write("assessments: tours already seeded")
        return
    rng, today = context.random, timezone.localdate()
    units = list(
        Organization.objects.filter(kind=OrganizationKind.RESPONSIBLE_UNIT).order_by("pk")[:6]
    )
    townships = list(
        Organization.objects.filter(kind=OrganizationKind.TOWNSHIP_GOVERNMENT).order_by("pk")[:5]
    )
    stops = units + townships[:3]
    if not stops:
        context.write("assessments: no units to visit, no tours")
        return
    panel = _panel(context, 7)
    strength = {unit.pk: rng.uniform(0.62, 0.95) for unit in units + townships}
    first = create_tour(
        context.jurisdiction,
        title=f"{today.year}年上半年文明创建工作观摩",
        date=today - datetime.timedelta(days=150),
        stop_unit_ids=[unit.pk for unit in stops],
        scorers=[user.username for user in panel],
        items=UNIT_SHEET,
        rule=TourRule.TRIMMED,
        actor=SYSTEM,
    )
    scores = _score_everything(context, first, panel, strength)
    close_tour(first, actor=SYSTEM)
    second = create_tour(
        context.jurisdiction,
        title=f"{today.year}年乡镇（街道）背街小巷整治观摩",
        date=today - datetime.timedelta(days=60),
        stop_unit_ids=[township.pk for township in townships],
        scorers=[user.username for user in panel[:4]],
        items=TOWNSHIP_SHEET,
        rule=TourRule.TRIMMED,
        actor=SYSTEM,
    )
    scores += _score_everything(context, second, panel[:4], strength)
    close_tour(second, actor=SYSTEM)
    context.write(f"assessments: 2 observation tours, {scores} score sets")
