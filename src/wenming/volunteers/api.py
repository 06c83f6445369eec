"""The volunteer API: registry, teams, activities, sign-ups, check-in/out, ledgers.

Identifiers in bodies and paths are the public UUIDs. Personal data never leaves unmasked:
`id_number_masked` and `phone_masked` only; the name is masked unless the caller may see the
volunteer's personal data.
"""

import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Header, Router, Schema, Status
from ninja.pagination import paginate

from wenming.core.api import COMMON_ERRORS, MAX_LIMIT, WRITE_ERRORS, Id, Pagination
from wenming.core.permissions import has_perm
from wenming.organizations.models import Division
from wenming.volunteers import actions, queries
from wenming.volunteers.choices import CheckMethod, ScanKind, ScanResult
from wenming.volunteers.models import (
    Activity,
    Attendance,
    PointsEntry,
    ServiceHoursEntry,
    Signup,
    Team,
    Volunteer,
)
from wenming.volunteers.rules import may_check_in

router = Router(tags=["volunteers"])


class VolunteerIn(Schema):
    name: str = Field(..., max_length=100)
    id_number: str = Field(..., max_length=40, description="18-character 公民身份号码")
    phone: str = Field(..., max_length=20, description="11-digit mainland mobile number")
    division_code: str | None = Field(None, max_length=12)
    skills: str = Field("", max_length=200)
    team_id: UUID | None = None


class VolunteerOut(Schema):
    id: UUID
    name: str
    id_number_masked: str
    phone_masked: str
    status: str
    division_code: str | None = None
    skills: str
    sex: str
    star_level: int = 0


class TeamOut(Schema):
    id: UUID
    name: str
    organization_id: int
    organization_name: str
    leader_name: str
    description: str
    member_count: int
    is_active: bool


class ActivityIn(Schema):
    team_id: UUID
    title: str = Field(..., min_length=1, max_length=150)
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    quota: int = Field(..., ge=1, le=100_000)
    place: str = Field("", max_length=200)
    lat: Decimal | None = Field(None, ge=-90, le=90)
    lng: Decimal | None = Field(None, ge=-180, le=180)
    radius_m: int = Field(300, ge=10, le=50_000)
    description: str = Field("", max_length=5000)
    requirements: str = Field("", max_length=2000)
    is_volunteer_day: bool = False


class ActivityOut(Schema):
    id: UUID
    team_id: UUID
    title: str
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    lat: Decimal | None
    lng: Decimal | None
    radius_m: int
    quota: int
    signed_up: int
    waiting: int
    checked_in: int
    checked_out: int


class SignupIn(Schema):
    volunteer_id: UUID


class SignupOut(Schema):
    id: int
    status: str


class ScanIn(Schema):
    volunteer_id: UUID | None = None
    code: str | None = Field(None, max_length=300)
    lat: Decimal | None = Field(None, ge=-90, le=90)
    lng: Decimal | None = Field(None, ge=-180, le=180)
    idempotency_key: str | None = Field(None, max_length=100)


class ScanOut(Schema):
    result: ScanResult
    ok: bool
    message: str
    replayed: bool
    checked_in_at: datetime.datetime | None = None
    checked_out_at: datetime.datetime | None = None
    hours: Decimal | None = None
    distance_m: int | None = None


class LedgerEntryOut(Schema):
    id: int
    kind: str
    date: datetime.date
    amount: Decimal
    reason: str
    note: str
    reference: str = ""


class LedgerOut(Schema):
    volunteer_id: UUID
    total_hours: Decimal
    points_balance: int
    points_earned: int
    star_level: int
    activity_count: int
    entries: list[LedgerEntryOut]


def _volunteer_out(request, volunteer: Volunteer, *, full_name: bool | None = None) -> dict:
    balance = getattr(volunteer, "balance", None)
    if full_name is None:
        full_name = queries.may_see_personal_data(request.user, volunteer)
    return {
        "id": volunteer.public_id,
        "name": volunteer.name if full_name else volunteer.name_masked,
        "id_number_masked": volunteer.id_number_mask,
        "phone_masked": volunteer.phone_mask,
        "status": volunteer.status,
        "division_code": volunteer.division.code if volunteer.division_id else None,
        "skills": volunteer.skills,
        "sex": volunteer.sex,
        "star_level": balance.star_level if balance else 0,
    }


