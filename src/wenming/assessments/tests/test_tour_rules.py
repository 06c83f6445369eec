"""Worked examples of the tour rule: trimming from five scorers, rounding half up, ranks
1, 1, 3, and the tour scores an assessment scheme reads."""

import datetime
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from wenming.assessments.queries.tours import combine, rank, results, tour_scores
from wenming.assessments.tests.helpers import close, make_scorers, make_tour, score

D = Decimal


def test_four_scorers_nothing_is_dropped():
    assert combine([D(70), D(80), D(90), D(100)], "trimmed") == (D("85.00"), False)


def test_five_scorers_drop_one_highest_and_one_lowest():
    # 60 and 100 dropped: (70 + 80 + 90) / 3 = 80
    assert combine([D(100), D(60), D(80), D(70), D(90)], "trimmed") == (D("80.00"), True)


def test_seven_scorers_drop_only_one_highest_and_one_lowest():
    # ties at the extremes: one 95 and one 50 go, the other 95 and 50 stay
    totals = [D(95), D(95), D(50), D(50), D(80), D(70), D(60)]
    # kept: 50, 60, 70, 80, 95 -> 355 / 5 = 71
    assert combine(totals, "trimmed") == (D("71.00"), True)


def test_the_mean_rule_never_drops():
    assert combine([D(100), D(60), D(80), D(70), D(90)], "mean") == (D("80.00"), False)


def test_rounding_is_half_up_to_two_decimals():
    # 80.125 exactly: half up gives 80.13 (banker's rounding would give 80.12)
    assert combine([D("80.25"), D("80.00")], "mean")[0] == D("80.13")
    # 200 / 3 = 66.666… -> 66.67
    assert combine([D(100), D(50), D(50)], "mean")[0] == D("66.67")
    # 0.125 / 1 stays on the half: 0.13
    assert combine([D("0.125")], "mean")[0] == D("0.13")


def test_ties_share_a_rank_and_the_next_rank_skips():
    assert rank([D(90), D(90), D(80), None, D(95)]) == [2, 2, 4, None, 1]
    assert rank([D(90), D(90), D(80)]) == [1, 1, 3]


@pytest.mark.django_db
def test_results_of_a_closed_tour_with_seven_scorers(world):
    scorers = make_scorers(world, 7)
    tour = make_tour(world, scorers)
    # world.unit: totals 100, 90, 85, 80, 75, 70, 10 -> drop 100 and 10 -> 400 / 5 = 80
    for scorer, (a, b) in zip(
        scorers, [(40, 60), (30, 60), (35, 50), (30, 50), (25, 50), (30, 40), (5, 5)], strict=True
    ):
        score(tour, scorer, world.unit, [a, b])
    # the township: four scorers, 80 each -> 80, no trimming; a tie with the unit
    for scorer in scorers[:4]:
        score(tour, scorer, world.township, [30, 50])
    close(tour)
    with scopes_disabled():
        rows = results(tour)
    assert [(r.unit_id, r.score, r.rank, r.scorers, r.trimmed) for r in rows] == [
        (world.unit.pk, D("80.00"), 1, 7, True),
        (world.township.pk, D("80.00"), 1, 4, False),
    ]


@pytest.mark.django_db
def test_tour_scores_average_the_closed_tours_of_the_period(world):
    scorers = make_scorers(world, 2)
    first = make_tour(world, scorers, date=datetime.date(2026, 3, 10))
    second = make_tour(world, scorers, stops=[world.unit], date=datetime.date(2026, 5, 10))
    still_open = make_tour(world, scorers, stops=[world.unit], date=datetime.date(2026, 5, 20))
    outside = make_tour(world, scorers, stops=[world.unit], date=datetime.date(2026, 7, 1))
    score(first, scorers[0], world.unit, [40, 50])  # 90
    score(first, scorers[1], world.unit, [30, 50])  # 80 -> 85
    score(first, scorers[0], world.township, [20, 40])  # 60
    score(second, scorers[0], world.unit, [20, 50])  # 70 -> 70
    score(still_open, scorers[0], world.unit, [0, 0])
    score(outside, scorers[0], world.unit, [0, 0])
    for tour in (first, second, outside):
        close(tour)
    with scopes_disabled():
        scores = tour_scores(
            world.jurisdiction, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
        )
    # the unit: (85 + 70) / 2 = 77.5 over two tours; the township: 60 in one
    assert scores == {world.unit.pk: (D("77.50"), 2), world.township.pk: (D("60.00"), 1)}
    with scopes_disabled():
        assert (
            tour_scores(
                world.other_jurisdiction, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
            )
            == {}
        )
