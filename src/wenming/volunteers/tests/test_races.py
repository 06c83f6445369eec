"""Races with real threads: quotas, check-ins and redemptions hold their invariants."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from wenming.core.errors import DomainError
from wenming.core.permissions import SYSTEM
from wenming.volunteers import actions
from wenming.volunteers.choices import PointsReason, ScanResult, SignupStatus
from wenming.volunteers.models import (
    Activity,
    Attendance,
    RewardItem,
    Signup,
    Station,
    VolunteerBalance,
)
from wenming.volunteers.tests.conftest import make_activity, make_volunteers, running_activity

pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(function, arguments, workers=20):
    def run(argument):
        try:
            return function(argument)
        except DomainError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, arguments))


def test_200_parallel_signups_for_50_places_give_50_signed_up_and_150_waiting(world, team):
    activity = make_activity(team, quota=50)
    volunteers = make_volunteers(world, 200)

    def sign(volunteer):
        with scope(jurisdiction=world.jurisdiction):
            return actions.sign_up(activity=activity, volunteer=volunteer, actor=SYSTEM).status

    results = _in_threads(sign, volunteers)

    assert results.count(SignupStatus.SIGNED_UP) == 50
    assert results.count(SignupStatus.WAITING) == 150
    with scope(jurisdiction=world.jurisdiction):
        assert Signup.objects.filter(activity=activity, status="signed_up").count() == 50
        assert Signup.objects.filter(activity=activity, status="waiting").count() == 150
        activity = Activity.objects.get(pk=activity.pk)
        assert (activity.signed_up_count, activity.waiting_count) == (50, 150)


def test_the_same_check_in_sent_10_times_in_parallel_counts_once(world, team):
    [volunteer] = make_volunteers(world, 1)
    activity = running_activity(team, [volunteer])
    key = str(uuid.uuid4())

    def check_in(_index):
        with scope(jurisdiction=world.jurisdiction):
            return actions.check_in_volunteer(
                activity=activity,
                volunteer=volunteer,
                method="list",
                idempotency_key=key,
                actor=world.extra["organiser"],
            ).result

    world.extra["organiser"] = world.member(world.unit, ["volunteers.check_in_volunteer"])
    results = _in_threads(check_in, range(10), workers=10)

    assert results == [ScanResult.OK] * 10  # every retry gets the first result back
    with scope(jurisdiction=world.jurisdiction):
        assert Attendance.objects.filter(activity=activity).count() == 1
        assert Activity.objects.get(pk=activity.pk).checked_in_count == 1


def test_parallel_check_ins_without_a_key_give_one_ok_and_already_checked_in(world, team):
    [volunteer] = make_volunteers(world, 1)
    activity = running_activity(team, [volunteer])

    def check_in(_index):
        with scope(jurisdiction=world.jurisdiction):
            return actions.check_in_volunteer(
                activity=activity, volunteer=volunteer, method="list", actor=SYSTEM
            ).result

    results = _in_threads(check_in, range(10), workers=10)

    assert results.count(ScanResult.OK) == 1
    assert results.count(ScanResult.ALREADY_CHECKED_IN) == 9
    with scope(jurisdiction=world.jurisdiction):
        assert Activity.objects.get(pk=activity.pk).checked_in_count == 1


def test_parallel_redemptions_never_drive_stock_or_points_below_zero(world):
    volunteers = make_volunteers(world, 6)
    with scope(jurisdiction=world.jurisdiction):
        station = Station.objects.create(
            jurisdiction=world.jurisdiction, kind="square", name="广场站"
        )
        item = RewardItem.objects.create(
            jurisdiction=world.jurisdiction, station=station, name="毛巾", points_price=10, stock=8
        )
        for volunteer in volunteers:
            actions.append_points(
                volunteer=volunteer, points=25, reason=PointsReason.ADJUSTMENT, actor=SYSTEM
            )
    # 6 volunteers × 3 attempts: points allow 2 each (12), stock only 8.
    attempts = [volunteer for volunteer in volunteers for _ in range(3)]

    def redeem(volunteer):
        with scope(jurisdiction=world.jurisdiction):
            return actions.redeem_item(volunteer=volunteer, item=item, actor=SYSTEM).code

    results = _in_threads(redeem, attempts, workers=18)

    codes = [r for r in results if r not in ("insufficient_points", "out_of_stock")]
    assert len(codes) == 8 and len(set(codes)) == 8
    with scope(jurisdiction=world.jurisdiction):
        assert RewardItem.objects.get(pk=item.pk).stock == 0
        balances = list(VolunteerBalance.objects.values_list("points_balance", flat=True))
        assert min(balances) >= 0
        assert sum(balances) == 6 * 25 - 8 * 10


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks (it serialises writers), so there is no FOR UPDATE to see",
)
def test_a_signup_locks_the_activity_before_it_counts_the_places(world, team):
    """The race test above holds because of this lock: without it two sign-ups could both read
    the last free place (count, then insert)."""
    activity = make_activity(team, quota=50)
    [volunteer] = make_volunteers(world, 1)
    with scope(jurisdiction=world.jurisdiction), CaptureQueriesContext(connection) as captured:
        actions.sign_up(activity=activity, volunteer=volunteer, actor=SYSTEM)
    statements = [query["sql"] for query in captured.captured_queries]
    locked = next(
        index
        for index, sql in enumerate(statements)
        if 'FROM "volunteers_activity"' in sql and sql.rstrip().endswith("FOR UPDATE")
    )
    inserted = next(
        index
        for index, sql in enumerate(statements)
        if sql.startswith('INSERT INTO "volunteers_signup"')
    )
    assert locked < inserted


def _api_in_threads(key, requests, workers=10):
    """Send (path, body) requests in parallel, each thread its own client with the token."""
    import json

    from django.test import Client

    def send(request):
        path, body = request
        try:
            response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").post(
                path, json.dumps(body), content_type="application/json"
            )
            error = response.json()["code"] if response.status_code >= 400 else None
            return response.status_code, error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(send, requests))


def test_parallel_api_redemptions_and_cancellations_keep_points_and_stock_whole(world):
    from wenming.accounts.actions import create_api_token
    from wenming.volunteers.models import Redemption, Volunteer
    from wenming.volunteers.tests.conftest import give_points, make_item

    # given a volunteer with 35 points (three items of 10), with an account and a token
    [volunteer] = make_volunteers(world, 1)
    account = world.member(world.unit, [])
    with scope(jurisdiction=world.jurisdiction):
        Volunteer.objects.filter(pk=volunteer.pk).update(user=account)
    give_points(world, volunteer, 35)
    item = make_item(world, world.unit, price=10, stock=20)
    _token, key = create_api_token(account, "race", actor=account)
    # when ten redemptions arrive at once
    url = f"/api/v1/reward-items/{item.pk}/redemptions"
    results = _api_in_threads(key, [(url, {"quantity": 1})] * 10)
    # then three succeed, the others are refused for points, and nothing went below zero
    assert sorted(results, key=repr) == [(201, None)] * 3 + [(409, "insufficient_points")] * 7
    with scope(jurisdiction=world.jurisdiction):
        assert VolunteerBalance.objects.get(volunteer=volunteer).points_balance == 5
        assert RewardItem.objects.get(pk=item.pk).stock == 17
        redemption = Redemption.objects.filter(volunteer=volunteer).first()
    # and one redemption cancelled five times at once is refunded once
    cancel = f"/api/v1/redemptions/{redemption.pk}/cancel"
    results = _api_in_threads(key, [(cancel, {})] * 5, workers=5)
    assert sorted(results, key=repr) == [(200, None)] + [(409, "invalid_transition")] * 4
    with scope(jurisdiction=world.jurisdiction):
        assert VolunteerBalance.objects.get(volunteer=volunteer).points_balance == 15
        assert RewardItem.objects.get(pk=item.pk).stock == 18
