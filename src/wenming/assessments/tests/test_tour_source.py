"""The observation tours as a scheme's component: a unit's value is its mean tour score."""

import datetime as dt
from decimal import Decimal

from django_scopes import scope, scopes_disabled

from wenming.assessments import actions
from wenming.assessments.models import Result
from wenming.assessments.tests.conftest import components
from wenming.assessments.tests.helpers import close, make_scorers, make_tour, score
from wenming.core.permissions import SYSTEM


def test_a_units_tour_score_is_its_component_value_and_tours_outside_the_period_do_not_count(
    world, office
):
    scorers = make_scorers(world, 2)
    in_june = make_tour(world, scorers, stops=[world.unit, world.sibling_unit])
    score(in_june, scorers[0], world.unit, [30, 50])  # 80
    score(in_june, scorers[1], world.unit, [40, 50])  # 90 → mean 85
    score(in_june, scorers[0], world.sibling_unit, [20, 40])  # 60
    close(in_june)
    in_july = make_tour(world, scorers, stops=[world.unit], date=dt.date(2026, 7, 2))
    score(in_july, scorers[0], world.unit, [0, 0])
    close(in_july)
    with scope(jurisdiction=world.jurisdiction):
        scheme = actions.create_scheme(
            jurisdiction=world.jurisdiction,
            data={
                "name": "观摩月度考核",
                "period_kind": "month",
                "group_kind": "responsible_units",
                "valid_from": dt.date(2026, 1, 1),
                "red_flags": 1,
                "black_flags": 0,
                "minimum_cases": 1,
            },
            components=components(tour_score=(100, "min_max")),
            actor=SYSTEM,
        )
        run = actions.compute_run(scheme=scheme, period_start=dt.date(2026, 6, 1), actor=office)
    with scopes_disabled():
        results = {r.organization_id: r for r in Result.objects.filter(run=run)}
    assert run.snapshot["inputs"]["tour_score"][str(world.unit.pk)] == ["85.00", "1", 1]
    assert results[world.unit.pk].components[0]["value"] == "85.00"
    assert results[world.sibling_unit.pk].components[0]["value"] == "60.00"
    assert (results[world.unit.pk].rank, results[world.unit.pk].flag) == (1, "red")
    assert results[world.unit.pk].total == Decimal("100.00")
