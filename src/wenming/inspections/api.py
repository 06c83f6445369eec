"""Checklists, inspection rounds and site-visit submission over the API."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from wenming.core.api import COMMON_ERRORS, WRITE_ERRORS, Id, Pagination
from wenming.core.errors import field_error
from wenming.core.files import file_url
from wenming.core.permissions import has_perm
from wenming.inspections import actions
from wenming.inspections.choices import LineResult, RoundStatus, VisitStatus
from wenming.inspections.models import Checklist, ChecklistItem, InspectionRound, SiteVisit
from wenming.inspections.queries import visible_visits
from wenming.places.choices import CoordinateSystem, SiteType
from wenming.places.models import Site

router = Router(tags=["inspections"])


class RoundOut(Schema):
    id: int
    public_id: str
    name: str
    start_date: dt.date
    end_date: dt.date
    status: RoundStatus
    visit_count: int = 0
    submitted_count: int = 0

    @staticmethod
    def resolve_public_id(obj) -> str:
        return str(obj.public_id)


class ChecklistItemOut(Schema):
    id: int
    position: int
    text: str
    points: Decimal
    partial_ratio: Decimal
    category_code: str
    photo_required: bool
    criterion_code: str | None


class LineResultOut(Schema):
    item_id: int
    result: LineResult
    points_possible: Decimal
    points_scored: Decimal
    note: str
    work_order_reference: str


class VisitOut(Schema):
    id: int
    position: int
    site_id: int
    site_code: str = Field(..., alias="site.code")
    site_name: str = Field(..., alias="site.name")
    site_type: SiteType = Field(..., alias="site.site_type")
    status: VisitStatus
    points_possible: Decimal | None
    points_scored: Decimal | None
    score_rate: Decimal | None = Field(None, description="points scored / points possible")
    failed_lines: int
    submitted_at: dt.datetime | None


class VisitDetailOut(VisitOut):
    checklist: list[ChecklistItemOut] = []
    results: list[LineResultOut] = []

    @staticmethod
    def resolve_checklist(obj):
        if obj.checklist_id is None:
            return []
        return list(ChecklistItem.objects.filter(checklist_id=obj.checklist_id))

    @staticmethod
    def resolve_results(obj):
        return list(obj.results.all())


class RoundDetailOut(RoundOut):
    inspector_ids: list[int] = []
    site_visits: list[VisitOut] = Field(default_factory=list, description="Visits you may see")


class LineIn(Schema):
    item_id: Id
    result: LineResult
    points: Decimal | None = Field(None, ge=0, description="Overrides the result's points.")
    note: str = Field("", max_length=500)


class VisitSubmitIn(Schema):
    lines: list[LineIn]
    note: str = Field("", max_length=2000)
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    coordinate_system: CoordinateSystem = CoordinateSystem.WGS84
    submission_key: str = Field(
        "",
        max_length=64,
        description="Send the same key on a retry: a repeated submission returns the visit "
        "unchanged instead of 409 already_submitted.",
    )


class VisitPhotoOut(Schema):
    id: int
    item_id: int | None
    url: str
    taken_at: dt.datetime
    latitude: Decimal | None
    longitude: Decimal | None

    @staticmethod
    def resolve_url(obj) -> str:
        return file_url(obj, "visit-photo")


def _rounds(request):
    return InspectionRound.objects.restrict(request.user, "inspections.view_inspection")


@router.get(
    "/inspections/rounds",
    response={200: list[RoundOut], **COMMON_ERRORS},
    summary="List inspection rounds",
)
@paginate(Pagination)
def list_rounds(request, status: RoundStatus | None = None, mine: bool = False):
    queryset = _rounds(request).annotate(
        visit_count=Count("visits"),
        submitted_count=Count("visits", filter=Q(visits__status=VisitStatus.SUBMITTED)),
    )
    if status:
        queryset = queryset.filter(status=status)
    if mine:
        queryset = queryset.filter(inspectors=request.user)
    return queryset.order_by("-start_date", "-id")


@router.get(
    "/inspections/rounds/{round_id}",
    response={200: RoundDetailOut, **COMMON_ERRORS},
    summary="One inspection round with the visits you may see",
)
def get_round(request, round_id: Id):
    inspection_round = get_object_or_404(_rounds(request), pk=round_id)
    visits = list(
        visible_visits(request.user, inspection_round).select_related("site").order_by("position")
    )
    inspection_round.visit_count = len(visits)
    inspection_round.submitted_count = sum(1 for v in visits if v.status == VisitStatus.SUBMITTED)
    inspection_round.inspector_ids = list(inspection_round.inspectors.values_list("pk", flat=True))
    inspection_round.site_visits = visits
    return inspection_round


class RoundIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    start_date: dt.date
    end_date: dt.date
    inspector_ids: list[Id] = Field(..., min_length=1, max_length=200)
    site_ids: list[Id] = Field(
        ..., min_length=1, max_length=2000, description="The sites in the order of the walk."
    )
    note: str = Field("", max_length=2000)


@router.post(
    "/inspections/rounds",
    response={201: RoundDetailOut, **WRITE_ERRORS},
    summary="Plan an inspection round (sites in the order of the walk)",
    description="422 `date_order`, `no_sites`, `no_inspectors`, `duplicate_site`, … as the form.",
)
def plan_round(request, payload: RoundIn):
    from wenming.inspections.forms import inspector_users

    if not has_perm(request.user, "inspections.plan_inspection", InspectionRound):
        raise PermissionDenied
    inspectors = {
        user.pk: user
        for user in inspector_users().filter(
            jurisdiction=request.jurisdiction, pk__in=payload.inspector_ids
        )
    }
    sites = {site.pk: site for site in Site.objects.filter(pk__in=payload.site_ids, is_active=True)}
    if any(pk not in inspectors for pk in payload.inspector_ids):
        raise field_error("inspector_ids", _("Unknown inspector."), "unknown_inspector")
    if any(pk not in sites for pk in payload.site_ids):
        raise field_error("site_ids", _("Unknown site."), "unknown_site")
    inspection_round = actions.plan_inspection_round(
        jurisdiction=request.jurisdiction,
        name=payload.name,
        start_date=payload.start_date,
        end_date=payload.end_date,
        inspectors=[inspectors[pk] for pk in payload.inspector_ids],
        sites=[sites[pk] for pk in payload.site_ids],
        note=payload.note,
        actor=request.user,
    )
    return Status(201, get_round(request, inspection_round.pk))


def _visit(request, visit_id: int) -> SiteVisit:
    return get_object_or_404(
        visible_visits(request.user).select_related("site", "round", "jurisdiction"), pk=visit_id
    )


@router.get(
    "/inspections/visits/{visit_id}",
    response={200: VisitDetailOut, **COMMON_ERRORS},
    summary="One site visit with its checklist and results",
)
def get_visit(request, visit_id: Id):
    return _visit(request, visit_id)


@router.post(
    "/inspections/visits/{visit_id}/submit",
    response={200: VisitDetailOut, **WRITE_ERRORS},
    summary="Submit the findings of a site visit",
    description="Every checklist line must be given. Lines not fully met need a photo "
    "(upload it first) when the line requires one. Errors: 422 `line_missing`, "
    "`unknown_line`, `duplicate_line`, `invalid_points`, `photo_required`, "
    "`location_out_of_bounds`; 409 `already_submitted`, `invalid_transition` (round "
    "completed); 403 when you are not an inspector of the round.",
)
def submit_visit(request, visit_id: Id, payload: VisitSubmitIn):
    visit = _visit(request, visit_id)
    if not has_perm(request.user, "inspections.perform_inspection", SiteVisit):
        raise PermissionDenied
    actions.submit_site_visit(
        visit,
        lines=[line.dict() for line in payload.lines],
        note=payload.note,
        latitude=payload.latitude,
        longitude=payload.longitude,
        coordinate_system=payload.coordinate_system,
        submission_key=payload.submission_key,
        actor=request.user,
    )
    return _visit(request, visit_id)


@router.post(
    "/inspections/visits/{visit_id}/photos",
    response={201: VisitPhotoOut, **WRITE_ERRORS},
    summary="Upload a photo for a line of a visit (multipart)",
    description="Fields: `file` (JPEG/PNG/WebP, checked by content), `item_id`, optional "
    "`latitude`/`longitude`/`coordinate_system` and `taken_at`. Errors: 422 `not_an_image`, "
    "`file_too_large`, `unknown_line`, `location_out_of_bounds`; 409 `already_submitted`.",
)
def upload_photo(
    request,
    visit_id: Id,
    file: File[UploadedFile],
    item_id: Form[Id],
    latitude: Form[Decimal | None] = None,
    longitude: Form[Decimal | None] = None,
    coordinate_system: Form[CoordinateSystem] = CoordinateSystem.WGS84,
    taken_at: Form[dt.datetime | None] = None,
):
    visit = _visit(request, visit_id)
    item = get_object_or_404(ChecklistItem, pk=item_id)
    photo = actions.add_visit_photo(
        visit,
        item=item,
        upload=file,
        latitude=latitude,
        longitude=longitude,
        coordinate_system=coordinate_system,
        taken_at=taken_at,
        actor=request.user,
    )
    return Status(201, photo)


class ChecklistsInstalledOut(Schema):
    installed: int = Field(..., description="How many checklists were added (0 when none lacked)")


@router.post(
    "/inspections/checklists/defaults",
    response={200: ChecklistsInstalledOut, **WRITE_ERRORS},
    summary="Give every site type without a checklist the default one",
    description="Idempotent: site types that have a checklist keep it; a repeat installs 0.",
)
def install_default_checklists(request):
    if not has_perm(request.user, "inspections.plan_inspection", Checklist):
        raise PermissionDenied
    count = actions.install_default_checklists(request.jurisdiction, actor=request.user)
    return {"installed": count}