def _activity_out(activity: Activity) -> dict:
    return {
        "id": activity.public_id,
        "team_id": activity.team.public_id,
        "title": activity.title,
        "status": activity.status,
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "place": activity.place,
        "lat": activity.latitude,
        "lng": activity.longitude,
        "radius_m": activity.radius_m,
        "quota": activity.quota,
        "signed_up": activity.signed_up_count,
        "waiting": activity.waiting_count,
        "checked_in": activity.checked_in_count,
        "checked_out": activity.checked_out_count,
    }


def _visible_volunteer(request, volunteer_id: UUID) -> Volunteer:
    return get_object_or_404(
        Volunteer.objects.restrict(request.user, "volunteers.view_volunteer").select_related(
            "division", "balance"
        ),
        public_id=volunteer_id,
    )


def _visible_activity(request, activity_id: UUID) -> Activity:
    return get_object_or_404(
        queries.visible_activity(request.user).select_related("team"), public_id=activity_id
    )


@router.post(
    "/volunteers",
    response={201: VolunteerOut, **WRITE_ERRORS},
    summary="Register a volunteer",
    description=(
        "422 `invalid_id_number` says what is wrong with the ID number (check character, birth "
        "date, length, or Excel turned it into a number); 422 `invalid_phone`; 409 "
        "`duplicate_volunteer` when the ID number is registered already."
    ),
)
def create_volunteer(request, payload: VolunteerIn):
    if not has_perm(request.user, "volunteers.add_volunteer", Volunteer):
        raise PermissionDenied
    team = None
    if payload.team_id:
        team = get_object_or_404(
            Team.objects.restrict(request.user, "volunteers.view_team"), public_id=payload.team_id
        )
        if not has_perm(request.user, "volunteers.change_team", team):
            raise PermissionDenied
    division = None
    if payload.division_code:
        division = get_object_or_404(Division, code=payload.division_code)
    volunteer = actions.register_volunteer(
        jurisdiction=request.jurisdiction,
        name=payload.name,
        id_number=payload.id_number,
        phone=payload.phone,
        division=division,
        team=team,
        skills=payload.skills,
        actor=request.user,
    )
    volunteer = Volunteer.objects.select_related("division", "balance").get(pk=volunteer.pk)
    return Status(201, _volunteer_out(request, volunteer))


@router.get(
    "/volunteers",
    response={200: list[VolunteerOut], **COMMON_ERRORS},
    summary="Search volunteers (name, phone tail, exact ID number)",
)
@paginate(Pagination)
def list_volunteers(request, search: str | None = None, status: str | None = None):
    queryset = Volunteer.objects.restrict(request.user, "volunteers.view_volunteer")
    queryset = queries.search_volunteers(queryset, (search or "")[:40])
    if status:
        queryset = queryset.filter(status=status)
    return _VolunteerPage(request, queryset.select_related("division", "balance").order_by("-id"))


class _VolunteerPage:
    """A lazily sliced queryset whose rows become dicts (the name depends on permissions)."""

    def __init__(self, request, queryset):
        self.request, self.queryset = request, queryset

    def __len__(self):
        return self.queryset.count()

    def count(self):
        return self.queryset.count()

    def __getitem__(self, item):
        volunteers = list(self.queryset[item])
        entitled = set(
            Volunteer.objects.restrict(self.request.user, "volunteers.view_personal_data")
            .filter(pk__in=[v.pk for v in volunteers])
            .values_list("pk", flat=True)
        )
        return [_volunteer_out(self.request, v, full_name=v.pk in entitled) for v in volunteers]


@router.get(
    "/volunteers/{volunteer_id}",
    response={200: VolunteerOut, **COMMON_ERRORS},
    summary="One volunteer",
)
def get_volunteer(request, volunteer_id: UUID):
    return _volunteer_out(request, _visible_volunteer(request, volunteer_id))


class VolunteerReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


def _decide(request, volunteer_id: UUID, decide, **arguments) -> dict:
    """Approve, reject or suspend: the same permission and action as the registry page."""
    volunteer = _visible_volunteer(request, volunteer_id)
    if not has_perm(request.user, "volunteers.approve_volunteer", volunteer):
        raise PermissionDenied
    decide(volunteer=volunteer, actor=request.user, **arguments)
    volunteer = Volunteer.objects.select_related("division", "balance").get(pk=volunteer.pk)
    return _volunteer_out(request, volunteer)


@router.post(
    "/volunteers/{volunteer_id}/approve",
    response={200: VolunteerOut, **WRITE_ERRORS},
    summary="Approve a pending volunteer",
    description="409 `invalid_transition` when the volunteer's status does not allow it.",
)
def approve_volunteer(request, volunteer_id: UUID):
    return _decide(request, volunteer_id, actions.approve_volunteer)


