"""Grading rules of the frameworks, as pure functions (see `shared/domain/facts.md`).

Each function turns what was observed into a grade and the points earned for one criterion;
nothing here touches the database, so inspections and mock evaluations can call them freely.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from wenming.standards.choices import GradingRule

TWO_PLACES = Decimal("0.01")

#: A/B/C/C# by sub-points met (文明村镇): 5 met = A, 4 = B, 3 = C, fewer = C#.
ABC_THRESHOLDS = ((5, "A"), (4, "B"), (3, "C"))
#: Share of the points each grade earns (a 文明单位 framework).
GRADE_SHARES = {
    "A": Decimal("1"),
    "B": Decimal("0.66"),
    "C": Decimal("0.33"),
    "C#": Decimal("0"),
    "D": Decimal("0"),
}


@dataclass(frozen=True)
class Grade:
    grade: str
    points: Decimal


def _points(value) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def grade_by_sub_points(met: int, points) -> Grade:
    """ABC rule: the grade from how many sub-points are met; points by the grade's share."""
    if met < 0:
        raise ValueError("met must not be negative")
    grade = next((label for threshold, label in ABC_THRESHOLDS if met >= threshold), "C#")
    return Grade(grade, _points(Decimal(points) * GRADE_SHARES[grade]))


def grade_percentage(grade: str, points) -> Grade:
    """Percentage rule: A = 100 %, B = 66 %, C = 33 %, anything below = 0."""
    grade = grade.strip().upper()
    share = GRADE_SHARES.get(grade, Decimal("0"))
    return Grade(grade, _points(Decimal(points) * share))


def grade_by_deduction(faults: int, points, per_fault) -> Grade:
    """Deduction rule: `per_fault` points off for each fault found, never below zero."""
    if faults < 0:
        raise ValueError("faults must not be negative")
    earned = max(Decimal("0"), Decimal(points) - Decimal(per_fault) * faults)
    return Grade("", _points(earned))


def grade_by_score_rate(observations: list[tuple[float, float]], points) -> Grade:
    """Score rate: points scored / points possible over all observations, times the points.

    `observations` holds (scored, possible) pairs, e.g. one per site visited. No observation
    at all earns nothing (a criterion nobody checked is not passed).
    """
    possible = sum(Decimal(str(p)) for _s, p in observations)
    if possible <= 0:
        return Grade("", _points(0))
    scored = sum(Decimal(str(s)) for s, _p in observations)
    rate = min(Decimal("1"), max(Decimal("0"), scored / possible))
    return Grade(f"{(rate * 100).quantize(TWO_PLACES)}%", _points(Decimal(points) * rate))


def grade(rule: str, points, **observed) -> Grade:
    """Dispatch on a criterion's `grading_rule` code."""
    if rule == GradingRule.ABC:
        return grade_by_sub_points(observed["met"], points)
    if rule == GradingRule.PERCENTAGE:
        return grade_percentage(observed["grade"], points)
    if rule == GradingRule.DEDUCTION:
        return grade_by_deduction(observed["faults"], points, observed.get("per_fault", 1))
    if rule == GradingRule.SCORE_RATE:
        return grade_by_score_rate(observed["observations"], points)
    raise ValueError(f"unknown grading rule {rule!r}")
