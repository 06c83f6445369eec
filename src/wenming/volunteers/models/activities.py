"""Activities with quotas, sign-ups with a waiting list, attendance and every scan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.models import PublicIdMixin, TenantModel
from wenming.volunteers.choices import (
    ACTIVE_SIGNUP_STATUSES,
    ActivityStatus,
    AttendanceStatus,
    CheckMethod,
    ScanKind,
    ScanResult,
    SignupStatus,
)


def activity_or_volunteer_condition(user, grant, prefix: str) -> Q | None:
    """Rows of the organiser's teams (by the grant) or of the volunteer themself."""
    if grant.everywhere:
        return None
    own = Q(**{f"{prefix}volunteer__user_id": user.pk})
    if not grant.allowed:
        return own
    return own | grant.as_q(f"{prefix}activity__team__organization")


class ActivitySeries(TenantModel):
    """A recurring activity, e.g. every Friday on one road segment; occurrences are activities."""

    team = models.ForeignKey(
        "volunteers.Team", on_delete=models.PROTECT, related_name="series", verbose_name=_("team")
    )
    title = models.CharField(_("title"), max_length=150)
    weekday = models.PositiveSmallIntegerField(_("weekday"), help_text=_("0 = Monday … 6 = Sunday"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    first_date = models.DateField(pgettext_lazy("volunteers", "from"))
    last_date = models.DateField(_("until"))
    quota = models.PositiveIntegerField(_("places"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    radius_m = models.PositiveIntegerField(_("geofence radius (m)"), default=300)
    road_segment = models.ForeignKey(
        "places.RoadSegment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=pgettext_lazy("volunteers", "road segment"),
    )
    is_volunteer_day = models.BooleanField(_("volunteer day"), default=False)

    scope_path = "team__organization"

    class Meta:
        verbose_name = _("recurring activity")
        verbose_name_plural = _("recurring activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="volunteers_series_times"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="volunteers_series_weekday"),
        ]

    def __str__(self) -> str:
        return self.title


class Activity(TenantModel, PublicIdMixin):
    """A volunteer activity a team publishes: window, place with geofence, quota.

    `signed_up_count` and `waiting_count` are counters kept with F() under the activity's row
    lock, the same lock that makes the quota hold when many sign up at once.
    """

    team = models.ForeignKey(
        "volunteers.Team",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("team"),
    )
    series = models.ForeignKey(
        ActivitySeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    station = models.ForeignKey(
        "volunteers.Station",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("station"),
    )
    project = models.ForeignKey(
        "volunteers.ServiceProject",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("service project"),
    )
    road_segment = models.ForeignKey(
        "places.RoadSegment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=pgettext_lazy("volunteers", "road segment"),
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    radius_m = models.PositiveIntegerField(_("geofence radius (m)"), default=300)
    quota = models.PositiveIntegerField(_("places"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PUBLISHED,
        db_index=True,
    )
    is_volunteer_day = models.BooleanField(_("volunteer day"), default=False)
    is_hard = models.BooleanField(_("hard work"), default=False)
    is_risky = models.BooleanField(_("risky work"), default=False)
    signed_up_count = models.PositiveIntegerField(_("signed up"), default=0, editable=False)
    waiting_count = models.PositiveIntegerField(_("waiting"), default=0, editable=False)
    checked_in_count = models.PositiveIntegerField(_("checked in"), default=0, editable=False)
    checked_out_count = models.PositiveIntegerField(_("checked out"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_path = "team__organization"

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="volunteers_activity_window"
            ),
            models.CheckConstraint(
                condition=Q(signed_up_count__lte=F("quota")), name="volunteers_activity_quota"
            ),
            models.UniqueConstraint(
                fields=["series", "starts_at"],
                condition=Q(series__isnull=False),
                name="volunteers_activity_occurrence_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["jurisdiction", "starts_at"]),
            models.Index(fields=["jurisdiction", "is_volunteer_day", "starts_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteers:activity-detail", args=[self.pk])

    @property
    def places_left(self) -> int:
        return max(0, self.quota - self.signed_up_count)

    @property
    def out_now(self) -> int:
        """Checked in and not yet out: who is serving right now."""
        return max(0, self.checked_in_count - self.checked_out_count)

    @property
    def has_place(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Signup(TenantModel):
    """A volunteer's sign-up: a place, or a place on the waiting list (first come first)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="signups"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SignupStatus.choices, db_index=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved up at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "volunteer"],
                condition=Q(status__in=ACTIVE_SIGNUP_STATUSES),
                name="volunteers_signup_active_unique",
            )
        ]
        indexes = [models.Index(fields=["activity", "status", "created_at"])]

    @classmethod
    def scope_filter(cls, user, grant) -> Q | None:
        return activity_or_volunteer_condition(user, grant, "")


class Attendance(TenantModel):
    """One volunteer's presence at one activity: check-in, check-out, confirmed hours."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AttendanceStatus.choices, db_index=True
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    check_in_method = models.CharField(_("check-in by"), max_length=10, choices=CheckMethod.choices)
    check_out_method = models.CharField(
        _("check-out by"), max_length=10, choices=CheckMethod.choices, blank=True
    )
    distance_m = models.PositiveIntegerField(_("distance (m)"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, null=True, blank=True)
    closing_reason = models.CharField(_("reason for closing"), max_length=200, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["checked_in_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "volunteer"], name="volunteers_attendance_unique"
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_out_at__gte=F("checked_in_at")),
                name="volunteers_attendance_order",
            ),
        ]

    @classmethod
    def scope_filter(cls, user, grant) -> Q | None:
        return activity_or_volunteer_condition(user, grant, "")


class Scan(TenantModel):
    """Every check-in or check-out attempt, with its result (pretix logs failed scans too).

    The idempotency key is unique per requester: a retry of the same request finds this row
    and gets the first result back instead of being counted again.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="scans")
    volunteer = models.ForeignKey(
        "volunteers.Volunteer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scans",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ScanKind.choices)
    method = models.CharField(_("method"), max_length=10, choices=CheckMethod.choices)
    result = models.CharField(_("result"), max_length=30, choices=ScanResult.choices)
    idempotency_key = models.CharField(max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    distance_m = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="volunteers_scan_idempotency_unique",
            )
        ]

    @classmethod
    def scope_filter(cls, user, grant) -> Q | None:
        return activity_or_volunteer_condition(user, grant, "")
