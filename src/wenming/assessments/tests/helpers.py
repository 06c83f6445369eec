"""Tours for the tests: a tour of the world's units with a panel of scorers."""

from __future__ import annotations

import datetime

from django_scopes import scopes_disabled

from wenming.assessments.actions.tours import close_tour, create_tour, score_stop
from wenming.core.permissions import SYSTEM
from wenming.testing import make_member

ITEMS = [{"name": "环境卫生", "max_points": 40}, {"name": "宣传氛围", "max_points": 60}]


def make_scorers(world, count: int) -> list:
    return [make_member(world.unit) for _ in range(count)]


def make_tour(world, scorers, *, stops=None, rule="trimmed", items=ITEMS, date=None):
    stops = stops if stops is not None else [world.unit, world.township]
    with scopes_disabled():
        return create_tour(
            world.jurisdiction,
            title="上半年观摩",
            date=date or datetime.date(2026, 6, 15),
            stop_unit_ids=[unit.pk for unit in stops],
            scorers=[user.username for user in scorers],
            items=items,
            rule=rule,
            actor=SYSTEM,
        )


def score(tour, scorer, unit, points):
    with scopes_disabled():
        return score_stop(tour, unit_id=unit.pk, points=points, actor=scorer)


def close(tour):
    with scopes_disabled():
        return close_tour(tour, actor=SYSTEM)
