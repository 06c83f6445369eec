"""Assessment schemes, runs, rankings, results and appeals over the API.

A unit sees its own result and, once a run is published, the ranking; the office sees every
run and result. Registered on the assessments router (see `api.py`)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from wenming.assessments import actions
from wenming.assessments.api import router
from wenming.assessments.choices import (
    AdjustmentKind,
    AppealStatus,
    GroupKind,
    Normalisation,
    PeriodKind,
    RunStatus,
)
from wenming.assessments.models import Adjustment, Appeal, Result, Run, Scheme
from wenming.assessments.queries import schemes as scheme_queries
from wenming.assessments.queries.sources import SOURCES
from wenming.assessments.uploads import evidence_file
from wenming.core.api import COMMON_ERRORS, WRITE_ERRORS, Id, Pagination
from wenming.core.permissions import has_perm
from wenming.organizations.models import Organization, UnitGroup


class ComponentIn(Schema):
    source: str = Field(..., max_length=40, description="A key of GET /assessment-sources")
    weight: Decimal = Field(..., gt=0, le=100, max_digits=5, decimal_places=2)
    normalisation: Normalisation
    threshold: Decimal | None = Field(None, max_digits=10, decimal_places=2)
    minimum_cases: int | None = Field(None, ge=0, le=1_000_000)


class ComponentOut(Schema):
    source: str
    label: str
    formula: str
    origin: str
    weight: Decimal
    normalisation: Normalisation
    threshold: Decimal | None
    minimum_cases: int | None

    @staticmethod
    def resolve_label(obj) -> str:
        return str(SOURCES[obj.source].label) if obj.source in SOURCES else obj.source

    @staticmethod
    def resolve_formula(obj) -> str:
        return str(SOURCES[obj.source].formula) if obj.source in SOURCES else ""

    @staticmethod
    def resolve_origin(obj) -> str:
        return str(SOURCES[obj.source].origin) if obj.source in SOURCES else ""


class SchemeIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    period_kind: PeriodKind
    group_kind: GroupKind
    unit_group_id: Id | None = None
    valid_from: datetime.date
    valid_until: datetime.date | None = None
    red_flags: int = Field(3, ge=0, le=100)
    black_flags: int = Field(3, ge=0, le=100)
    minimum_cases: int | None = Field(None, ge=0, le=1_000_000)
    objection_days: int = Field(5, ge=0, le=90)
    accountability_threshold: Decimal | None = Field(
        None, ge=0, le=1000, max_digits=6, decimal_places=2
    )
    components: list[ComponentIn] = Field(..., max_length=30)


class SchemeOut(Schema):
    id: int
    name: str
    period_kind: PeriodKind
    group_kind: GroupKind
    unit_group_id: int | None
    valid_from: datetime.date
    valid_until: datetime.date | None
    red_flags: int
    black_flags: int
    minimum_cases: int | None
    objection_days: int
    components: list[ComponentOut]

    @staticmethod
    def resolve_components(obj) -> list:
        return list(obj.components.all())


class SourceOut(Schema):
    key: str
    label: str
    formula: str
    origin: str
    higher_is_better: bool


class RunIn(Schema):
    period_start: datetime.date = Field(..., description="Any day of the period to compute")


class RunOut(Schema):
    id: int
    scheme_id: int
    period_start: datetime.date
    period_end: datetime.date
    version: int
    status: RunStatus
    supersedes_id: int | None
    objection_until: datetime.date | None


class RankingRow(Schema):
    unit_id: int = Field(..., alias="organization_id")
    unit_name: str = Field(..., alias="organization.name")
    total: Decimal | None
    rank: int | None
    flag: str
    not_ranked: bool

    @staticmethod
    def resolve_not_ranked(obj) -> bool:
        return bool(obj.unranked_reason)


class ResultComponentOut(Schema):
    source: str
    label: str
    formula: str
    numerator: str
    denominator: str
    cases: int
    value: str | None
    points: str | None
    weighted: str | None
    weight: str | None
    normalisation: str | None
    minimum_cases: int | None
    records_url: str


class ResultOut(RankingRow):
    run_id: int
    components: list[ResultComponentOut]
    adjustments: list[dict]

    @staticmethod
    def resolve_components(obj) -> list:
        return scheme_queries.explanation(obj)


class DiffRow(Schema):
    unit_id: int = Field(..., alias="organization_id")
    unit_name: str = Field(..., alias="name")
    total: tuple[Decimal | None, Decimal | None] | None = None
    rank: tuple[int | None, int | None] | None = None
    flag: tuple[str, str] | None = None


class AdjustmentIn(Schema):
    unit_id: Id
    kind: AdjustmentKind
    points: Decimal = Field(..., gt=0, le=100, max_digits=6, decimal_places=2)
    occurred_on: datetime.date
    reason: str = Field(..., min_length=1, max_length=300)


class AdjustmentOut(Schema):
    id: int
    unit_id: int = Field(..., alias="organization_id")
    kind: AdjustmentKind
    points: Decimal
    occurred_on: datetime.date
    reason: str


class AppealOut(Schema):
    id: int
    run_id: int
    unit_id: int = Field(..., alias="organization_id")
    component: str
    adjustment_id: int | None
    reason: str
    status: AppealStatus
    decision_reason: str
    has_evidence: bool

    @staticmethod
    def resolve_has_evidence(obj) -> bool:
        return bool(obj.evidence)


class AppealDecisionIn(Schema):
    accept: bool
    reason: str = Field(..., min_length=1, max_length=2000)


@router.get(
    "/assessment-sources",
    response={200: list[SourceOut], **COMMON_ERRORS},
    summary="The data sources a scheme's components can draw from",
)
def list_sources(request):
    if not has_perm(request.user, "assessments.view_scheme"):
        raise PermissionDenied
    return [
        {
            "key": key,
            "label": str(source.label),
            "formula": str(source.formula),
            "origin": str(source.origin),
            "higher_is_better": source.higher_is_better,
        }
        for key, source in SOURCES.items()
    ]


@router.get(
    "/assessment-schemes",
    response={200: list[SchemeOut], **COMMON_ERRORS},
    summary="List assessment schemes",
)
@paginate(Pagination)
def list_schemes(request):
    return Scheme.objects.restrict(request.user, "assessments.view_scheme").prefetch_related(
        "components"
    )


@router.get(
    "/assessment-schemes/{scheme_id}",
    response={200: SchemeOut, **COMMON_ERRORS},
    summary="One assessment scheme with its components",
)
def get_scheme(request, scheme_id: Id):
    return get_object_or_404(
        Scheme.objects.restrict(request.user, "assessments.view_scheme"), pk=scheme_id
    )


@router.post(
    "/assessment-schemes",
    response={201: SchemeOut, **WRITE_ERRORS},
    summary="Define an assessment scheme",
    description="422 `weights_not_100`, `no_data_source`, `no_threshold`, `unit_group_required`; "
    "409 `overlapping_scheme` when a scheme for the same units and period kind overlaps.",
)
def create_scheme(request, payload: SchemeIn):
    if not has_perm(request.user, "assessments.manage_scheme", Scheme):
        raise PermissionDenied
    data = payload.dict()
    components = data.pop("components")
    group_id = data.pop("unit_group_id")
    data["unit_group"] = get_object_or_404(UnitGroup, pk=group_id) if group_id else None
    scheme = actions.create_scheme(
        jurisdiction=request.jurisdiction, data=data, components=components, actor=request.user
    )
    return Status(201, scheme)


@router.post(
    "/assessment-schemes/{scheme_id}/runs",
    response={201: RunOut, **WRITE_ERRORS},
    summary="Compute the scheme for a period (a new version when the period has a run)",
    description="409 `run_final` for a final period, `appeal_open` while an appeal is open.",
)
def compute_run(request, scheme_id: Id, payload: RunIn):
    scheme = get_object_or_404(
        Scheme.objects.restrict(request.user, "assessments.view_scheme"), pk=scheme_id
    )
    if not has_perm(request.user, "assessments.manage_run", scheme):
        raise PermissionDenied
    run = actions.compute_run(scheme=scheme, period_start=payload.period_start, actor=request.user)
    return Status(201, run)


def _runs(request):
    """Every run for who may manage runs; otherwise the published and final ones."""
    runs = Run.objects.restrict(request.user, "assessments.view_run")
    if not has_perm(request.user, "assessments.manage_run", Run):
        runs = runs.filter(status__in=[RunStatus.PUBLISHED, RunStatus.FINAL])
    return runs


@router.get(
    "/assessment-runs",
    response={200: list[RunOut], **COMMON_ERRORS},
    summary="List assessment runs (published and final ones for units)",
)
@paginate(Pagination)
def list_runs(request):
    return _runs(request).order_by("-period_start", "-version")


@router.get(
    "/assessment-runs/{run_id}",
    response={200: RunOut, **COMMON_ERRORS},
    summary="One assessment run",
)
def get_run(request, run_id: Id):
    return get_object_or_404(_runs(request), pk=run_id)


@router.get(
    "/assessment-runs/{run_id}/ranking",
    response={200: list[RankingRow], **COMMON_ERRORS},
    summary="A run's ranking with flags (units: once published)",
)
@paginate(Pagination)
def run_ranking(request, run_id: Id):
    run = get_object_or_404(_runs(request), pk=run_id)
    return scheme_queries.ranking(run)


@router.get(
    "/assessment-runs/{run_id}/diff",
    response={200: list[DiffRow], **COMMON_ERRORS},
    summary="What changed for each unit against the version this run supersedes",
)
@paginate(Pagination)
def run_diff(request, run_id: Id):
    run = get_object_or_404(_runs(request), pk=run_id)
    return scheme_queries.diff(run)


@router.get(
    "/assessment-runs/{run_id}/results/{unit_id}",
    response={200: ResultOut, **COMMON_ERRORS},
    summary="How each point of a unit's result came about (a unit: its own only)",
)
def get_result(request, run_id: Id, unit_id: Id):
    results = Result.objects.restrict(request.user, "assessments.view_run").select_related(
        "run", "organization"
    )
    return get_object_or_404(results, run_id=run_id, organization_id=unit_id)


def _manage_run(request, run_id: int) -> Run:
    run = get_object_or_404(Run.objects.restrict(request.user, "assessments.view_run"), pk=run_id)
    if not has_perm(request.user, "assessments.manage_run", run):
        raise PermissionDenied
    return run


@router.post(
    "/assessment-runs/{run_id}/publish",
    response={200: RunOut, **WRITE_ERRORS},
    summary="Publish a computed run as a public notice (公示) with its objection period",
)
def publish_run(request, run_id: Id):
    return actions.publish_run(run=_manage_run(request, run_id), actor=request.user)


@router.post(
    "/assessment-runs/{run_id}/finalise",
    response={200: RunOut, **WRITE_ERRORS},
    summary="Make a published run final",
    description="409 `appeal_open` while an appeal is open.",
)
def finalise_run(request, run_id: Id):
    return actions.finalise_run(run=_manage_run(request, run_id), actor=request.user)


@router.post(
    "/assessment-adjustments",
    response={201: AdjustmentOut, **WRITE_ERRORS},
    summary="Enter a bonus or deduction for a unit",
)
def create_adjustment(request, payload: AdjustmentIn):
    unit = get_object_or_404(Organization, pk=payload.unit_id)
    if not has_perm(request.user, "assessments.manage_scheme", unit):
        raise PermissionDenied
    data = payload.dict()
    data.pop("unit_id")
    return Status(201, actions.add_adjustment(organization=unit, data=data, actor=request.user))


@router.get(
    "/assessment-adjustments",
    response={200: list[AdjustmentOut], **COMMON_ERRORS},
    summary="List bonuses and deductions (a unit: its own)",
)
@paginate(Pagination)
def list_adjustments(request):
    return Adjustment.objects.restrict(request.user, "assessments.view_run")


@router.post(
    "/assessment-runs/{run_id}/appeals",
    response={201: AppealOut, **WRITE_ERRORS},
    summary="Appeal against a component or a deduction (multipart, optional evidence file)",
    description="409 `appeal_deadline_passed` after the objection period, `run_not_published` "
    "before publication.",
)
def lodge_appeal(
    request,
    run_id: Id,
    unit_id: Form[Id],
    reason: str = Form(..., min_length=1, max_length=5000),
    component: str = Form("", max_length=40),
    adjustment_id: Form[Id | None] = None,
    evidence: File[UploadedFile | None] = None,
):
    run = get_object_or_404(_runs(request), pk=run_id)
    unit = get_object_or_404(Organization, pk=unit_id)
    if not has_perm(request.user, "assessments.lodge_appeal", unit):
        raise PermissionDenied
    adjustment = get_object_or_404(Adjustment, pk=adjustment_id) if adjustment_id else None
    appeal = actions.lodge_appeal(
        run=run,
        organization=unit,
        data={
            "reason": reason,
            "component": component,
            "adjustment": adjustment,
            "evidence": evidence_file(evidence),
        },
        actor=request.user,
    )
    return Status(201, appeal)


@router.get(
    "/assessment-appeals",
    response={200: list[AppealOut], **COMMON_ERRORS},
    summary="List appeals (a unit: its own)",
)
@paginate(Pagination)
def list_appeals(request):
    return Appeal.objects.restrict(request.user, "assessments.view_run")


@router.post(
    "/assessment-appeals/{appeal_id}/decision",
    response={200: AppealOut, **WRITE_ERRORS},
    summary="Accept (the run is computed again) or reject an appeal, with the reason",
)
def decide_appeal(request, appeal_id: Id, payload: AppealDecisionIn):
    appeal = get_object_or_404(
        Appeal.objects.restrict(request.user, "assessments.view_run"), pk=appeal_id
    )
    if not has_perm(request.user, "assessments.decide_appeal", appeal):
        raise PermissionDenied
    return actions.decide_appeal(
        appeal=appeal, accept=payload.accept, reason=payload.reason, actor=request.user
    )
