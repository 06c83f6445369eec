"""Organizations and divisions over the API, readable and writable according to permissions."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from wenming.core.api import COMMON_ERRORS, errors
from wenming.core.permissions import has_perm
from wenming.organizations import actions
from wenming.organizations.choices import DivisionLevel, OrganizationKind
from wenming.organizations.models import Division, Organization

router = Router(tags=["organizations"])


class DivisionOut(Schema):
    code: str
    name: str
    level: DivisionLevel
    parent_code: str | None = Field(None, alias="parent.code")
    is_generated: bool


class DivisionIn(Schema):
    code: str = Field(..., min_length=6, max_length=12)
    name: str = Field(..., min_length=1, max_length=100)
    level: DivisionLevel
    parent_code: str | None = None


class OrganizationOut(Schema):
    id: int
    public_id: str
    name: str
    short_name: str
    kind: OrganizationKind
    parent_id: int | None
    credit_code: str | None
    division_code: str | None = None
    is_active: bool
    depth: int

    @staticmethod
    def resolve_public_id(obj) -> str:
        public_id = obj["public_id"] if isinstance(obj, dict) else obj.public_id
        return str(public_id)

    @staticmethod
    def resolve_division_code(obj) -> str | None:
        if isinstance(obj, dict):
            return obj.get("division_code")
        return obj.division.code if obj.division_id else None


LIST_FIELDS = (
    "id",
    "public_id",
    "name",
    "short_name",
    "kind",
    "parent_id",
    "credit_code",
    "is_active",
    "depth",
)


class OrganizationIn(Schema):
    name: str = Field(..., min_length=1, max_length=150)
    short_name: str = Field("", max_length=50)
    kind: OrganizationKind
    parent_id: int | None = None
    credit_code: str | None = None
    division_code: str | None = None
    address: str = Field("", max_length=200)
    is_active: bool = True


class OrganizationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=150)
    short_name: str | None = Field(None, max_length=50)
    kind: OrganizationKind | None = None
    parent_id: int | None = None
    credit_code: str | None = None
    division_code: str | None = None
    address: str | None = Field(None, max_length=200)
    is_active: bool | None = None


class OrganizationFilter(Schema):
    kind: OrganizationKind | None = None
    parent_id: int | None = None
    search: str | None = Field(None, max_length=100)


def _division(code: str | None):
    if not code:
        return None
    return get_object_or_404(Division, code=code)


def _parent(request, parent_id: int | None, action: str):
    if parent_id is None:
        return None
    parent = get_object_or_404(
        Organization.objects.restrict(request.user, "organizations.view_organization"), pk=parent_id
    )
    if not has_perm(request.user, action, parent):
        raise PermissionDenied
    return parent


@router.get(
    "/divisions", response={200: list[DivisionOut], **COMMON_ERRORS}, summary="List divisions"
)
@paginate(LimitOffsetPagination)
def list_divisions(request, level: DivisionLevel | None = None, parent_code: str | None = None):
    queryset = Division.objects.restrict(
        request.user, "organizations.view_division"
    ).select_related("parent")
    if level:
        queryset = queryset.filter(level=level)
    if parent_code:
        queryset = queryset.filter(parent__code=parent_code)
    return queryset.order_by("code")


@router.get(
    "/divisions/{code}", response={200: DivisionOut, **COMMON_ERRORS}, summary="One division"
)
def get_division(request, code: str):
    return get_object_or_404(
        Division.objects.restrict(request.user, "organizations.view_division").select_related(
            "parent"
        ),
        code=code,
    )


@router.post(
    "/divisions",
    response={201: DivisionOut, **COMMON_ERRORS, **errors(409)},
    summary="Add a division",
)
def create_division(request, payload: DivisionIn):
    if not has_perm(request.user, "organizations.change_division", Division):
        raise PermissionDenied
    data = payload.dict()
    data["parent"] = _division(data.pop("parent_code"))
    division = actions.save_division(
        jurisdiction=request.jurisdiction, data=data, actor=request.user
    )
    return 201, division


@router.get(
    "/organizations",
    response={200: list[OrganizationOut], **COMMON_ERRORS},
    summary="List organizations",
)
@paginate(LimitOffsetPagination)
def list_organizations(request, filters: Query[OrganizationFilter]):
    queryset = Organization.objects.restrict(request.user, "organizations.view_organization")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.parent_id is not None:
        queryset = queryset.filter(parent_id=filters.parent_id)
    if filters.search:
        queryset = queryset.filter(name__icontains=filters.search)
    # Plain rows, not model instances: the list is read often (dashboards, scripts).
    return queryset.order_by("path").values(*LIST_FIELDS, division_code=F("division__code"))


@router.get(
    "/organizations/{organization_id}",
    response={200: OrganizationOut, **COMMON_ERRORS},
    summary="One organization",
)
def get_organization(request, organization_id: int):
    return get_object_or_404(
        Organization.objects.restrict(
            request.user, "organizations.view_organization"
        ).select_related("division"),
        pk=organization_id,
    )


@router.post(
    "/organizations",
    response={201: OrganizationOut, **COMMON_ERRORS, **errors(409)},
    summary="Add an organization",
)
def create_organization(request, payload: OrganizationIn):
    if not has_perm(request.user, "organizations.add_organization"):
        raise PermissionDenied
    data = payload.dict()
    data["parent"] = _parent(request, data.pop("parent_id"), "organizations.add_organization")
    data["division"] = _division(data.pop("division_code"))
    organization = actions.save_organization(
        jurisdiction=request.jurisdiction, data=data, actor=request.user
    )
    return 201, organization


@router.patch(
    "/organizations/{organization_id}",
    response={200: OrganizationOut, **COMMON_ERRORS, **errors(409)},
    summary="Change an organization",
)
def update_organization(request, organization_id: int, payload: OrganizationPatch):
    organization = get_object_or_404(
        Organization.objects.restrict(request.user, "organizations.view_organization"),
        pk=organization_id,
    )
    if not has_perm(request.user, "organizations.change_organization", organization):
        raise PermissionDenied
    data = payload.dict(exclude_unset=True)
    if "parent_id" in data:
        data["parent"] = _parent(
            request, data.pop("parent_id"), "organizations.change_organization"
        )
    if "division_code" in data:
        data["division"] = _division(data.pop("division_code"))
    return actions.save_organization(
        jurisdiction=organization.jurisdiction, data=data, instance=organization, actor=request.user
    )
