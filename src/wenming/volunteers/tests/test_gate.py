"""Volunteer actions are the gate; "who may check whom in" is one rule (`rules.may_check_in`)."""

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scope

from wenming.core.permissions import SYSTEM
from wenming.testing import assert_gate, gate_actors, make_member
from wenming.volunteers import actions
from wenming.volunteers.choices import ScanResult, VolunteerStatus
from wenming.volunteers.models import Attendance, Volunteer
from wenming.volunteers.rules import may_check_in
from wenming.volunteers.tests.conftest import make_volunteers, running_activity


def _status(volunteer):
    return Volunteer.objects.filter(pk=volunteer.pk).values_list("status", flat=True).first()


def test_approval_refuses_actors_without_the_permission(in_scope):
    world = in_scope
    [volunteer] = make_volunteers(world, 1, status=VolunteerStatus.PENDING, organization=world.unit)
    actors = gate_actors(world, world.unit, ["volunteers.approve_volunteer"])
    assert_gate(
        actors,
        lambda actor: actions.approve_volunteer(volunteer=volunteer, actor=actor),
        unchanged=lambda: _status(volunteer),
    )
    assert actions.approve_volunteer(volunteer=volunteer, actor=SYSTEM).status == "approved"


def _account(world, volunteer):
    user = make_member(world.unit, [])
    Volunteer.objects.filter(pk=volunteer.pk).update(user=user)
    volunteer.user_id = user.pk
    return user


def test_a_volunteer_checks_in_only_themself_and_only_by_code(in_scope, team):
    # given two signed-up volunteers with accounts, at a running activity
    world = in_scope
    me, other = make_volunteers(world, 2)
    activity = running_activity(team, [me, other])
    my_account = _account(world, me)
    organiser = make_member(world.unit, ["volunteers.check_in_volunteer"])
    with scope(jurisdiction=world.jurisdiction):
        # then the rule: myself by code yes; someone else, or from the list, no
        assert may_check_in(my_account, activity, volunteer=me, method="code")
        assert not may_check_in(my_account, activity, volunteer=other, method="code")
        assert not may_check_in(my_account, activity, volunteer=me, method="list")
        assert may_check_in(organiser, activity, volunteer=other, method="list")
        # when I check the other volunteer in with a valid code, then it is refused
        code = actions.make_code(activity, "check_in")
        with pytest.raises(PermissionDenied):
            actions.check_in_volunteer(
                activity=activity, volunteer=other, code=code, actor=my_account
            )
        assert not Attendance.objects.filter(volunteer=other).exists()
        # and checking myself in works
        outcome = actions.check_in_volunteer(
            activity=activity,
            volunteer=me,
            code=code,
            latitude=activity.latitude,
            longitude=activity.longitude,
            actor=my_account,
        )
        assert outcome.result == ScanResult.OK
