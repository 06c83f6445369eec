"""Tasks decomposed from criteria, projects with quantity targets, monthly activity plans."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.models import PublicIdMixin, TenantModel
from wenming.tasks.choices import (
    ActivityKind,
    ExecutionState,
    PlanStatus,
    ProjectCategory,
    ProjectStatus,
    TaskSource,
    TaskStatus,
)


def _lead_or_co_filter(model, user, grant, co_model, co_field: str):
    """Rows whose lead unit, or one of whose co-units, lies inside the grant."""
    if not grant.allowed:
        return Q(pk__in=[])
    if grant.everywhere:
        return None
    co_rows = co_model.objects.filter(grant.as_q("organization")).values(co_field)
    return grant.as_q("lead_unit") | Q(pk__in=co_rows)


class Task(TenantModel, PublicIdMixin):
    """A piece of work with a lead unit (牵头) and co-units (配合), a due date and progress."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=TaskSource.choices, default=TaskSource.COMMAND
    )
    indicator = models.ForeignKey(
        "standards.Indicator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("criterion"),
    )
    lead_unit = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="led_tasks",
        verbose_name=_("lead unit"),
    )
    co_units = models.ManyToManyField(
        "organizations.Organization",
        blank=True,
        related_name="co_tasks",
        verbose_name=_("co-units"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    last_reported_at = models.DateTimeField(_("last report"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_path = "lead_unit"

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["jurisdiction", "status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tasks:task-detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, user, grant):
        return _lead_or_co_filter(cls, user, grant, cls.co_units.through, "task_id")

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.status not in (TaskStatus.DONE, TaskStatus.CANCELLED) and (
            self.due_date < timezone.localdate()
        )


class TaskReport(TenantModel):
    """A progress report on a task: what was done, a photo, the percentage reached."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(pgettext_lazy("tasks", "progress"))
    percentage = models.PositiveSmallIntegerField(_("progress (%)"))
    photo = models.FileField(_("photo"), upload_to="tasks/%Y/%m/", blank=True, max_length=255)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_path = "task__lead_unit"

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task} {self.percentage}%"


class Project(TenantModel, PublicIdMixin):
    """A livelihood project (民生工程) with a quantity target, e.g. 125 public toilets."""

    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(
        _("category"), max_length=20, choices=ProjectCategory.choices, default=ProjectCategory.OTHER
    )
    indicator = models.ForeignKey(
        "standards.Indicator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name=_("criterion"),
    )
    lead_unit = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name=_("lead unit"),
    )
    target_quantity = models.DecimalField(
        pgettext_lazy("tasks", "target"), max_digits=12, decimal_places=2
    )
    quantity_unit = models.CharField(_("unit of measure"), max_length=20)
    completed_quantity = models.DecimalField(
        _("completed"), max_digits=12, decimal_places=2, default=0
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )

    scope_path = "lead_unit"

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["category", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_quantity__gt=0), name="tasks_project_target_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tasks:project-detail", args=[self.pk])

    @property
    def percent_complete(self) -> int:
        if not self.target_quantity:
            return 0
        return min(100, int(self.completed_quantity * 100 / self.target_quantity))


class ProjectReport(TenantModel):
    """Quantity completed since the last report; append-only, rolled up into the project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    quantity = models.DecimalField(_("quantity completed"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    photo = models.FileField(_("photo"), upload_to="projects/%Y/%m/", blank=True, max_length=255)
    reported_on = models.DateField(_("date"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_path = "project__lead_unit"

    class Meta:
        verbose_name = _("project report")
        verbose_name_plural = _("project reports")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project} +{self.quantity}"


class ActivityPlan(TenantModel, PublicIdMixin):
    """The programme of one month's activities (月度活动安排)."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_path = None

    class Meta:
        verbose_name = _("monthly activity plan")
        verbose_name_plural = _("monthly activity plans")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "month"], name="tasks_activity_plan_month_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tasks:plan-detail", args=[self.pk])


class PlanItem(TenantModel):
    """One activity on the plan's calendar, tied to criteria and an owner who reports it."""

    plan = models.ForeignKey(ActivityPlan, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("activity"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.OTHER
    )
    date = models.DateField(_("date"))
    owner = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="plan_items",
        verbose_name=_("owner"),
    )
    indicators = models.ManyToManyField(
        "standards.Indicator", blank=True, related_name="plan_items", verbose_name=_("criteria")
    )
    executed_on = models.DateField(_("executed on"), null=True, blank=True)
    execution_note = models.TextField(_("execution report"), blank=True)
    photo = models.FileField(_("photo"), upload_to="plans/%Y/%m/", blank=True, max_length=255)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)

    scope_path = "owner"

    class Meta:
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["plan", "date"])]

    def __str__(self) -> str:
        return self.title

    def state(self, today: datetime.date | None = None) -> str:
        """Done (on or before its date), late (after it), missing (date passed, no report)."""
        from django.utils import timezone

        today = today or timezone.localdate()
        if self.executed_on is not None:
            return ExecutionState.DONE if self.executed_on <= self.date else ExecutionState.LATE
        return ExecutionState.MISSING if self.date < today else ExecutionState.PLANNED
