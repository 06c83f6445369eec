"""Volunteer actions are the gate; "who may check whom in" is one rule (`rules.may_check_in`)."""

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scope

from wenming.core.permissions import SYSTEM
from wenming.testing import assert_gate, gate_actors, make_member
from wenming.volunteers import actions
from wenming.volunteers.choices import RedemptionStatus, ScanResult, VolunteerStatus
from wenming.volunteers.models import Attendance, Redemption, Volunteer
from wenming.volunteers.rules import may_check_in
from wenming.volunteers.tests.conftest import make_redemption, make_volunteers, running_activity

CHANGE_SHOP = "volunteers.change_rewardshop"


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


def _redemption_state(redemption):
    return Redemption.objects.filter(pk=redemption.pk).values_list("status", "handed_over_by")[0]


def test_a_shop_keeper_hands_over_only_at_the_shops_of_their_own_subtree(in_scope):
    # given a redemption at the shop of the unit's station
    world = in_scope
    [volunteer] = make_volunteers(world, 1)
    redemption = make_redemption(world, world.unit, volunteer)
    # when a keeper of the sibling unit's shops (the same permission, over their subtree)
    # tries the code, then it is refused and the redemption is still waiting
    keeper_elsewhere = make_member(world.sibling_unit, [CHANGE_SHOP])
    actors = {**gate_actors(world, world.unit, [CHANGE_SHOP]), "other_unit": keeper_elsewhere}
    assert_gate(
        actors,
        lambda actor: actions.hand_over_redemption(code=redemption.code, actor=actor),
        unchanged=lambda: _redemption_state(redemption),
    )
    # and the unit's own keeper hands it over
    keeper = make_member(world.unit, [CHANGE_SHOP])
    handed = actions.hand_over_redemption(code=redemption.code, actor=keeper)
    assert (handed.status, handed.handed_over_by_id) == (RedemptionStatus.HANDED_OVER, keeper.pk)


def test_a_redemption_is_cancelled_by_the_volunteer_or_a_keeper_of_its_shop_only(in_scope):
    # given a redemption at the unit's shop by a volunteer of a team of the sibling unit
    world = in_scope
    [volunteer] = make_volunteers(world, 1, organization=world.sibling_unit)
    redemption = make_redemption(world, world.unit, volunteer)
    # then a keeper over the volunteer's unit (not over the shop) may not cancel it
    keeper_of_the_volunteer = make_member(world.sibling_unit, [CHANGE_SHOP])
    actors = {
        **gate_actors(world, world.unit, [CHANGE_SHOP]),
        "other_unit": keeper_of_the_volunteer,
    }
    assert_gate(
        actors,
        lambda actor: actions.cancel_redemption(redemption=redemption, actor=actor),
        unchanged=lambda: _redemption_state(redemption),
    )
    # and the volunteer themself may
    account = _account(world, volunteer)
    cancelled = actions.cancel_redemption(redemption=redemption, actor=account)
    assert cancelled.status == RedemptionStatus.CANCELLED
