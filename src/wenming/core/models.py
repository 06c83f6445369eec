"""Core models: the tenant, the audit trail, the job table and the working-day calendar."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from wenming.core.querysets import RestrictedQuerySet


class Jurisdiction(models.Model):
    """The tenant: one city or county running its own creation work (e.g. 汝州市, 410482)."""

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent_name = models.CharField(_("parent city"), max_length=100, blank=True)
    policy = models.JSONField(
        _("policy"),
        default=dict,
        blank=True,
        help_text=_("Rules that differ between jurisdictions (star thresholds, points rates, …)."),
    )
    permissions_version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text=_("Raised whenever roles or memberships change, so cached grants expire."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_policy(self, key: str) -> Any:
        """A policy value, falling back to the platform default of `wenming.core.policy`."""
        from wenming.core.policy import DEFAULT_POLICY

        if key in self.policy:
            return self.policy[key]
        return DEFAULT_POLICY[key]


RestrictedManager = models.Manager.from_queryset(RestrictedQuerySet)

if TYPE_CHECKING:

    class ScopedRestrictedManager(RestrictedManager):
        """What `ScopedManager` builds at run time: the manager plus the scope escape hatch."""

        def with_scopes_disabled(self) -> RestrictedQuerySet: ...


def tenant_manager(manager_class=None) -> ScopedRestrictedManager:
    """The default manager of a tenant model: scoped by jurisdiction, with `restrict()`."""
    manager_class = manager_class or RestrictedManager
    return ScopedManager(jurisdiction="jurisdiction", _manager_class=manager_class)


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class TenantModel(TimestampedModel):
    """Base of every tenant-owned model.

    `scope_path` names the lookup from the model to the `Organization` that owns a row, which
    is how data scope follows the organization tree; None means the rows are shared across the
    jurisdiction (readable by every member holding the permission).
    """

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="+", verbose_name=_("jurisdiction")
    )

    objects: ClassVar[ScopedRestrictedManager] = tenant_manager()

    scope_path: str | None = None

    class Meta:
        abstract = True


class PublicIdMixin(models.Model):
    """A UUID that is safe to show in URLs and API bodies instead of the sequential key."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class AuditTrailAppendOnlyError(Exception):
    """An attempt to change or delete an audit event outside the retention purge."""


class AuditEventQuerySet(RestrictedQuerySet):
    """Audit events are read and added, never updated or deleted in bulk (see `audit_guard`)."""

    def update(self, **kwargs):
        raise AuditTrailAppendOnlyError("audit events cannot be updated")

    def delete(self):
        raise AuditTrailAppendOnlyError(
            "audit events are deleted only by the retention purge (wenming audit purge)"
        )


class AuditEvent(models.Model):
    """One thing that changed, who changed it and from where. Written by actions, never edited.

    Append-only twice over: the model refuses `save()` of an existing row and `delete()`, and a
    database trigger (`wenming.core.audit_guard`, installed by a migration) refuses UPDATE and
    DELETE from any other path; only the retention purge (`wenming audit purge`) removes rows.
    """

    jurisdiction = models.ForeignKey(
        Jurisdiction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
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
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=200, blank=True)
    old_data = models.JSONField(_("before"), null=True, blank=True)
    new_data = models.JSONField(_("after"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = ScopedManager(
        jurisdiction="jurisdiction",
        _manager_class=models.Manager.from_queryset(AuditEventQuerySet),
    )

    scope_path = None

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["jurisdiction", "-created_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailAppendOnlyError("audit events cannot be changed once written")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailAppendOnlyError(
            "audit events are deleted only by the retention purge (wenming audit purge)"
        )

    @classmethod
    def scope_filter(cls, user, grant):
        """The whole trail for a jurisdiction-wide grant; otherwise one's own events only (the
        trail names every unit's people and changes, so an own-unit grant must not read it)."""
        if grant.everywhere:
            return None
        if not grant.allowed:
            return models.Q(pk__in=[])
        return models.Q(actor_id=user.pk)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class Job(TenantModel, PublicIdMixin):
    """A background job that a person started and watches (imports, exports, certificates)."""

    kind = models.CharField(_("kind"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.TextField(_("message"), blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_filter(cls, user, grant):
        """Every job for a jurisdiction-wide grant; otherwise the jobs one started (a job's
        result can hold an import's error workbook, with the people's data in it)."""
        if grant.everywhere:
            return None
        if not grant.allowed:
            return models.Q(pk__in=[])
        return models.Q(created_by_id=user.pk)

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}


class CalendarDay(TenantModel):
    """An exception to the Monday–Friday working week: a holiday, or a weekend moved to work.

    China's public-holiday calendar moves working days to weekends each year, so deadlines in
    working days read this table (one row per exceptional date), never a hard-coded list.
    """

    date = models.DateField(_("date"))
    is_working_day = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "date"], name="core_calendar_day_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"
