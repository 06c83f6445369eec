"""Append-only ledgers of service hours and points, and the rollup row per volunteer.

Entries are never updated or deleted: a correction is a reversing entry that names the entry
it reverses (unique, so nothing is reversed twice). Balances are read from `VolunteerBalance`,
which each action updates with F() in the same transaction as the entry it appends;
`wenming volunteers verify-ledgers` recomputes the sums and reports any drift.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenming.core.models import TenantModel
from wenming.volunteers.choices import HoursReason, PointsReason
from wenming.volunteers.models.registry import volunteer_condition


class LedgerEntry(TenantModel):
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @classmethod
    def scope_filter(cls, user, grant) -> Q | None:
        return volunteer_condition(user, grant, "volunteer__")


class ServiceHoursEntry(LedgerEntry):
    """Hours recorded by a team (谁组织谁记录): the recording team is the certifying team."""

    team = models.ForeignKey(
        "volunteers.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    activity = models.ForeignKey(
        "volunteers.Activity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("activity"),
    )
    attendance = models.ForeignKey(
        "volunteers.Attendance", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    served_on = models.DateField(_("date of service"))
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=20, choices=HoursReason.choices)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )

    class Meta:
        verbose_name = _("service hours entry")
        verbose_name_plural = _("service hours entries")
        ordering = ["-served_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["attendance"],
                condition=Q(attendance__isnull=False, reason=HoursReason.SERVICE),
                name="volunteers_hours_attendance_unique",
            )
        ]
        indexes = [
            models.Index(fields=["volunteer", "served_on"]),
            models.Index(fields=["team", "volunteer"]),
        ]


class PointsEntry(LedgerEntry):
    points = models.IntegerField(_("volunteer points"))
    reason = models.CharField(_("reason"), max_length=20, choices=PointsReason.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    hours_entry = models.ForeignKey(
        ServiceHoursEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One award per valid report: the work-order hook may be called again.
            models.UniqueConstraint(
                fields=["jurisdiction", "reason", "reference"],
                condition=Q(reason=PointsReason.VALID_REPORT),
                name="volunteers_points_report_unique",
            )
        ]
        indexes = [models.Index(fields=["volunteer", "created_at"])]


class VolunteerBalance(TenantModel):
    """The rollup a volunteer's page reads: never a sum over raw entries."""

    volunteer = models.OneToOneField(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="balance"
    )
    total_hours = models.DecimalField(_("hours"), max_digits=10, decimal_places=2, default=0)
    points_balance = models.IntegerField(_("volunteer points"), default=0)
    points_earned = models.IntegerField(_("points earned"), default=0)
    star_level = models.PositiveSmallIntegerField(_("star level"), default=0)
    activity_count = models.PositiveIntegerField(_("activities"), default=0)

    class Meta:
        verbose_name = _("volunteer balance")
        verbose_name_plural = _("volunteer balances")
        constraints = [
            models.CheckConstraint(
                condition=Q(points_balance__gte=0), name="volunteers_balance_points_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(total_hours__gte=0), name="volunteers_balance_hours_nonnegative"
            ),
        ]

    @classmethod
    def scope_filter(cls, user, grant) -> Q | None:
        return volunteer_condition(user, grant, "volunteer__")
