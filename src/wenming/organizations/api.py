"""Organizations and divisions over the API, readable and writable according to permissions."""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from wenming.core.api import COMMON_ERRORS, WRITE_ERRORS, Id, Pagination, given_fields
from wenming.core.permissions import has_perm
from wenming.organizations import actions
from wenming.organizations.choices import DivisionLevel, OrganizationKind, Position
from wenming.organizations.models import Division, Membership, Organization, Person, Role
from wenming.organizations.queries import visible_people

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
    parent_id: Id | None = None
    credit_code: str | None = None
    division_code: str | None = None
    address: str = Field("", max_length=200)
    is_active: bool = True


class OrganizationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=150)
    short_name: str | None = Field(None, max_length=50)
    kind: OrganizationKind | None = None
    parent_id: Id | None = None
    credit_code: str | None = None
    division_code: str | None = None
    address: str | None = Field(None, max_length=200)
    is_active: bool | None = None


class OrganizationFilter(Schema):
    kind: OrganizationKind | None = None
    parent_id: Id | None = None
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
@paginate(Pagination)
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
    response={201: DivisionOut, **WRITE_ERRORS},
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
    return Status(201, division)


@router.get(
    "/organizations",
    response={200: list[OrganizationOut], **COMMON_ERRORS},
    summary="List organizations",
)
@paginate(Pagination)
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
def get_organization(request, organization_id: Id):
    return get_object_or_404(
        Organization.objects.restrict(
            request.user, "organizations.view_organization"
        ).select_related("division"),
        pk=organization_id,
    )


@router.post(
    "/organizations",
    response={201: OrganizationOut, **WRITE_ERRORS},
    summary="Add an organization",
)
def create_organization(request, payload: OrganizationIn):
    if not has_perm(request.user, "organizations.add_organization", Organization):
        raise PermissionDenied
    data = payload.dict()
    data["parent"] = _parent(request, data.pop("parent_id"), "organizations.add_organization")
    data["division"] = _division(data.pop("division_code"))
    organization = actions.save_organization(
        jurisdiction=request.jurisdiction, data=data, actor=request.user
    )
    return Status(201, organization)


@router.patch(
    "/organizations/{organization_id}",
    response={200: OrganizationOut, **WRITE_ERRORS},
    summary="Change an organization",
)
def update_organization(request, organization_id: Id, payload: OrganizationPatch):
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


# -- People, memberships and roles ----------------------------------------------------------

VIEW_PERSON = "organizations.view_person"
VIEW_ROLE = "organizations.view_role"
RoleScopeName = Literal["own", "subtree", "jurisdiction"]


class MembershipOut(Schema):
    organization_id: int
    organization_name: str = Field(..., alias="organization.name")
    position: Position
    role_ids: list[int]

    @staticmethod
    def resolve_role_ids(membership) -> list[int]:
        return [role.pk for role in membership.roles.all()]


class PersonOut(Schema):
    """A person as every reader sees them: the phone masked, never the full number."""

    id: int
    public_id: str
    name: str
    title: str
    phone_masked: str
    has_account: bool
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_public_id(person) -> str:
        return str(person.public_id)

    @staticmethod
    def resolve_has_account(person) -> bool:
        return person.user_id is not None

    @staticmethod
    def resolve_memberships(person):
        return person.memberships.all()


class PersonIn(Schema):
    name: str = Field(..., min_length=1, max_length=50)
    title: str = Field("", max_length=100)
    phone: str = Field("", max_length=20, description="A mainland mobile number; empty for none.")


class PersonPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=50)
    title: str | None = Field(None, max_length=100)
    phone: str | None = Field(
        None,
        max_length=20,
        description="Left out, the number stays; an empty string removes it.",
    )


class PersonFilter(Schema):
    search: str | None = Field(
        None, max_length=50, description="Part of the name, or the phone's last 4 digits."
    )
    organization_id: Id | None = None


class MembershipIn(Schema):
    position: Position = Position.MEMBER
    role_ids: list[Id] = Field([], max_length=50)


class RoleOut(Schema):
    id: int
    code: str
    name: str
    scope: str
    permissions: list[str]
    description: str


