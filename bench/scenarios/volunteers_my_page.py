"""A volunteer's own page with five years of weekly history (read from the rollups)."""

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
    from django_scopes import scope

    from wenming.core.models import Jurisdiction
    from wenming.volunteers.models import (
        PointsEntry,
        ServiceHoursEntry,
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
