"""Deadlines across weekends and China's moved public holidays."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from wenming.core.models import CalendarDay
from wenming.core.workdays import (
    add_working_days,
    add_working_hours,
    clear_calendar_cache,
    deadline_for,
    is_working_day,
    working_hours_between,
)

TZ = ZoneInfo("Asia/Shanghai")
D = dt.date

#: 2026 Spring Festival: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked.
SPRING_2026 = {D(2026, 2, 14): True, D(2026, 2, 28): True} | {
    D(2026, 2, day): False for day in range(15, 24)
}
#: 2025 National Day: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked.
NATIONAL_2025 = {D(2025, 9, 28): True, D(2025, 10, 11): True} | {
    D(2025, 10, day): False for day in range(1, 9)
}


def at(*parts):
    return dt.datetime(*parts, tzinfo=TZ)


def test_plain_week_and_weekend():
    assert is_working_day(D(2025, 11, 21), {})  # Friday
    assert not is_working_day(D(2025, 11, 22), {})  # Saturday
    # Friday + 1 working day skips the weekend.
    assert add_working_days(D(2025, 11, 21), 1, {}) == D(2025, 11, 24)
    assert add_working_days(at(2025, 11, 21, 15, 0), 3, {}) == at(2025, 11, 26, 15, 0)
    assert add_working_days(D(2025, 11, 22), 1, {}) == D(2025, 11, 24)
    assert add_working_days(D(2025, 11, 21), 0, {}) == D(2025, 11, 21)


def test_spring_festival_2026_moved_days():
    assert is_working_day(D(2026, 2, 14), SPRING_2026)  # Saturday, worked
    assert not is_working_day(D(2026, 2, 16), SPRING_2026)  # Monday, holiday
    assert is_working_day(D(2026, 2, 28), SPRING_2026)
    # Friday Feb 13 + 1 → the worked Saturday Feb 14.
    assert add_working_days(D(2026, 2, 13), 1, SPRING_2026) == D(2026, 2, 14)
    # Saturday Feb 14 + 1 → Tuesday Feb 24 (Feb 15–23 off).
    assert add_working_days(D(2026, 2, 14), 1, SPRING_2026) == D(2026, 2, 24)
    # Thursday Feb 26 + 2 → Saturday Feb 28 (worked).
    assert add_working_days(D(2026, 2, 26), 2, SPRING_2026) == D(2026, 2, 28)
    # Without the calendar the answer would be wrong: the test can fail.
    assert add_working_days(D(2026, 2, 14), 1, {}) == D(2026, 2, 16)


def test_national_day_2025_moved_days():
    # Friday Sep 26 + 1 → Sunday Sep 28 (worked).
    assert add_working_days(D(2025, 9, 26), 1, NATIONAL_2025) == D(2025, 9, 28)
    # Tuesday Sep 30 + 1 → Thursday Oct 9 (Oct 1–8 off).
    assert add_working_days(D(2025, 9, 30), 1, NATIONAL_2025) == D(2025, 10, 9)
    # Oct 9 (Thu), Oct 10 (Fri), Oct 11 (Sat, worked).
    assert add_working_days(D(2025, 9, 30), 3, NATIONAL_2025) == D(2025, 10, 11)


def test_working_hours_skip_nights_weekends_and_holidays():
    # Friday 16:00 + 2 h: 1 h on Friday, 1 h on Monday from 09:00.
    assert add_working_hours(at(2025, 11, 21, 16, 0), 2, {}) == at(2025, 11, 24, 10, 0)
    # Start before opening: counted from 09:00.
    assert add_working_hours(at(2025, 11, 24, 7, 30), 1, {}) == at(2025, 11, 24, 10, 0)
    # Start at night: from the next morning.
    assert add_working_hours(at(2025, 11, 24, 20, 0), 8, {}) == at(2025, 11, 25, 17, 0)
    # 24 working hours from Tuesday Sep 30 10:00 over National Day.
    result = add_working_hours(at(2025, 9, 30, 10, 0), 24, NATIONAL_2025)
    # Sep 30: 7 h; Oct 9: 8 h; Oct 10: 8 h; Oct 11 (Sat, worked): 1 h → 10:00.
    assert result == at(2025, 10, 11, 10, 0)
    # Other opening hours from the policy.
    assert add_working_hours(at(2025, 11, 24, 17, 0), 1, {}, "08:30", "17:30") == at(
        2025, 11, 25, 9, 0
    )


def test_working_hours_between():
    assert working_hours_between(at(2025, 11, 21, 16, 0), at(2025, 11, 24, 10, 0), {}) == 2.0
    assert working_hours_between(at(2025, 11, 24, 10, 0), at(2025, 11, 24, 9, 0), {}) == 0.0


@pytest.mark.django_db
def test_deadline_for_reads_the_jurisdictions_calendar(world, django_assert_num_queries):
    clear_calendar_cache()
    CalendarDay.objects.with_scopes_disabled().bulk_create(
        [
            CalendarDay(jurisdiction=world.jurisdiction, date=day, is_working_day=working)
            for day, working in SPRING_2026.items()
        ]
    )
    start = at(2026, 2, 13, 15, 0)
    with django_assert_num_queries(1):
        assert deadline_for(world.jurisdiction, start, 1, "working_days") == at(2026, 2, 14, 15)
        assert deadline_for(world.jurisdiction, start, 2, "working_days") == at(2026, 2, 24, 15)
    assert deadline_for(world.jurisdiction, start, 2, "natural_hours") == at(2026, 2, 13, 17)
    # 24 working hours: 2 h Fri 13th, 8 h Sat 14th, then 8 h Tue 24th, 6 h Wed 25th.
    assert deadline_for(world.jurisdiction, start, 24, "working_hours") == at(2026, 2, 25, 15)
    # The other jurisdiction has no holidays loaded: Monday Feb 16.
    assert deadline_for(world.other_jurisdiction, start, 1, "working_days") == at(2026, 2, 16, 15)
    with pytest.raises(ValueError):
        deadline_for(world.jurisdiction, start, 1, "fortnights")
    clear_calendar_cache()
