"""Volunteer API: teams (create, change, add members) and certificates of service records
(issue, read, revoke). Registered on the volunteers router (see the end of `api.py`).

A certificate's PDF leaves only through the permission-checked file path (`pdf_url`, the
`certificate` kind of `volunteers/files.py`), for the volunteer it certifies and the issuing
team's staff; the API never hands out a storage URL.
"""

import datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status

from wenming.core.api import COMMON_ERRORS, WRITE_ERRORS, Id
from wenming.core.files import file_url
from wenming.core.permissions import has_perm
from wenming.organizations.models import Organization
from wenming.volunteers import actions
from wenming.volunteers.api import TeamOut, VolunteerReasonIn, _team_out, _visible_volunteer, router
from wenming.volunteers.models import Certificate, Team, TeamMembership

VIEW_TEAM = "volunteers.view_team"
CHANGE_TEAM = "volunteers.change_team"
ISSUE_CERTIFICATE = "volunteers.issue_certificate"


class TeamIn(Schema):
    organization_id: Id
    name: str = Field(..., min_length=1, max_length=100)
    leader_name: str = Field("", max_length=50)
    description: str = Field("", max_length=5000)


class TeamPatch(Schema):
    """Only what is sent changes; moving the team needs the permission over both units."""

    organization_id: Id | None = None
    name: str | None = Field(None, min_length=1, max_length=100)
    leader_name: str | None = Field(None, max_length=50)
    description: str | None = Field(None, max_length=5000)
    is_active: bool | None = None


class MemberIn(Schema):
    volunteer_id: UUID
    is_organizer: bool = False


class MemberOut(Schema):
    team_id: UUID
    volunteer_id: UUID
    is_organizer: bool
    member_count: int


def _team(request, team_id: UUID, permission: str) -> Team:
    """A team the caller sees (else 404) and may act on with `permission` (else 403)."""
    team = get_object_or_404(
        Team.objects.restrict(request.user, VIEW_TEAM).select_related("organization"),
        public_id=team_id,
    )
    if not has_perm(request.user, permission, team):
        raise PermissionDenied
    return team


def _organization(request, organization_id: int) -> Organization:
    """An organization the caller may run teams in; any other is not found."""
    return get_object_or_404(
        Organization.objects.restrict(request.user, CHANGE_TEAM), pk=organization_id
    )


@router.post(
    "/teams",
    response={201: TeamOut, **WRITE_ERRORS},
    summary="Create a team in an organization",
    description="422 `duplicate_team` when the organization has a team of that name already.",
)
def create_team(request, payload: TeamIn):
    if not has_perm(request.user, CHANGE_TEAM, Team):
        raise PermissionDenied
    team = actions.save_team(
        jurisdiction=request.jurisdiction,
        data={
            "organization": _organization(request, payload.organization_id),
            "name": payload.name,
            "leader_name": payload.leader_name.strip(),
            "description": payload.description.strip(),
        },
        actor=request.user,
    )
    return Status(201, _team_out(team))


@router.patch(
    "/teams/{team_id}",
    response={200: TeamOut, **WRITE_ERRORS},
    summary="Change a team: name, leader, description, active, or the organization it belongs to",
    description="422 `name_required`, `duplicate_team`.",
)
def update_team(request, team_id: UUID, payload: TeamPatch):
    team = _team(request, team_id, CHANGE_TEAM)
    data = payload.dict(exclude_unset=True)
    # A name, an organization and the active flag cannot be emptied; texts can.
    for key in ("name", "organization_id", "is_active"):
        if key in data and data[key] is None:
            data.pop(key)
    for key in ("leader_name", "description"):
        if key in data:
            data[key] = (data[key] or "").strip()
    if "organization_id" in data:
        data["organization"] = _organization(request, data.pop("organization_id"))
    team = actions.save_team(
        jurisdiction=request.jurisdiction, data=data, instance=team, actor=request.user
    )
    return _team_out(Team.objects.select_related("organization").get(pk=team.pk))


