"""Periods of a scheme: a month, a half-year (January or July) or a calendar year."""

from __future__ import annotations

import datetime as dt

from wenming.assessments.choices import PeriodKind


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_bounds(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """[start, end) of the period of `kind` that holds `day`."""
    if kind == PeriodKind.MONTH:
        start = day.replace(day=1)
        return start, _add_months(start, 1)
    if kind == PeriodKind.HALF_YEAR:
        start = dt.date(day.year, 1 if day.month <= 6 else 7, 1)
        return start, _add_months(start, 6)
    start = dt.date(day.year, 1, 1)
    return start, dt.date(day.year + 1, 1, 1)
