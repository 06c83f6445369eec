"""Frameworks, assignments, evidence and agreements over the API."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from wenming.core.api import COMMON_ERRORS, WRITE_ERRORS, Id, Integer, Pagination
from wenming.core.errors import DomainError
from wenming.core.excel import WorkbookError
from wenming.core.permissions import has_perm
from wenming.organizations.models import Organization
from wenming.standards import actions, queries
from wenming.standards.choices import (
    AgreementStatus,
    AssignmentRole,
    EvidenceKind,
    EvidenceStatus,
    FrameworkKind,
    FrameworkStatus,
    IndicatorLevel,
)
from wenming.standards.models import (
    Assignment,
    Evidence,
    Framework,
    Indicator,
    ResponsibilityAgreement,
)

router = Router(tags=["standards"])


class FrameworkOut(Schema):
    id: int
    name: str
    kind: FrameworkKind
    edition: str
    status: FrameworkStatus
    submission_start: datetime.date | None
    submission_end: datetime.date | None
    is_sample: bool
    description: str
    criterion_count: int
    total_points: Decimal


class IndicatorOut(Schema):
    id: int
    code: str
    parent_code: str | None = Field(None, alias="parent.code")
    level: IndicatorLevel
    name: str
    points: Decimal
    methods: list[str]
    site_types: list[str]
    grading_rule: str
    expected_evidence: str


class ImportOut(Schema):
    ok: bool
    dry_run: bool
    imported: bool
    framework_id: int | None
    counts: dict
    total_points: str
    report: dict
    previous_edition: str | None
    diff: dict | None


class AssignmentOut(Schema):
    indicator_id: int
    code: str = Field(..., alias="indicator.code")
    organization_id: int
    organization_name: str = Field(..., alias="organization.name")
    role: AssignmentRole


class AssignmentsIn(Schema):
    lead_id: Id | None = None
    co_unit_ids: list[Id] = []


class EvidenceOut(Schema):
    id: int
    public_id: str
    indicator_id: int
    code: str = Field(..., alias="indicator.code")
    organization_id: int
    title: str
    kind: EvidenceKind
    content_type: str
    size: int
    status: EvidenceStatus
    review_reason: str
    submitted_at: datetime.datetime
    reviewed_at: datetime.datetime | None

    @staticmethod
    def resolve_public_id(obj) -> str:
        return str(obj.public_id)


class ReviewIn(Schema):
    decision: EvidenceStatus
    reason: str = ""


class AgreementOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(..., alias="organization.name")
    year: int
    title: str
    status: AgreementStatus
    version: int
    acknowledged_at: datetime.datetime | None


def _require(request, permission: str, obj=None) -> None:
    if not has_perm(request.user, permission, obj):
        raise PermissionDenied


def _agreement(request, agreement_id: int, permission: str) -> ResponsibilityAgreement:
    """A visible agreement on which the caller holds `permission` (404 if unseen, 403 if not)."""
    agreement = get_object_or_404(
        ResponsibilityAgreement.objects.restrict(
            request.user, "standards.view_agreement"
        ).select_related("organization"),
        pk=agreement_id,
    )
    _require(request, permission, agreement)
    return agreement


def _agreement_out(agreement) -> ResponsibilityAgreement:
    return ResponsibilityAgreement.objects.select_related("organization").get(pk=agreement.pk)


def _framework(request, framework_id: int) -> Framework:
    _require(request, "standards.view_framework")
    return get_object_or_404(
        Framework.objects.restrict(request.user, "standards.view_framework"), pk=framework_id
    )


@router.get(
    "/frameworks", response={200: list[FrameworkOut], **COMMON_ERRORS}, summary="List frameworks"
)
@paginate(Pagination)
def list_frameworks(request, status: FrameworkStatus | None = None):
    _require(request, "standards.view_framework")
    queryset = Framework.objects.restrict(request.user, "standards.view_framework")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("name", "-created_at")


# Declared before "/frameworks/{framework_id}": the URL patterns are tried in order, and the
# id pattern would otherwise take "import" and answer 405 to every POST.
@router.post(
    "/frameworks/import",
    response={200: ImportOut, 201: ImportOut, **WRITE_ERRORS},
    summary="Import a framework workbook (multipart)",
    description=(
        "Checks the workbook and imports it as a new edition. With `dry_run` nothing is written "
        "(200 with the preview). Problems (by Excel row and column) give 422 with the report "
        "in `details`; nothing is imported. 400: not a framework workbook. 409 "
        "`edition_exists`: this edition is already there."
    ),
)
def import_framework(
    request,
    file: File[UploadedFile],
    name: Form[str],
    edition: Form[str],
    kind: Form[FrameworkKind] = FrameworkKind.COUNTY_CITY,
    dry_run: Form[bool] = False,
):
    _require(request, "standards.manage_framework", Framework)
    try:
        outcome = actions.import_framework(
            file,
            jurisdiction=request.jurisdiction,
            name=name,
            edition=edition,
            kind=kind,
            dry_run=dry_run,
            actor=request.user,
        )
    except WorkbookError as error:
        raise DomainError(str(error), code="not_a_workbook") from error
    result = outcome.as_dict()
    if not outcome.ok:
        from django.core.exceptions import ValidationError

        raise ValidationError(
            [ValidationError(line, code="invalid_workbook") for line in outcome.report.lines()]
        )
    return Status(201 if outcome.framework else 200, result)


@router.get(
    "/frameworks/{framework_id}",
    response={200: FrameworkOut, **COMMON_ERRORS},
    summary="One framework edition",
)
def get_framework(request, framework_id: Id):
    return _framework(request, framework_id)


@router.get(
    "/frameworks/{framework_id}/tree",
    response={200: list[IndicatorOut], **COMMON_ERRORS},
    summary="Every node of the framework in order (parents before children)",
)
def framework_tree(request, framework_id: Id):
    framework = _framework(request, framework_id)
    return list(framework.indicators.select_related("parent").order_by("position"))


@router.get(
    "/frameworks/{framework_id}/assignments",
    response={200: list[AssignmentOut], **COMMON_ERRORS},
    summary="Owners of the framework's criteria",
)
@paginate(Pagination)
def list_assignments(request, framework_id: Id):
    framework = _framework(request, framework_id)
    return (
        Assignment.objects.filter(indicator__framework=framework)
        .select_related("indicator", "organization")
        .order_by("indicator__position", "role", "organization__sort_order")
    )


@router.get(
    "/frameworks/{framework_id}/unowned",
    response={200: list[IndicatorOut], **COMMON_ERRORS},
    summary="Criteria that have no lead unit (不缺项、不漏项)",
)
def list_unowned(request, framework_id: Id):
    framework = _framework(request, framework_id)
    return queries.criteria_with_owners(framework, unowned_only=True)


class FrameworkStatusIn(Schema):
    status: FrameworkStatus


@router.post(
    "/frameworks/{framework_id}/status",
    response={200: FrameworkOut, **WRITE_ERRORS},
    summary="Activate or archive an edition (activating archives the other active editions)",
)
def set_framework_status(request, framework_id: Id, payload: FrameworkStatusIn):
    framework = _framework(request, framework_id)
    _require(request, "standards.manage_framework", framework)
    actions.set_framework_status(framework, payload.status, actor=request.user)
    return _framework(request, framework_id)


class FrameworkPatch(Schema):
    """What describes an edition; the criteria tree changes only by importing a new edition."""

    kind: FrameworkKind | None = None
    submission_start: datetime.date | None = None
    submission_end: datetime.date | None = None
    description: str | None = Field(None, max_length=5000)
    is_sample: bool | None = None


@router.patch(
    "/frameworks/{framework_id}",
    response={200: FrameworkOut, **WRITE_ERRORS},
    summary="Change an edition's details (kind, submission window, description)",
)
def update_framework(request, framework_id: Id, payload: FrameworkPatch):
    framework = _framework(request, framework_id)
    _require(request, "standards.manage_framework", framework)
    data = payload.dict(exclude_unset=True)
    # kind, description and is_sample cannot be emptied; the window's dates can.
    for name in ("kind", "description", "is_sample"):
        if data.get(name, "") is None:
            data.pop(name)
    if "description" in data:
        data["description"] = data["description"].strip()
    if "submission_start" in data or "submission_end" in data:
        # The window is checked as a whole: a new close date against the stored opening date.
        data.setdefault("submission_start", framework.submission_start)
        data.setdefault("submission_end", framework.submission_end)
    actions.update_framework(framework, data=data, actor=request.user)
    return _framework(request, framework_id)


class CarryOverIn(Schema):
    from_framework_id: Id


class CarriedOverOut(Schema):
    count: int


@router.post(
    "/frameworks/{framework_id}/carry-over",
    response={200: CarriedOverOut, **WRITE_ERRORS},
    summary="Copy the owners of continuing criteria from an earlier edition (owned ones keep theirs)",
)
def carry_over_assignments(request, framework_id: Id, payload: CarryOverIn):
    framework = _framework(request, framework_id)
    _require(request, "standards.manage_framework", framework)
    earlier = get_object_or_404(
        Framework.objects.restrict(request.user, "standards.view_framework"),
        pk=payload.from_framework_id,
    )
    count = actions.carry_over_assignments(earlier, framework, actor=request.user)
    return {"count": count}


class GenerateAgreementsIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    targets: str = Field("", max_length=5000)


class GeneratedOut(Schema):
    count: int


@router.post(
    "/frameworks/{framework_id}/agreements",
    response={201: GeneratedOut, **WRITE_ERRORS},
    summary="Draft the year's agreement of every unit that owns a criterion and has none",
)
def generate_agreements(request, framework_id: Id, payload: GenerateAgreementsIn):
    framework = _framework(request, framework_id)
    _require(request, "standards.manage_agreement", ResponsibilityAgreement)
    count = actions.generate_agreements(
        framework, year=payload.year, actor=request.user, targets=payload.targets
    )
    return Status(201, {"count": count})


@router.put(
    "/criteria/{indicator_id}/assignments",
    response={200: list[AssignmentOut], **WRITE_ERRORS},
    summary="Set a criterion's lead unit and co-units",
)
def put_assignments(request, indicator_id: Id, payload: AssignmentsIn):
    _require(request, "standards.manage_framework", Indicator)
    indicator = get_object_or_404(Indicator, pk=indicator_id, jurisdiction=request.jurisdiction)
    units = {
        unit.pk: unit
        for unit in Organization.objects.filter(
            pk__in=[payload.lead_id, *payload.co_unit_ids]
            if payload.lead_id
            else payload.co_unit_ids
        )
    }
    wanted = ([payload.lead_id] if payload.lead_id else []) + payload.co_unit_ids
    if any(pk not in units for pk in wanted):
        raise DomainError("unknown unit", code="invalid_unit")
    actions.set_assignments(
        indicator,
        lead=units.get(payload.lead_id) if payload.lead_id else None,
        co_units=[units[pk] for pk in payload.co_unit_ids],
        actor=request.user,
    )
    return list(indicator.assignments.select_related("indicator", "organization"))


@router.get(
    "/evidence", response={200: list[EvidenceOut], **COMMON_ERRORS}, summary="List evidence"
)
@paginate(Pagination)
def list_evidence(
    request,
    status: EvidenceStatus | None = None,
    framework_id: Id | None = None,
    organization_id: Id | None = None,
):
    _require(request, "standards.view_evidence")
    queryset = Evidence.objects.restrict(request.user, "standards.view_evidence").select_related(
        "indicator"
    )
    if status:
        queryset = queryset.filter(status=status)
    if framework_id:
        queryset = queryset.filter(indicator__framework_id=framework_id)
    if organization_id:
        queryset = queryset.filter(organization_id=organization_id)
    return queryset.order_by("-submitted_at", "-id")


@router.post(
    "/evidence",
    response={201: EvidenceOut, **WRITE_ERRORS},
    summary="Submit evidence against an owned criterion (multipart)",
    description=(
        "400 `not_owner`: the unit does not own the criterion; 400 `outside_window`: the "
        "framework's submission window is closed; 422 `forbidden_type` / `file_too_large`: the "
        "file's content is not accepted for this kind."
    ),
)
def submit_evidence(
    request,
    file: File[UploadedFile],
    indicator_id: Form[Id],
    organization_id: Form[Id],
    kind: Form[EvidenceKind],
    title: Form[str] = "",
):
    _require(request, "standards.submit_evidence")
    organization = get_object_or_404(
        Organization.objects.restrict(request.user, "standards.view_evidence"), pk=organization_id
    )
    _require(request, "standards.submit_evidence", organization)
    indicator = get_object_or_404(
        Indicator.objects.select_related("framework"),
        pk=indicator_id,
        jurisdiction=request.jurisdiction,
    )
    evidence = actions.submit_evidence(
        indicator, organization, upload=file, title=title, kind=kind, actor=request.user
    )
    return Status(201, evidence)


@router.post(
    "/evidence/{evidence_id}/review",
    response={200: EvidenceOut, **WRITE_ERRORS},
    summary="Accept, return (with a reason) or reject (with a reason)",
)
def review_evidence(request, evidence_id: Id, payload: ReviewIn):
    _require(request, "standards.review_evidence")
    evidence = get_object_or_404(
        Evidence.objects.restrict(request.user, "standards.review_evidence").select_related(
            "indicator"
        ),
        pk=evidence_id,
    )
    return actions.review_evidence(
        evidence, payload.decision, reason=payload.reason, actor=request.user
    )


@router.post(
    "/evidence/{evidence_id}/resubmit",
    response={200: EvidenceOut, **WRITE_ERRORS},
    summary="Submit a returned piece of evidence again with a corrected file (multipart)",
    description=(
        "400 `outside_window`: the submission window is closed; 409 `invalid_transition`: the "
        "evidence was not returned; 422 `forbidden_type` / `file_too_large`."
    ),
)
def resubmit_evidence(request, evidence_id: Id, file: File[UploadedFile]):
    evidence = get_object_or_404(
        Evidence.objects.restrict(request.user, "standards.view_evidence").select_related(
            "indicator__framework"
        ),
        pk=evidence_id,
    )
    _require(request, "standards.submit_evidence", evidence)
    return actions.resubmit_evidence(evidence, upload=file, actor=request.user)


@router.get(
    "/agreements", response={200: list[AgreementOut], **COMMON_ERRORS}, summary="List agreements"
)
@paginate(Pagination)
def list_agreements(request, year: Integer | None = None, status: AgreementStatus | None = None):
    _require(request, "standards.view_agreement")
    queryset = ResponsibilityAgreement.objects.restrict(
        request.user, "standards.view_agreement"
    ).select_related("organization")
    if year:
        queryset = queryset.filter(year=year)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-year", "organization__sort_order")


@router.post(
    "/agreements/{agreement_id}/issue",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Send a drafted agreement to the unit's head for acknowledgement",
    description="409 `invalid_transition` when the agreement is not a draft.",
)
def issue_agreement(request, agreement_id: Id):
    agreement = _agreement(request, agreement_id, "standards.manage_agreement")
    actions.issue_agreement(agreement, actor=request.user)
    return _agreement_out(agreement)


@router.post(
    "/agreements/{agreement_id}/acknowledge",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="The unit's head acknowledges the agreement (once per version)",
    description="409 `already_acknowledged`; 400 `not_head`: only the unit's head may.",
)
def acknowledge_agreement(request, agreement_id: Id):
    agreement = _agreement(request, agreement_id, "standards.acknowledge_agreement")
    return actions.acknowledge_agreement(agreement, actor=request.user)


class AgreementChangeIn(Schema):
    targets: str = Field("", max_length=5000)
    refresh_items: bool = Field(
        False, description="Draw the duties again from the unit's current assignments."
    )


class AgreementAmendIn(AgreementChangeIn):
    reason: str = Field(..., max_length=2000, description="Why the signed agreement changes.")


@router.patch(
    "/agreements/{agreement_id}",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Change the targets (and refresh the duties) of an agreement not yet signed",
    description="409 `agreement_signed`: a signed agreement changes only by an amendment.",
)
def update_agreement(request, agreement_id: Id, payload: AgreementChangeIn):
    agreement = _agreement(request, agreement_id, "standards.manage_agreement")
    actions.update_agreement(
        agreement,
        targets=payload.targets,
        refresh_items=payload.refresh_items,
        actor=request.user,
    )
    return _agreement_out(agreement)


@router.post(
    "/agreements/{agreement_id}/amend",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Amend a signed agreement: a new version, sent again for acknowledgement",
    description="The duties carry over unless `refresh_items`. 400 `reason_required` without "
    "a reason; 409 `not_signed` when the agreement is not signed yet (change it with PATCH).",
)
def amend_agreement(request, agreement_id: Id, payload: AgreementAmendIn):
    agreement = _agreement(request, agreement_id, "standards.manage_agreement")
    actions.amend_agreement(
        agreement,
        targets=payload.targets,
        reason=payload.reason,
        refresh_items=payload.refresh_items,
        actor=request.user,
    )
    return _agreement_out(agreement)
