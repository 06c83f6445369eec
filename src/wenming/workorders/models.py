"""Work orders: the cases that carry a problem to a verified fix, and what hangs off them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.crypto import EncryptedTextField
from wenming.core.models import PublicIdMixin, TenantModel
from wenming.core.uploads import Photo
from wenming.workorders.choices import (
    DeferralStatus,
    PhotoStage,
    ReminderKind,
    TimeLimitUnit,
    WorkOrderSource,
    WorkOrderStatus,
)


class Category(TenantModel):
    """A kind of problem, with its time limit (整改期限) and whether an after-photo is required."""

    code = models.SlugField(pgettext_lazy("workorders", "code"), max_length=50)
    name = models.CharField(_("name"), max_length=100)
    time_limit_value = models.PositiveIntegerField(_("time limit"))
    time_limit_unit = models.CharField(
        _("time limit unit"), max_length=20, choices=TimeLimitUnit.choices
    )
    requires_after_photo = models.BooleanField(_("after-photo required"), default=True)
    is_public = models.BooleanField(
        _("offered to residents"),
        default=False,
        help_text=_("Residents and Open311 clients may report problems of this category."),
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    scope_path = None

    class Meta:
        verbose_name = _("work-order category")
        verbose_name_plural = _("work-order categories")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "code"], name="workorders_category_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def time_limit_label(self) -> str:
        return f"{self.time_limit_value} {self.get_time_limit_unit_display()}"


class WorkOrder(TenantModel, PublicIdMixin):
    """One case (工单): a problem, its place, the unit that answers for it and its history.

    Milestone timestamps and the few denormalised outcome columns (`closed_on_time`,
    `was_deferred`, `rework_count`, `close_hours`) are written by the actions so that KPIs are
    single indexed aggregate queries, never a walk through the event history.
    """

    reference = models.CharField(_("tracking code"), max_length=20, unique=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="work_orders", verbose_name=_("category")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=WorkOrderStatus.choices,
        default=WorkOrderStatus.REPORTED,
    )
    source = models.CharField(_("source"), max_length=20, choices=WorkOrderSource.choices)
    source_reference = models.CharField(
        _("source reference"), max_length=100, blank=True, db_index=True
    )
    description = models.TextField(_("description"))
    #: A hotline case the office chose to show in the anonymous Open311 feed. Residents' own
    #: reports (web form, Open311) are always shown there; internal findings never.
    is_public = models.BooleanField(_("shown in the public feed"), default=False)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    site = models.ForeignKey(
        "places.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_orders",
        verbose_name=_("site"),
    )
    road_segment = models.ForeignKey(
        "places.RoadSegment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_orders",
        verbose_name=_("road segment"),
    )
    responsible_unit = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
        verbose_name=_("responsible unit"),
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reporter_phone = EncryptedTextField(_("reporter's phone"), blank=True)
    reporter_phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_duplicates",
        verbose_name=_("merged into"),
    )
    media_url = models.URLField(_("photo link"), max_length=500, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    resolution_note = models.TextField(_("reply"), blank=True)
    resolved_unit = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resolved by unit"),
    )
    reported_at = models.DateTimeField(pgettext_lazy("workorders", "reported at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    started_at = models.DateTimeField(
        pgettext_lazy("workorders", "started at"), null=True, blank=True
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    first_resolved_at = models.DateTimeField(_("first resolved at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    rework_count = models.PositiveIntegerField(_("rework count"), default=0)
    was_deferred = models.BooleanField(_("deferred"), default=False)
    closed_on_time = models.BooleanField(_("closed on time"), null=True, blank=True)
    close_hours = models.FloatField(_("hours to close"), null=True, blank=True)

    scope_path = "responsible_unit"

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(
                fields=["jurisdiction", "status", "deadline"], name="workorders_wo_status_deadline"
            ),
            models.Index(
                fields=["responsible_unit", "status", "deadline"], name="workorders_wo_unit_status"
            ),
            models.Index(fields=["jurisdiction", "dispatched_at"], name="workorders_wo_dispatched"),
            models.Index(fields=["jurisdiction", "reported_at"], name="workorders_wo_reported"),
            models.Index(fields=["jurisdiction", "deadline"], name="workorders_wo_deadline"),
            models.Index(fields=["jurisdiction", "source"], name="workorders_wo_source"),
        ]
        constraints = [
            # The idempotency key of orders opened through the API by other systems.
            models.UniqueConstraint(
                fields=["jurisdiction", "source", "source_reference"],
                condition=models.Q(source__in=["hotline", "office", "leader"])
                & ~models.Q(source_reference=""),
                name="workorders_wo_source_reference_unique",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("workorders:detail", args=[self.reference])

    @classmethod
    def scope_filter(cls, user, grant):
        """Units see orders dispatched to their subtree; undispatched orders need a
        jurisdiction-wide grant (the office)."""
        if grant.everywhere:
            return None
        if not grant.allowed:
            return models.Q(pk__in=[])
        from wenming.organizations.models import Organization

        # The units as a subquery on their own table, so the orders are found through the
        # (responsible_unit, status, deadline) index instead of a join scanned by path.
        units = grant.as_q("")
        covered = Organization.objects.with_scopes_disabled().filter(units).values("pk")
        return models.Q(responsible_unit__in=covered, dispatched_at__isnull=False)


class WorkOrderEvent(TenantModel):
    """One step in the history of a work order (append-only): who did what, when, with a note."""

    work_order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="events", verbose_name=_("work order")
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(
        pgettext_lazy("workorders", "from"),
        max_length=20,
        choices=WorkOrderStatus.choices,
        blank=True,
    )
    to_status = models.CharField(
        pgettext_lazy("workorders", "to"), max_length=20, choices=WorkOrderStatus.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit"),
    )
    note = models.TextField(pgettext_lazy("workorders", "note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField(_("time"))

    scope_path = "work_order__responsible_unit"

    class Meta:
        verbose_name = _("work-order event")
        verbose_name_plural = _("work-order events")
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["work_order", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.work_order_id} {self.action}"


class DeferralRequest(TenantModel):
    """A unit's request for more time (缓办), decided by the office."""

    work_order = models.ForeignKey(
        WorkOrder,
        on_delete=models.CASCADE,
        related_name="deferral_requests",
        verbose_name=_("work order"),
    )
    reason = models.TextField(_("reason"))
    requested_deadline = models.DateTimeField(_("requested deadline"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeferralStatus.choices,
        default=DeferralStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    scope_path = "work_order__responsible_unit"

    class Meta:
        verbose_name = _("deferral request")
        verbose_name_plural = _("deferral requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_order"],
                condition=models.Q(status=DeferralStatus.PENDING),
                name="workorders_one_pending_deferral",
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_order_id} {self.status}"


class Reminder(TenantModel):
    """A reminder sent about one order on one day; the constraint makes escalation idempotent."""

    work_order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("work order")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    day = models.DateField(_("day"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    scope_path = "work_order__responsible_unit"

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_order", "kind", "day"], name="workorders_reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_order_id} {self.kind} {self.day}"


class Open311Client(TenantModel):
    """An Open311 client allowed to POST requests; only a hash of its API key is kept."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key prefix"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    scope_path = None

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkOrderPhoto(TenantModel, Photo):
    """A photo of the problem (before) or of the fix (after)."""

    work_order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="photos", verbose_name=_("work order")
    )
    stage = models.CharField(_("stage"), max_length=10, choices=PhotoStage.choices)
    event = models.ForeignKey(
        WorkOrderEvent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
        verbose_name=_("history entry"),
    )

    scope_path = "work_order__responsible_unit"

    class Meta:
        verbose_name = _("work-order photo")
        verbose_name_plural = _("work-order photos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.work_order_id} {self.stage}"
