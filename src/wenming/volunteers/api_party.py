"""Volunteer API: a Party member's report to their community and the posts they claim (双报到),
and the service projects that civilized units' groups claim. Registered on the volunteers
router (see the end of `api.py`).

A Party member acts for themself (`rules.require_self_or`); a project is claimed for a group by
the team keepers of its lead unit or by the office (`rules.may_claim_project`).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from wenming.core.api import COMMON_ERRORS, WRITE_ERRORS, Id, Pagination
from wenming.core.permissions import has_perm
from wenming.organizations.choices import OrganizationKind
from wenming.organizations.models import Organization, UnitGroup
from wenming.volunteers import actions, queries
from wenming.volunteers.api import router
from wenming.volunteers.models import PartyPost, ServiceProject

VIEW_STATION = "volunteers.view_station"


class PartyPostOut(Schema):
    id: int
    title: str
    description: str
    places: int
    places_left: int
    claimed: bool = Field(..., description="The member holds this post")


class PartyRegistrationOut(Schema):
    id: int
    community_id: int
    community_name: str
    employer_id: int
    employer_name: str
    registered_on: datetime.date
    posts: list[PartyPostOut]


class PartyRegistrationIn(Schema):
    community_id: int = Field(..., ge=1, le=2**31 - 1, description="A village or community")
    employer_id: int = Field(..., ge=1, le=2**31 - 1)


class ServiceProjectOut(Schema):
    id: int
    title: str
    description: str
    station_name: str | None
    group_id: int | None
    group_name: str | None
    claimed_at: datetime.datetime | None


class ProjectClaimIn(Schema):
    group_id: int = Field(..., ge=1, le=2**31 - 1)


def _me(request):
    volunteer = queries.volunteer_of(request.user)
    if volunteer is None:
        raise PermissionDenied
    return volunteer


def _registration_out(registration) -> dict:
    return {
        "id": registration.pk,
        "community_id": registration.community_id,
        "community_name": registration.community.name,
        "employer_id": registration.employer_id,
        "employer_name": registration.employer.name,
        "registered_on": registration.registered_on,
        "posts": [
            {
                "id": post.pk,
                "title": post.title,
                "description": post.description,
                "places": post.places,
                "places_left": post.places_left,
                "claimed": post.claimed,
            }
            for post in queries.party_posts(registration)
        ],
    }


@router.get(
    "/volunteers/me/party",
    response={200: PartyRegistrationOut, **COMMON_ERRORS},
    summary="My report to a community as a Party member, with my community's posts",
    description="404 when the member has not reported to a community; 403 without a "
    "volunteer record.",
)
def my_party_registration(request):
    registration = queries.active_party_registration(_me(request))
    if registration is None:
        raise Http404
    return _registration_out(registration)


@router.post(
    "/volunteers/me/party",
    response={201: PartyRegistrationOut, **WRITE_ERRORS},
    summary="Report to the community where I live as a Party member (报到)",
    description="409 `already_registered`. 403 without a volunteer record; 404 for a community "
    "or employer not found.",
)
def register_my_party_membership(request, payload: PartyRegistrationIn):
    volunteer = _me(request)
    community = get_object_or_404(
        Organization,
        pk=payload.community_id,
        kind=OrganizationKind.VILLAGE_COMMITTEE,
        is_active=True,
    )
    employer = get_object_or_404(Organization, pk=payload.employer_id, is_active=True)
    actions.register_party_member(
        volunteer=volunteer, community=community, employer=employer, actor=request.user
    )
    return Status(201, _registration_out(queries.active_party_registration(volunteer)))


@router.post(
    "/volunteers/me/party/posts/{post_id}/claims",
    response={201: PartyRegistrationOut, **WRITE_ERRORS},
    summary="Claim a post of my community (认岗)",
    description="409 `post_full`, `already_claimed`, `registration_ended`; 400 `other_community`"
    ". 404 when the member has not reported to a community or the post is not found.",
)
def claim_party_post(request, post_id: Id):
    registration = queries.active_party_registration(_me(request))
    if registration is None:
        raise Http404
    post = get_object_or_404(PartyPost, pk=post_id)
    actions.claim_post(registration=registration, post=post, actor=request.user)
    return Status(201, _registration_out(registration))


def _project_out(project) -> dict:
    return {
        "id": project.pk,
        "title": project.title,
        "description": project.description,
        "station_name": project.station.name if project.station_id else None,
        "group_id": project.group_id,
        "group_name": project.group.name if project.group_id else None,
        "claimed_at": project.claimed_at,
    }


@router.get(
    "/service-projects",
    response={200: list[ServiceProjectOut], **COMMON_ERRORS},
    summary="Service projects (志愿服务项目) and the group of civilized units that claimed each",
)
@paginate(Pagination)
def list_service_projects(request):
    if not has_view(request.user):
        raise PermissionDenied
    projects = ServiceProject.objects.select_related("station", "group").order_by("title", "id")
    return [_project_out(project) for project in projects]


def has_view(user) -> bool:
    return has_perm(user, VIEW_STATION)


@router.post(
    "/service-projects/{project_id}/claims",
    response={201: ServiceProjectOut, **WRITE_ERRORS},
    summary="Claim a service project for a group of civilized units (认领)",
    description="The lead unit's team keepers (`volunteers.change_team` on the lead unit) or "
    "the office (`volunteers.change_station` across the jurisdiction). 409 `project_claimed`.",
)
def claim_project(request, project_id: Id, payload: ProjectClaimIn):
    if not has_view(request.user):
        raise PermissionDenied
    project = get_object_or_404(ServiceProject, pk=project_id)
    group = get_object_or_404(UnitGroup, pk=payload.group_id)
    project = actions.claim_service_project(project=project, group=group, actor=request.user)
    project = ServiceProject.objects.select_related("station", "group").get(pk=project.pk)
    return Status(201, _project_out(project))
