"""Sites and road segments over the API.

The paths keep the `/inspections/` prefix they had before places became their own app: API
clients already use them, and a path says what a client asks for, not which app answers.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from wenming.core.api import COMMON_ERRORS, WRITE_ERRORS, Id, Pagination, given_fields
from wenming.core.permissions import has_perm
from wenming.organizations.models import Division, Organization, Person
from wenming.places import actions
from wenming.places.choices import CoordinateSystem, SiteType
from wenming.places.models import RoadSegment, Site

router = Router(tags=["places"])


class SiteOut(Schema):
    id: int
    public_id: str
    code: str
    name: str
    site_type: SiteType
    township_code: str | None = Field(None, alias="division.code")
    township_name: str | None = Field(None, alias="division.name")
    address: str
    latitude: Decimal | None = Field(None, description="WGS-84")
    longitude: Decimal | None = Field(None, description="WGS-84")
    patron_unit_id: int
    patron_unit_name: str = Field(..., alias="patron_unit.name")
    patron_leader_id: int | None
    is_active: bool

    @staticmethod
    def resolve_public_id(obj) -> str:
        return str(obj.public_id)


class SiteIn(Schema):
    code: str = Field(..., min_length=1, max_length=30)
    name: str = Field(..., min_length=1, max_length=150)
    site_type: SiteType
    township_code: str | None = None
    address: str = Field("", max_length=200)
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    coordinate_system: CoordinateSystem = CoordinateSystem.WGS84
    patron_unit_id: Id
    patron_leader_id: Id | None = None
    is_active: bool = True


class SitePatch(Schema):
    """Fields left out stay as they are; a location is given as both coordinates together."""

    code: str | None = Field(None, min_length=1, max_length=30)
    name: str | None = Field(None, min_length=1, max_length=150)
    site_type: SiteType | None = None
    township_code: str | None = Field(None, max_length=12)
    address: str | None = Field(None, max_length=200)
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    coordinate_system: CoordinateSystem | None = None
    patron_unit_id: Id | None = None
    patron_leader_id: Id | None = None
    is_active: bool | None = None


#: The site fields a null clears (the township, the location, the leader).
SITE_NULLABLE = {"township_code", "latitude", "longitude", "patron_leader_id"}


class SiteFilter(Schema):
    site_type: SiteType | None = None
    township_code: str | None = Field(None, max_length=12)
    patron_unit_id: Id | None = None
    search: str | None = Field(None, max_length=100)


class RoadSegmentOut(Schema):
    id: int
    public_id: str
    code: str
    name: str
    road_name: str
    start_point: str
    end_point: str
    length_m: int | None
    is_main_road: bool
    path: list = Field(default_factory=list, description="WGS-84 [[lat, lng], …]")
    patron_unit_id: int
    patron_unit_name: str = Field(..., alias="patron_unit.name")
    patron_leader_id: int | None
    patron_leader_name: str | None = Field(None, alias="patron_leader.name")

    @staticmethod
    def resolve_public_id(obj) -> str:
        return str(obj.public_id)


class RoadSegmentIn(Schema):
    code: str = Field(..., min_length=1, max_length=30)
    name: str = Field(..., min_length=1, max_length=150)
    road_name: str = Field(..., min_length=1, max_length=100)
    start_point: str = Field("", max_length=100)
    end_point: str = Field("", max_length=100)
    length_m: int | None = Field(None, ge=0, le=2_147_483_647)
    is_main_road: bool = False
    patron_unit_id: Id
    patron_leader_id: Id | None = None
    is_active: bool = True


class RoadSegmentPatch(Schema):
    """Fields left out stay as they are; a null clears only the length and the leader."""

    code: str | None = Field(None, min_length=1, max_length=30)
    name: str | None = Field(None, min_length=1, max_length=150)
    road_name: str | None = Field(None, min_length=1, max_length=100)
    start_point: str | None = Field(None, max_length=100)
    end_point: str | None = Field(None, max_length=100)
    length_m: int | None = Field(None, ge=0, le=2_147_483_647)
    is_main_road: bool | None = None
    patron_unit_id: Id | None = None
    patron_leader_id: Id | None = None
    is_active: bool | None = None


#: The fields a null clears; a null anywhere else leaves the field as it is.
ROAD_SEGMENT_NULLABLE = {"length_m", "patron_leader_id"}


def _road_segments(request):
    return RoadSegment.objects.restrict(request.user, "places.view_roadsegment").select_related(
        "patron_unit", "patron_leader"
    )


def _patron(request, data: dict, permission: str) -> dict:
    """The patron unit and leader named by id; a unit outside the caller's grant is a 403."""
    if "patron_unit_id" in data:
        data["patron_unit"] = get_object_or_404(Organization, pk=data.pop("patron_unit_id"))
        if not has_perm(request.user, permission, data["patron_unit"]):
            raise PermissionDenied
    if "patron_leader_id" in data:
        leader_id = data.pop("patron_leader_id")
        data["patron_leader"] = get_object_or_404(Person, pk=leader_id) if leader_id else None
    return data