@router.post(
    "/volunteers/{volunteer_id}/reject",
    response={200: VolunteerOut, **WRITE_ERRORS},
    summary="Reject a pending volunteer (with a reason)",
    description="409 `invalid_transition` when the volunteer's status does not allow it.",
)
def reject_volunteer(request, volunteer_id: UUID, payload: VolunteerReasonIn):
    return _decide(request, volunteer_id, actions.reject_volunteer, reason=payload.reason)


@router.post(
    "/volunteers/{volunteer_id}/suspend",
    response={200: VolunteerOut, **WRITE_ERRORS},
    summary="Suspend a volunteer (with a reason)",
    description="409 `invalid_transition` when the volunteer's status does not allow it.",
)
def suspend_volunteer(request, volunteer_id: UUID, payload: VolunteerReasonIn):
    return _decide(request, volunteer_id, actions.suspend_volunteer, reason=payload.reason)


@router.get(
    "/volunteers/{volunteer_id}/ledger",
    response={200: LedgerOut, **COMMON_ERRORS},
    summary="Hours, points, star level and the latest ledger entries",
)
def get_ledger(request, volunteer_id: UUID, limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 100):
    volunteer = _visible_volunteer(request, volunteer_id)
    own = volunteer.user_id == request.user.pk
    if not own and not has_perm(request.user, "volunteers.view_ledger", volunteer):
        raise PermissionDenied
    hours = ServiceHoursEntry.objects.filter(volunteer=volunteer).order_by("-served_on", "-id")
    points = PointsEntry.objects.filter(volunteer=volunteer).order_by("-created_at", "-id")
    entries = [_hours_entry_out(entry) for entry in hours[:limit]] + [
        _points_entry_out(entry) for entry in points[:limit]
    ]
    entries.sort(key=lambda entry: entry["date"], reverse=True)
    balance = volunteer.balance
    return {
        "volunteer_id": volunteer.public_id,
        "total_hours": balance.total_hours,
        "points_balance": balance.points_balance,
        "points_earned": balance.points_earned,
        "star_level": balance.star_level,
        "activity_count": balance.activity_count,
        "entries": entries[:limit],
    }


def _hours_entry_out(entry: ServiceHoursEntry) -> dict:
    return {
        "id": entry.pk,
        "kind": "hours",
        "date": entry.served_on,
        "amount": entry.hours,
        "reason": entry.reason,
        "note": entry.note,
    }


def _points_entry_out(entry: PointsEntry) -> dict:
    return {
        "id": entry.pk,
        "kind": "points",
        "date": entry.created_at.date(),
        "amount": Decimal(entry.points),
        "reason": entry.reason,
        "note": entry.note,
        "reference": entry.reference,
    }


_REVERSAL_CONFLICTS = (
    "409 `is_reversal` when the entry is itself a reversal; 409 `already_reversed`; 400 "
    "`reason_required` when the reason is blank."
)


@router.post(
    "/volunteers/{volunteer_id}/hours/{entry_id}/reverse",
    response={201: LedgerEntryOut, **WRITE_ERRORS},
    summary="Reverse an hours entry (and the points it earned) with a reason",
    description=f"Answers the reversing entry. {_REVERSAL_CONFLICTS}",
)
def reverse_hours_entry(request, volunteer_id: UUID, entry_id: Id, payload: VolunteerReasonIn):
    volunteer = _visible_volunteer(request, volunteer_id)
    entry = get_object_or_404(ServiceHoursEntry, pk=entry_id, volunteer=volunteer)
    reversal = actions.reverse_hours_entry(entry=entry, reason=payload.reason, actor=request.user)
    return Status(201, _hours_entry_out(reversal))


@router.post(
    "/volunteers/{volunteer_id}/points/{entry_id}/reverse",
    response={201: LedgerEntryOut, **WRITE_ERRORS},
    summary="Reverse a points entry with a reason",
    description=(
        f"Answers the reversing entry. {_REVERSAL_CONFLICTS} 409 `reverse_hours_instead` for "
        "points earned by hours: reverse their hours entry."
    ),
)
def reverse_points_entry(request, volunteer_id: UUID, entry_id: Id, payload: VolunteerReasonIn):
    volunteer = _visible_volunteer(request, volunteer_id)
    entry = get_object_or_404(PointsEntry, pk=entry_id, volunteer=volunteer)
    reversal = actions.reverse_points_entry(entry=entry, reason=payload.reason, actor=request.user)
    return Status(201, _points_entry_out(reversal))