class RoleIn(Schema):
    code: str = Field(..., min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(..., min_length=1, max_length=100)
    scope: RoleScopeName
    permissions: list[str] = Field([], max_length=500)
    description: str = Field("", max_length=2000)


class RolePatch(Schema):
    code: str | None = Field(None, min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str | None = Field(None, min_length=1, max_length=100)
    scope: RoleScopeName | None = None
    permissions: list[str] | None = Field(None, max_length=500)
    description: str | None = Field(None, max_length=2000)


def _person(request, person_id: int) -> Person:
    return get_object_or_404(visible_people(request.user), pk=person_id)


@router.get("/people", response={200: list[PersonOut], **COMMON_ERRORS}, summary="List people")
@paginate(Pagination)
def list_people(request, filters: Query[PersonFilter]):
    queryset = visible_people(request.user)
    if filters.search:
        term = filters.search.strip()
        condition = Q(name__icontains=term)
        if term.isdigit() and len(term) == 4:
            condition |= Q(phone_tail=term)
        queryset = queryset.filter(condition)
    if filters.organization_id is not None:
        queryset = queryset.filter(memberships__organization_id=filters.organization_id)
    return queryset.order_by("name", "id")


@router.get("/people/{person_id}", response={200: PersonOut, **COMMON_ERRORS}, summary="One person")
def get_person(request, person_id: Id):
    return _person(request, person_id)


@router.post(
    "/people",
    response={201: PersonOut, **WRITE_ERRORS},
    summary="Add a person",
    description="The answer shows the phone masked; a phone that does not validate is 422 "
    "with the rule it breaks, never the number.",
)
def create_person(request, payload: PersonIn):
    person = actions.save_person(
        jurisdiction=request.jurisdiction, data=payload.dict(), actor=request.user
    )
    return Status(201, person)


@router.patch(
    "/people/{person_id}",
    response={200: PersonOut, **WRITE_ERRORS},
    summary="Change a person's name, title or phone",
)
def update_person(request, person_id: Id, payload: PersonPatch):
    person = _person(request, person_id)
    actions.save_person(
        jurisdiction=person.jurisdiction,
        data=given_fields(payload),
        instance=person,
        actor=request.user,
    )
    return _person(request, person_id)


@router.put(
    "/people/{person_id}/memberships/{organization_id}",
    response={200: MembershipOut, **WRITE_ERRORS},
    summary="Place a person in an organization, or change their position and roles there",
    description="One membership per person and organization: the body replaces the position "
    "and the roles. Roles are shared by the jurisdiction, so this takes a jurisdiction-wide "
    "`organizations.change_role`.",
)
def put_membership(request, person_id: Id, organization_id: Id, payload: MembershipIn):
    person = _person(request, person_id)
    organization = get_object_or_404(
        Organization.objects.restrict(request.user, "organizations.view_organization"),
        pk=organization_id,
    )
    role_ids = set(payload.role_ids)
    roles = list(Role.objects.filter(pk__in=role_ids))
    if len(roles) != len(role_ids):
        raise Http404
    membership = actions.save_membership(
        person=person,
        organization=organization,
        position=payload.position,
        roles=roles,
        actor=request.user,
    )
    return (
        Membership.objects.select_related("organization")
        .prefetch_related("roles")
        .get(pk=membership.pk)
    )


@router.delete(
    "/people/{person_id}/memberships/{organization_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Take a person out of an organization (their roles there go with it)",
)
def delete_membership(request, person_id: Id, organization_id: Id):
    person = _person(request, person_id)
    membership = get_object_or_404(
        Membership.objects.restrict(request.user, "organizations.view_organization"),
        person=person,
        organization_id=organization_id,
    )
    actions.remove_membership(membership, actor=request.user)
    return Status(204, None)


@router.get("/roles", response={200: list[RoleOut], **COMMON_ERRORS}, summary="List roles")
@paginate(Pagination)
def list_roles(request):
    return Role.objects.restrict(request.user, VIEW_ROLE).order_by("name", "id")


@router.post(
    "/roles",
    response={201: RoleOut, **WRITE_ERRORS},
    summary="Add a role",
    description="Permission names are those of the platform; an unknown one is 422 "
    "`unknown_permission`.",
)
def create_role(request, payload: RoleIn):
    role = actions.save_role(
        jurisdiction=request.jurisdiction, data=payload.dict(), actor=request.user
    )
    return Status(201, role)


@router.patch(
    "/roles/{role_id}",
    response={200: RoleOut, **WRITE_ERRORS},
    summary="Change a role (its permissions reach every member holding it at once)",
)
def update_role(request, role_id: Id, payload: RolePatch):
    role = get_object_or_404(Role.objects.restrict(request.user, VIEW_ROLE), pk=role_id)
    return actions.save_role(
        jurisdiction=role.jurisdiction,
        data=given_fields(payload),
        instance=role,
        actor=request.user,
    )
