"""Fixtures of assessment: work orders due in a past month for the world's two units, an
office member who manages schemes, runs and tours, a scheme over the responsible units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from wenming.assessments.actions import create_scheme
from wenming.core.permissions import SYSTEM, RoleScope
from wenming.workorders.models import WorkOrder
from wenming.workorders.tests.conftest import categories  # noqa: F401

MONTH = dt.date(2026, 10, 1)
OFFICE = [
    "assessments.view_scheme",
    "assessments.manage_scheme",
    "assessments.view_run",
    "assessments.manage_run",
    "assessments.decide_appeal",
    "assessments.view_tour",
    "assessments.manage_tour",
]
UNIT = ["assessments.view_scheme", "assessments.view_run", "assessments.lodge_appeal"]


def in_month(day: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime(MONTH.year, MONTH.month, day, 12))


def make_orders(world, kinds, unit, *, closed_on_time=0, closed_late=0, open_=0, reworked=0):
    """Orders of `unit` due in October 2026, in the states asked for."""
    rows = []
    with scopes_disabled():
        start = WorkOrder.objects.with_scopes_disabled().count()
        states = (
            [("closed", True)] * closed_on_time
            + [("closed", False)] * closed_late
            + [("in_progress", None)] * open_
        )
        for index, (status, on_time) in enumerate(states):
            rows.append(
                WorkOrder(
                    jurisdiction=world.jurisdiction,
                    reference=f"A{start + index + 1:011d}",
                    category=kinds["general"],
                    status=status,
                    source="inspection",
                    description="路面破损",
                    reported_at=in_month(1),
                    responsible_unit=unit,
                    dispatched_at=in_month(1),
                    deadline=in_month(10),
                    closed_on_time=on_time,
                    first_resolved_at=in_month(5) if status == "closed" else None,
                    rework_count=1 if index < reworked else 0,
                )
            )
        WorkOrder.objects.bulk_create(rows)
    return rows


def components(**weights):
    return [
        {"source": source, "weight": Decimal(weight), "normalisation": method, "threshold": None}
        for source, (weight, method) in weights.items()
    ]


@pytest.fixture
def office(world):
    """An office member who manages schemes, runs and appeals, and sets up and closes tours."""
    return world.member(world.office, OFFICE, scope=RoleScope.JURISDICTION)


@pytest.fixture
def unit_member(world):
    return world.member(world.unit, UNIT, scope=RoleScope.OWN, position="head")


@pytest.fixture
def scheme(world):
    with scope(jurisdiction=world.jurisdiction):
        return create_scheme(
            jurisdiction=world.jurisdiction,
            data={
                "name": "责任单位月度考核",
                "period_kind": "month",
                "group_kind": "responsible_units",
                "valid_from": dt.date(2026, 1, 1),
                "red_flags": 1,
                "black_flags": 1,
                "minimum_cases": 2,
            },
            components=components(
                work_order_close_rate=(60, "min_max"), work_order_on_time_rate=(40, "rank")
            ),
            actor=SYSTEM,
        )


@pytest.fixture
def orders(world, categories):  # noqa: F811
    """城管局: 4 due, 3 closed (2 on time), 1 open → 结案率 75 %, 按期 50 %.
    交通局: 2 due, both closed on time → 100 %, 100 %."""
    make_orders(world, categories, world.unit, closed_on_time=2, closed_late=1, open_=1)
    make_orders(world, categories, world.sibling_unit, closed_on_time=2)
    return categories