@router.post(
    "/teams/{team_id}/members",
    response={201: MemberOut, **WRITE_ERRORS},
    summary="Add a volunteer to a team (optionally as an organiser)",
    description="409 `already_member` when the volunteer is in the team already.",
)
def add_team_member(request, team_id: UUID, payload: MemberIn):
    team = _team(request, team_id, CHANGE_TEAM)
    volunteer = _visible_volunteer(request, payload.volunteer_id)
    actions.add_team_member(
        team=team, volunteer=volunteer, is_organizer=payload.is_organizer, actor=request.user
    )
    membership = TeamMembership.objects.select_related("team").get(team=team, volunteer=volunteer)
    return Status(
        201,
        {
            "team_id": team.public_id,
            "volunteer_id": volunteer.public_id,
            "is_organizer": membership.is_organizer,
            "member_count": membership.team.member_count,
        },
    )


class CertificateIn(Schema):
    team_id: UUID = Field(..., description="The team that recorded the hours (谁记录谁证明)")
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None


class CertificateOut(Schema):
    id: UUID
    volunteer_id: UUID
    team_id: UUID
    verification_code: str
    hours: Decimal
    activity_count: int
    period_start: datetime.date | None
    period_end: datetime.date | None
    status: str
    pdf_url: str | None = Field(
        None, description="The PDF behind the login, once rendered (the status is then issued)"
    )
    revoked_at: datetime.datetime | None
    revocation_reason: str


def _certificate_out(certificate: Certificate) -> dict:
    return {
        "id": certificate.public_id,
        "volunteer_id": certificate.volunteer.public_id,
        "team_id": certificate.team.public_id,
        "verification_code": certificate.verification_code,
        "hours": certificate.hours,
        "activity_count": certificate.activity_count,
        "period_start": certificate.period_start,
        "period_end": certificate.period_end,
        "status": certificate.status,
        "pdf_url": file_url(certificate, "certificate") or None,
        "revoked_at": certificate.revoked_at,
        "revocation_reason": certificate.revocation_reason,
    }


def _visible_certificate(request, certificate_id: UUID) -> Certificate:
    return get_object_or_404(
        Certificate.objects.restrict(request.user, ISSUE_CERTIFICATE).select_related(
            "volunteer", "team"
        ),
        public_id=certificate_id,
    )


@router.post(
    "/volunteers/{volunteer_id}/certificates",
    response={201: CertificateOut, **WRITE_ERRORS},
    summary="Issue a certificate of the hours a team recorded (the PDF is made in a job)",
    description=(
        "400 `no_recorded_hours` when the team recorded no hours for the volunteer in the "
        "period; 422 `period_end_before_start`. Fetch the certificate until `pdf_url` is set."
    ),
)
def issue_certificate(request, volunteer_id: UUID, payload: CertificateIn):
    volunteer = _visible_volunteer(request, volunteer_id)
    team = _team(request, payload.team_id, ISSUE_CERTIFICATE)
    certificate = actions.issue_certificate(
        volunteer=volunteer,
        team=team,
        period_start=payload.period_start,
        period_end=payload.period_end,
        actor=request.user,
    )
    return Status(201, _certificate_out(_visible_certificate(request, certificate.public_id)))


@router.get(
    "/certificates/{certificate_id}",
    response={200: CertificateOut, **COMMON_ERRORS},
    summary="One certificate (the volunteer's own, or one the caller's teams issued)",
)
def get_certificate(request, certificate_id: UUID):
    return _certificate_out(_visible_certificate(request, certificate_id))


@router.post(
    "/certificates/{certificate_id}/revoke",
    response={200: CertificateOut, **WRITE_ERRORS},
    summary="Revoke a certificate (the issuing team, with a reason)",
    description="409 `invalid_transition` when it is revoked already; 400 `reason_required`.",
)
def revoke_certificate(request, certificate_id: UUID, payload: VolunteerReasonIn):
    certificate = _visible_certificate(request, certificate_id)
    if not has_perm(request.user, ISSUE_CERTIFICATE, certificate.team):
        raise PermissionDenied
    actions.revoke_certificate(certificate=certificate, reason=payload.reason, actor=request.user)
    return _certificate_out(_visible_certificate(request, certificate_id))