def _sites(request):
    return Site.objects.restrict(request.user, "places.view_site").select_related(
        "division", "patron_unit"
    )


@router.get(
    "/inspections/sites",
    response={200: list[SiteOut], **COMMON_ERRORS},
    summary="List sites",
)
@paginate(Pagination)
def list_sites(request, filters: Query[SiteFilter]):
    queryset = _sites(request)
    if filters.site_type:
        queryset = queryset.filter(site_type=filters.site_type)
    if filters.township_code:
        queryset = queryset.filter(division__code=filters.township_code)
    if filters.patron_unit_id:
        queryset = queryset.filter(patron_unit_id=filters.patron_unit_id)
    if filters.search:
        queryset = queryset.filter(
            Q(name__icontains=filters.search) | Q(code__istartswith=filters.search)
        )
    return queryset.order_by("code")


@router.get(
    "/inspections/sites/{site_id}",
    response={200: SiteOut, **COMMON_ERRORS},
    summary="One site",
)
def get_site(request, site_id: Id):
    return get_object_or_404(_sites(request), pk=site_id)


@router.post(
    "/inspections/sites",
    response={201: SiteOut, **WRITE_ERRORS},
    summary="Create a site (a GCJ-02 location is converted to WGS-84)",
)
def create_site(request, payload: SiteIn):
    if not has_perm(request.user, "places.change_site", Site):
        raise PermissionDenied
    data = _patron(request, _township(payload.dict()), "places.change_site")
    site = actions.save_site(jurisdiction=request.jurisdiction, data=data, actor=request.user)
    return Status(201, _sites(request).get(pk=site.pk))


@router.patch(
    "/inspections/sites/{site_id}",
    response={200: SiteOut, **WRITE_ERRORS},
    summary="Change a site (only the fields given; a GCJ-02 location is converted to WGS-84)",
    description="422 `duplicate_code` when the new code is taken; 403 for a patron unit "
    "outside your grant.",
)
def update_site(request, site_id: Id, payload: SitePatch):
    site = get_object_or_404(_sites(request), pk=site_id)
    if not has_perm(request.user, "places.change_site", site):
        raise PermissionDenied
    changes = given_fields(payload, nullable=SITE_NULLABLE)
    data = _patron(request, _township(changes), "places.change_site")
    actions.save_site(jurisdiction=site.jurisdiction, data=data, instance=site, actor=request.user)
    return _sites(request).get(pk=site.pk)


def _township(data: dict) -> dict:
    """The township named by its code (a null or empty code clears it)."""
    if "township_code" in data:
        code = data.pop("township_code")
        data["division"] = (
            get_object_or_404(Division, code=code, level="township") if code else None
        )
    return data


@router.get(
    "/inspections/road-segments",
    response={200: list[RoadSegmentOut], **COMMON_ERRORS},
    summary="List road segments",
)
@paginate(Pagination)
def list_road_segments(request, patron_unit_id: Id | None = None):
    queryset = _road_segments(request)
    if patron_unit_id:
        queryset = queryset.filter(patron_unit_id=patron_unit_id)
    return queryset.order_by("code")


@router.get(
    "/inspections/road-segments/{road_segment_id}",
    response={200: RoadSegmentOut, **COMMON_ERRORS},
    summary="One road segment",
)
def get_road_segment(request, road_segment_id: Id):
    return get_object_or_404(_road_segments(request), pk=road_segment_id)


@router.post(
    "/inspections/road-segments",
    response={201: RoadSegmentOut, **WRITE_ERRORS},
    summary="Create a road segment",
    description="422 `duplicate_code` when the code is taken; 403 for a patron unit outside "
    "your grant.",
)
def create_road_segment(request, payload: RoadSegmentIn):
    if not has_perm(request.user, "places.change_roadsegment", RoadSegment):
        raise PermissionDenied
    data = _patron(request, payload.dict(), "places.change_roadsegment")
    road = actions.save_road_segment(
        jurisdiction=request.jurisdiction, data=data, actor=request.user
    )
    return Status(201, _road_segments(request).get(pk=road.pk))


@router.patch(
    "/inspections/road-segments/{road_segment_id}",
    response={200: RoadSegmentOut, **WRITE_ERRORS},
    summary="Change a road segment (only the fields given)",
    description="422 `duplicate_code` when the new code is taken; 403 for a patron unit "
    "outside your grant.",
)
def update_road_segment(request, road_segment_id: Id, payload: RoadSegmentPatch):
    road = get_object_or_404(_road_segments(request), pk=road_segment_id)
    if not has_perm(request.user, "places.change_roadsegment", road):
        raise PermissionDenied
    changes = given_fields(payload, nullable=ROAD_SEGMENT_NULLABLE)
    data = _patron(request, changes, "places.change_roadsegment")
    actions.save_road_segment(
        jurisdiction=road.jurisdiction, data=data, instance=road, actor=request.user
    )
    return _road_segments(request).get(pk=road.pk)
