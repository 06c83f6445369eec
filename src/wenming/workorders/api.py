"""Work orders over the JSON API: list, detail, categories, and each transition as a POST.

Errors: 401 not signed in, 403 no permission (or verifying one's own unit's fix), 404 not
visible, 409 `invalid_transition` / `conflict` / `deferral_pending` / `already_decided`,
422 `validation_error` or the action's field code (e.g. `after_photo_required`).
"""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from wenming.core.api import COMMON_ERRORS, WRITE_ERRORS, Id, Pagination
from wenming.core.errors import field_error
from wenming.core.permissions import has_perm
from wenming.workorders import actions
from wenming.workorders.actions.batch import batch_dispatch_by_reference
from wenming.workorders.choices import (
    OPEN_STATUSES,
    DeferralStatus,
    WorkOrderSource,
    WorkOrderStatus,
)
from wenming.workorders.models import Category, DeferralRequest, Open311Client, WorkOrder
from wenming.workorders.queries import dispatch_units, overdue_filter

router = Router(tags=["workorders"])

VIEW = "workorders.view_workorder"
ACTION_ERRORS = {**WRITE_ERRORS}


class CategoryOut(Schema):
    code: str
    name: str
    time_limit_value: int
    time_limit_unit: str
    requires_after_photo: bool
    is_public: bool
    description: str


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    actor: str = Field("", alias="actor_label")
    note: str
    occurred_at: dt.datetime


class PhotoOut(Schema):
    stage: str
    url: str
    thumbnail_url: str
    taken_at: dt.datetime | None


class WorkOrderOut(Schema):
    reference: str
    public_id: str
    category: str = Field(..., alias="category.code")
    status: WorkOrderStatus
    source: WorkOrderSource
    source_reference: str
    description: str
    latitude: float | None
    longitude: float | None
    address: str
    responsible_unit_id: int | None
    responsible_unit_name: str | None = Field(None, alias="responsible_unit.name")
    deadline: dt.datetime | None
    reported_at: dt.datetime
    dispatched_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    rework_count: int
    was_deferred: bool
    is_public: bool
    closed_on_time: bool | None

    @staticmethod
    def resolve_public_id(obj) -> str:
        return str(obj.public_id)

    @staticmethod
    def resolve_latitude(obj):
        return float(obj.latitude) if obj.latitude is not None else None

    @staticmethod
    def resolve_longitude(obj):
        return float(obj.longitude) if obj.longitude is not None else None


class WorkOrderDetailOut(WorkOrderOut):
    resolution_note: str
    rejection_reason: str
    events: list[EventOut]
    photos: list[PhotoOut]

    @staticmethod
    def resolve_events(obj):
        return list(obj.events.all())

    @staticmethod
    def resolve_photos(obj):
        return list(obj.photos.all())


class WorkOrderIn(Schema):
    category_code: str = Field(..., min_length=1, max_length=50)
    description: str = Field(..., min_length=1, max_length=2000)
    lat: float = Field(..., ge=-90, le=90, description="WGS-84 latitude")
    lng: float = Field(..., ge=-180, le=180, description="WGS-84 longitude")
    address: str = Field("", max_length=200)
    source: Literal["hotline", "office", "leader"]
    source_reference: str = Field(
        "",
        max_length=100,
        description="The caller's own case number: the same source and reference again "
        "answer 200 with the first order instead of opening another.",
    )
    responsible_unit_id: Id | None = Field(None, description="The unit proposed to handle it.")


class WorkOrderCreatedOut(Schema):
    reference: str
    status: WorkOrderStatus
    deadline: dt.datetime | None = Field(None, description="Set when the order is dispatched.")


class WorkOrderFilter(Schema):
    status: WorkOrderStatus | None = None
    state: str | None = Field(None, pattern="^(open|overdue|closed)$")
    category: str | None = None
    source: WorkOrderSource | None = None
    responsible_unit_id: Id | None = None
    reported_after: dt.datetime | None = None
    reported_before: dt.datetime | None = None


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


class AcceptIn(NoteIn):
    category: str | None = None


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


