"""The inbox over the API: one's own notifications and their read marks."""

from django_scopes import scopes_disabled

from wenming.notifications.actions import notify
from wenming.notifications.models import Notification
from wenming.testing import api_client_for


def _inbox(world, user, *titles):
    with scopes_disabled():
        return [
            notify([user], jurisdiction=world.jurisdiction, category="test", title=title)[0]
            for title in titles
        ]


def _read_marks(*notifications):
    with scopes_disabled():
        return [
            Notification.objects.get(pk=notification.pk).read_at is not None
            for notification in notifications
        ]


def test_listing_shows_only_my_notifications_and_filters_unread(world):
    # given a member with two notifications, one read, and a colleague with one
    member = world.member(world.unit, [])
    colleague = world.member(world.unit, [])
    first, second = _inbox(world, member, "整改提醒", "考核通知")
    _inbox(world, colleague, "别人的提醒")
    with scopes_disabled():
        Notification.objects.filter(pk=first.pk).update(read_at=second.created_at)
    client = api_client_for(member)
    # when the member lists their inbox, all and unread only
    everything = client.get("/api/v1/me/notifications").json()
    unread = client.get("/api/v1/me/notifications?unread=true").json()
    # then they see their own two, and only the unread one with the filter
    assert {item["title"] for item in everything["items"]} == {"整改提醒", "考核通知"}
    assert [item["title"] for item in unread["items"]] == ["考核通知"]


def test_marking_one_read_marks_only_that_one(world):
    # given a member with two unread notifications
    member = world.member(world.unit, [])
    first, second = _inbox(world, member, "整改提醒", "考核通知")
    # when they mark the first read
    response = api_client_for(member).post(f"/api/v1/me/notifications/{first.pk}/read")
    # then it is read and the other is not
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert _read_marks(first, second) == [True, False]


def test_marking_someone_elses_notification_is_404_and_changes_nothing(world):
    # given a colleague's unread notification
    member = world.member(world.unit, [])
    colleague = world.member(world.unit, [])
    (theirs,) = _inbox(world, colleague, "别人的提醒")
    # when the member tries to mark it read
    response = api_client_for(member).post(f"/api/v1/me/notifications/{theirs.pk}/read")
    # then it is not found and stays unread
    assert response.status_code == 404
    assert set(response.json()) == {"code", "message", "details"}
    assert _read_marks(theirs) == [False]


def test_marking_all_read_counts_and_leaves_others_alone(world):
    # given a member with two unread notifications and a colleague with one
    member = world.member(world.unit, [])
    colleague = world.member(world.unit, [])
    mine = _inbox(world, member, "整改提醒", "考核通知")
    theirs = _inbox(world, colleague, "别人的提醒")
    # when the member marks all read
    response = api_client_for(member).post("/api/v1/me/notifications/read")
    # then both of theirs are read, the colleague's is not
    assert response.status_code == 200
    assert response.json() == {"marked": 2}
    assert _read_marks(*mine, *theirs) == [True, True, False]


def test_a_bad_id_is_422_in_chinese(world):
    # given a member
    member = world.member(world.unit, [])
    (mine,) = _inbox(world, member, "整改提醒")
    # when they send an id no database can hold
    response = api_client_for(member).post("/api/v1/me/notifications/0/read")
    # then the request is refused in Chinese and nothing is marked
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert "请求" in response.json()["message"]
    assert _read_marks(mine) == [False]
