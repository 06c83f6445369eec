"""Behaviour of the actions: ledgers and stars, bad input with clear reasons, transitions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import signing
from django.db.models import Sum
from django.utils import timezone

from wenming.core.errors import ConflictError, DomainError, TransitionError
from wenming.core.permissions import SYSTEM
from wenming.notifications.models import Notification
from wenming.volunteers import actions
from wenming.volunteers.choices import HoursReason, PointsReason, ScanResult, SignupStatus
from wenming.volunteers.ledgers_check import ledger_drift
from wenming.volunteers.models import (
    Activity,
    PointsEntry,
    RewardItem,
    ServiceHoursEntry,
    Station,
    Volunteer,
    VolunteerBalance,
)
from wenming.volunteers.tests.conftest import (
    PLACE,
    make_activity,
    make_volunteers,
    refresh,
    running_activity,
)


def _sums(volunteer):
    hours = ServiceHoursEntry.objects.filter(volunteer=volunteer).aggregate(s=Sum("hours"))["s"]
    points = PointsEntry.objects.filter(volunteer=volunteer).aggregate(s=Sum("points"))["s"]
    return hours or Decimal("0"), points or 0


def test_balance_equals_the_sum_of_entries_and_a_reversal_restores_it(in_scope, team):
    world = in_scope
    [volunteer] = make_volunteers(world, 1)
    entry = actions.append_hours(
        volunteer=volunteer,
        team=team,
        hours=Decimal("3.5"),
        served_on=timezone.localdate(),
        reason=HoursReason.SERVICE,
        actor=SYSTEM,
    )
    actions.append_points(
        volunteer=volunteer, points=5, reason=PointsReason.ADJUSTMENT, actor=SYSTEM
    )
    balance = VolunteerBalance.objects.get(volunteer=volunteer)
    assert (
        (balance.total_hours, balance.points_balance) == _sums(volunteer) == (Decimal("3.50"), 40)
    )

    staff = world.member(world.office, ["volunteers.correct_ledger"], scope="jurisdiction")
    actions.reverse_hours_entry(entry=entry, reason="录入错误", actor=staff)
    balance.refresh_from_db()
    assert (balance.total_hours, balance.points_balance) == _sums(volunteer) == (Decimal("0"), 5)
    with pytest.raises(ConflictError) as error:
        actions.reverse_hours_entry(entry=entry, reason="again", actor=staff)
    assert error.value.code == "already_reversed"
    assert ledger_drift() == []


def test_a_reversal_needs_a_reason(in_scope, team):
    [volunteer] = make_volunteers(in_scope, 1)
    entry = actions.append_points(volunteer=volunteer, points=5, reason="adjustment", actor=SYSTEM)
    with pytest.raises(DomainError) as error:
        actions.reverse_points_entry(entry=entry, reason=" ", actor=SYSTEM)
    assert error.value.code == "reason_required"


def test_stars_follow_hours_and_reaching_one_notifies(
    in_scope, team, django_capture_on_commit_callbacks
):
    world = in_scope
    [volunteer] = make_volunteers(world, 1)
    account = world.member(world.village, [])
    Volunteer.objects.filter(pk=volunteer.pk).update(user=account)
    volunteer = Volunteer.objects.get(pk=volunteer.pk)
    with django_capture_on_commit_callbacks(execute=True):
        entry = actions.append_hours(
            volunteer=volunteer,
            team=team,
            hours=Decimal("99"),
            served_on=timezone.localdate(),
            reason=HoursReason.IMPORTED,
            points=0,
            actor=SYSTEM,
        )
        assert VolunteerBalance.objects.get(volunteer=volunteer).star_level == 0
        actions.append_hours(
            volunteer=volunteer,
            team=team,
            hours=Decimal("201"),
            served_on=timezone.localdate(),
            reason=HoursReason.IMPORTED,
            points=0,
            actor=SYSTEM,
        )
    assert VolunteerBalance.objects.get(volunteer=volunteer).star_level == 2
    assert Notification.objects.filter(recipient=account, category="volunteers.star").count() == 1
    actions.reverse_hours_entry(entry=entry, reason="核减", actor=SYSTEM)
    assert VolunteerBalance.objects.get(volunteer=volunteer).star_level == 1


def test_points_follow_the_jurisdiction_policy(in_scope):
    world = in_scope
    world.jurisdiction.policy = {"points_per_hour": 2, "points_coefficients": {"hard": 3}}
    assert actions.points_for_hours(world.jurisdiction, Decimal("2.5")) == 5
    assert (
        actions.points_for_hours(world.jurisdiction, Decimal("2.5"), coefficient_keys=["hard"])
        == 15
    )


def test_check_out_clips_hours_to_the_window_and_confirmation_records_them(in_scope, team):
    world = in_scope
    [volunteer] = make_volunteers(world, 1)
    activity = running_activity(team, [volunteer])
    early = activity.starts_at - datetime.timedelta(minutes=20)
    outcome = actions.check_in_volunteer(
        activity=activity, volunteer=volunteer, method="list", actor=SYSTEM, now=early
    )
    assert outcome.result == ScanResult.OK
    late = activity.ends_at + datetime.timedelta(minutes=50)
    out = actions.check_out_volunteer(
        activity=activity, volunteer=volunteer, method="list", actor=SYSTEM, now=late
    )
    assert out.attendance.hours == Decimal("3.00")  # travel before and after never counts
    organiser = world.member(world.unit, ["volunteers.confirm_hours"])
    actions.confirm_attendance(attendance=out.attendance, actor=organiser)
    balance = VolunteerBalance.objects.get(volunteer=volunteer)
    assert balance.total_hours == Decimal("3.00") and balance.points_balance == 30
    with pytest.raises(TransitionError):
        actions.confirm_attendance(attendance=out.attendance, actor=organiser)


def test_a_missing_check_out_is_closed_with_a_time_and_a_reason(in_scope, team):
    [volunteer] = make_volunteers(in_scope, 1)
    activity = running_activity(team, [volunteer])
    attendance = actions.check_in_volunteer(
        activity=activity, volunteer=volunteer, method="list", actor=SYSTEM
    ).attendance
    with pytest.raises(DomainError):
        actions.close_attendance(
            attendance=attendance, checked_out_at=activity.ends_at, reason="", actor=SYSTEM
        )
    closed = actions.close_attendance(
        attendance=attendance,
        checked_out_at=activity.starts_at + datetime.timedelta(hours=2),
        reason="手机没电，组织者确认离开时间",
        actor=SYSTEM,
    )
    assert closed.status == "closed" and closed.hours is not None


def test_sign_up_refuses_cancelled_past_and_double_sign_ups(in_scope, team):
    world = in_scope
    volunteers = make_volunteers(world, 2)
    activity = make_activity(team, quota=1)
    actions.sign_up(activity=activity, volunteer=volunteers[0], actor=SYSTEM)
    with pytest.raises(ConflictError) as twice:
        actions.sign_up(activity=activity, volunteer=volunteers[0], actor=SYSTEM)
    assert twice.value.code == "already_signed_up"
    with pytest.raises(ConflictError) as past:
        actions.sign_up(
            activity=activity,
            volunteer=volunteers[1],
            actor=SYSTEM,
            now=activity.starts_at + datetime.timedelta(minutes=1),
        )
    assert past.value.code == "activity_past"
    actions.cancel_activity(activity=activity, reason="暴雨", actor=SYSTEM)
    with pytest.raises(ConflictError) as cancelled:
        actions.sign_up(activity=activity, volunteer=volunteers[1], actor=SYSTEM)
    assert cancelled.value.code == "activity_cancelled"


def test_an_unapproved_volunteer_cannot_sign_up(in_scope, team):
    [volunteer] = make_volunteers(in_scope, 1, status="pending")
    with pytest.raises(DomainError) as error:
        actions.sign_up(activity=make_activity(team), volunteer=volunteer, actor=SYSTEM)
    assert error.value.code == "volunteer_not_approved"


def test_cancelling_promotes_the_first_waiting_and_the_cutoff_holds(in_scope, team):
    volunteers = make_volunteers(in_scope, 3)
    activity = make_activity(team, quota=1)
    signups = [actions.sign_up(activity=activity, volunteer=v, actor=SYSTEM) for v in volunteers]
    actions.cancel_signup(signup=signups[0], actor=SYSTEM)
    assert refresh(signups[1]).status == SignupStatus.SIGNED_UP
    assert refresh(signups[2]).status == SignupStatus.WAITING
    activity = Activity.objects.get(pk=activity.pk)
    assert (activity.signed_up_count, activity.waiting_count) == (1, 1)
    with pytest.raises(ConflictError) as late:
        actions.cancel_signup(
            signup=signups[1], actor=SYSTEM, now=activity.starts_at - datetime.timedelta(minutes=30)
        )
    assert late.value.code == "cancel_too_late"


def test_codes_forged_expired_for_another_activity_or_far_away(in_scope, team, monkeypatch):
    world = in_scope
    [volunteer] = make_volunteers(world, 1)
    activity = running_activity(team, [volunteer])
    other = make_activity(team)
    here = {"latitude": PLACE[0], "longitude": PLACE[1]}

    def scan(code, **place):
        return actions.check_in_volunteer(
            activity=activity, volunteer=volunteer, code=code, actor=SYSTEM, **(place or here)
        ).result

    assert scan("x" * 40) == ScanResult.INVALID_CODE
    assert scan(actions.make_code(other, "check_in")) == ScanResult.INVALID_CODE
    assert scan(actions.make_code(activity, "check_out")) == ScanResult.INVALID_CODE
    old = actions.make_code(activity, "check_in")
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + 120)
    assert scan(old) == ScanResult.EXPIRED_CODE  # a replayed photo of an old code
    monkeypatch.setattr(signing.time, "time", real_time)
    assert scan(old, latitude=Decimal("34.2"), longitude=PLACE[1]) == ScanResult.OUTSIDE_PLACE
    assert scan(old) == ScanResult.OK
    assert scan(old) == ScanResult.ALREADY_CHECKED_IN


def test_check_in_outside_the_window_and_check_out_without_check_in(in_scope, team):
    volunteers = make_volunteers(in_scope, 1)
    activity = make_activity(team)  # tomorrow
    actions.sign_up(activity=activity, volunteer=volunteers[0], actor=SYSTEM)
    result = actions.check_in_volunteer(
        activity=activity, volunteer=volunteers[0], method="list", actor=SYSTEM
    ).result
    assert result == ScanResult.OUTSIDE_WINDOW
    out = actions.check_out_volunteer(
        activity=activity,
        volunteer=volunteers[0],
        method="list",
        actor=SYSTEM,
        now=activity.starts_at + datetime.timedelta(minutes=5),
    )
    assert out.result == ScanResult.NOT_CHECKED_IN


def test_not_signed_up_volunteers_cannot_check_in(in_scope, team):
    volunteers = make_volunteers(in_scope, 1)
    activity = running_activity(team)
    result = actions.check_in_volunteer(
        activity=activity, volunteer=volunteers[0], method="list", actor=SYSTEM
    ).result
    assert result == ScanResult.NOT_SIGNED_UP


def test_redemption_over_balance_or_stock_is_refused_and_changes_nothing(in_scope):
    world = in_scope
    [volunteer] = make_volunteers(world, 1)
    station = Station.objects.create(jurisdiction=world.jurisdiction, kind="square", name="站")
    item = RewardItem.objects.create(
        jurisdiction=world.jurisdiction, station=station, name="雨伞", points_price=20, stock=1
    )
    dear = RewardItem.objects.create(
        jurisdiction=world.jurisdiction, station=station, name="水杯", points_price=40, stock=5
    )
    actions.append_points(volunteer=volunteer, points=50, reason="adjustment", actor=SYSTEM)
    # two umbrellas cost 40 of the 50 points, but only one is left
    with pytest.raises(ConflictError) as over_stock:
        actions.redeem_item(volunteer=volunteer, item=item, quantity=2, actor=SYSTEM)
    assert over_stock.value.code == "out_of_stock"
    assert RewardItem.objects.get(pk=item.pk).stock == 1
    assert VolunteerBalance.objects.get(volunteer=volunteer).points_balance == 50
    redemption = actions.redeem_item(volunteer=volunteer, item=item, actor=SYSTEM)
    # 30 points left, the cup costs 40 and is in stock
    with pytest.raises(ConflictError) as over_balance:
        actions.redeem_item(volunteer=volunteer, item=dear, actor=SYSTEM)
    assert over_balance.value.code == "insufficient_points"
    assert VolunteerBalance.objects.get(volunteer=volunteer).points_balance == 30
    assert RewardItem.objects.get(pk=dear.pk).stock == 5
    actions.hand_over_redemption(code=redemption.code.lower(), actor=SYSTEM)
    with pytest.raises(TransitionError):
        actions.hand_over_redemption(code=redemption.code, actor=SYSTEM)


def test_award_points_for_valid_report_is_idempotent_and_finds_by_phone(in_scope):
    from types import SimpleNamespace

    world = in_scope
    [volunteer] = make_volunteers(world, 1)
    volunteer = Volunteer.objects.get(pk=volunteer.pk)
    order = SimpleNamespace(
        jurisdiction_id=world.jurisdiction.pk,
        reporter_user_id=None,
        reporter_phone_hash=volunteer.phone_hash,
        reference="WO-2026-000123",
    )
    actions.award_points_for_valid_report(work_order=order, actor=SYSTEM)
    actions.award_points_for_valid_report(work_order=order, actor=SYSTEM)
    assert VolunteerBalance.objects.get(volunteer=volunteer).points_balance == 5
    nobody = SimpleNamespace(
        **{**order.__dict__, "reporter_phone_hash": "0" * 64, "reference": "X"}
    )
    actions.award_points_for_valid_report(work_order=nobody, actor=SYSTEM)
    assert PointsEntry.objects.count() == 1


def test_weekly_series_generates_fridays_once(in_scope, team):
    series = actions.create_activity_series(
        team=team,
        data={
            "title": "向阳路文明劝导",
            "weekday": 4,
            "start_time": datetime.time(8, 0),
            "end_time": datetime.time(10, 0),
            "first_date": datetime.date(2026, 12, 1),
            "last_date": datetime.date(2026, 12, 31),
            "quota": 10,
            "is_volunteer_day": True,
        },
        actor=SYSTEM,
    )
    days = sorted(a.starts_at.date() for a in Activity.objects.filter(series=series))
    assert [d.day for d in days] == [4, 11, 18, 25]
    assert actions.generate_series_activities(series=series, actor=SYSTEM) == 0


def test_issuing_a_certificate_only_by_the_recording_team(
    in_scope, team, sibling_team, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    world = in_scope
    [volunteer] = make_volunteers(world, 1)
    actions.append_hours(
        volunteer=volunteer,
        team=team,
        hours=Decimal("12"),
        served_on=timezone.localdate(),
        reason=HoursReason.SERVICE,
        actor=SYSTEM,
    )
    with pytest.raises(DomainError) as error:
        actions.issue_certificate(volunteer=volunteer, team=sibling_team, actor=SYSTEM)
    assert error.value.code == "no_recorded_hours"
    with django_capture_on_commit_callbacks(execute=True):
        certificate = actions.issue_certificate(volunteer=volunteer, team=team, actor=SYSTEM)
    certificate.refresh_from_db()
    assert certificate.hours == Decimal("12.00")
    assert certificate.status == "issued" and certificate.pdf.read(4) == b"%PDF"


def _self_registration(world, actor, **fields):
    return actions.register_self(
        jurisdiction=world.jurisdiction,
        name="李四",
        id_number=fields.get("id_number", "410482199001011259"),
        phone=fields.get("phone", "13600136000"),
        password="volunteer-pass-42",
        actor=actor,
    )


def test_self_registration_needs_the_public_or_system_actor(in_scope):
    # Given no actor at all
    from django.core.exceptions import PermissionDenied

    from wenming.core.permissions import PUBLIC

    # When the action runs without one, Then it is refused and creates nothing
    with pytest.raises(PermissionDenied):
        _self_registration(in_scope, None)
    assert not Volunteer.objects.exists()
    # and the public may register
    volunteer = _self_registration(in_scope, PUBLIC)
    assert volunteer.user_id and volunteer.status == "pending"


def test_self_registration_with_a_known_phone_leaves_nothing(in_scope):
    # Given a phone that already has an account
    from django.contrib.auth import get_user_model

    from wenming.core.permissions import PUBLIC

    _self_registration(in_scope, PUBLIC)
    users = get_user_model().objects.count()
    # When another ID number registers with it
    outcome = _self_registration(in_scope, PUBLIC, id_number="410482199001011232")
    # Then nothing is created: no volunteer without an account, no second account
    assert outcome is None
    assert Volunteer.objects.count() == 1
    assert get_user_model().objects.count() == users