@router.get("/teams", response={200: list[TeamOut], **COMMON_ERRORS}, summary="Teams")
@paginate(Pagination)
def list_teams(request):
    return [
        _team_out(team)
        for team in Team.objects.restrict(request.user, "volunteers.view_team")
        .select_related("organization")
        .order_by("name", "id")
    ]


def _team_out(team: Team) -> dict:
    return {
        "id": team.public_id,
        "name": team.name,
        "organization_id": team.organization_id,
        "organization_name": team.organization.name,
        "leader_name": team.leader_name,
        "description": team.description,
        "member_count": team.member_count,
        "is_active": team.is_active,
    }


@router.post(
    "/activities",
    response={201: ActivityOut, **WRITE_ERRORS},
    summary="Publish an activity",
    description="422 `end_before_start` when the activity ends before it starts.",
)
def create_activity(request, payload: ActivityIn):
    team = get_object_or_404(
        Team.objects.restrict(request.user, "volunteers.view_team"), public_id=payload.team_id
    )
    if not has_perm(request.user, "volunteers.change_activity", team):
        raise PermissionDenied
    activity = actions.publish_activity(
        team=team,
        data={
            "title": payload.title,
            "starts_at": payload.starts_at,
            "ends_at": payload.ends_at,
            "quota": payload.quota,
            "place": payload.place,
            "latitude": payload.lat,
            "longitude": payload.lng,
            "radius_m": payload.radius_m,
            "description": payload.description,
            "requirements": payload.requirements,
            "is_volunteer_day": payload.is_volunteer_day,
        },
        actor=request.user,
    )
    return Status(201, _activity_out(activity))


@router.get(
    "/activities/{activity_id}", response={200: ActivityOut, **COMMON_ERRORS}, summary="Activity"
)
def get_activity(request, activity_id: UUID):
    return _activity_out(_visible_activity(request, activity_id))


@router.post(
    "/activities/{activity_id}/signups",
    response={201: SignupOut, **WRITE_ERRORS},
    summary="Sign a volunteer up (a place, or the waiting list when full)",
    description=(
        "409 `activity_cancelled`, `activity_past`, `already_signed_up`; 400 "
        "`volunteer_not_approved`. A volunteer signs themself up; organisers sign up others."
    ),
)
def create_signup(request, activity_id: UUID, payload: SignupIn):
    activity = _visible_activity(request, activity_id)
    volunteer = _signup_volunteer(request, activity, payload.volunteer_id)
    signup = actions.sign_up(activity=activity, volunteer=volunteer, actor=request.user)
    return Status(201, {"id": signup.pk, "status": signup.status})


def _signup_volunteer(request, activity: Activity, volunteer_id: UUID) -> Volunteer:
    own = Volunteer.objects.filter(user=request.user, public_id=volunteer_id).first()
    if own is not None:
        return own
    if not has_perm(request.user, "volunteers.change_activity", activity):
        raise PermissionDenied
    return _visible_volunteer(request, volunteer_id)


@router.post(
    "/activities/{activity_id}/cancel",
    response={200: ActivityOut, **WRITE_ERRORS},
    summary="Cancel an activity (everyone signed up or waiting is told)",
    description="409 `invalid_transition` when the activity cannot be cancelled any more.",
)
def cancel_activity(request, activity_id: UUID, payload: VolunteerReasonIn):
    activity = _visible_activity(request, activity_id)
    if not has_perm(request.user, "volunteers.change_activity", activity):
        raise PermissionDenied
    actions.cancel_activity(activity=activity, reason=payload.reason, actor=request.user)
    return _activity_out(_visible_activity(request, activity_id))


@router.post(
    "/activities/{activity_id}/signups/{signup_id}/cancel",
    response={200: SignupOut, **WRITE_ERRORS},
    summary="Cancel a sign-up (the volunteer's own, or any as the organiser)",
    description=(
        "A freed place goes to the first on the waiting list. The volunteer may cancel before "
        "the cutoff only (400); an organiser (`volunteers.change_activity`) also later."
    ),
)
def cancel_signup(request, activity_id: UUID, signup_id: Id):
    activity = _visible_activity(request, activity_id)
    signup = get_object_or_404(
        Signup.objects.select_related("volunteer"), activity=activity, pk=signup_id
    )
    own = signup.volunteer.user_id is not None and signup.volunteer.user_id == request.user.pk
    organiser = has_perm(request.user, "volunteers.change_activity", activity)
    if not own and not organiser:
        raise PermissionDenied
    signup = actions.cancel_signup(signup=signup, actor=request.user, force=organiser and not own)
    return {"id": signup.pk, "status": signup.status}


