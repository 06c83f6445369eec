"""The hours and points ledgers: append, reverse, and keep each volunteer's rollup in step.

Every function here runs inside the caller's transaction (or its own) and writes the entry and
the rollup together, so `VolunteerBalance` always equals the sum of the entries; the database
refuses a negative points balance even if a caller forgot to check.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from wenming.core.audit import log_event
from wenming.core.errors import ConflictError, DomainError
from wenming.core.permissions import require, user_of
from wenming.volunteers.choices import HoursReason, PointsReason, VolunteerStatus
from wenming.volunteers.models import (
    Activity,
    PointsEntry,
    ServiceHoursEntry,
    Volunteer,
    VolunteerBalance,
)

HOURS_PLACES = Decimal("0.01")
CORRECT_LEDGER = "volunteers.correct_ledger"


def star_level_for(hours: Decimal, thresholds) -> int:
    """Stars reached with `hours` of cumulative recorded service (thresholds ascending)."""
    return sum(1 for threshold in thresholds if hours >= Decimal(str(threshold)))


def points_for_hours(jurisdiction, hours: Decimal, *, coefficient_keys=()) -> int:
    """Points for recorded hours: the jurisdiction's rate times the highest coefficient that
    applies (organiser, hard, risky work), rounded half up. Coefficients do not multiply."""
    rate = Decimal(str(jurisdiction.get_policy("points_per_hour")))
    coefficients = jurisdiction.get_policy("points_coefficients") or {}
    factor = max(
        [Decimal("1")]
        + [Decimal(str(coefficients[key])) for key in coefficient_keys if key in coefficients]
    )
    return int((hours * rate * factor).quantize(Decimal("1"), rounding="ROUND_HALF_UP"))


def _update_balance(volunteer: Volunteer, *, hours=Decimal(0), points=0, activities=0) -> None:
    """Apply a change to the rollup with F() and move the star level; notify on a new star."""
    earned = points if points > 0 else 0
    try:
        with transaction.atomic():
            updated = VolunteerBalance.objects.filter(volunteer_id=volunteer.pk).update(
                total_hours=F("total_hours") + hours,
                points_balance=F("points_balance") + points,
                points_earned=F("points_earned") + earned,
                activity_count=F("activity_count") + activities,
            )
            if not updated:
                VolunteerBalance.objects.create(
                    jurisdiction_id=volunteer.jurisdiction_id,
                    volunteer=volunteer,
                    total_hours=hours,
                    points_balance=points,
                    points_earned=earned,
                    activity_count=activities,
                )
    except IntegrityError:
        raise DomainError(
            _("Not enough points: the balance cannot go below zero."), code="insufficient_points"
        ) from None
    if not hours:
        return
    balance = VolunteerBalance.objects.get(volunteer_id=volunteer.pk)
    level = star_level_for(
        balance.total_hours, volunteer.jurisdiction.get_policy("volunteer_star_thresholds")
    )
    if level == balance.star_level:
        return
    VolunteerBalance.objects.filter(pk=balance.pk).update(star_level=level)
    if level > balance.star_level and volunteer.user_id:
        _notify_star(volunteer, level)


def _notify_star(volunteer: Volunteer, level: int) -> None:
    from django.urls import reverse

    from wenming.notifications.actions import notify

    def send():
        notify(
            [volunteer.user],
            jurisdiction=volunteer.jurisdiction,
            category="volunteers.star",
            title=_("You are now a %(stars)s volunteer") % {"stars": "★" * level},
            body=_("Thank you for your service: your recorded hours reached a new star level."),
            url=reverse("volunteers:me"),
            external=True,
        )

    transaction.on_commit(send)


def append_hours(
    *,
    volunteer: Volunteer,
    team,
    hours: Decimal,
    served_on,
    reason: str,
    activity=None,
    attendance=None,
    note: str = "",
    points: int | None = None,
    actor,
) -> ServiceHoursEntry:
    """Record hours (and the points they earn, unless `points` is 0) in one transaction."""
    require(actor, "volunteers.confirm_hours", attendance.activity if attendance else Activity)
    hours = Decimal(hours).quantize(HOURS_PLACES)
    with transaction.atomic():
        entry = ServiceHoursEntry.objects.create(
            jurisdiction_id=volunteer.jurisdiction_id,
            volunteer=volunteer,
            team=team,
            activity=activity,
            attendance=attendance,
            served_on=served_on,
            hours=hours,
            reason=reason,
            note=note[:200],
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if points is None:
            points = points_for_hours(volunteer.jurisdiction, hours)
        if points:
            PointsEntry.objects.create(
                jurisdiction_id=volunteer.jurisdiction_id,
                volunteer=volunteer,
                points=points,
                reason=PointsReason.SERVICE,
                reference=f"hours:{entry.pk}",
                hours_entry=entry,
                created_by=entry.created_by,
            )
        _update_balance(volunteer, hours=hours, points=points, activities=1 if activity else 0)
    return entry


def append_points(
    *, volunteer: Volunteer, points: int, reason: str, reference: str = "", note: str = "", actor
) -> PointsEntry:
    require(actor, "volunteers.confirm_hours", Activity)
    with transaction.atomic():
        entry = PointsEntry.objects.create(
            jurisdiction_id=volunteer.jurisdiction_id,
            volunteer=volunteer,
            points=points,
            reason=reason,
            reference=reference[:100],
            note=note[:200],
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _update_balance(volunteer, points=points)
    return entry


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the correction."), code="reason_required")
    return reason


def reverse_hours_entry(*, entry: ServiceHoursEntry, reason: str, actor) -> ServiceHoursEntry:
    """Cancel an hours entry (and the points it earned) with a reversing entry and a reason."""
    require(actor, CORRECT_LEDGER, entry.volunteer)
    reason = _require_reason(reason)
    with transaction.atomic():
        entry = (
            ServiceHoursEntry.objects.select_for_update()
            .select_related("volunteer")
            .get(pk=entry.pk)
        )
        if entry.reason == HoursReason.REVERSAL:
            raise ConflictError(_("A reversal cannot itself be reversed."), code="is_reversal")
        if ServiceHoursEntry.objects.filter(reverses=entry).exists():
            raise ConflictError(_("This entry has already been reversed."), code="already_reversed")
        volunteer = entry.volunteer
        reversal = ServiceHoursEntry.objects.create(
            jurisdiction_id=entry.jurisdiction_id,
            volunteer=volunteer,
            team=entry.team,
            activity=entry.activity,
            served_on=entry.served_on,
            hours=-entry.hours,
            reason=HoursReason.REVERSAL,
            reverses=entry,
            note=reason[:200],
            created_by=user_of(actor),
        )
        points = 0
        earned = PointsEntry.objects.filter(hours_entry=entry, reason=PointsReason.SERVICE).first()
        if earned is not None and not PointsEntry.objects.filter(reverses=earned).exists():
            points = -earned.points
            PointsEntry.objects.create(
                jurisdiction_id=entry.jurisdiction_id,
                volunteer=volunteer,
                points=points,
                reason=PointsReason.REVERSAL,
                reference=f"hours:{reversal.pk}",
                hours_entry=reversal,
                reverses=earned,
                note=reason[:200],
                created_by=user_of(actor),
            )
        _update_balance(
            volunteer, hours=-entry.hours, points=points, activities=-1 if entry.activity_id else 0
        )
        log_event(
            "volunteers.service_hours_entry.reversed",
            actor=actor,
            target=entry,
            target_label=f"{volunteer.name_masked} {entry.hours}h",
            new={
                "reversal": reversal.pk,
                "hours": -entry.hours,
                "points": points,
                "reason": reason,
            },
        )
    return reversal


def reverse_points_entry(*, entry: PointsEntry, reason: str, actor) -> PointsEntry:
    require(actor, CORRECT_LEDGER, entry.volunteer)
    reason = _require_reason(reason)
    with transaction.atomic():
        entry = PointsEntry.objects.select_for_update().select_related("volunteer").get(pk=entry.pk)
        if entry.reason == PointsReason.REVERSAL or entry.reverses_id:
            raise ConflictError(_("A reversal cannot itself be reversed."), code="is_reversal")
        if entry.hours_entry_id:
            raise ConflictError(
                _("Points earned by hours are reversed with their hours entry."),
                code="reverse_hours_instead",
            )
        if PointsEntry.objects.filter(reverses=entry).exists():
            raise ConflictError(_("This entry has already been reversed."), code="already_reversed")
        reversal = PointsEntry.objects.create(
            jurisdiction_id=entry.jurisdiction_id,
            volunteer=entry.volunteer,
            points=-entry.points,
            reason=PointsReason.REVERSAL,
            reference=entry.reference,
            reverses=entry,
            note=reason[:200],
            created_by=user_of(actor),
        )
        _update_balance(entry.volunteer, points=-entry.points)
        log_event(
            "volunteers.points_entry.reversed",
            actor=actor,
            target=entry,
            target_label=f"{entry.volunteer.name_masked} {entry.points}",
            new={"reversal": reversal.pk, "points": -entry.points, "reason": reason},
        )
    return reversal


def award_points_for_valid_report(*, work_order, actor) -> None:
    """Points for a resident's report accepted as a valid case (the work-order hook).

    The reporter is found by their account or by the keyed hash of their phone; nobody found
    means nothing to do. Idempotent per work order: a unique constraint on the reference.
    """
    require(actor, "workorders.accept", work_order)
    queryset = Volunteer.objects.filter(jurisdiction_id=work_order.jurisdiction_id).exclude(
        status__in=[VolunteerStatus.REJECTED, VolunteerStatus.SUSPENDED]
    )
    volunteer = None
    if getattr(work_order, "reporter_user_id", None):
        volunteer = queryset.filter(user_id=work_order.reporter_user_id).first()
    phone_hash = getattr(work_order, "reporter_phone_hash", "")
    if volunteer is None and phone_hash:
        volunteer = queryset.filter(phone_hash=phone_hash).order_by("pk").first()
    if volunteer is None:
        return
    reference = str(work_order.reference)
    if PointsEntry.objects.filter(reason=PointsReason.VALID_REPORT, reference=reference).exists():
        return
    points = int(volunteer.jurisdiction.get_policy("points_per_valid_report"))
    if points <= 0:
        return
    try:
        with transaction.atomic():
            append_points(
                volunteer=volunteer,
                points=points,
                reason=PointsReason.VALID_REPORT,
                reference=reference,
                actor=actor,
            )
    except IntegrityError:
        return  # a concurrent call awarded it first