class DispatchIn(NoteIn):
    unit_id: Id
    deadline: dt.datetime | None = None


class VerifyIn(NoteIn):
    passed: bool


class DeferralIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)
    requested_deadline: dt.datetime


class DecisionIn(NoteIn):
    approved: bool


class MergeIn(NoteIn):
    into: str


class PublicIn(Schema):
    public: bool


class DeferralOut(Schema):
    id: int
    status: DeferralStatus
    reason: str
    requested_deadline: dt.datetime


def _order(request, reference: str) -> WorkOrder:
    queryset = WorkOrder.objects.restrict(request.user, VIEW).select_related(
        "category", "responsible_unit"
    )
    return get_object_or_404(queryset, reference=reference.upper())


def _detail(request, reference: str) -> WorkOrder:
    return (
        WorkOrder.objects.restrict(request.user, VIEW)
        .select_related("category", "responsible_unit")
        .prefetch_related("events", "photos")
        .get(pk=_order(request, reference).pk)
    )


@router.get("/workorders/categories", response={200: list[CategoryOut], **COMMON_ERRORS})
def list_categories(request):
    """Active categories with their time limits."""
    from django.core.exceptions import PermissionDenied

    from wenming.core.permissions import has_perm

    if not has_perm(request.user, VIEW):
        raise PermissionDenied
    return list(Category.objects.filter(is_active=True))


@router.get("/workorders", response={200: list[WorkOrderOut], **COMMON_ERRORS})
@paginate(Pagination)
def list_work_orders(request, filters: Query[WorkOrderFilter]):
    """Work orders the caller may see (a unit: those dispatched to it), newest first."""
    queryset = WorkOrder.objects.restrict(request.user, VIEW).select_related(
        "category", "responsible_unit"
    )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.state == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif filters.state == "overdue":
        queryset = queryset.filter(overdue_filter())
    elif filters.state == "closed":
        queryset = queryset.exclude(status__in=OPEN_STATUSES)
    if filters.category:
        queryset = queryset.filter(category__code=filters.category)
    if filters.source:
        queryset = queryset.filter(source=filters.source)
    if filters.responsible_unit_id:
        queryset = queryset.filter(responsible_unit_id=filters.responsible_unit_id)
    if filters.reported_after:
        queryset = queryset.filter(reported_at__gte=filters.reported_after)
    if filters.reported_before:
        queryset = queryset.filter(reported_at__lt=filters.reported_before)
    return queryset.order_by("-reported_at", "-id")


class DispatchUnitOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


class BatchDispatchIn(NoteIn):
    references: list[str] = Field(..., min_length=1, max_length=200)
    unit_id: Id | None = None
    deadline: dt.datetime | None = None


@router.get(
    "/workorders/dispatch-units",
    response={200: list[DispatchUnitOut], **COMMON_ERRORS},
    url_name="workorders_dispatch_units",
    summary="Units to dispatch to",
)
@paginate(Pagination)
def list_dispatch_units(request, search: str = ""):
    """Units the caller may dispatch work orders to, by name (`search` matches the name or
    the short name); what the dispatch pickers search."""
    if not has_perm(request.user, "workorders.dispatch"):
        raise PermissionDenied
    return dispatch_units(request.user, search[:100])


@router.post(
    "/workorders/batch-dispatch",
    response={200: list[WorkOrderOut], **ACTION_ERRORS},
    summary="Accept and dispatch many work orders",
)
def batch_dispatch(request, payload: BatchDispatchIn):
    """立案 (when new) and 派遣 for every tracking code: to `unit_id`, or without one to each
    order's site or road segment patron unit. All or nothing: 422 `batch_failed` with
    `details` mapping each failed tracking code to `{code, message}`, and nothing changed."""
    if not has_perm(request.user, "workorders.dispatch"):
        raise PermissionDenied
    unit = None
    if payload.unit_id is not None:
        unit = dispatch_units(request.user).filter(pk=payload.unit_id).first()
        if unit is None:
            raise field_error("unit_id", _("Choose the responsible unit."), "unknown_unit")
    return batch_dispatch_by_reference(
        payload.references,
        unit=unit,
        note=payload.note,
        deadline=payload.deadline,
        actor=request.user,
    )


