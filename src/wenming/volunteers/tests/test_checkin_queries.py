"""The check-in and check-out are a few statements in one short transaction: exact counts.

Inside a test's transaction the action's `atomic()` is a savepoint (SAVEPOINT … RELEASE), in
production the transaction itself (BEGIN … COMMIT): the same two statements around the work.
"""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from wenming.core.permissions import REGISTRY
from wenming.testing import api_client_for
from wenming.volunteers import actions
from wenming.volunteers.choices import ScanResult
from wenming.volunteers.tests.conftest import make_volunteers, running_activity


@pytest.fixture
def setting(world, team):
    volunteers = make_volunteers(world, 2, team=team)
    activity = running_activity(team, volunteers)
    organiser = world.member(world.unit, ["volunteers.check_in_volunteer"])
    return activity, volunteers, organiser


def _scan(function, world, activity, volunteer, organiser, key=""):
    with scope(jurisdiction=world.jurisdiction), CaptureQueriesContext(connection) as captured:
        outcome = function(
            activity=activity,
            volunteer=volunteer,
            method="list",
            idempotency_key=key,
            actor=organiser,
        )
    return outcome, [query["sql"] for query in captured.captured_queries]


def _shape(statements):
    return [
        sql.split()[0] + (" " + sql.split()[2] if sql.startswith("INSERT") else "")
        for sql in statements
    ]


def test_a_check_in_is_a_locked_read_and_three_writes(world, setting):
    activity, [volunteer, other], organiser = setting
    _scan(actions.check_in_volunteer, world, activity, other, organiser)  # the grants cached
    outcome, statements = _scan(
        actions.check_in_volunteer, world, activity, volunteer, organiser, str(uuid.uuid4())
    )
    assert outcome.result == ScanResult.OK
    assert _shape(statements) == [
        "SAVEPOINT",
        "SELECT",  # the sign-up, locked, with the key looked up
        'INSERT "volunteers_attendance"',
        'INSERT "volunteers_scan"',
        "UPDATE",  # the activity's counter, last
        "RELEASE",
    ]


def test_a_replayed_key_reads_the_first_result(world, setting):
    activity, [volunteer, _other], organiser = setting
    key = str(uuid.uuid4())
    _scan(actions.check_in_volunteer, world, activity, volunteer, organiser, key)
    outcome, statements = _scan(
        actions.check_in_volunteer, world, activity, volunteer, organiser, key
    )
    assert outcome.replayed and outcome.result == ScanResult.OK
    assert len(statements) == 5  # savepoint, lock + key, the first scan, its attendance, release


def test_a_second_check_in_inserts_no_attendance_and_records_the_scan(world, setting):
    activity, [volunteer, _other], organiser = setting
    _scan(actions.check_in_volunteer, world, activity, volunteer, organiser)
    outcome, statements = _scan(actions.check_in_volunteer, world, activity, volunteer, organiser)
    assert outcome.result == ScanResult.ALREADY_CHECKED_IN
    assert _shape(statements) == [
        "SAVEPOINT",
        "SELECT",
        'INSERT "volunteers_attendance"',  # ON CONFLICT DO NOTHING: none inserted
        "SELECT",  # the attendance shown in the answer
        'INSERT "volunteers_scan"',
        "RELEASE",
    ]


def test_a_check_out_locks_the_sign_up_and_the_attendance(world, setting):
    activity, [volunteer, _other], organiser = setting
    _scan(actions.check_in_volunteer, world, activity, volunteer, organiser)
    outcome, statements = _scan(
        actions.check_out_volunteer, world, activity, volunteer, organiser, str(uuid.uuid4())
    )
    assert outcome.result == ScanResult.OK
    assert _shape(statements) == [
        "SAVEPOINT",
        "SELECT",  # the sign-up, locked, with the key looked up
        "SELECT",  # the attendance, locked
        "UPDATE",  # the attendance checked out
        'INSERT "volunteers_scan"',
        "UPDATE",  # the activity's counter, last
        "RELEASE",
    ]


@pytest.mark.parametrize("path", ["check-ins", "check-outs"])
def test_the_api_check_in_and_out_in_a_fixed_number_of_queries(world, setting, path):
    activity, volunteers, _organiser = setting
    client = api_client_for(world.member(world.unit, REGISTRY))
    if path == "check-outs":
        for volunteer in volunteers:
            with scope(jurisdiction=world.jurisdiction):
                actions.check_in_volunteer(
                    activity=activity, volunteer=volunteer, method="list", actor=_organiser
                )
    counts = []
    for volunteer in volunteers:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                f"/api/v1/activities/{activity.public_id}/{path}",
                json.dumps({"volunteer_id": str(volunteer.public_id)}),
                content_type="application/json",
                HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
            )
        assert response.status_code == 201, response.content
        counts.append(len(captured))
    # Once the grants are cached: the token, the activity, the volunteer, then the action's.
    assert counts[1] == (9 if path == "check-ins" else 10)
