"""The public API of issue 4: bodies, errors, permission matrices, idempotent check-in."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.utils import timezone
from django_scopes import scope

from wenming.testing import api_client_for, assert_matrix, matrix_users
from wenming.volunteers import actions
from wenming.volunteers.models import Activity, Attendance, Signup, Volunteer
from wenming.volunteers.tests.conftest import PLACE, make_volunteers, running_activity

VALID_ID = "410482199001011232"
REGISTRY = [
    "volunteers.view_volunteer",
    "volunteers.add_volunteer",
    "volunteers.view_personal_data",
    "volunteers.view_team",
    "volunteers.change_team",
    "volunteers.view_activity",
    "volunteers.change_activity",
    "volunteers.check_in_volunteer",
    "volunteers.view_ledger",
]


def post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def count_volunteers(world):
    with scope(jurisdiction=world.jurisdiction):
        return Volunteer.objects.count()


def test_registering_a_volunteer_returns_only_masked_identifiers(world):
    staff = world.member(world.office, REGISTRY, scope="jurisdiction")
    response = post(
        api_client_for(staff),
        "/api/v1/volunteers",
        {"name": "王小明", "id_number": "41048219900101123２", "phone": "138 0013 8000"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id_number_masked"] == "410482********1232"
    assert body["phone_masked"] == "138****8000"
    assert VALID_ID not in response.content.decode()
    assert "13800138000" not in response.content.decode()
    assert body["sex"] == "male"


@pytest.mark.parametrize(
    ("id_number", "fragment"),
    [
        ("410482199001011231", "check character"),
        ("11010519491331002X", "birth date"),
        ("4104821990010112", "18 characters"),
        ("4.10482199001011E+17", "Excel"),
    ],
)
def test_a_bad_id_number_says_what_is_wrong(world, id_number, fragment, settings):
    settings.LANGUAGE_CODE = "en"
    staff = world.member(world.office, REGISTRY, scope="jurisdiction")
    response = post(
        api_client_for(staff),
        "/api/v1/volunteers",
        {"name": "王小明", "id_number": id_number, "phone": "13800138000"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_id_number"
    assert fragment.lower() in response.json()["message"].lower()
    assert count_volunteers(world) == 0


def test_a_duplicate_id_number_gives_409_duplicate_volunteer(world):
    staff = world.member(world.office, REGISTRY, scope="jurisdiction")
    client = api_client_for(staff)
    body = {"name": "王小明", "id_number": VALID_ID, "phone": "13800138000"}
    assert post(client, "/api/v1/volunteers", body).status_code == 201
    again = post(client, "/api/v1/volunteers", {**body, "id_number": VALID_ID.lower()})
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate_volunteer"
    assert count_volunteers(world) == 1


def test_a_phone_that_is_not_11_digits_is_refused(world):
    staff = world.member(world.office, REGISTRY, scope="jurisdiction")
    response = post(
        api_client_for(staff),
        "/api/v1/volunteers",
        {"name": "王小明", "id_number": VALID_ID, "phone": "1380013800"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_phone"


def test_create_volunteer_permission_matrix(world):
    users = matrix_users(world, world.unit, ["volunteers.add_volunteer"])
    numbers = iter(["11010519491231002X", "440524188001010014", VALID_ID, "410482199001011240"])

    def request(client):
        return post(
            client,
            "/api/v1/volunteers",
            {"name": "李四", "id_number": next(numbers, VALID_ID), "phone": "13900139000"},
        )

    assert_matrix(
        users,
        request,
        {
            "anonymous": 401,
            "other_jurisdiction": 201,  # registers in their own jurisdiction
            "other_unit": 201,
            "member_without": 403,
            "member_with": (201, 409),
        },
        unchanged=lambda: count_volunteers(world),
        client_factory=api_client_for,
    )


def test_a_team_sees_its_volunteers_personal_data_and_others_see_masks(world, team, sibling_team):
    [ours] = make_volunteers(world, 1, team=team)
    [theirs] = make_volunteers(world, 1, start=1, team=sibling_team)
    organiser = world.member(world.unit, REGISTRY)
    client = api_client_for(organiser)

    mine = client.get(f"/api/v1/volunteers/{ours.public_id}")
    assert mine.status_code == 200 and mine.json()["name"] == "志愿者0"
    assert client.get(f"/api/v1/volunteers/{theirs.public_id}").status_code == 404
    listed = client.get("/api/v1/volunteers").json()
    assert [item["id"] for item in listed["items"]] == [str(ours.public_id)]

    viewer = world.member(world.office, ["volunteers.view_volunteer"], scope="jurisdiction")
    masked = api_client_for(viewer).get(f"/api/v1/volunteers/{ours.public_id}").json()
    assert masked["name"] == "志**0"
    assert masked["id_number_masked"].count("*") == 8


def test_search_by_exact_id_number_and_phone_tail(world, team):
    volunteers = make_volunteers(world, 5, team=team)
    staff = world.member(world.office, REGISTRY, scope="jurisdiction")
    client = api_client_for(staff)
    with scope(jurisdiction=world.jurisdiction):
        target = Volunteer.objects.get(pk=volunteers[3].pk)
    by_id = client.get("/api/v1/volunteers", {"search": target.id_number.lower()}).json()
    assert by_id["count"] == 1 and by_id["items"][0]["id"] == str(target.public_id)
    by_tail = client.get("/api/v1/volunteers", {"search": target.phone[-4:]}).json()
    assert str(target.public_id) in [item["id"] for item in by_tail["items"]]


def test_list_volunteers_query_count_does_not_grow_with_rows(
    world, team, django_assert_max_num_queries
):
    staff = world.member(world.office, REGISTRY, scope="jurisdiction")
    client = api_client_for(staff)
    make_volunteers(world, 3, team=team)
    client.get("/api/v1/volunteers")  # warm caches (token, grants)
    with django_assert_max_num_queries(12):
        small = client.get("/api/v1/volunteers")
    make_volunteers(world, 40, start=10, team=team)
    with django_assert_max_num_queries(12):
        large = client.get("/api/v1/volunteers")
    assert small.json()["count"] == 3 and large.json()["count"] == 43


def test_publish_activity_validates_the_window(world, team):
    organiser = world.member(world.unit, REGISTRY)
    start = timezone.now() + datetime.timedelta(days=2)
    body = {
        "team_id": str(team.public_id),
        "title": "周五志愿服务日",
        "starts_at": start.isoformat(),
        "ends_at": (start - datetime.timedelta(hours=1)).isoformat(),
        "quota": 10,
    }
    response = post(api_client_for(organiser), "/api/v1/activities", body)
    assert response.status_code == 422
    assert response.json()["code"] == "end_before_start"
    body["ends_at"] = (start + datetime.timedelta(hours=2)).isoformat()
    created = post(api_client_for(organiser), "/api/v1/activities", body)
    assert created.status_code == 201
    assert created.json()["quota"] == 10


def test_publish_activity_permission_matrix(world, team):
    users = matrix_users(world, world.unit, ["volunteers.view_team", "volunteers.change_activity"])
    start = timezone.now() + datetime.timedelta(days=2)
    body = {
        "team_id": str(team.public_id),
        "title": "活动",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
        "quota": 5,
    }

    def count():
        with scope(jurisdiction=world.jurisdiction):
            return Activity.objects.count()

    assert_matrix(
        users,
        lambda client: post(client, "/api/v1/activities", body),
        {
            "anonymous": 401,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 404,
            "member_with": 201,
        },
        unchanged=count,
        client_factory=api_client_for,
    )


def test_signups_fill_the_quota_then_the_waiting_list(world, team):
    organiser = world.member(world.unit, REGISTRY)
    client = api_client_for(organiser)
    volunteers = make_volunteers(world, 3, team=team)
    from wenming.volunteers.tests.conftest import make_activity

    activity = make_activity(team, quota=2)
    statuses = [
        post(
            client,
            f"/api/v1/activities/{activity.public_id}/signups",
            {"volunteer_id": str(v.public_id)},
        ).json()["status"]
        for v in volunteers
    ]
    assert statuses == ["signed_up", "signed_up", "waiting"]
    again = post(
        client,
        f"/api/v1/activities/{activity.public_id}/signups",
        {"volunteer_id": str(volunteers[0].public_id)},
    )
    assert again.status_code == 409 and again.json()["code"] == "already_signed_up"


def test_check_in_by_list_with_an_idempotency_key_counts_once(world, team):
    [volunteer] = make_volunteers(world, 1, team=team)
    activity = running_activity(team, [volunteer])
    organiser = world.member(world.unit, REGISTRY)
    client = api_client_for(organiser)
    url = f"/api/v1/activities/{activity.public_id}/check-ins"
    key = str(uuid.uuid4())
    first = post(client, url, {"volunteer_id": str(volunteer.public_id)}, HTTP_IDEMPOTENCY_KEY=key)
    retry = post(client, url, {"volunteer_id": str(volunteer.public_id)}, HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201 and first.json()["result"] == "ok"
    assert retry.status_code == 201 and retry.json()["replayed"] is True
    other = post(client, url, {"volunteer_id": str(volunteer.public_id)})
    assert other.status_code == 200 and other.json()["result"] == "already_checked_in"
    out = post(
        client,
        f"/api/v1/activities/{activity.public_id}/check-outs",
        {"volunteer_id": str(volunteer.public_id)},
    )
    assert out.json()["result"] == "ok"
    with scope(jurisdiction=world.jurisdiction):
        assert Attendance.objects.filter(activity=activity).count() == 1


def test_volunteer_checks_in_by_code_from_the_place(world, team):
    [volunteer] = make_volunteers(world, 1, team=team)
    account = world.member(world.village, [])
    with scope(jurisdiction=world.jurisdiction):
        Volunteer.objects.filter(pk=volunteer.pk).update(user=account)
    activity = running_activity(team, [volunteer])
    client = api_client_for(account)
    url = f"/api/v1/activities/{activity.public_id}/check-ins"
    far = post(
        client,
        url,
        {"code": actions.make_code(activity, "check_in"), "lat": "34.2", "lng": "112.9"},
    )
    assert far.status_code == 400 and far.json()["result"] == "outside_place"
    forged = post(client, url, {"code": "abc:def:ghi", "lat": str(PLACE[0]), "lng": str(PLACE[1])})
    assert forged.json()["result"] == "invalid_code"
    ok = post(
        client,
        url,
        {
            "code": actions.make_code(activity, "check_in"),
            "lat": str(PLACE[0]),
            "lng": str(PLACE[1]),
        },
    )
    assert ok.status_code == 201 and ok.json()["result"] == "ok"
    ledger = client.get(f"/api/v1/volunteers/{volunteer.public_id}/ledger")
    assert ledger.status_code == 200 and ledger.json()["total_hours"] == "0.00"


def test_check_in_by_list_needs_the_permission(world, team):
    [volunteer] = make_volunteers(world, 1, team=team)
    activity = running_activity(team, [volunteer])
    users = matrix_users(
        world,
        world.unit,
        ["volunteers.view_activity", "volunteers.view_volunteer", "volunteers.check_in_volunteer"],
    )

    def count():
        with scope(jurisdiction=world.jurisdiction):
            return Attendance.objects.count()

    assert_matrix(
        users,
        lambda client: post(
            client,
            f"/api/v1/activities/{activity.public_id}/check-ins",
            {"volunteer_id": str(volunteer.public_id)},
        ),
        {
            "anonymous": 401,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 404,
            "member_with": 201,
        },
        unchanged=count,
        client_factory=api_client_for,
    )
    with scope(jurisdiction=world.jurisdiction):
        assert Signup.objects.count() == 1


def test_check_in_takes_a_handful_of_queries_whatever_the_activity_size(
    world, team, django_assert_max_num_queries
):
    volunteers = make_volunteers(world, 3, team=team)
    activity = running_activity(team, volunteers)
    organiser = world.member(world.unit, REGISTRY)
    client = api_client_for(organiser)
    url = f"/api/v1/activities/{activity.public_id}/check-ins"

    def check_in(volunteer, key):
        return post(
            client, url, {"volunteer_id": str(volunteer.public_id)}, HTTP_IDEMPOTENCY_KEY=key
        )

    assert check_in(volunteers[0], "warm").status_code == 201  # warm caches (token, grants)
    # token, activity, volunteer, savepoint, sign-up lock with the key, attendance, 2 inserts,
    # counter, release
    with django_assert_max_num_queries(10):
        first = check_in(volunteers[1], "first")
    more = make_volunteers(world, 40, start=10, team=team)
    with scope(jurisdiction=world.jurisdiction):
        Signup.objects.bulk_create(
            [Signup(jurisdiction=world.jurisdiction, activity=activity, volunteer=v) for v in more]
        )
    with django_assert_max_num_queries(10):
        second = check_in(volunteers[2], "second")
    # token, activity, volunteer, savepoint, sign-up lock with the key, the first scan and its
    # attendance, release: no insert
    with django_assert_max_num_queries(8):
        retry = check_in(volunteers[2], "second")
    assert first.json()["result"] == second.json()["result"] == "ok"
    assert retry.json()["replayed"] is True
    with scope(jurisdiction=world.jurisdiction):
        assert Activity.objects.get(pk=activity.pk).checked_in_count == 3
        assert Attendance.objects.filter(activity=activity).count() == 3


def test_check_in_by_code_takes_a_handful_of_queries(world, team, django_assert_max_num_queries):
    volunteers = make_volunteers(world, 2, team=team)
    accounts = [world.member(world.village, []) for _ in volunteers]
    with scope(jurisdiction=world.jurisdiction):
        for volunteer, account in zip(volunteers, accounts, strict=True):
            Volunteer.objects.filter(pk=volunteer.pk).update(user=account)
    activity = running_activity(team, volunteers)
    url = f"/api/v1/activities/{activity.public_id}/check-ins"
    body = {
        "code": actions.make_code(activity, "check_in"),
        "lat": str(PLACE[0]),
        "lng": str(PLACE[1]),
    }
    warm = api_client_for(accounts[0])
    assert post(warm, url, body, HTTP_IDEMPOTENCY_KEY="a").json()["result"] == "ok"
    client = api_client_for(accounts[1])
    client.get("/api/v1/teams")  # warm this person's caches
    with django_assert_max_num_queries(12):
        answer = post(client, url, body, HTTP_IDEMPOTENCY_KEY="b")
    assert answer.status_code == 201 and answer.json()["distance_m"] == 0
    with scope(jurisdiction=world.jurisdiction):
        attendance = Attendance.objects.get(activity=activity, volunteer=volunteers[1])
    assert attendance.distance_m == 0