class AttendanceOut(Schema):
    id: int
    volunteer_id: UUID
    status: str
    checked_in_at: datetime.datetime
    checked_out_at: datetime.datetime | None
    hours: Decimal | None
    confirmed_at: datetime.datetime | None


class CloseAttendanceIn(Schema):
    checked_out_at: datetime.datetime
    reason: str = Field(..., min_length=1, max_length=200)


def _attendance_out(attendance) -> dict:
    return {
        "id": attendance.pk,
        "volunteer_id": attendance.volunteer.public_id,
        "status": attendance.status,
        "checked_in_at": attendance.checked_in_at,
        "checked_out_at": attendance.checked_out_at,
        "hours": attendance.hours,
        "confirmed_at": attendance.confirmed_at,
    }


@router.get(
    "/activities/{activity_id}/attendances",
    response={200: list[AttendanceOut], **COMMON_ERRORS},
    summary="Who came: check-ins, check-outs, hours and their confirmation",
)
@paginate(Pagination)
def list_attendances(request, activity_id: UUID):
    activity = _visible_activity(request, activity_id)
    if not has_perm(request.user, "volunteers.check_in_volunteer", activity) and not has_perm(
        request.user, "volunteers.confirm_hours", activity
    ):
        raise PermissionDenied
    return [
        _attendance_out(attendance)
        for attendance in Attendance.objects.filter(activity=activity)
        .select_related("volunteer")
        .only(*(f"volunteer__{field}" for field in ("id", "public_id")), *ATTENDANCE_FIELDS)
        .order_by("checked_in_at", "id")
    ]


ATTENDANCE_FIELDS = (
    "id",
    "activity_id",
    "status",
    "checked_in_at",
    "checked_out_at",
    "hours",
    "confirmed_at",
)


def _organiser_attendance(request, activity_id: UUID, attendance_id: int):
    activity = _visible_activity(request, activity_id)
    attendance = get_object_or_404(
        Attendance.objects.select_related("volunteer"), activity=activity, pk=attendance_id
    )
    if not has_perm(request.user, "volunteers.confirm_hours", activity):
        raise PermissionDenied
    return attendance


@router.post(
    "/activities/{activity_id}/attendances/{attendance_id}/confirm",
    response={200: AttendanceOut, **WRITE_ERRORS},
    summary="Confirm the hours (they enter the ledgers)",
)
def confirm_attendance(request, activity_id: UUID, attendance_id: Id):
    attendance = _organiser_attendance(request, activity_id, attendance_id)
    attendance = actions.confirm_attendance(attendance=attendance, actor=request.user)
    return _attendance_out(attendance)


@router.post(
    "/activities/{activity_id}/attendances/{attendance_id}/close",
    response={200: AttendanceOut, **WRITE_ERRORS},
    summary="Close a missing check-out with the time the organiser vouches for and a reason",
)
def close_attendance(request, activity_id: UUID, attendance_id: Id, payload: CloseAttendanceIn):
    attendance = _organiser_attendance(request, activity_id, attendance_id)
    attendance = actions.close_attendance(
        attendance=attendance,
        checked_out_at=payload.checked_out_at,
        reason=payload.reason,
        actor=request.user,
    )
    return _attendance_out(attendance)


# What a check-in needs of the volunteer: the key for the rows it writes, nothing personal (no
# decryption, no balance).
SCAN_VOLUNTEER_FIELDS = ("id", "jurisdiction_id", "public_id", "user_id", "status")
# The activity with what the checks read: the jurisdiction's policy, the team's organization
# for the permission check.
SCAN_ACTIVITY_RELATED = ("jurisdiction", "team__organization")


