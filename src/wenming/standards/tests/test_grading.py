"""The grading rules on worked cases."""

from decimal import Decimal

import pytest

from wenming.standards.grading import (
    grade,
    grade_by_deduction,
    grade_by_score_rate,
    grade_by_sub_points,
    grade_percentage,
)


@pytest.mark.parametrize(
    "met, expected_grade, expected_points",
    [
        (6, "A", "2.00"),
        (5, "A", "2.00"),
        (4, "B", "1.32"),
        (3, "C", "0.66"),
        (2, "C#", "0.00"),
        (0, "C#", "0.00"),
    ],
)
def test_abc_by_sub_points_met(met, expected_grade, expected_points):
    result = grade_by_sub_points(met, 2)
    assert result.grade == expected_grade
    assert result.points == Decimal(expected_points)


@pytest.mark.parametrize(
    "letter, expected", [("A", "3.00"), ("b", "1.98"), ("C", "0.99"), ("D", "0.00")]
)
def test_percentage_grades(letter, expected):
    assert grade_percentage(letter, 3).points == Decimal(expected)


def test_deduction_per_fault_never_below_zero():
    assert grade_by_deduction(0, 2, "0.5").points == Decimal("2.00")
    assert grade_by_deduction(3, 2, "0.5").points == Decimal("0.50")
    assert grade_by_deduction(10, 2, "0.5").points == Decimal("0.00")


def test_score_rate_over_observations():
    # Three sites: 8/10, 5/10, 10/10 → 23/30 = 76.67 % of 1.5 points = 1.15
    result = grade_by_score_rate([(8, 10), (5, 10), (10, 10)], "1.5")
    assert result.points == Decimal("1.15")
    assert result.grade == "76.67%"
    assert grade_by_score_rate([], 2).points == Decimal("0.00")


def test_dispatch_by_rule_code():
    assert grade("abc", 1, met=4).grade == "B"
    assert grade("deduction", 2, faults=1, per_fault=1).points == Decimal("1.00")
    with pytest.raises(ValueError):
        grade("unknown", 1)
