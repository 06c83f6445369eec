"""The reward shop over the API: a volunteer redeems for themself, the shop's keeper hands over
by code, either cancels; a keeper of another unit's shops finds nothing."""

import json

from django_scopes import scope

from wenming.testing import api_client_for
from wenming.volunteers.models import Redemption, RewardItem, Volunteer, VolunteerBalance
from wenming.volunteers.tests.conftest import give_points, make_item, make_volunteers

CHANGE_SHOP = "volunteers.change_rewardshop"


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _volunteer_with_account(world, points=0, start=0):
    [volunteer] = make_volunteers(world, 1, start=start)
    account = world.member(world.unit, [])
    with scope(jurisdiction=world.jurisdiction):
        Volunteer.objects.filter(pk=volunteer.pk).update(user=account)
    if points:
        give_points(world, volunteer, points)
    return volunteer, api_client_for(account)


def _state(world, volunteer, item):
    with scope(jurisdiction=world.jurisdiction):
        return (
            VolunteerBalance.objects.get(volunteer=volunteer).points_balance,
            RewardItem.objects.get(pk=item.pk).stock,
            sorted(Redemption.objects.filter(volunteer=volunteer).values_list("pk", "status")),
        )


def test_a_volunteer_redeems_and_the_shops_keeper_hands_it_over_by_code(world):
    item = make_item(world, world.unit, price=10, stock=5)
    volunteer, me = _volunteer_with_account(world, points=25)
    listed = me.get("/api/v1/reward-items").json()
    assert [row["id"] for row in listed["items"]] == [item.pk]
    response = post(me, f"/api/v1/reward-items/{item.pk}/redemptions", {"quantity": 2})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["points"], body["status"], len(body["code"])) == (20, "issued", 10)
    assert _state(world, volunteer, item)[:2] == (5, 3)
    keeper = api_client_for(world.member(world.unit, [CHANGE_SHOP]))
    handed = post(keeper, "/api/v1/redemptions/hand-over", {"code": f" {body['code'].lower()} "})
    assert handed.status_code == 200, handed.content
    assert handed.json()["status"] == "handed_over"
    # a handed-over redemption is not cancelled any more, by anybody
    for client in (me, keeper):
        refused = post(client, f"/api/v1/redemptions/{body['id']}/cancel")
        assert (refused.status_code, refused.json()["code"]) == (409, "invalid_transition")
    assert _state(world, volunteer, item)[:2] == (5, 3)


def test_a_redemption_past_the_balance_is_refused_in_chinese_and_takes_nothing(world):
    item = make_item(world, world.unit, price=10, stock=5)
    volunteer, me = _volunteer_with_account(world, points=15)
    before = _state(world, volunteer, item)
    refused = post(me, f"/api/v1/reward-items/{item.pk}/redemptions", {"quantity": 2})
    assert (refused.status_code, refused.json()["code"]) == (409, "insufficient_points")
    assert "积分不足" in refused.json()["message"]
    assert (
        post(me, f"/api/v1/reward-items/{item.pk}/redemptions", {"quantity": 0}).status_code == 422
    )
    assert _state(world, volunteer, item) == before


def test_a_keeper_of_another_units_shops_does_not_find_the_code(world):
    item = make_item(world, world.unit)
    volunteer, me = _volunteer_with_account(world, points=10)
    code = post(me, f"/api/v1/reward-items/{item.pk}/redemptions").json()["code"]
    before = _state(world, volunteer, item)
    elsewhere = api_client_for(world.member(world.sibling_unit, [CHANGE_SHOP]))
    response = post(elsewhere, "/api/v1/redemptions/hand-over", {"code": code})
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    nobody = api_client_for(world.member(world.unit, []))
    assert post(nobody, "/api/v1/redemptions/hand-over", {"code": code}).status_code == 403
    assert _state(world, volunteer, item) == before


def test_the_volunteer_cancels_and_gets_points_and_stock_back(world):
    item = make_item(world, world.unit, price=10, stock=5)
    volunteer, me = _volunteer_with_account(world, points=10)
    redemption = post(me, f"/api/v1/reward-items/{item.pk}/redemptions").json()
    assert _state(world, volunteer, item)[:2] == (0, 4)
    # another volunteer does not find it
    _, other = _volunteer_with_account(world, start=1)
    assert post(other, f"/api/v1/redemptions/{redemption['id']}/cancel").status_code == 404
    cancelled = post(me, f"/api/v1/redemptions/{redemption['id']}/cancel")
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["status"] == "cancelled"
    assert _state(world, volunteer, item)[:2] == (10, 5)
