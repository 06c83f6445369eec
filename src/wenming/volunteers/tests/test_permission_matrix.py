"""Permission matrix of the volunteers pages and API operations (see testing.matrix).

A team belongs to its unit; a volunteer is seen in full by the teams they serve in; an activity
belongs to its team's unit. Lists answer every holder of the permission with their own rows.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from wenming.core.models import AuditEvent, Job
from wenming.core.permissions import SYSTEM
from wenming.testing.matrix import Case, params, refreshed, run_case, snapshot
from wenming.volunteers import actions
from wenming.volunteers.choices import (
    AttendanceStatus,
    CheckMethod,
    HoursReason,
    PointsReason,
    VolunteerStatus,
)
from wenming.volunteers.models import (
    Activity,
    Attendance,
    Certificate,
    PointsEntry,
    Redemption,
    ServiceHoursEntry,
    Signup,
    Team,
    TeamMembership,
    VolunteerBalance,
)
from wenming.volunteers.synthetic import synthetic_id_number, synthetic_phone
from wenming.volunteers.tests.conftest import (
    give_points,
    make_activity,
    make_item,
    make_redemption,
    make_volunteers,
)
from wenming.volunteers.tests.party_cases import party_cases

VIEW = "volunteers.view_volunteer"
PERSONAL = "volunteers.view_personal_data"
VIEW_TEAM = "volunteers.view_team"
CHANGE_TEAM = "volunteers.change_team"
VIEW_ACTIVITY = "volunteers.view_activity"
CHANGE_ACTIVITY = "volunteers.change_activity"
VIEW_SHOP = "volunteers.view_rewardshop"
CHANGE_SHOP = "volunteers.change_rewardshop"
#: Pages that list what the holder's own scope holds: every holder gets the page.
OWN_ROWS = {"other_unit": 200, "other_jurisdiction": 200}


def _team(world):
    with scope(jurisdiction=world.jurisdiction):
        team = Team.objects.create(
            jurisdiction=world.jurisdiction, organization=world.unit, name="城管志愿服务队"
        )
    return {"team": team}


def _volunteer(world):
    objects = _team(world)
    [volunteer] = make_volunteers(world, 1, team=objects["team"])
    return {**objects, "volunteer": volunteer}


def _volunteer_in(world):
    team = Team.objects.get(organization=world.unit)
    [volunteer] = make_volunteers(world, 1, team=team)
    return volunteer


def _activity(world):
    objects = _team(world)
    return {**objects, "activity": make_activity(objects["team"])}


def _pending(world):
    objects = _team(world)
    [volunteer] = make_volunteers(world, 1, status=VolunteerStatus.PENDING, organization=world.unit)
    return {**objects, "volunteer": volunteer}


def _signup(world):
    objects = {**_activity(world), "volunteer": _volunteer_in(world)}
    with scope(jurisdiction=world.jurisdiction):
        objects["signup"] = actions.sign_up(
            activity=objects["activity"], volunteer=objects["volunteer"], actor=SYSTEM
        )
    return objects


def _attendance(status):
    def setup(world):
        objects = {**_activity(world), "volunteer": _volunteer_in(world)}
        checked_in_at = objects["activity"].starts_at
        with scope(jurisdiction=world.jurisdiction):
            objects["attendance"] = Attendance.objects.create(
                jurisdiction=world.jurisdiction,
                activity=objects["activity"],
                volunteer=objects["volunteer"],
                status=status,
                checked_in_at=checked_in_at,
                checked_out_at=(
                    checked_in_at + datetime.timedelta(hours=2)
                    if status == AttendanceStatus.CHECKED_OUT
                    else None
                ),
                check_in_method=CheckMethod.LIST,
            )
        return objects

    return setup


def _attendance_url(verb):
    return lambda g: (
        f"/api/v1/activities/{g.activity.public_id}/attendances/{g.attendance.pk}/{verb}"
    )


def _ledger_entries(world):
    objects = _volunteer(world)
    with scope(jurisdiction=world.jurisdiction):
        objects["hours"] = actions.append_hours(
            volunteer=objects["volunteer"],
            team=objects["team"],
            hours=Decimal("2"),
            served_on=datetime.date(2026, 5, 1),
            reason=HoursReason.IMPORTED,
            actor=SYSTEM,
        )
        objects["points"] = actions.append_points(
            volunteer=objects["volunteer"],
            points=5,
            reason=PointsReason.ADJUSTMENT,
            actor=SYSTEM,
        )
    return objects


def _redemption(world):
    """A volunteer's redemption waiting at the shop of the unit's station."""
    [volunteer] = make_volunteers(world, 1)
    return {"redemption": make_redemption(world, world.unit, volunteer)}


def _personal_data_events(g):
    return snapshot(AuditEvent, "action", action="volunteers.volunteer.personal_data_viewed")


CASES = [
    Case(
        "volunteers:volunteer-list",
        [VIEW],
        setup=_volunteer,
        visible=lambda g: g.volunteer.id_number_mask,
    ),
    Case(
        "volunteers:volunteer-detail",
        [VIEW],
        setup=_volunteer,
        url=lambda g: reverse("volunteers:volunteer-detail", args=[g.volunteer.pk]),
    ),
    Case("volunteers:team-list", [VIEW_TEAM], setup=_team, visible="城管志愿服务队"),
    Case(
        "volunteers:team-detail",
        [VIEW_TEAM],
        setup=_team,
        url=lambda g: reverse("volunteers:team-detail", args=[g.team.pk]),
    ),
    Case(
        "volunteers:team-add",
        [VIEW_TEAM, CHANGE_TEAM],
        method="post",
        data=lambda g: {"organization": g.world.unit.pk, "name": "新志愿服务队"},
        changed=lambda g: snapshot(Team, "name", organization=g.world.unit),
        expected={"other_unit": (200, 403, 422), "other_jurisdiction": (200, 403, 422)},
    ),
    Case("volunteers:station-list", ["volunteers.view_station"], expected=OWN_ROWS),
    Case("volunteers:activity-list", [VIEW_ACTIVITY], setup=_activity, visible="文明交通劝导"),
    Case(
        "volunteers:activity-detail",
        [VIEW_ACTIVITY],
        setup=_activity,
        url=lambda g: reverse("volunteers:activity-detail", args=[g.activity.pk]),
    ),
    Case(
        "volunteers:activity-add",
        [VIEW_ACTIVITY, CHANGE_ACTIVITY],
        setup=_team,
        method="post",
        data=lambda g: {
            "team": g.team.pk,
            "title": "周末清扫",
            "starts_at": "2030-05-01T09:00",
            "ends_at": "2030-05-01T12:00",
            "quota": 20,
            "place": "广成路",
            "latitude": "34.167",
            "longitude": "112.845",
            "radius_m": 300,
        },
        changed=lambda g: snapshot(Activity, "title", team=g.team),
        expected={"other_unit": (200, 403, 404, 422), "other_jurisdiction": (200, 403, 404, 422)},
    ),
    Case("volunteers:volunteer-day", [VIEW_ACTIVITY], expected=OWN_ROWS),
    Case(
        "volunteers:party-list",
        ["volunteers.view_partymemberregistration"],
        expected=OWN_ROWS,
    ),
    Case(
        "volunteers:party-feedback",
        ["volunteers.view_partymemberregistration"],
        expected=OWN_ROWS,
    ),
    Case("volunteers:shop", [VIEW_SHOP], expected=OWN_ROWS),
    Case(
        "volunteers:shop",
        [VIEW_SHOP, CHANGE_SHOP],
        setup=_redemption,
        method="post",
        data=lambda g: {"code": g.redemption.code},
        changed=lambda g: refreshed(g.redemption, "status", "handed_over_by"),
        # In the other jurisdiction the code is unknown: back to the page with that message.
        expected={"other_jurisdiction": 302},
        label="hand-over",
    ),
    Case("volunteers:import", ["volunteers.import_volunteer"], expected=OWN_ROWS),
    Case(
        "volunteers:import-job",
        ["volunteers.import_volunteer"],
        personal=lambda w, user: {
            "job": Job.objects.create(
                jurisdiction=w.jurisdiction, kind="volunteers.import", title="导入", created_by=user
            )
        },
        url=lambda g: reverse("volunteers:import-job", args=[g.job.public_id]),
    ),
    Case(
        "volunteers:volunteer-personal-data",
        [VIEW, PERSONAL],
        setup=_volunteer,
        method="post",
        url=lambda g: reverse("volunteers:volunteer-personal-data", args=[g.volunteer.pk]),
        changed=_personal_data_events,
    ),
    # --- API ---
    Case("GET /api/v1/volunteers", [VIEW, PERSONAL], setup=_volunteer, visible="志愿者0"),
    Case(
        "GET /api/v1/volunteers/{volunteer_id}",
        [VIEW],
        setup=_volunteer,
        url=lambda g: f"/api/v1/volunteers/{g.volunteer.public_id}",
    ),
    Case(
        "GET /api/v1/volunteers/{volunteer_id}/ledger",
        [VIEW, "volunteers.view_ledger"],
        setup=_volunteer,
        url=lambda g: f"/api/v1/volunteers/{g.volunteer.public_id}/ledger",
    ),
    Case("GET /api/v1/teams", [VIEW_TEAM], setup=_team, visible="城管志愿服务队"),
    Case(
        "POST /api/v1/activities/{activity_id}/signups",
        [VIEW_ACTIVITY, CHANGE_ACTIVITY, VIEW],
        setup=lambda w: {**_activity(w), "volunteer": _volunteer_in(w)},
        method="post",
        url=lambda g: f"/api/v1/activities/{g.activity.public_id}/signups",
        data=lambda g: {"volunteer_id": str(g.volunteer.public_id)},
        changed=lambda g: snapshot(Signup, "status", activity=g.activity),
    ),
    Case(
        "GET /api/v1/activities/{activity_id}",
        [VIEW_ACTIVITY],
        setup=_activity,
        url=lambda g: f"/api/v1/activities/{g.activity.public_id}",
    ),
]

for _verb, _data in (
    ("approve", None),
    ("reject", {"reason": "资料不全"}),
    ("suspend", {"reason": "多次缺勤"}),
):
    CASES.append(
        Case(
            f"POST /api/v1/volunteers/{{volunteer_id}}/{_verb}",
            [VIEW, "volunteers.approve_volunteer"],
            setup=_volunteer if _verb == "suspend" else _pending,
            method="post",
            url=lambda g, verb=_verb: f"/api/v1/volunteers/{g.volunteer.public_id}/{verb}",
            data=_data,
            changed=lambda g: refreshed(g.volunteer, "status"),
        )
    )

CASES += [
    Case(
        "POST /api/v1/activities/{activity_id}/cancel",
        [VIEW_ACTIVITY, CHANGE_ACTIVITY],
        setup=_activity,
        method="post",
        url=lambda g: f"/api/v1/activities/{g.activity.public_id}/cancel",
        data={"reason": "天气原因"},
        changed=lambda g: refreshed(g.activity, "status"),
    ),
    Case(
        "POST /api/v1/activities/{activity_id}/signups/{signup_id}/cancel",
        [VIEW_ACTIVITY, CHANGE_ACTIVITY],
        setup=_signup,
        method="post",
        url=lambda g: f"/api/v1/activities/{g.activity.public_id}/signups/{g.signup.pk}/cancel",
        changed=lambda g: refreshed(g.signup, "status"),
    ),
    Case(
        "GET /api/v1/activities/{activity_id}/attendances",
        [VIEW_ACTIVITY, "volunteers.check_in_volunteer"],
        setup=_attendance(AttendanceStatus.CHECKED_IN),
        url=lambda g: f"/api/v1/activities/{g.activity.public_id}/attendances",
    ),
    Case(
        "POST /api/v1/activities/{activity_id}/attendances/{attendance_id}/confirm",
        [VIEW_ACTIVITY, "volunteers.confirm_hours"],
        setup=_attendance(AttendanceStatus.CHECKED_OUT),
        method="post",
        url=_attendance_url("confirm"),
        changed=lambda g: refreshed(g.attendance, "status", "confirmed_at"),
    ),
    Case(
        "POST /api/v1/activities/{activity_id}/attendances/{attendance_id}/close",
        [VIEW_ACTIVITY, "volunteers.confirm_hours"],
        setup=_attendance(AttendanceStatus.CHECKED_IN),
        method="post",
        url=_attendance_url("close"),
        data=lambda g: {
            "checked_out_at": (
                g.attendance.checked_in_at + datetime.timedelta(hours=2)
            ).isoformat(),
            "reason": "忘记签退",
        },
        changed=lambda g: refreshed(g.attendance, "status", "checked_out_at"),
    ),
]


# --- The volunteer's own phone pages ---------------------------------------------------------
# There "the member with" is the volunteer themself (a volunteer record linked to the account,
# no permission needed); the other unit's member is another volunteer of the jurisdiction, the
# other jurisdiction's member a volunteer there, and the member without stays staff with no
# volunteer record (sent to register). None of them may see the volunteer's own data.

SELF_NAME = "赵本人"
#: The volunteer's own pages: every volunteer gets their own page, staff without a volunteer
#: record are sent to register, and a volunteer of the other jurisdiction never finds this
#: jurisdiction's activities.
OWN_PAGE = {"other_unit": 200, "other_jurisdiction": 200, "member_without": 302}
OWN_ACTIVITY = {"other_unit": 200, "other_jurisdiction": 404, "member_without": 302}


def _volunteer_record(jurisdiction, user, name, index):
    with scope(jurisdiction=jurisdiction):
        volunteer = actions.build_volunteer(
            jurisdiction=jurisdiction,
            name=name,
            id_number=synthetic_id_number(index),
            phone=synthetic_phone(index),
            status=VolunteerStatus.APPROVED,
            user=user,
        )
        volunteer.save()
        VolunteerBalance.objects.create(jurisdiction=jurisdiction, volunteer=volunteer)
    return volunteer


def _volunteers(world, users):
    return {
        "me": _volunteer_record(world.jurisdiction, users["member_with"], SELF_NAME, 900),
        "another": _volunteer_record(world.jurisdiction, users["other_unit"], "钱他人", 901),
        "elsewhere": _volunteer_record(
            world.other_jurisdiction, users["other_jurisdiction"], "孙外地", 902
        ),
    }


def _signed_up(world, users):
    objects = {**_activity(world), **_volunteers(world, users)}
    with scope(jurisdiction=world.jurisdiction):
        objects["signup"] = actions.sign_up(
            activity=objects["activity"], volunteer=objects["me"], actor=SYSTEM
        )
    return objects


def _my_certificate(world, users):
    objects = {**_team(world), **_volunteers(world, users)}
    objects["certificate"] = _certificate(world, objects["team"], objects["me"])
    return objects


def _certificate(world, team, volunteer):
    with scope(jurisdiction=world.jurisdiction):
        certificate = Certificate(
            jurisdiction=world.jurisdiction,
            volunteer=volunteer,
            team=team,
            verification_code=f"T{volunteer.pk:07d}",
            hours=12,
        )
        certificate.pdf.save("certificate.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        certificate.save()
    return certificate


def _staff_certificate(world):
    objects = _volunteer(world)
    objects["certificate"] = _certificate(world, objects["team"], objects["volunteer"])
    return objects


def _running_attendance(world):
    """A volunteer checked in half an hour ago at an activity under way."""
    objects = {**_activity(world), "volunteer": _volunteer_in(world)}
    now = timezone.now()
    with scope(jurisdiction=world.jurisdiction):
        actions.sign_up(activity=objects["activity"], volunteer=objects["volunteer"], actor=SYSTEM)
        Activity.objects.filter(pk=objects["activity"].pk).update(
            starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=2)
        )
        objects["activity"].refresh_from_db()
        objects["attendance"] = Attendance.objects.create(
            jurisdiction=world.jurisdiction,
            activity=objects["activity"],
            volunteer=objects["volunteer"],
            status=AttendanceStatus.CHECKED_IN,
            checked_in_at=now - datetime.timedelta(minutes=30),
            check_in_method=CheckMethod.LIST,
        )
    return objects


CASES += [
    Case(
        "volunteers:me",
        everyone=_volunteers,
        visible=SELF_NAME,
        expected=OWN_PAGE,
    ),
    Case(
        "volunteers:open-activities",
        everyone=lambda w, users: {**_activity(w), **_volunteers(w, users)},
        visible="文明交通劝导",
        shared=True,
        expected=OWN_PAGE,
    ),
    Case(
        "volunteers:my-activity",
        everyone=_signed_up,
        url=lambda g: reverse("volunteers:my-activity", args=[g.activity.public_id]),
        expected=OWN_ACTIVITY,
        label="view",
    ),
    Case(
        "volunteers:my-activity",
        everyone=_signed_up,
        method="post",
        url=lambda g: reverse("volunteers:my-activity", args=[g.activity.public_id]),
        data={"action": "cancel"},
        changed=lambda g: snapshot(Signup, "volunteer_id", "status", activity=g.activity),
        expected={"other_unit": 404, "other_jurisdiction": 404, "member_without": 302},
        label="cancel-own-signup",
    ),
    Case("volunteers:my-shop", everyone=_volunteers, expected=OWN_PAGE),
    Case(
        "volunteers:scan",
        everyone=lambda w, users: {**_activity(w), **_volunteers(w, users)},
        url=lambda g: reverse("volunteers:scan") + f"?a={g.activity.public_id}",
        expected=OWN_ACTIVITY,
    ),
    Case(
        "volunteers:certificate-pdf",
        everyone=_my_certificate,
        url=lambda g: reverse("volunteers:certificate-pdf", args=[g.certificate.public_id]),
        label="own",
    ),
    Case(
        "volunteers:certificate-pdf",
        ["volunteers.issue_certificate"],
        setup=_staff_certificate,
        url=lambda g: reverse("volunteers:certificate-pdf", args=[g.certificate.public_id]),
        label="issuing-team",
    ),
    Case(
        "volunteers:attendance-action",
        [VIEW_ACTIVITY, "volunteers.confirm_hours"],
        setup=_attendance(AttendanceStatus.CHECKED_OUT),
        method="post",
        url=lambda g: reverse("volunteers:attendance-action", args=[g.activity.pk, "confirm"]),
        data=lambda g: {"attendance": g.attendance.pk},
        changed=lambda g: refreshed(g.attendance, "status", "confirmed_at"),
        label="confirm",
    ),
    Case(
        "volunteers:attendance-action",
        [VIEW_ACTIVITY, "volunteers.check_in_volunteer"],
        setup=_running_attendance,
        method="post",
        url=lambda g: reverse("volunteers:attendance-action", args=[g.activity.pk, "check-out"]),
        data=lambda g: {"volunteer": g.volunteer.pk, "idempotency_key": "matrix"},
        changed=lambda g: refreshed(g.attendance, "status", "checked_out_at"),
        label="check-out",
    ),
    Case(
        "POST /api/v1/activities/{activity_id}/check-outs",
        [VIEW_ACTIVITY, VIEW, "volunteers.check_in_volunteer"],
        setup=_running_attendance,
        method="post",
        url=lambda g: f"/api/v1/activities/{g.activity.public_id}/check-outs",
        data=lambda g: {"volunteer_id": str(g.volunteer.public_id)},
        changed=lambda g: refreshed(g.attendance, "status", "checked_out_at"),
    ),
]


CASES += [
    Case(
        "POST /api/v1/volunteers/{volunteer_id}/hours/{entry_id}/reverse",
        [VIEW, "volunteers.correct_ledger"],
        setup=_ledger_entries,
        method="post",
        url=lambda g: f"/api/v1/volunteers/{g.volunteer.public_id}/hours/{g.hours.pk}/reverse",
        data={"reason": "录入错误"},
        changed=lambda g: snapshot(ServiceHoursEntry, "hours", volunteer=g.volunteer),
    ),
    Case(
        "POST /api/v1/volunteers/{volunteer_id}/points/{entry_id}/reverse",
        [VIEW, "volunteers.correct_ledger"],
        setup=_ledger_entries,
        method="post",
        url=lambda g: f"/api/v1/volunteers/{g.volunteer.public_id}/points/{g.points.pk}/reverse",
        data={"reason": "录入错误"},
        changed=lambda g: snapshot(PointsEntry, "points", volunteer=g.volunteer),
    ),
]

CASES.append(
    Case(
        "GET /api/v1/activities/{activity_id}/code/{kind}",
        ["volunteers.check_in_volunteer"],
        setup=_activity,
        url=lambda g: f"/api/v1/activities/{g.activity.public_id}/code/check_in",
    )
)

# --- Teams, certificates and the reward shop over the API ---------------------------------
ISSUE = "volunteers.issue_certificate"


def _registered_in_unit(world):
    """The unit's team and a volunteer registered with the unit, not yet in the team."""
    objects = _team(world)
    [objects["volunteer"]] = make_volunteers(world, 1, organization=world.unit)
    return objects


