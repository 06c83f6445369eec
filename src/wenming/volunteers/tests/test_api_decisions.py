"""Registry and activity decisions over the API, with the same actions and permissions as the
pages: approve/reject a volunteer, cancel an activity or a sign-up, the attendance list."""

import json

from django_scopes import scope

from wenming.core.permissions import SYSTEM
from wenming.testing import api_client_for, assert_matrix, matrix_users
from wenming.volunteers import actions
from wenming.volunteers.choices import VolunteerStatus
from wenming.volunteers.models import Volunteer
from wenming.volunteers.tests.conftest import make_activity, make_volunteers, refresh

STAFF = ["volunteers.view_volunteer", "volunteers.add_volunteer", "volunteers.approve_volunteer"]


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def status_of(world, volunteer):
    with scope(jurisdiction=world.jurisdiction):
        return Volunteer.objects.get(pk=volunteer.pk).status


def test_a_volunteer_registered_through_the_api_can_be_approved_through_it(world):
    # given a volunteer registered through the API, pending
    staff = world.member(world.office, STAFF, scope="jurisdiction")
    client = api_client_for(staff)
    created = post(
        client,
        "/api/v1/volunteers",
        {"name": "王小明", "id_number": "410482199001011232", "phone": "13800138000"},
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == VolunteerStatus.PENDING
    # when the office approves them
    response = post(client, f"/api/v1/volunteers/{created.json()['id']}/approve")
    # then they are approved, as the registry page would have done
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    assert response.json()["id_number_masked"] == "410482********1232"


def test_rejecting_needs_a_reason_and_records_it(world):
    staff = world.member(world.office, STAFF, scope="jurisdiction")
    (volunteer,) = make_volunteers(world, 1, status=VolunteerStatus.PENDING)
    client = api_client_for(staff)
    url = f"/api/v1/volunteers/{volunteer.public_id}/reject"
    assert post(client, url, {}).status_code == 422
    assert status_of(world, volunteer) == VolunteerStatus.PENDING
    response = post(client, url, {"reason": "资料不全"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == VolunteerStatus.REJECTED


def test_approving_twice_is_an_invalid_transition(world):
    staff = world.member(world.office, STAFF, scope="jurisdiction")
    (volunteer,) = make_volunteers(world, 1, status=VolunteerStatus.APPROVED)
    response = post(api_client_for(staff), f"/api/v1/volunteers/{volunteer.public_id}/approve")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_approval_permission_matrix_changes_nothing_when_denied(world):
    (volunteer,) = make_volunteers(
        world, 1, status=VolunteerStatus.PENDING, organization=world.unit
    )
    users = matrix_users(world, world.unit, STAFF)
    # a member who may see the volunteer but not approve them
    users["member_without"] = world.member(world.unit, ["volunteers.view_volunteer"])
    assert_matrix(
        users,
        lambda client: post(client, f"/api/v1/volunteers/{volunteer.public_id}/approve"),
        {
            "anonymous": 401,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
            "member_with": 200,
        },
        unchanged=lambda: status_of(world, volunteer),
        client_factory=api_client_for,
    )
    assert status_of(world, volunteer) == VolunteerStatus.APPROVED


def test_an_organiser_cancels_an_activity_and_a_stranger_cannot(world, team, activity):
    organiser = world.member(world.unit, ["volunteers.view_activity", "volunteers.change_activity"])
    onlooker = world.member(world.unit, ["volunteers.view_activity"])
    url = f"/api/v1/activities/{activity.public_id}/cancel"
    # a member who may only look is refused, and the activity stays published
    denied = post(api_client_for(onlooker), url, {"reason": "天气原因"})
    assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"
    assert refresh(activity).status == activity.status
    # the organiser cancels it, with a reason
    response = post(api_client_for(organiser), url, {"reason": "天气原因"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"


def test_an_organiser_cancels_a_sign_up_and_the_place_is_freed(world, team):
    (volunteer,) = make_volunteers(world, 1)
    activity = make_activity(team, quota=5)
    with scope(jurisdiction=world.jurisdiction):
        signup = actions.sign_up(activity=activity, volunteer=volunteer, actor=SYSTEM)
    organiser = world.member(world.unit, ["volunteers.view_activity", "volunteers.change_activity"])
    response = post(
        api_client_for(organiser),
        f"/api/v1/activities/{activity.public_id}/signups/{signup.pk}/cancel",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert refresh(activity).signed_up_count == 0


def test_attendances_need_the_organiser_permissions(world, team, activity):
    onlooker = world.member(world.unit, ["volunteers.view_activity"])
    organiser = world.member(
        world.unit, ["volunteers.view_activity", "volunteers.check_in_volunteer"]
    )
    url = f"/api/v1/activities/{activity.public_id}/attendances"
    assert api_client_for(onlooker).get(url).status_code == 403
    response = api_client_for(organiser).get(url)
    assert response.status_code == 200 and response.json() == {"items": [], "count": 0}
