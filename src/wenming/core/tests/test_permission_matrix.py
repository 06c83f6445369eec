"""Permission matrix of the system pages, accounts, notifications and the dashboard (see
testing.matrix). Pages that only need a login answer every member with their own data."""

import pytest
from django.urls import reverse

from wenming.accounts.actions import create_api_token
from wenming.accounts.models import ApiToken
from wenming.core.models import Job
from wenming.core.permissions import RoleScope
from wenming.notifications.models import Notification
from wenming.testing.matrix import Case, params, refreshed, run_case, snapshot

#: A page every signed-in member may open: only anonymous is refused.
EVERY_MEMBER = {"other_jurisdiction": 200, "other_unit": 200, "member_without": 200}
#: An API write on one's own data: every member is answered, and changes only their own rows.
OWN_API_WRITE = {"other_jurisdiction": 200, "other_unit": 200, "member_without": 200}
#: A write on one's own data: the others are answered like the member, and change nothing.
OWN_WRITE = {"other_jurisdiction": 302, "other_unit": 302, "member_without": 302}
OFFICE = {"owner": "office", "scope": RoleScope.JURISDICTION}


def _audit_event(world):
    from wenming.core.audit import log_event

    log_event(
        "organizations.organization.updated",
        jurisdiction=world.jurisdiction,
        target=world.unit,
        target_label="审计痕迹",
    )
    return {}


def _job(world, user):
    job = Job.objects.create(
        jurisdiction=world.jurisdiction, kind="test", title="导入志愿者名册", created_by=user
    )
    return {"job": job}


def _notification(world, user):
    notification = Notification.objects.create(
        jurisdiction=world.jurisdiction, recipient=user, category="test", title="待办提醒"
    )
    return {"notification": notification}


def _token(world, user):
    token, _key = create_api_token(user, "数据同步", actor=user)
    return {"token": token}


CASES = [
    Case("dashboards:home", [], expected=EVERY_MEMBER),
    Case(
        "core:audit-list",
        ["core.view_auditevent"],
        **OFFICE,
        setup=_audit_event,
        visible="审计痕迹",
    ),
    Case(
        "core:calendar",
        ["core.view_calendarday"],
        **OFFICE,
        # The working-day calendar is national: every member holding the permission reads it.
        expected={"other_jurisdiction": 200, "other_unit": 200},
    ),
    Case(
        "core:job-list",
        ["core.view_job"],
        **OFFICE,
        personal=_job,
        visible="导入志愿者名册",
    ),
    Case(
        "core:job-status",
        [],
        personal=_job,
        url=lambda g: reverse("core:job-status", args=[g.job.public_id]),
        # An htmx partial: anonymous gets a plain refusal, not the login page.
        expected={"anonymous": 403},
    ),
    Case(
        "accounts:security",
        [],
        method="post",
        data={"action": "start"},
        changed=lambda g: snapshot(
            type(g.users["member_with"]), "totp_secret", pk=g.users["member_with"].pk
        ),
        expected={"other_jurisdiction": 200, "other_unit": 200, "member_without": 200},
    ),
    Case(
        "accounts:token-list",
        [],
        method="post",
        data={"name": "我的令牌"},
        changed=lambda g: snapshot(ApiToken, "name", user=g.users["member_with"]),
        expected={"other_jurisdiction": 200, "other_unit": 200, "member_without": 200},
    ),
    Case(
        "accounts:token-revoke",
        [],
        method="post",
        personal=_token,
        url=lambda g: reverse("accounts:token-revoke", args=[g.token.pk]),
        changed=lambda g: refreshed(g.token, "revoked_at"),
        expected={"other_jurisdiction": 404, "other_unit": 404, "member_without": 404},
    ),
    Case(
        "notifications:inbox", [], personal=_notification, visible="待办提醒", expected=EVERY_MEMBER
    ),
    Case(
        "notifications:mark-read",
        [],
        method="post",
        personal=_notification,
        data=lambda g: {"id": [g.notification.pk]},
        changed=lambda g: refreshed(g.notification, "read_at"),
        expected=OWN_WRITE,
    ),
    Case(
        "GET /api/v1/me/notifications",
        [],
        personal=_notification,
        visible="待办提醒",
        expected={"member_without": 200},
    ),
    Case(
        "POST /api/v1/me/notifications/read",
        [],
        method="post",
        personal=_notification,
        changed=lambda g: refreshed(g.notification, "read_at"),
        expected=OWN_API_WRITE,
    ),
    Case(
        "POST /api/v1/me/notifications/{notification_id}/read",
        [],
        method="post",
        personal=_notification,
        url=lambda g: f"/api/v1/me/notifications/{g.notification.pk}/read",
        changed=lambda g: refreshed(g.notification, "read_at"),
        # another person's notification does not exist for the caller
        expected={"other_jurisdiction": 404, "other_unit": 404, "member_without": 404},
    ),
    Case(
        "GET /api/v1/me/tokens",
        [],
        personal=_token,
        visible="数据同步",
        expected={"member_without": 200},
    ),
    Case(
        "POST /api/v1/me/tokens",
        [],
        method="post",
        data={"name": "我的令牌", "days": 30},
        changed=lambda g: snapshot(ApiToken, "name", user=g.users["member_with"], name="我的令牌"),
        # every member creates a token of their own, never the member's
        expected={"other_jurisdiction": 201, "other_unit": 201, "member_without": 201},
    ),
    Case(
        "POST /api/v1/me/tokens/{token_id}/revoke",
        [],
        method="post",
        personal=_token,
        url=lambda g: f"/api/v1/me/tokens/{g.token.pk}/revoke",
        changed=lambda g: refreshed(g.token, "revoked_at"),
        expected={"other_jurisdiction": 404, "other_unit": 404, "member_without": 404},
    ),
]


#: Endpoints whose full five-actor matrix lives with the app's other tests.
COVERED_ELSEWHERE = {
    "file": (
        "wenming.core.tests.test_files::test_a_job_file_reaches_its_creator_and_who_may_view_jobs"
    ),
}


@pytest.mark.parametrize("case", params(CASES))
def test_permission_matrix(world, case):
    run_case(case, world)
