"""Tasks, projects and monthly plans: every state change, with its audit event."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wenming.core.audit import log_event, snapshot
from wenming.core.errors import ConflictError, DomainError, field_error
from wenming.core.permissions import require
from wenming.core.transitions import check, lock, transition
from wenming.core.uploads import check_image, public_copy
from wenming.standards.choices import AssignmentRole, IndicatorLevel
from wenming.tasks.choices import (
    PLAN_TRANSITIONS,
    TASK_TRANSITIONS,
    PlanStatus,
    ProjectStatus,
    TaskSource,
    TaskStatus,
)
from wenming.tasks.models import ActivityPlan, PlanItem, Project, ProjectReport, Task, TaskReport

MANAGE_TASK = "tasks.manage_task"
MANAGE_PLAN = "tasks.manage_activityplan"
REPORT = "tasks.report_progress"


def _photo_file(photo) -> ContentFile | None:
    """A checked photo, re-encoded without EXIF (the phone's GPS position stays private)."""
    if not photo:
        return None
    data, _info = check_image(photo)
    return ContentFile(public_copy(data), name=f"{uuid.uuid4().hex}.jpg")


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def create_task(
    *,
    jurisdiction,
    title: str,
    lead_unit,
    due_date: datetime.date,
    actor,
    co_units=(),
    description: str = "",
    indicator=None,
) -> Task:
    """A task added by the command (or decomposed from a criterion when `indicator` is given)."""
    require(actor, MANAGE_TASK, lead_unit)
    if not title.strip():
        raise DomainError(_("Give the task a title."), code="required")
    with transaction.atomic():
        task = Task.objects.create(
            jurisdiction=jurisdiction,
            title=title.strip(),
            description=description,
            lead_unit=lead_unit,
            due_date=due_date,
            indicator=indicator,
            source=TaskSource.CRITERION if indicator is not None else TaskSource.COMMAND,
            created_by=_user(actor),
        )
        co_units = [unit for unit in co_units if unit.pk != lead_unit.pk]
        if co_units:
            task.co_units.set(co_units)
        log_event(
            "tasks.task.created",
            actor=actor,
            target=task,
            new={"lead_unit": lead_unit.pk, "due_date": due_date},
        )
    return task


def decompose_criteria(framework, *, due_date: datetime.date, actor) -> int:
    """One task per criterion that has a lead unit and no task yet, owned like the criterion."""
    require(actor, MANAGE_TASK, Task)
    from wenming.standards.models import Assignment, Indicator

    criteria = Indicator.objects.filter(
        framework=framework, level=IndicatorLevel.CRITERION
    ).exclude(tasks__isnull=False)
    owners: dict[int, dict] = {}
    for assignment in Assignment.objects.filter(indicator__in=criteria).select_related("indicator"):
        entry = owners.setdefault(
            assignment.indicator_id, {"indicator": assignment.indicator, "lead": None, "co": []}
        )
        if assignment.role == AssignmentRole.LEAD:
            entry["lead"] = assignment.organization_id
        else:
            entry["co"].append(assignment.organization_id)
    entries = [entry for entry in owners.values() if entry["lead"] is not None]
    with transaction.atomic():
        tasks = Task.objects.bulk_create(
            Task(
                jurisdiction_id=framework.jurisdiction_id,
                title=entry["indicator"].name[:200],
                indicator=entry["indicator"],
                lead_unit_id=entry["lead"],
                due_date=due_date,
                source=TaskSource.CRITERION,
                created_by=_user(actor),
            )
            for entry in entries
        )
        Through = Task.co_units.through
        Through.objects.bulk_create(
            Through(task_id=task.pk, organization_id=unit_id)
            for task, entry in zip(tasks, entries, strict=True)
            for unit_id in entry["co"]
        )
        log_event("tasks.task.decomposed", actor=actor, target=framework, new={"tasks": len(tasks)})
    return len(tasks)


def report_task_progress(
    task: Task, *, organization, text: str, percentage: int, actor, photo=None
):
    """A lead or co-unit reports progress; the task's progress and status follow."""
    require(actor, REPORT, organization)
    if not 0 <= percentage <= 100:
        raise DomainError(_("Progress is a percentage from 0 to 100."), code="invalid_percentage")
    if not text.strip():
        raise DomainError(_("Say what was done."), code="required")
    photo_file = _photo_file(photo)
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if (
            organization.pk != task.lead_unit_id
            and not task.co_units.filter(pk=organization.pk).exists()
        ):
            raise DomainError(
                _("Only the lead unit and co-units report on a task."), code="not_owner"
            )
        target = TaskStatus.DONE if percentage == 100 else TaskStatus.IN_PROGRESS
        check(task, target, transitions=TASK_TRANSITIONS)
        report = TaskReport(
            jurisdiction_id=task.jurisdiction_id,
            task=task,
            organization=organization,
            text=text.strip(),
            percentage=percentage,
            reported_by=_user(actor),
        )
        if photo_file is not None:
            report.photo.save(photo_file.name, photo_file, save=False)
        report.save()
        old = {"status": task.status, "progress": task.progress}
        task.progress = max(task.progress, percentage)
        task.last_reported_at = timezone.now()
        transition(
            task,
            target,
            transitions=TASK_TRANSITIONS,
            actor=actor,
            event="tasks.task.progress_reported",
            fields=["progress", "last_reported_at"],
            old=old,
            new={"status": target, "progress": task.progress},
        )
    return report


def create_project(
    *,
    jurisdiction,
    name: str,
    category: str,
    lead_unit,
    target_quantity: Decimal,
    quantity_unit: str,
    actor,
    due_date=None,
    indicator=None,
) -> Project:
    require(actor, MANAGE_TASK, lead_unit)
    if Decimal(target_quantity) <= 0:
        raise DomainError(_("The target must be more than zero."), code="invalid_target")
    with transaction.atomic():
        project = Project.objects.create(
            jurisdiction=jurisdiction,
            name=name,
            category=category,
            lead_unit=lead_unit,
            target_quantity=target_quantity,
            quantity_unit=quantity_unit,
            due_date=due_date,
            indicator=indicator,
        )
        log_event(
            "tasks.project.created",
            actor=actor,
            target=project,
            new={"target": target_quantity, "unit": quantity_unit},
        )
    return project


def report_project_progress(
    project: Project, *, quantity, actor, note: str = "", reported_on=None, photo=None
) -> ProjectReport:
    """Quantity completed since the last report (append-only); the project's completed
    quantity, which the dashboard reads, is updated in the same transaction with F()."""
    require(actor, REPORT, project)
    quantity = Decimal(quantity)
    if quantity <= 0:
        raise DomainError(_("Report a quantity above zero."), code="invalid_quantity")
    photo_file = _photo_file(photo)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        report = ProjectReport(
            jurisdiction_id=project.jurisdiction_id,
            project=project,
            quantity=quantity,
            note=note,
            reported_on=reported_on or timezone.localdate(),
            reported_by=_user(actor),
        )
        if photo_file is not None:
            report.photo.save(photo_file.name, photo_file, save=False)
        report.save()
        Project.objects.filter(pk=project.pk).update(
            completed_quantity=F("completed_quantity") + quantity, updated_at=timezone.now()
        )
        project.refresh_from_db(fields=["completed_quantity"])
        status = (
            ProjectStatus.COMPLETED
            if project.completed_quantity >= project.target_quantity
            else ProjectStatus.IN_PROGRESS
        )
        if status != project.status:
            project.status = status
            project.save(update_fields=["status", "updated_at"])
        log_event(
            "tasks.project.progress_reported",
            actor=actor,
            target=project,
            new={"quantity": quantity, "completed": project.completed_quantity},
        )
    return report


def create_plan(*, jurisdiction, month: datetime.date, title: str, actor) -> ActivityPlan:
    require(actor, MANAGE_PLAN, ActivityPlan)
    month = month.replace(day=1)
    if ActivityPlan.objects.filter(jurisdiction=jurisdiction, month=month).exists():
        raise DomainError(_("There is already a plan for this month."), code="plan_exists")
    with transaction.atomic():
        plan = ActivityPlan.objects.create(
            jurisdiction=jurisdiction, month=month, title=title, created_by=_user(actor)
        )
        log_event("tasks.activity_plan.created", actor=actor, target=plan)
    return plan


def _check_in_month(plan, date: datetime.date) -> None:
    if (date.year, date.month) != (plan.month.year, plan.month.month):
        raise DomainError(
            _("The activity's date is outside the plan's month."), code="invalid_date"
        )


def add_plan_item(plan, *, title, kind, date, owner, actor, indicators=()) -> PlanItem:
    require(actor, MANAGE_PLAN, plan)
    _check_in_month(plan, date)
    with transaction.atomic():
        item = PlanItem.objects.create(
            jurisdiction_id=plan.jurisdiction_id,
            plan=plan,
            title=title,
            kind=kind,
            date=date,
            owner=owner,
        )
        if indicators:
            item.indicators.set(indicators)
        log_event("tasks.plan_item.added", actor=actor, target=item, new={"date": date})
    return item


def publish_plan(plan, *, actor) -> ActivityPlan:
    require(actor, MANAGE_PLAN, plan)
    with transaction.atomic():
        plan = lock(plan)
        transition(
            plan,
            PlanStatus.PUBLISHED,
            transitions=PLAN_TRANSITIONS,
            actor=actor,
            event="tasks.activity_plan.published",
        )
    return plan


def _locked_item(item) -> PlanItem:
    """The item locked for the change, with its plan (whose status decides the rules); an
    item removed meanwhile (by another request) is a conflict, not a crash."""
    try:
        return (
            PlanItem.objects.select_for_update(of=("self",)).select_related("plan").get(pk=item.pk)
        )
    except PlanItem.DoesNotExist as error:
        raise ConflictError(
            _("This activity is no longer on the plan."), code="item_removed"
        ) from error


def report_plan_execution(item, *, executed_on: datetime.date, note: str, actor, photo=None):
    """The owner reports that the activity took place (once), with a photo."""
    require(actor, REPORT, item)
    if executed_on > timezone.localdate():
        raise DomainError(
            _("The activity cannot be reported before it happens."), code="future_date"
        )
    photo_file = _photo_file(photo)
    with transaction.atomic():
        item = _locked_item(item)
        if item.executed_on is not None:
            raise DomainError(_("This activity was already reported."), code="already_reported")
        item.executed_on = executed_on
        item.execution_note = note
        item.reported_by = _user(actor)
        item.reported_at = timezone.now()
        fields = ["executed_on", "execution_note", "reported_by", "reported_at", "updated_at"]
        if photo_file is not None:
            item.photo.save(photo_file.name, photo_file, save=False)
            fields.append("photo")
        item.save(update_fields=fields)
        log_event(
            "tasks.plan_item.executed",
            actor=actor,
            target=item,
            new={"executed_on": executed_on, "state": item.state()},
        )
    return item


PLAN_ITEM_FIELDS = ["title", "kind", "date", "owner"]


def _change_reason(plan, reason: str) -> str:
    """Once published, the units work from the plan: a change says why, for the audit trail."""
    reason = (reason or "").strip()
    if plan.status == PlanStatus.PUBLISHED and not reason:
        raise field_error(
            "reason",
            _("The plan is published: say why this activity changes."),
            "reason_required",
        )
    return reason


def update_plan_item(
    item,
    *,
    actor,
    reason: str = "",
    title: str | None = None,
    kind: str | None = None,
    date: datetime.date | None = None,
    owner=None,
) -> PlanItem:
    """Change an activity's title, kind, date or owner (those given; `None` keeps the value).

    The date stays inside the plan's month. An activity already reported keeps the date and
    owner it was reported against (its done / late state and the owner's report depend on
    them); its title and kind may still be corrected. Once the plan is published, a change
    needs a reason, kept in the audit event with the old and new values."""
    require(actor, MANAGE_PLAN, item.plan)
    changes = {"title": title, "kind": kind, "date": date, "owner": owner}
    changes = {field: value for field, value in changes.items() if value is not None}
    if "title" in changes:
        changes["title"] = changes["title"].strip()
        if not changes["title"]:
            raise field_error("title", _("Give the activity a title."), "required")
    with transaction.atomic():
        item = _locked_item(item)
        changed = {
            field: value for field, value in changes.items() if getattr(item, field) != value
        }
        if not changed:
            return item
        if "date" in changed:
            _check_in_month(item.plan, changed["date"])
        if item.executed_on is not None and {"date", "owner"} & set(changed):
            raise ConflictError(
                _("This activity was already reported: its date and owner stay as reported."),
                code="already_reported",
            )
        reason = _change_reason(item.plan, reason)
        old = snapshot(item, list(changed))
        for field, value in changed.items():
            setattr(item, field, value)
        item.save(update_fields=[*changed, "updated_at"])
        log_event(
            "tasks.plan_item.changed",
            actor=actor,
            target=item,
            old=old,
            new={
                **snapshot(item, list(changed)),
                "reason": reason,
                "plan_status": item.plan.status,
            },
        )
    return item


def remove_plan_item(item, *, actor, reason: str = "") -> None:
    """Take an activity off the plan. An activity already reported stays (its report is the
    record that it took place); once the plan is published, removal needs a reason."""
    require(actor, MANAGE_PLAN, item.plan)
    with transaction.atomic():
        item = _locked_item(item)
        if item.executed_on is not None:
            raise ConflictError(
                _("This activity was already reported and cannot be removed."),
                code="already_reported",
            )
        reason = _change_reason(item.plan, reason)
        log_event(
            "tasks.plan_item.removed",
            actor=actor,
            target=item,
            old=snapshot(item, PLAN_ITEM_FIELDS),
            new={"reason": reason, "plan_status": item.plan.status},
        )
        item.delete()