@router.post(
    "/workorders",
    response={200: WorkOrderCreatedOut, 201: WorkOrderCreatedOut, **WRITE_ERRORS},
    summary="Open a work order (hotline, leader's instruction, office)",
    description="201 with the new order; 200 with the first order when the same `source` and "
    "`source_reference` were sent before. 422 `unknown_category`, `outside_jurisdiction` "
    "(the point lies outside the jurisdiction's bounds), `unknown_unit`, `description_required` "
    "or `validation_error`; 403 without `workorders.add_work_order`.",
)
def create_work_order(request, payload: WorkOrderIn):
    if request.jurisdiction is None:
        raise PermissionDenied
    order, created = actions.open_work_order(
        jurisdiction=request.jurisdiction,
        category_code=payload.category_code,
        description=payload.description,
        latitude=payload.lat,
        longitude=payload.lng,
        address=payload.address,
        source=payload.source,
        source_reference=payload.source_reference,
        responsible_unit_id=payload.responsible_unit_id,
        actor=request.user,
    )
    body = {"reference": order.reference, "status": order.status, "deadline": order.deadline}
    return Status(201 if created else 200, body)


@router.get("/workorders/{reference}", response={200: WorkOrderDetailOut, **COMMON_ERRORS})
def get_work_order(request, reference: str):
    """One work order with its history and photos."""
    return _detail(request, reference)


@router.post("/workorders/{reference}/accept", response={200: WorkOrderOut, **ACTION_ERRORS})
def accept(request, reference: str, payload: AcceptIn):
    """立案 (reported → accepted)."""
    return actions.accept_work_order(
        _order(request, reference), note=payload.note, category=payload.category, actor=request.user
    )


@router.post("/workorders/{reference}/public", response={200: WorkOrderOut, **ACTION_ERRORS})
def set_public(request, reference: str, payload: PublicIn):
    """Show a hotline case in the anonymous Open311 feed (`public: true`) or hide it; other
    sources answer 409 `not_publishable` (residents' reports are always shown, internal
    findings never)."""
    return actions.set_work_order_public(
        _order(request, reference), public=payload.public, actor=request.user
    )


@router.post("/workorders/{reference}/reject", response={200: WorkOrderOut, **ACTION_ERRORS})
def reject(request, reference: str, payload: ReasonIn):
    """Reject with a reason (reported or returned → rejected)."""
    return actions.reject_work_order(
        _order(request, reference), reason=payload.reason, actor=request.user
    )


@router.post("/workorders/{reference}/dispatch", response={200: WorkOrderOut, **ACTION_ERRORS})
def dispatch(request, reference: str, payload: DispatchIn):
    """派遣 to a unit; the deadline comes from the category unless given."""
    from wenming.organizations.models import Organization

    unit = Organization.objects.filter(pk=payload.unit_id).first()
    return actions.dispatch_work_order(
        _order(request, reference),
        unit=unit,
        deadline=payload.deadline,
        note=payload.note,
        actor=request.user,
    )


@router.post("/workorders/{reference}/start", response={200: WorkOrderOut, **ACTION_ERRORS})
def start(request, reference: str, payload: NoteIn):
    """The unit starts work (dispatched, reworked or deferred → in_progress)."""
    return actions.start_work_order(
        _order(request, reference), note=payload.note, actor=request.user
    )


@router.post("/workorders/{reference}/resolve", response={200: WorkOrderOut, **ACTION_ERRORS})
def resolve(
    request,
    reference: str,
    note: Form[str],
    photos: File[list[UploadedFile]] = None,
):
    """整改回复 with a note and after-photos (multipart)."""
    return actions.resolve_work_order(
        _order(request, reference), note=note, photos=photos or [], actor=request.user
    )