def _my_redemption(world, users):
    """`me` redeemed at the unit's shop; the other volunteers redeemed nothing."""
    objects = _volunteers(world, users)
    objects["redemption"] = make_redemption(world, world.unit, objects["me"])
    return objects


def _item_for_me(world, users):
    objects = _volunteers(world, users)
    objects["item"] = make_item(world, world.unit)
    give_points(world, objects["me"], 100)
    return objects


CASES += [
    Case(
        "POST /api/v1/teams",
        [CHANGE_TEAM],
        method="post",
        data=lambda g: {"organization_id": g.world.unit.pk, "name": "新志愿服务队"},
        changed=lambda g: snapshot(Team, "name", organization=g.world.unit),
    ),
    Case(
        "PATCH /api/v1/teams/{team_id}",
        [VIEW_TEAM, CHANGE_TEAM],
        setup=_team,
        method="patch",
        url=lambda g: f"/api/v1/teams/{g.team.public_id}",
        data={"leader_name": "李队长"},
        changed=lambda g: refreshed(g.team, "leader_name"),
    ),
    Case(
        "POST /api/v1/teams/{team_id}/members",
        [VIEW_TEAM, CHANGE_TEAM, VIEW],
        setup=_registered_in_unit,
        method="post",
        url=lambda g: f"/api/v1/teams/{g.team.public_id}/members",
        data=lambda g: {"volunteer_id": str(g.volunteer.public_id), "is_organizer": True},
        changed=lambda g: snapshot(TeamMembership, "volunteer_id", "is_organizer", team=g.team),
    ),
    Case(
        "POST /api/v1/volunteers/{volunteer_id}/certificates",
        [VIEW, VIEW_TEAM, ISSUE],
        setup=_ledger_entries,
        method="post",
        url=lambda g: f"/api/v1/volunteers/{g.volunteer.public_id}/certificates",
        data=lambda g: {"team_id": str(g.team.public_id)},
        changed=lambda g: snapshot(Certificate, "hours", volunteer=g.volunteer),
    ),
    Case(
        "GET /api/v1/certificates/{certificate_id}",
        [ISSUE],
        setup=_staff_certificate,
        url=lambda g: f"/api/v1/certificates/{g.certificate.public_id}",
    ),
    Case(
        "GET /api/v1/certificates/{certificate_id}",
        everyone=_my_certificate,
        url=lambda g: f"/api/v1/certificates/{g.certificate.public_id}",
        label="own",
    ),
    Case(
        "POST /api/v1/certificates/{certificate_id}/revoke",
        [ISSUE],
        setup=_staff_certificate,
        method="post",
        url=lambda g: f"/api/v1/certificates/{g.certificate.public_id}/revoke",
        data={"reason": "时长有误"},
        changed=lambda g: refreshed(g.certificate, "status", "revocation_reason"),
    ),
    Case(
        "GET /api/v1/reward-items",
        [VIEW_SHOP],
        setup=lambda w: {"item": make_item(w, w.unit, name="保温杯")},
        visible="保温杯",
    ),
    Case(
        "POST /api/v1/reward-items/{item_id}/redemptions",
        everyone=_item_for_me,
        method="post",
        url=lambda g: f"/api/v1/reward-items/{g.item.pk}/redemptions",
        data={"quantity": 1},
        changed=lambda g: snapshot(Redemption, "status", volunteer=g.me),
        # Another volunteer redeems for themself, without the points for it.
        expected={"other_unit": 409, "member_without": 403},
    ),
    # The keeper of the unit's shop; a keeper of the sibling unit's shops does not find it.
    Case(
        "POST /api/v1/redemptions/hand-over",
        [CHANGE_SHOP],
        setup=_redemption,
        method="post",
        data=lambda g: {"code": g.redemption.code.lower()},
        changed=lambda g: refreshed(g.redemption, "status", "handed_over_by"),
    ),
    Case(
        "POST /api/v1/redemptions/{redemption_id}/cancel",
        [CHANGE_SHOP],
        setup=_redemption,
        method="post",
        url=lambda g: f"/api/v1/redemptions/{g.redemption.pk}/cancel",
        changed=lambda g: refreshed(g.redemption, "status"),
        label="keeper",
    ),
    Case(
        "POST /api/v1/redemptions/{redemption_id}/cancel",
        everyone=_my_redemption,
        method="post",
        url=lambda g: f"/api/v1/redemptions/{g.redemption.pk}/cancel",
        changed=lambda g: refreshed(g.redemption, "status"),
        expected={"member_without": 404},
        label="own",
    ),
]

CASES += party_cases(_volunteers)

_VIEWS = "wenming.volunteers.tests.test_views"
_API = "wenming.volunteers.tests.test_api"
#: Endpoints whose full five-actor matrix lives with the app's other tests.
COVERED_ELSEWHERE = {
    "volunteers:volunteer-action": f"{_VIEWS}::test_approval_by_post_with_the_permission_only",
    "volunteers:activity-code": (
        f"{_VIEWS}::test_the_rotating_code_screen_needs_the_check_in_permission"
    ),
    "POST /api/v1/volunteers": f"{_API}::test_create_volunteer_permission_matrix",
    "POST /api/v1/activities": f"{_API}::test_publish_activity_permission_matrix",
    "POST /api/v1/activities/{activity_id}/check-ins": (
        f"{_API}::test_check_in_by_list_needs_the_permission"
    ),
}


@pytest.mark.parametrize("case", params(CASES))
def test_permission_matrix(world, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run_case(case, world)
