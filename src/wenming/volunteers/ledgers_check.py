"""Recompute every rollup from the ledgers and report where they differ (run in a scope)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from wenming.core.tenancy import current_jurisdiction
from wenming.volunteers.actions.ledgers import star_level_for
from wenming.volunteers.models import PointsEntry, ServiceHoursEntry, VolunteerBalance


def ledger_drift() -> list[dict]:
    """One row per volunteer whose rollup is not the sum of their entries (two GROUP BYs)."""
    jurisdiction = current_jurisdiction()
    thresholds = jurisdiction.get_policy("volunteer_star_thresholds")
    hours = dict(
        ServiceHoursEntry.objects.values("volunteer_id")
        .annotate(total=Sum("hours"))
        .values_list("volunteer_id", "total")
    )
    points = dict(
        PointsEntry.objects.values("volunteer_id")
        .annotate(total=Sum("points"))
        .values_list("volunteer_id", "total")
    )
    drift = []
    for balance in VolunteerBalance.objects.values(
        "volunteer_id", "total_hours", "points_balance", "star_level"
    ).iterator(chunk_size=5000):
        volunteer_id = balance["volunteer_id"]
        expected_hours = hours.get(volunteer_id) or Decimal("0")
        expected_points = points.get(volunteer_id) or 0
        expected_stars = star_level_for(expected_hours, thresholds)
        if (
            balance["total_hours"] != expected_hours
            or balance["points_balance"] != expected_points
            or balance["star_level"] != expected_stars
        ):
            drift.append(
                {
                    "volunteer_id": volunteer_id,
                    "rollup_hours": balance["total_hours"],
                    "hours": expected_hours,
                    "rollup_points": balance["points_balance"],
                    "points": expected_points,
                    "rollup_stars": balance["star_level"],
                    "stars": expected_stars,
                }
            )
    return drift


def repair_drift(drift: list[dict]) -> None:
    with transaction.atomic():
        for row in drift:
            VolunteerBalance.objects.filter(volunteer_id=row["volunteer_id"]).update(
                total_hours=row["hours"], points_balance=row["points"], star_level=row["stars"]
            )
