"""The rotating check-in code over the API: the organiser's screen fetches the current code, and
a volunteer at the place checks in with it."""

import json

from django_scopes import scope

from wenming.testing import api_client_for
from wenming.volunteers.models import Attendance, Volunteer
from wenming.volunteers.tests.conftest import PLACE, make_volunteers, running_activity

ORGANISER = ["volunteers.view_activity", "volunteers.check_in_volunteer"]


def test_the_organisers_code_checks_a_volunteer_in_at_the_place(world, team):
    # given a running activity and a volunteer with an account at the place
    [volunteer] = make_volunteers(world, 1, team=team)
    account = world.member(world.village, [])
    with scope(jurisdiction=world.jurisdiction):
        Volunteer.objects.filter(pk=volunteer.pk).update(user=account)
    activity = running_activity(team, [volunteer])
    organiser = api_client_for(world.member(world.unit, ORGANISER))
    # when the organiser's screen fetches the current check-in code
    response = organiser.get(f"/api/v1/activities/{activity.public_id}/code/check_in")
    # then it answers the code, the scan page it encodes and when to fetch the next one
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["kind"] == "check_in"
    assert f"a={activity.public_id}" in body["url"] and body["code"] in body["url"]
    assert body["max_age_seconds"] > 0 and 5 <= body["refresh_seconds"] <= body["max_age_seconds"]
    # and the volunteer checks in with it
    scan = api_client_for(account).post(
        f"/api/v1/activities/{activity.public_id}/check-ins",
        json.dumps({"code": body["code"], "lat": str(PLACE[0]), "lng": str(PLACE[1])}),
        content_type="application/json",
    )
    assert scan.status_code == 201 and scan.json()["result"] == "ok"


def test_a_check_in_code_does_not_check_out(world, team):
    [volunteer] = make_volunteers(world, 1, team=team)
    activity = running_activity(team, [volunteer])
    organiser = api_client_for(world.member(world.unit, ORGANISER))
    code_in = organiser.get(f"/api/v1/activities/{activity.public_id}/code/check_in").json()
    code_out = organiser.get(f"/api/v1/activities/{activity.public_id}/code/check_out").json()
    assert code_out["kind"] == "check_out" and code_out["code"] != code_in["code"]


def test_who_may_not_check_in_gets_no_code(world, team):
    [volunteer] = make_volunteers(world, 1, team=team)
    activity = running_activity(team, [volunteer])
    viewer = api_client_for(world.member(world.unit, ["volunteers.view_activity"]))
    response = viewer.get(f"/api/v1/activities/{activity.public_id}/code/check_in")
    assert response.status_code == 404
    with scope(jurisdiction=world.jurisdiction):
        assert not Attendance.objects.filter(activity=activity).exists()


def test_an_unknown_kind_is_refused_in_chinese(world, team):
    activity = running_activity(team, [])
    organiser = api_client_for(world.member(world.unit, ORGANISER))
    response = organiser.get(f"/api/v1/activities/{activity.public_id}/code/sideways")
    assert response.status_code == 422
    assert response.json()["message"] == "请求无效。"
