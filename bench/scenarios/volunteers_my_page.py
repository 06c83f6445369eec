"""A volunteer's own page with five years of weekly activities and ledgers (rollups, 20 rows)."""

from __future__ import annotations

from benchkit import Request

NAME = "volunteers_my_page"
SCALE = "ruzhou"
EXPECT = (200,)


def prepare(env):
    env.django()
    import datetime
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from django_scopes import scope

    from wenming.core.models import Jurisdiction
    from wenming.volunteers.models import (
        Activity,
        Attendance,
        PointsEntry,
        ServiceHoursEntry,
        Signup,
        Team,
        Volunteer,
        VolunteerBalance,
    )

    jurisdiction = Jurisdiction.objects.get(code="410482")
    with scope(jurisdiction=jurisdiction):
        volunteer = Volunteer.objects.filter(user__username="volunteer").first()
        user = get_user_model().objects.get(username="volunteer")
        user.set_password(env.admin_password)
        user.save(update_fields=["password"])
        team = Team.objects.order_by("pk").first()
        today = datetime.date.today()
        now = timezone.now()
        # Five years of weekly volunteer days: an activity, the sign-up and the attendance each.
        activities = Activity.objects.bulk_create(
            [
                Activity(
                    jurisdiction=jurisdiction,
                    team=team,
                    title=f"文明交通劝导（第{week}周）",
                    starts_at=now - datetime.timedelta(weeks=week, hours=3),
                    ends_at=now - datetime.timedelta(weeks=week, hours=1),
                    quota=30,
                    status="finished",
                    is_volunteer_day=True,
                    signed_up_count=1,
                    checked_in_count=1,
                    checked_out_count=1,
                )
                for week in range(1, 261)
            ]
        )
        Signup.objects.bulk_create(
            [
                Signup(
                    jurisdiction=jurisdiction,
                    activity=activity,
                    volunteer=volunteer,
                    status="signed_up",
                )
                for activity in activities
            ]
        )
        Attendance.objects.bulk_create(
            [
                Attendance(
                    jurisdiction=jurisdiction,
                    activity=activity,
                    volunteer=volunteer,
                    status="confirmed",
                    checked_in_at=activity.starts_at,
                    checked_out_at=activity.ends_at,
                    check_in_method="list",
                    check_out_method="list",
                    hours=Decimal("2.00"),
                )
                for activity in activities
            ]
        )
        entries = ServiceHoursEntry.objects.bulk_create(
            [
                ServiceHoursEntry(
                    jurisdiction=jurisdiction,
                    volunteer=volunteer,
                    team=team,
                    served_on=today - datetime.timedelta(weeks=week),
                    hours=Decimal("2.00"),
                    reason="service",
                )
                for week in range(260)
            ]
        )
        PointsEntry.objects.bulk_create(
            [
                PointsEntry(
                    jurisdiction=jurisdiction,
                    volunteer=volunteer,
                    points=20,
                    reason="service",
                    hours_entry=entry,
                    reference=f"hours:{entry.pk}",
                )
                for entry in entries
            ]
        )
        VolunteerBalance.objects.filter(volunteer=volunteer).update(
            total_hours=Decimal("520.00"), points_balance=5200, points_earned=5200, star_level=2
        )
    env.state["cookie"] = env.login("volunteer")
    answer = env.request("GET", "/volunteers/me/", headers={"Cookie": env.state["cookie"]})
    if answer.status != 200:
        raise RuntimeError(f"the volunteer's page answered HTTP {answer.status}")


def requests(env):
    return [Request("GET", "/volunteers/me/", headers={"Cookie": env.state["cookie"]})]
