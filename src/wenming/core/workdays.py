"""Working days and working hours on a jurisdiction's holiday calendar.

China moves working days to weekends around public holidays every year, so "3 working days"
cannot be computed from the weekday alone: `CalendarDay` rows are the exceptions to the
Monday–Friday week (a holiday on a weekday, or a weekend day that is worked). The functions here
are pure over a mapping `{date: is_working_day}`; `deadline_for` loads that mapping for a
jurisdiction once per year range and keeps it for a short while.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Mapping
from decimal import Decimal

from django.utils import timezone

Exceptions = Mapping[dt.date, bool]

#: How long a loaded calendar is reused before it is read again (seconds).
CACHE_SECONDS = 60
_cache: dict[tuple[int, int, int], tuple[float, dict[dt.date, bool]]] = {}
_cache_lock = threading.Lock()


def is_working_day(day: dt.date, exceptions: Exceptions) -> bool:
    """Monday to Friday, unless the calendar says otherwise for that date."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if day in exceptions:
        return bool(exceptions[day])
    return day.weekday() < 5


def next_working_day(day: dt.date, exceptions: Exceptions) -> dt.date:
    """The first working day strictly after `day`."""
    day += dt.timedelta(days=1)
    while not is_working_day(day, exceptions):
        day += dt.timedelta(days=1)
    return day


def add_working_days(start, n: int, exceptions: Exceptions):
    """`n` working days after `start`, counting only working days after the start day.

    A datetime keeps its time of day (dispatched Friday 15:00 + 1 working day = Monday 15:00);
    a date gives a date.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = start.date() if isinstance(start, dt.datetime) else start
    for _ in range(n):
        day = next_working_day(day, exceptions)
    if isinstance(start, dt.datetime):
        return start.replace(year=day.year, month=day.month, day=day.day)
    return day


def parse_clock(value) -> dt.time:
    """Parse a policy clock value such as "09:00"."""
    if isinstance(value, dt.time):
        return value
    hours, minutes = str(value).split(":")[:2]
    return dt.time(int(hours), int(minutes))


def add_working_hours(
    start: dt.datetime,
    hours,
    exceptions: Exceptions,
    day_start="09:00",
    day_end="17:00",
) -> dt.datetime:
    """`hours` of working time after `start`, counting only [day_start, day_end) of working days.

    A start outside working time begins at the next working period. Aware datetimes are
    computed in their own time zone (the jurisdiction's local time).
    """
    opening, closing = parse_clock(day_start), parse_clock(day_end)
    if closing <= opening:
        raise ValueError("the working day must end after it starts")
    remaining = dt.timedelta(hours=float(hours) if isinstance(hours, Decimal) else hours)
    if remaining < dt.timedelta(0):
        raise ValueError("hours must not be negative")
    tz = start.tzinfo
    local = timezone.localtime(start) if timezone.is_aware(start) else start
    current = local
    while True:
        day = current.date()
        window_start = dt.datetime.combine(day, opening, tzinfo=current.tzinfo)
        window_end = dt.datetime.combine(day, closing, tzinfo=current.tzinfo)
        if not is_working_day(day, exceptions) or current >= window_end:
            following = next_working_day(day, exceptions)
            current = dt.datetime.combine(following, opening, tzinfo=current.tzinfo)
            continue
        if current < window_start:
            current = window_start
        available = window_end - current
        if remaining <= available:
            result = current + remaining
            return result.astimezone(tz) if tz is not None else result
        remaining -= available
        current = window_end


def working_hours_between(
    start: dt.datetime,
    end: dt.datetime,
    exceptions: Exceptions,
    day_start="09:00",
    day_end="17:00",
) -> float:
    """Working hours from `start` to `end` (0 when `end` is not later)."""
    if end <= start:
        return 0.0
    opening, closing = parse_clock(day_start), parse_clock(day_end)
    local_start = timezone.localtime(start) if timezone.is_aware(start) else start
    local_end = timezone.localtime(end) if timezone.is_aware(end) else end
    total = dt.timedelta(0)
    day = local_start.date()
    while day <= local_end.date():
        if is_working_day(day, exceptions):
            window_start = dt.datetime.combine(day, opening, tzinfo=local_start.tzinfo)
            window_end = dt.datetime.combine(day, closing, tzinfo=local_start.tzinfo)
            low, high = max(window_start, local_start), min(window_end, local_end)
            if high > low:
                total += high - low
        day += dt.timedelta(days=1)
    return total.total_seconds() / 3600


def calendar_exceptions(jurisdiction, first_year: int, last_year: int) -> dict[dt.date, bool]:
    """The jurisdiction's calendar exceptions for the years, read once and kept briefly."""
    from wenming.core.models import CalendarDay

    key = (jurisdiction.pk, first_year, last_year)
    now = time.monotonic()
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            return cached[1]
    rows = (
        CalendarDay.objects.with_scopes_disabled()
        .filter(
            jurisdiction_id=jurisdiction.pk,
            date__gte=dt.date(first_year, 1, 1),
            date__lte=dt.date(last_year, 12, 31),
        )
        .values_list("date", "is_working_day")
    )
    exceptions = dict(rows)
    with _cache_lock:
        _cache[key] = (now, exceptions)
    return exceptions


def clear_calendar_cache() -> None:
    """Forget loaded calendars (after the calendar was edited, and between tests)."""
    with _cache_lock:
        _cache.clear()


def deadline_for(jurisdiction, start: dt.datetime, value: int, unit: str) -> dt.datetime:
    """The deadline `value` `unit`s after `start` on the jurisdiction's calendar.

    `unit` is "natural_hours", "working_hours" or "working_days" (`Category.time_limit_unit`).
    """
    if unit == "natural_hours":
        return start + dt.timedelta(hours=value)
    local = timezone.localtime(start) if timezone.is_aware(start) else start
    # Long limits can cross the new year: load the following year too.
    exceptions = calendar_exceptions(jurisdiction, local.year, local.year + 1)
    if unit == "working_hours":
        return add_working_hours(
            start,
            value,
            exceptions,
            jurisdiction.get_policy("working_day_start"),
            jurisdiction.get_policy("working_day_end"),
        )
    if unit == "working_days":
        return add_working_days(local, value, exceptions)
    raise ValueError(f"unknown time-limit unit {unit!r}")