def _scan(request, activity_id: UUID, payload: ScanIn, key: str | None, kind: str):
    if payload.volunteer_id is not None:
        activity = queries.find_visible_activity(
            request.user, activity_id, related=SCAN_ACTIVITY_RELATED
        )
        if activity is None:
            raise Http404
        if not may_check_in(request.user, activity):
            raise PermissionDenied
        volunteer = get_object_or_404(
            Volunteer.objects.restrict(request.user, "volunteers.view_volunteer").only(
                *SCAN_VOLUNTEER_FIELDS
            ),
            public_id=payload.volunteer_id,
        )
        method = CheckMethod.LIST
    else:
        volunteer = Volunteer.objects.filter(user=request.user).only(*SCAN_VOLUNTEER_FIELDS).first()
        activity = queries.find_visible_activity(
            request.user,
            activity_id,
            related=SCAN_ACTIVITY_RELATED,
            is_volunteer=volunteer is not None,
        )
        if activity is None or volunteer is None:
            raise Http404
        method = CheckMethod.CODE
    function = actions.check_in_volunteer if kind == "in" else actions.check_out_volunteer
    outcome = function(
        activity=activity,
        volunteer=volunteer,
        method=method,
        code=payload.code or "",
        latitude=payload.lat,
        longitude=payload.lng,
        idempotency_key=(key or payload.idempotency_key or "")[:100],
        actor=request.user,
    )
    attendance = outcome.attendance
    body = {
        "result": outcome.result,
        "ok": outcome.ok,
        "message": outcome.message,
        "replayed": outcome.replayed,
        "checked_in_at": attendance.checked_in_at if attendance else None,
        "checked_out_at": attendance.checked_out_at if attendance else None,
        "hours": attendance.hours if attendance else None,
        "distance_m": outcome.distance_m,
    }
    if outcome.result in (ScanResult.ALREADY_CHECKED_IN, ScanResult.ALREADY_CHECKED_OUT):
        return Status(200, body)
    return Status(201 if outcome.ok else 400, body)


SCAN_DESCRIPTION = (
    "Send `volunteer_id` (organiser's list; needs `volunteers.check_in_volunteer`) or the "
    "scanned `code` with `lat`/`lng` (the volunteer themself). The `Idempotency-Key` header "
    "makes a retry return the first result. 201 ok; 200 already done; 400 with `result` "
    "`not_signed_up`, `not_checked_in`, `outside_window`, `outside_place`, `invalid_code`, "
    "`expired_code` or `activity_cancelled`."
)


@router.post(
    "/activities/{activity_id}/check-ins",
    response={**WRITE_ERRORS, 201: ScanOut, 200: ScanOut, 400: ScanOut},
    summary="Check a volunteer in",
    description=SCAN_DESCRIPTION,
)
def create_check_in(
    request,
    activity_id: UUID,
    payload: ScanIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    return _scan(request, activity_id, payload, idempotency_key, "in")


@router.post(
    "/activities/{activity_id}/check-outs",
    response={**WRITE_ERRORS, 201: ScanOut, 200: ScanOut, 400: ScanOut},
    summary="Check a volunteer out",
    description=SCAN_DESCRIPTION,
)
def create_check_out(
    request,
    activity_id: UUID,
    payload: ScanIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    return _scan(request, activity_id, payload, idempotency_key, "out")


class ActivityCodeOut(Schema):
    activity_id: UUID
    kind: ScanKind
    code: str = Field(..., description="Send as `code` to the check-in or check-out operation")
    url: str = Field(..., description="What the QR code encodes: the volunteers' scan page")
    max_age_seconds: int = Field(..., description="How long the code is accepted")
    refresh_seconds: int = Field(..., description="When to fetch the next code")


@router.get(
    "/activities/{activity_id}/code/{kind}",
    response={200: ActivityCodeOut, **COMMON_ERRORS},
    summary="The current rotating check-in or check-out code, for the organiser's screen",
)
def get_activity_code(request, activity_id: UUID, kind: ScanKind):
    activity = get_object_or_404(
        Activity.objects.restrict(request.user, "volunteers.check_in_volunteer").select_related(
            "jurisdiction"
        ),
        public_id=activity_id,
    )
    code = actions.make_code(activity, kind)
    max_age = activity.jurisdiction.get_policy("volunteer_code_max_age_seconds")
    url = (
        f"{settings.WENMING_PUBLIC_URL.rstrip('/')}{reverse('volunteers:scan')}"
        f"?a={activity.public_id}&k={kind}&c={code}"
    )
    return {
        "activity_id": activity.public_id,
        "kind": kind,
        "code": code,
        "url": url,
        "max_age_seconds": max_age,
        "refresh_seconds": max(5, max_age // 2),
    }


# Teams, certificates and the reward shop add their operations to this router from their own
# modules (this one is long enough); importing them here registers them.
from wenming.volunteers import api_party, api_shop, api_teams  # noqa: E402, F401

__all__ = ["Signup", "router"]
