"""The demo tours, and the gate of the tour actions."""

import datetime
import random

import pytest
from django_scopes import scope, scopes_disabled

from wenming.assessments.actions.tours import close_tour, create_tour, score_stop
from wenming.assessments.models import Tour, TourScoreSet, TourStatus
from wenming.assessments.queries.tours import results
from wenming.assessments.seed_tours import seed_tours
from wenming.assessments.tests.helpers import ITEMS, make_scorers, make_tour
from wenming.core.permissions import SYSTEM
from wenming.core.seed import SeedContext
from wenming.testing import assert_gate, gate_actors, make_member

pytestmark = pytest.mark.django_db


def _tours():
    with scopes_disabled():
        return sorted(Tour.objects.values_list("pk", "status"))


def test_the_demo_has_two_closed_tours_one_with_seven_scorers(world):
    context = SeedContext(
        jurisdiction=world.jurisdiction,
        scale="small",
        random=random.Random(7),
        admin=None,
        password="demo-password-2026",
        write=lambda *args: None,
    )
    with scope(jurisdiction=world.jurisdiction):
        seed_tours(context)
        seed_tours(context)  # idempotent
        tours = list(Tour.objects.order_by("date"))
        assert [tour.status for tour in tours] == [TourStatus.CLOSED, TourStatus.CLOSED]
        first, second = tours
        assert first.scorer_links.count() == 7
        assert second.scorer_links.count() == 4
        stops = first.stops.count()
        assert TourScoreSet.objects.filter(tour=first).count() == 7 * stops
        rows = results(first)
        assert all(row.trimmed and row.scorers == 7 for row in rows)
        assert not any(row.trimmed for row in results(second))


def test_setting_up_and_closing_need_the_office_grant(world):
    actors = gate_actors(world, world.office, ["assessments.manage_tour"])
    assert_gate(
        actors,
        lambda actor: create_tour(
            world.jurisdiction,
            title="观摩",
            date=datetime.date(2026, 6, 1),
            stop_unit_ids=[world.unit.pk],
            scorers=[],
            items=ITEMS,
            actor=actor,
        ),
        unchanged=_tours,
    )
    tour = make_tour(world, make_scorers(world, 1))
    assert_gate(actors, lambda actor: close_tour(tour, actor=actor), unchanged=_tours)
    with scopes_disabled():
        close_tour(tour, actor=SYSTEM)
    assert _tours() == [(tour.pk, TourStatus.CLOSED)]


def test_scoring_refuses_everyone_but_the_panel(world):
    tour = make_tour(world, make_scorers(world, 1))
    office = make_member(world.office, ["assessments.manage_tour"])
    actors = {**gate_actors(world, world.unit, []), "system": SYSTEM}
    for name, actor in actors.items():
        with pytest.raises(Exception) as raised, scopes_disabled():
            score_stop(tour, unit_id=world.unit.pk, points=[1, 1], actor=actor)
        assert raised.type.__name__ in {"PermissionDenied", "NotAScorerError"}, name
    with pytest.raises(Exception) as raised, scopes_disabled():
        score_stop(tour, unit_id=world.unit.pk, points=[1, 1], actor=office)
    assert getattr(raised.value, "code", None) == "not_a_scorer"
    with scopes_disabled():
        assert not TourScoreSet.objects.exists()
