"""Ledger corrections over the API: an hours or points entry is reversed with a reason by the
same action as the volunteer page; the ledger stays append-only."""

import datetime
import json
from decimal import Decimal

from django_scopes import scope

from wenming.core.permissions import SYSTEM
from wenming.testing import api_client_for
from wenming.volunteers import actions
from wenming.volunteers.choices import HoursReason, PointsReason
from wenming.volunteers.models import PointsEntry, ServiceHoursEntry, VolunteerBalance
from wenming.volunteers.tests.conftest import make_volunteers

CORRECTOR = ["volunteers.view_volunteer", "volunteers.view_ledger", "volunteers.correct_ledger"]


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _entries(world, team, start=0):
    [volunteer] = make_volunteers(world, 1, start=start, team=team)
    with scope(jurisdiction=world.jurisdiction):
        hours = actions.append_hours(
            volunteer=volunteer,
            team=team,
            hours=Decimal("3"),
            served_on=datetime.date(2026, 5, 1),
            reason=HoursReason.IMPORTED,
            actor=SYSTEM,
        )
        points = actions.append_points(
            volunteer=volunteer, points=5, reason=PointsReason.ADJUSTMENT, actor=SYSTEM
        )
    return volunteer, hours, points


def _balance(world, volunteer):
    with scope(jurisdiction=world.jurisdiction):
        balance = VolunteerBalance.objects.get(volunteer=volunteer)
        return balance.total_hours, balance.points_balance


def _row_count(world, volunteer):
    with scope(jurisdiction=world.jurisdiction):
        return (
            ServiceHoursEntry.objects.filter(volunteer=volunteer).count(),
            PointsEntry.objects.filter(volunteer=volunteer).count(),
        )


def test_an_hours_entry_listed_in_the_ledger_is_reversed_with_its_points(world, team):
    # given a volunteer with 3 hours (which earned points) and a 5-point adjustment
    volunteer, hours, _ = _entries(world, team)
    earned_hours, earned_points = _balance(world, volunteer)
    client = api_client_for(world.member(world.office, CORRECTOR, scope="jurisdiction"))
    ledger = client.get(f"/api/v1/volunteers/{volunteer.public_id}/ledger").json()
    listed = [e["id"] for e in ledger["entries"] if e["kind"] == "hours"]
    assert listed == [hours.pk]
    # when the office reverses the hours entry with a reason
    response = post(
        client,
        f"/api/v1/volunteers/{volunteer.public_id}/hours/{hours.pk}/reverse",
        {"reason": "录入错误"},
    )
    # then a reversing entry answers, and the hours and the points they earned are gone
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["reason"], body["note"]) == ("hours", "reversal", "录入错误")
    assert Decimal(body["amount"]) == Decimal("-3")
    assert _balance(world, volunteer) == (earned_hours - 3, 5)
    assert earned_points > 5
    # and reversing it again is a conflict that adds nothing
    rows = _row_count(world, volunteer)
    again = post(
        client,
        f"/api/v1/volunteers/{volunteer.public_id}/hours/{hours.pk}/reverse",
        {"reason": "再次"},
    )
    assert again.status_code == 409
    assert again.json()["code"] == "already_reversed"
    assert _row_count(world, volunteer) == rows


def test_a_points_entry_is_reversed_and_earned_points_must_go_with_their_hours(world, team):
    volunteer, hours, points = _entries(world, team)
    client = api_client_for(world.member(world.office, CORRECTOR, scope="jurisdiction"))
    response = post(
        client,
        f"/api/v1/volunteers/{volunteer.public_id}/points/{points.pk}/reverse",
        {"reason": "重复发放"},
    )
    assert response.status_code == 201, response.content
    assert (response.json()["kind"], Decimal(response.json()["amount"])) == ("points", -5)
    with scope(jurisdiction=world.jurisdiction):
        earned = PointsEntry.objects.get(hours_entry=hours)
    refused = post(
        client,
        f"/api/v1/volunteers/{volunteer.public_id}/points/{earned.pk}/reverse",
        {"reason": "录入错误"},
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "reverse_hours_instead"


def test_a_reversal_without_a_reason_is_refused_in_chinese_and_changes_nothing(world, team):
    volunteer, hours, _ = _entries(world, team)
    before = (_balance(world, volunteer), _row_count(world, volunteer))
    client = api_client_for(world.member(world.office, CORRECTOR, scope="jurisdiction"))
    url = f"/api/v1/volunteers/{volunteer.public_id}/hours/{hours.pk}/reverse"
    missing = post(client, url)
    assert missing.status_code == 422
    assert missing.json()["message"] == "请求无效。"
    blank = post(client, url, {"reason": "   "})
    assert blank.status_code == 400
    assert blank.json()["code"] == "reason_required"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in blank.json()["message"])
    assert (_balance(world, volunteer), _row_count(world, volunteer)) == before


def test_a_member_who_may_see_the_ledger_but_not_correct_it_is_refused(world, team):
    volunteer, hours, _ = _entries(world, team)
    before = (_balance(world, volunteer), _row_count(world, volunteer))
    viewer = world.member(world.office, CORRECTOR[:2], scope="jurisdiction")
    response = post(
        api_client_for(viewer),
        f"/api/v1/volunteers/{volunteer.public_id}/hours/{hours.pk}/reverse",
        {"reason": "录入错误"},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert (_balance(world, volunteer), _row_count(world, volunteer)) == before


def test_an_entry_of_another_volunteer_is_not_found(world, team):
    volunteer, _, _ = _entries(world, team)
    _, other_hours, _ = _entries(world, team, start=1)
    client = api_client_for(world.member(world.office, CORRECTOR, scope="jurisdiction"))
    response = post(
        client,
        f"/api/v1/volunteers/{volunteer.public_id}/hours/{other_hours.pk}/reverse",
        {"reason": "录入错误"},
    )
    assert response.status_code == 404
