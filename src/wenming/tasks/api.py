"""Tasks and projects over the API."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from wenming.core.api import COMMON_ERRORS, WRITE_ERRORS, Id, Pagination, given_fields
from wenming.core.permissions import has_perm
from wenming.organizations.choices import OWNER_KINDS
from wenming.organizations.models import Organization
from wenming.tasks import actions
from wenming.tasks.choices import (
    ActivityKind,
    ProjectCategory,
    ProjectStatus,
    TaskSource,
    TaskStatus,
)
from wenming.tasks.models import ActivityPlan, PlanItem, Project, Task

router = Router(tags=["tasks"])


class TaskOut(Schema):
    id: int
    title: str
    source: TaskSource
    indicator_id: int | None
    lead_unit_id: int
    lead_unit_name: str = Field(..., alias="lead_unit.name")
    due_date: datetime.date
    status: TaskStatus
    progress: int


class TaskIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    lead_unit_id: Id
    co_unit_ids: list[Id] = []
    due_date: datetime.date


class ProgressIn(Schema):
    organization_id: Id
    text: str = Field(..., min_length=1)
    percentage: int = Field(..., ge=0, le=100)


class ProjectOut(Schema):
    id: int
    name: str
    category: ProjectCategory
    lead_unit_id: int
    target_quantity: Decimal
    completed_quantity: Decimal
    quantity_unit: str
    status: ProjectStatus


class ProjectProgressIn(Schema):
    quantity: Decimal = Field(..., gt=0, max_digits=12, decimal_places=2)
    note: str = ""
    reported_on: datetime.date | None = None


def _require(request, permission, obj=None):
    if not has_perm(request.user, permission, obj):
        raise PermissionDenied


@router.get("/tasks", response={200: list[TaskOut], **COMMON_ERRORS}, summary="List tasks")
@paginate(Pagination)
def list_tasks(request, status: TaskStatus | None = None, overdue: bool = False):
    _require(request, "tasks.view_task")
    queryset = Task.objects.restrict(request.user, "tasks.view_task").select_related("lead_unit")
    if status:
        queryset = queryset.filter(status=status)
    if overdue:
        from django.utils import timezone

        queryset = queryset.filter(
            due_date__lt=timezone.localdate(), status__in=(TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
        )
    return queryset.order_by("due_date", "id")


@router.post("/tasks", response={201: TaskOut, **WRITE_ERRORS}, summary="Add a task")
def create_task(request, payload: TaskIn):
    _require(request, "tasks.manage_task")
    units = {
        u.pk: u
        for u in Organization.objects.filter(pk__in=[payload.lead_unit_id, *payload.co_unit_ids])
    }
    if payload.lead_unit_id not in units:
        from django.http import Http404

        raise Http404
    _require(request, "tasks.manage_task", units[payload.lead_unit_id])
    task = actions.create_task(
        jurisdiction=request.jurisdiction,
        title=payload.title,
        description=payload.description,
        lead_unit=units[payload.lead_unit_id],
        co_units=[units[pk] for pk in payload.co_unit_ids if pk in units],
        due_date=payload.due_date,
        actor=request.user,
    )
    return Status(201, task)


@router.post(
    "/tasks/{task_id}/reports",
    response={201: TaskOut, **WRITE_ERRORS},
    summary="Report progress on a task (lead or co-unit)",
)
def report_task(request, task_id: Id, payload: ProgressIn):
    task = get_object_or_404(Task.objects.restrict(request.user, "tasks.view_task"), pk=task_id)
    organization = get_object_or_404(
        Organization.objects.restrict(request.user, "tasks.report_progress"),
        pk=payload.organization_id,
    )
    actions.report_task_progress(
        task,
        organization=organization,
        text=payload.text,
        percentage=payload.percentage,
        actor=request.user,
    )
    task.refresh_from_db()
    return Status(201, task)


@router.get("/projects", response={200: list[ProjectOut], **COMMON_ERRORS}, summary="List projects")
@paginate(Pagination)
def list_projects(request, category: ProjectCategory | None = None):
    _require(request, "tasks.view_task")
    queryset = Project.objects.restrict(request.user, "tasks.view_task")
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("category", "name")


@router.post(
    "/projects/{project_id}/reports",
    response={201: ProjectOut, **WRITE_ERRORS},
    summary="Report quantity completed on a project (rolled up into the project)",
)
def report_project(request, project_id: Id, payload: ProjectProgressIn):
    project = get_object_or_404(
        Project.objects.restrict(request.user, "tasks.view_task"), pk=project_id
    )
    _require(request, "tasks.report_progress", project)
    actions.report_project_progress(
        project,
        quantity=payload.quantity,
        note=payload.note,
        reported_on=payload.reported_on,
        actor=request.user,
    )
    project.refresh_from_db()
    return Status(201, project)


class PlanItemOut(Schema):
    id: int
    plan_id: int
    title: str
    kind: ActivityKind
    date: datetime.date
    owner_id: int
    owner_name: str = Field(..., alias="owner.name")
    executed_on: datetime.date | None
    execution_note: str
    has_photo: bool
    state: str

    @staticmethod
    def resolve_has_photo(item) -> bool:
        return bool(item.photo)

    @staticmethod
    def resolve_state(item) -> str:
        return item.state()


class PlanItemIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: ActivityKind = ActivityKind.OTHER
    date: datetime.date
    owner_id: Id


@router.post(
    "/plans/{plan_id}/items",
    response={201: PlanItemOut, **WRITE_ERRORS},
    summary="Add an activity to a monthly plan (its date falls in the plan's month)",
)
def add_plan_item(request, plan_id: Id, payload: PlanItemIn):
    plan = get_object_or_404(
        ActivityPlan.objects.restrict(request.user, "tasks.view_activityplan"), pk=plan_id
    )
    _require(request, "tasks.manage_activityplan", plan)
    owner = get_object_or_404(
        Organization.objects.filter(kind__in=OWNER_KINDS, is_active=True), pk=payload.owner_id
    )
    item = actions.add_plan_item(
        plan,
        title=payload.title.strip(),
        kind=payload.kind,
        date=payload.date,
        owner=owner,
        actor=request.user,
    )
    return Status(201, item)


@router.post(
    "/plan-items/{item_id}/report",
    response={201: PlanItemOut, **WRITE_ERRORS},
    summary="Report that a planned activity took place, with an optional photo (multipart)",
)
def report_plan_item(
    request,
    item_id: Id,
    executed_on: Form[datetime.date],
    note: str = Form(..., max_length=5000),
    photo: File[UploadedFile] = None,
):
    item = get_object_or_404(
        PlanItem.objects.restrict(request.user, "tasks.report_progress").select_related(
            "plan", "owner"
        ),
        pk=item_id,
    )
    note = note.strip()
    if not note:
        raise ValidationError({"note": [_("Write what was done.")]})
    item = actions.report_plan_execution(
        item, executed_on=executed_on, note=note, photo=photo, actor=request.user
    )
    return Status(201, item)


class PlanItemRemoveIn(Schema):
    reason: str = Field(
        "", max_length=500, description="Required once the plan is published (audited)."
    )


class PlanItemPatch(PlanItemRemoveIn):
    title: str | None = Field(None, min_length=1, max_length=200)
    kind: ActivityKind | None = None
    date: datetime.date | None = None
    owner_id: Id | None = None


def _managed_item(request, item_id: int) -> PlanItem:
    item = get_object_or_404(
        PlanItem.objects.restrict(request.user, "tasks.view_activityplan").select_related(
            "plan", "owner"
        ),
        pk=item_id,
    )
    _require(request, "tasks.manage_activityplan", item.plan)
    return item


@router.patch(
    "/plan-items/{item_id}",
    response={200: PlanItemOut, **WRITE_ERRORS},
    summary="Change a planned activity's title, kind, date (inside the plan's month) or owner",
    description="409 `already_reported` when the date or owner of a reported activity would "
    "change; 422 `reason_required` without a `reason` once the plan is published.",
)
def update_plan_item(request, item_id: Id, payload: PlanItemPatch):
    item = _managed_item(request, item_id)
    changes = given_fields(payload, leave={"reason"})
    if "owner_id" in changes:
        changes["owner"] = get_object_or_404(
            Organization.objects.filter(kind__in=OWNER_KINDS, is_active=True),
            pk=changes.pop("owner_id"),
        )
    return actions.update_plan_item(item, reason=payload.reason, actor=request.user, **changes)


@router.post(
    "/plan-items/{item_id}/remove",
    response={204: None, **WRITE_ERRORS},
    summary="Take an activity off its monthly plan",
    description="409 `already_reported` for an activity already reported; 422 "
    "`reason_required` without a `reason` once the plan is published.",
)
def remove_plan_item(request, item_id: Id, payload: PlanItemRemoveIn):
    item = _managed_item(request, item_id)
    actions.remove_plan_item(item, reason=payload.reason, actor=request.user)
    return Status(204, None)
