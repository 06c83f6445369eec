"""Worked examples of each normalisation and of the result of a snapshot (no database)."""

from decimal import Decimal as D

from wenming.assessments.queries.periods import period_bounds
from wenming.assessments.queries.scoring import normalise, score, shared_ranks


def test_rank_normalisation_shares_ranks_and_spreads_points_from_100_to_0():
    # given five values, two of them tied for the top
    values = {"a": D("90"), "b": D("90"), "c": D("80"), "d": D("70"), "e": D("60")}
    # then ranks are 1, 1, 3, 4, 5 and points 100 × (n − rank) ÷ (n − 1)
    assert shared_ranks(values, higher_is_better=True) == {"a": 1, "b": 1, "c": 3, "d": 4, "e": 5}
    assert normalise(values, "rank", higher_is_better=True) == {
        "a": D("100.00"),
        "b": D("100.00"),
        "c": D("50.00"),
        "d": D("25.00"),
        "e": D("0.00"),
    }


def test_rank_normalisation_of_a_lower_is_better_value_ranks_the_smallest_first():
    values = {"a": D("5"), "b": D("10"), "c": D("20")}
    assert normalise(values, "rank", higher_is_better=False) == {
        "a": D("100.00"),
        "b": D("50.00"),
        "c": D("0.00"),
    }


def test_min_max_normalisation_worked_example():
    # 结案率 93.72 %, 80 %, 75.82 %: (v − 75.82) ÷ (93.72 − 75.82) × 100
    values = {"a": D("93.72"), "b": D("80.00"), "c": D("75.82")}
    assert normalise(values, "min_max", higher_is_better=True) == {
        "a": D("100.00"),
        "b": D("23.35"),
        "c": D("0.00"),
    }
    # lower is better (返工率): the smallest scores 100
    assert normalise(values, "min_max", higher_is_better=False)["c"] == D("100.00")
    # all equal: everyone 100
    assert normalise({"a": D(5), "b": D(5)}, "min_max", higher_is_better=True) == {
        "a": D(100),
        "b": D(100),
    }


def test_threshold_normalisation_gives_full_points_at_the_threshold_and_none_below():
    values = {"a": D("90.00"), "b": D("89.99"), "c": D("95")}
    assert normalise(values, "threshold", higher_is_better=True, threshold=D(90)) == {
        "a": D(100),
        "b": D(0),
        "c": D(100),
    }
    assert normalise(values, "threshold", higher_is_better=False, threshold=D(90)) == {
        "a": D(100),
        "b": D(100),
        "c": D(0),
    }


def _snapshot(inputs, *, minimum=2, adjustments=()):
    return {
        "units": [{"id": 1, "name": "甲"}, {"id": 2, "name": "乙"}, {"id": 3, "name": "丙"}],
        "components": [
            {
                "source": "close",
                "weight": "60",
                "normalisation": "min_max",
                "threshold": None,
                "minimum_cases": minimum,
                "higher_is_better": True,
                "scale": 100,
            },
            {
                "source": "rework",
                "weight": "40",
                "normalisation": "rank",
                "threshold": None,
                "minimum_cases": minimum,
                "higher_is_better": False,
                "scale": 100,
            },
        ],
        "inputs": inputs,
        "adjustments": list(adjustments),
        "red_flags": 1,
        "black_flags": 1,
    }


def test_a_snapshot_gives_weighted_totals_adjustments_ranks_and_flags():
    snapshot = _snapshot(
        {
            "close": {"1": ["9", "10", 10], "2": ["8", "10", 10], "3": ["5", "10", 10]},
            "rework": {"1": ["1", "10", 10], "2": ["0", "10", 10], "3": ["5", "10", 10]},
        },
        adjustments=[{"id": 7, "organization_id": 3, "points": "-2.5", "kind": "deduction"}],
    )
    results = {row["organization_id"]: row for row in score(snapshot)}
    # 甲: close 90 % → 100 × 0.6 = 60; rework 10 % ranks 2nd of 3 → 50 × 0.4 = 20 → 80
    assert results[1]["total"] == D("80.00")
    # 乙: close 80 % → 75 × 0.6 = 45; rework 0 % ranks 1st → 100 × 0.4 = 40 → 85
    assert results[2]["total"] == D("85.00")
    # 丙: 0 + 0 − 2.5
    assert results[3]["total"] == D("-2.50")
    assert [results[key]["rank"] for key in (2, 1, 3)] == [1, 2, 3]
    assert results[2]["flag"] == "red" and results[3]["flag"] == "black"
    assert results[1]["flag"] == ""


def test_a_unit_with_fewer_records_than_the_minimum_is_marked_not_ranked():
    snapshot = _snapshot(
        {
            "close": {"1": ["9", "10", 10], "2": ["1", "1", 1], "3": ["5", "10", 10]},
            "rework": {"1": ["1", "10", 10], "2": ["0", "1", 1], "3": ["5", "10", 10]},
        }
    )
    results = {row["organization_id"]: row for row in score(snapshot)}
    assert results[2]["rank"] is None and results[2]["short"] == ["close", "rework"]
    assert results[2]["flag"] == ""
    # the others are ranked among themselves only: one fast case does not push anyone down
    assert (results[1]["rank"], results[3]["rank"]) == (1, 2)


def test_periods_are_calendar_months_half_years_and_years():
    import datetime as dt

    day = dt.date(2026, 8, 19)
    assert period_bounds("month", day) == (dt.date(2026, 8, 1), dt.date(2026, 9, 1))
    assert period_bounds("half_year", day) == (dt.date(2026, 7, 1), dt.date(2027, 1, 1))
    assert period_bounds("year", day) == (dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert period_bounds("month", dt.date(2026, 12, 3)) == (
        dt.date(2026, 12, 1),
        dt.date(2027, 1, 1),
    )