@router.post("/workorders/{reference}/verify", response={200: WorkOrderOut, **ACTION_ERRORS})
def verify(request, reference: str, payload: VerifyIn):
    """核查: pass closes, fail sends back for rework; refused (403) to the resolving unit."""
    return actions.verify_work_order(
        _order(request, reference), passed=payload.passed, note=payload.note, actor=request.user
    )


@router.post("/workorders/{reference}/deferrals", response={200: DeferralOut, **ACTION_ERRORS})
def request_deferral(request, reference: str, payload: DeferralIn):
    """缓办 request with a reason and a later deadline."""
    return actions.request_deferral(
        _order(request, reference),
        reason=payload.reason,
        requested_deadline=payload.requested_deadline,
        actor=request.user,
    )


@router.post(
    "/workorders/{reference}/deferrals/{deferral_id}/decide",
    response={200: DeferralOut, **ACTION_ERRORS},
)
def decide_deferral(request, reference: str, deferral_id: Id, payload: DecisionIn):
    """Approve (→ deferred, new deadline) or refuse a deferral request."""
    order = _order(request, reference)
    deferral = get_object_or_404(DeferralRequest, pk=deferral_id, work_order=order)
    return actions.approve_deferral(
        deferral, approved=payload.approved, note=payload.note, actor=request.user
    )


@router.post("/workorders/{reference}/return", response={200: WorkOrderOut, **ACTION_ERRORS})
def return_order(request, reference: str, payload: ReasonIn):
    """退回: not this unit's case; back to the dispatcher."""
    return actions.return_work_order(
        _order(request, reference), reason=payload.reason, actor=request.user
    )


@router.post("/workorders/{reference}/reopen", response={200: WorkOrderOut, **ACTION_ERRORS})
def reopen(request, reference: str, payload: ReasonIn):
    """重开 a closed case whose problem came back."""
    return actions.reopen_work_order(
        _order(request, reference), reason=payload.reason, actor=request.user
    )


@router.post("/workorders/{reference}/merge", response={200: WorkOrderOut, **ACTION_ERRORS})
def merge(request, reference: str, payload: MergeIn):
    """Merge this report into the case `into` (a tracking code) as a duplicate."""
    target = _order(request, payload.into)
    return actions.merge_work_orders(
        _order(request, reference), into=target, note=payload.note, actor=request.user
    )


# -- Open311 clients (the office issues and revokes keys; a key is shown once) ---------------

MANAGE_OPEN311 = "workorders.manage_open311"


class Open311ClientOut(Schema):
    id: int
    name: str
    prefix: str
    active: bool
    created_at: dt.datetime
    last_used_at: dt.datetime | None


class Open311ClientCreatedOut(Open311ClientOut):
    key: str = Field(..., description="The key, shown this once only.")


class Open311ClientIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)


def _require_open311(request) -> None:
    if not has_perm(request.user, MANAGE_OPEN311, Open311Client):
        raise PermissionDenied


@router.get(
    "/open311-clients",
    response={200: list[Open311ClientOut], **COMMON_ERRORS},
    summary="Open311 clients and their key prefixes",
)
@paginate(Pagination)
def list_open311_clients(request):
    _require_open311(request)
    return Open311Client.objects.order_by("-created_at", "-id")


@router.post(
    "/open311-clients",
    response={201: Open311ClientCreatedOut, **WRITE_ERRORS},
    summary="Issue an Open311 API key (returned once)",
)
def issue_open311_key(request, payload: Open311ClientIn):
    from wenming.workorders.open311.keys import issue_key

    _require_open311(request)
    client, key = issue_key(
        jurisdiction=request.jurisdiction, name=payload.name, actor=request.user
    )
    client.key = key
    return Status(201, client)


@router.post(
    "/open311-clients/{client_id}/revoke",
    response={200: Open311ClientOut, **WRITE_ERRORS},
    summary="Revoke an Open311 API key",
)
def revoke_open311_key(request, client_id: Id):
    from wenming.workorders.open311.keys import revoke_key

    _require_open311(request)
    client = get_object_or_404(Open311Client, pk=client_id)
    revoke_key(client, actor=request.user)
    return client
