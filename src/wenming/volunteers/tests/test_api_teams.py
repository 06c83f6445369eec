"""Teams and certificates over the API: the same actions as the pages, errors per field in
Chinese, nothing written on a refusal, and the PDF only behind the permission-checked path."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django_scopes import scope

from wenming.core.models import AuditEvent
from wenming.core.permissions import SYSTEM
from wenming.testing import api_client_for, client_for
from wenming.volunteers import actions
from wenming.volunteers.choices import CertificateStatus, HoursReason
from wenming.volunteers.models import Certificate, Team, TeamMembership
from wenming.volunteers.tests.conftest import make_volunteers

TEAMS = ["volunteers.view_volunteer", "volunteers.view_team", "volunteers.change_team"]
ISSUER = ["volunteers.view_volunteer", "volunteers.view_team", "volunteers.issue_certificate"]


def send(client, url, body=None, method="POST"):
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _teams(world):
    with scope(jurisdiction=world.jurisdiction):
        return sorted(Team.objects.values_list("organization_id", "name", "leader_name"))


def test_a_unit_creates_a_team_and_a_duplicate_or_blank_name_is_refused_per_field(world):
    client = api_client_for(world.member(world.unit, TEAMS))
    response = send(
        client,
        "/api/v1/teams",
        {"organization_id": world.unit.pk, "name": " 城管 志愿服务队 ", "leader_name": "李强"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["leader_name"], body["member_count"]) == (
        "城管 志愿服务队",
        "李强",
        0,
    )
    with scope(jurisdiction=world.jurisdiction):
        assert AuditEvent.objects.filter(action="volunteers.team.created").count() == 1
    before = _teams(world)
    for name, code in (("城管 志愿服务队", "duplicate_team"), ("   ", "name_required")):
        refused = send(client, "/api/v1/teams", {"organization_id": world.unit.pk, "name": name})
        assert refused.status_code == 422, refused.content
        error = refused.json()
        assert (error["code"], error["details"][0]["field"]) == (code, "name")
        assert is_chinese(error["message"])
    assert _teams(world) == before


def test_a_team_is_changed_but_not_moved_to_a_unit_outside_the_callers_subtree(world, team):
    client = api_client_for(world.member(world.unit, TEAMS))
    url = f"/api/v1/teams/{team.public_id}"
    changed = send(client, url, {"leader_name": "王芳", "description": "周末劝导"}, "PATCH")
    assert changed.status_code == 200, changed.content
    assert (changed.json()["leader_name"], changed.json()["description"]) == ("王芳", "周末劝导")
    before = _teams(world)
    moved = send(client, url, {"organization_id": world.sibling_unit.pk}, "PATCH")
    assert moved.status_code == 404
    assert _teams(world) == before


def test_moving_a_team_needs_the_permission_over_the_new_unit_too(in_scope, team):
    world = in_scope
    keeper = world.member(world.unit, TEAMS)
    with pytest.raises(PermissionDenied):
        actions.save_team(
            jurisdiction=world.jurisdiction,
            data={"organization": world.sibling_unit},
            instance=team,
            actor=keeper,
        )
    assert Team.objects.get(pk=team.pk).organization_id == world.unit.pk


def test_a_volunteer_joins_a_team_as_organiser_once(world, team):
    [volunteer] = make_volunteers(world, 1, organization=world.unit)
    client = api_client_for(world.member(world.unit, TEAMS))
    url = f"/api/v1/teams/{team.public_id}/members"
    body = {"volunteer_id": str(volunteer.public_id), "is_organizer": True}
    response = send(client, url, body)
    assert response.status_code == 201, response.content
    assert (response.json()["is_organizer"], response.json()["member_count"]) == (True, 1)
    again = send(client, url, body)
    assert again.status_code == 409
    assert again.json()["code"] == "already_member"
    with scope(jurisdiction=world.jurisdiction):
        assert TeamMembership.objects.filter(team=team).count() == 1
        assert Team.objects.get(pk=team.pk).member_count == 1


def test_a_volunteer_the_unit_cannot_see_is_not_found_and_not_added(world, team):
    [elsewhere] = make_volunteers(world, 1, organization=world.sibling_unit)
    client = api_client_for(world.member(world.unit, TEAMS))
    response = send(
        client,
        f"/api/v1/teams/{team.public_id}/members",
        {"volunteer_id": str(elsewhere.public_id)},
    )
    assert response.status_code == 404
    with scope(jurisdiction=world.jurisdiction):
        assert not TeamMembership.objects.filter(team=team).exists()


def _recorded(world, team):
    [volunteer] = make_volunteers(world, 1, team=team)
    with scope(jurisdiction=world.jurisdiction):
        actions.append_hours(
            volunteer=volunteer,
            team=team,
            hours=Decimal("6"),
            served_on=datetime.date(2026, 5, 1),
            reason=HoursReason.IMPORTED,
            actor=SYSTEM,
        )
    return volunteer


def _certificates(world, volunteer):
    with scope(jurisdiction=world.jurisdiction):
        return sorted(Certificate.objects.filter(volunteer=volunteer).values_list("pk", "status"))


def test_a_certificate_is_issued_and_its_pdf_leaves_only_through_the_checked_path(
    world, team, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    volunteer = _recorded(world, team)
    issuer = world.member(world.unit, ISSUER)
    client = api_client_for(issuer)
    with django_capture_on_commit_callbacks(execute=True):  # the job renders the PDF
        response = send(
            client,
            f"/api/v1/volunteers/{volunteer.public_id}/certificates",
            {"team_id": str(team.public_id), "period_start": "2026-01-01"},
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert Decimal(body["hours"]) == 6
    fetched = client.get(f"/api/v1/certificates/{body['id']}").json()
    assert fetched["status"] == CertificateStatus.ISSUED
    pdf_url = fetched["pdf_url"]
    assert pdf_url.startswith("/files/certificate/") and "/media/" not in pdf_url
    assert client_for(issuer).get(pdf_url)["Content-Type"] == "application/pdf"
    assert Client().get(pdf_url).status_code == 302  # to the login page
    stranger = world.member(world.sibling_unit, ISSUER)
    assert client_for(stranger).get(pdf_url).status_code == 404


def test_a_certificate_with_its_period_backwards_or_without_hours_is_refused(world, team):
    volunteer = _recorded(world, team)
    [unrecorded] = make_volunteers(world, 1, start=1, team=team)
    client = api_client_for(world.member(world.unit, ISSUER))
    backwards = send(
        client,
        f"/api/v1/volunteers/{volunteer.public_id}/certificates",
        {"team_id": str(team.public_id), "period_start": "2026-06-01", "period_end": "2026-01-01"},
    )
    assert backwards.status_code == 422
    error = backwards.json()
    assert (error["code"], error["details"][0]["field"]) == (
        "period_end_before_start",
        "period_end",
    )
    assert is_chinese(error["message"])
    none = send(
        client,
        f"/api/v1/volunteers/{unrecorded.public_id}/certificates",
        {"team_id": str(team.public_id)},
    )
    assert (none.status_code, none.json()["code"]) == (400, "no_recorded_hours")
    assert _certificates(world, volunteer) == _certificates(world, unrecorded) == []


def test_the_issuing_team_revokes_once_and_the_volunteer_cannot_revoke_their_own(
    world, team, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    volunteer = _recorded(world, team)
    with scope(jurisdiction=world.jurisdiction):
        certificate = actions.issue_certificate(volunteer=volunteer, team=team, actor=SYSTEM)
    account = world.member(world.unit, [])
    with scope(jurisdiction=world.jurisdiction):
        type(volunteer).objects.filter(pk=volunteer.pk).update(user=account)
    url = f"/api/v1/certificates/{certificate.public_id}/revoke"
    before = _certificates(world, volunteer)
    # the volunteer reads their certificate but may not withdraw it
    own = api_client_for(account)
    assert own.get(f"/api/v1/certificates/{certificate.public_id}").status_code == 200
    assert send(own, url, {"reason": "不想要了"}).status_code == 403
    assert _certificates(world, volunteer) == before
    issuer = api_client_for(world.member(world.unit, ISSUER))
    blank = send(issuer, url, {"reason": "  "})
    assert (blank.status_code, blank.json()["code"]) == (400, "reason_required")
    revoked = send(issuer, url, {"reason": "时长有误"})
    assert revoked.status_code == 200, revoked.content
    assert (revoked.json()["status"], revoked.json()["revocation_reason"]) == (
        "revoked",
        "时长有误",
    )
    again = send(issuer, url, {"reason": "再次"})
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
