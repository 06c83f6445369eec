"""The work-order engine: every transition of the table, allowed and refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wenming.core.errors import TransitionError
from wenming.core.models import AuditEvent
from wenming.core.permissions import SYSTEM
from wenming.testing import error_codes
from wenming.workorders import actions
from wenming.workorders.choices import TRANSITIONS, WorkOrderStatus
from wenming.workorders.models import DeferralRequest, WorkOrder, WorkOrderEvent, WorkOrderPhoto
from wenming.workorders.tests.conftest import EXPECTED_TRANSITIONS, jpeg

S = WorkOrderStatus


def _do(action, order, world, office_user, unit_user, make_order):
    later = timezone.now() + timezone.timedelta(days=30)
    if action == "accept":
        return actions.accept_work_order(order, actor=office_user)
    if action == "reject":
        return actions.reject_work_order(order, reason="不属于受理范围", actor=office_user)
    if action == "dispatch":
        return actions.dispatch_work_order(order, unit=world.unit, actor=office_user)
    if action == "start":
        return actions.start_work_order(order, actor=unit_user)
    if action == "resolve":
        return actions.resolve_work_order(order, note="已修复", photos=[jpeg()], actor=unit_user)
    if action == "verify_pass":
        return actions.verify_work_order(order, passed=True, actor=office_user)
    if action == "verify_fail":
        return actions.verify_work_order(order, passed=False, note="仍有垃圾", actor=office_user)
    if action == "defer":
        request = actions.request_deferral(
            order, reason="需协调资金", requested_deadline=later, actor=unit_user
        )
        return actions.approve_deferral(request, approved=True, actor=office_user)
    if action == "return":
        return actions.return_work_order(order, reason="不属于本单位", actor=unit_user)
    if action == "reopen":
        return actions.reopen_work_order(order, reason="问题复现", actor=office_user)
    if action == "merge":
        target = make_order(S.ACCEPTED)
        return actions.merge_work_orders(order, into=target, actor=office_user)
    raise AssertionError(action)


def test_the_transition_table_is_the_documented_one():
    assert {status: set(targets) for status, targets in TRANSITIONS.items()} == EXPECTED_TRANSITIONS


#: action → the status it moves the order to first.
ACTION_TARGETS = {
    "accept": S.ACCEPTED,
    "reject": S.REJECTED,
    "dispatch": S.DISPATCHED,
    "start": S.IN_PROGRESS,
    "resolve": S.RESOLVED,
    "verify_pass": S.VERIFIED,
    "verify_fail": S.REWORKED,
    "defer": S.DEFERRED,
    "return": S.RETURNED,
    "reopen": S.REOPENED,
    "merge": S.MERGED,
}
UNIT_ACTIONS = {"start", "resolve", "defer", "return"}
#: Where the order ends after the action (verify pass closes in the same step).
FINAL = {S.VERIFIED: S.CLOSED}


@pytest.mark.parametrize("status", list(S.values))
@pytest.mark.parametrize("action", list(ACTION_TARGETS))
def test_transition_table(in_scope, office_user, unit_user, make_order, status, action):
    world = in_scope
    order = make_order(status)
    target = ACTION_TARGETS[action]
    events_before = WorkOrderEvent.objects.filter(work_order=order).count()
    allowed = target in EXPECTED_TRANSITIONS[status]
    if allowed:
        _do(action, order, world, office_user, unit_user, make_order)
        order.refresh_from_db()
        assert order.status == FINAL.get(target, target)
        events = list(WorkOrderEvent.objects.filter(work_order=order).order_by("id"))
        assert len(events) > events_before
        assert any(
            event.from_status == status and event.to_status == target
            for event in events[events_before:]
        )
        assert AuditEvent.objects.filter(
            target_type="workorders.workorder", target_id=str(order.pk)
        ).exists()
    else:
        # A unit cannot even see an order before it is dispatched to it.
        unseen = order.dispatched_at is None and action in UNIT_ACTIONS
        with pytest.raises(PermissionDenied if unseen else TransitionError):
            _do(action, order, world, office_user, unit_user, make_order)
        order.refresh_from_db()
        assert order.status == status
        assert WorkOrderEvent.objects.filter(work_order=order).count() == events_before
        assert not DeferralRequest.objects.filter(work_order=order).exists()
        assert not WorkOrderPhoto.objects.filter(work_order=order).exists()


def test_the_whole_life_of_a_residents_report(in_scope, categories, office_user, unit_user):
    world = in_scope
    order = actions.report_problem(
        jurisdiction=world.jurisdiction,
        category="general",
        description="人行道井盖缺失",
        source="citizen",
        latitude="34.167",
        longitude="112.845",
        photos=[jpeg()],
        reporter_phone="138 0013 8000",
        actor=SYSTEM,
    )
    assert order.status == S.REPORTED
    assert order.reporter_phone == "13800138000"
    assert order.reporter_phone_hash
    assert order.photos.filter(stage="before").count() == 1
    actions.accept_work_order(order, actor=office_user)
    order = actions.dispatch_work_order(order, unit=world.unit, actor=office_user)
    assert order.deadline > order.dispatched_at
    actions.start_work_order(order, actor=unit_user)
    actions.resolve_work_order(order, note="已补装井盖", photos=[jpeg()], actor=unit_user)
    order = actions.verify_work_order(order, passed=True, actor=office_user)
    assert order.status == S.CLOSED
    assert order.closed_on_time is True
    assert order.close_hours is not None
    history = list(order.events.values_list("action", flat=True))
    assert history == [
        "reported",
        "accepted",
        "dispatched",
        "started",
        "resolved",
        "verified",
        "closed",
    ]
    # The audit trail never holds the phone number.
    assert "13800138000" not in str(list(AuditEvent.objects.values_list("new_data", flat=True)))
    # The head of the unit was told about the dispatch.
    from wenming.notifications.models import Notification

    assert Notification.objects.filter(recipient=unit_user).exists()


def test_fail_sends_it_back_and_counts_a_rework(in_scope, make_order, office_user, unit_user):
    order = make_order(S.RESOLVED)
    order = actions.verify_work_order(order, passed=False, note="仍有积水", actor=office_user)
    assert order.status == S.REWORKED
    assert order.rework_count == 1
    with pytest.raises(ValidationError) as caught:
        actions.verify_work_order(make_order(S.RESOLVED), passed=False, note="", actor=office_user)
    assert error_codes(caught.value) == {"note_required"}


def test_verify_by_the_resolving_unit_is_refused(in_scope, make_order, unit_user):
    world = in_scope
    verifier = world.member(
        world.unit, ["workorders.view_workorder", "workorders.verify"], scope="jurisdiction"
    )
    order = make_order(S.RESOLVED)
    with pytest.raises(actions.SelfVerificationError):
        actions.verify_work_order(order, passed=True, actor=verifier)
    order.refresh_from_db()
    assert order.status == S.RESOLVED
    assert not order.events.exists()


def test_resolve_without_the_required_after_photo(in_scope, make_order, unit_user):
    order = make_order(S.IN_PROGRESS)
    with pytest.raises(ValidationError) as caught:
        actions.resolve_work_order(order, note="已处理", photos=[], actor=unit_user)
    assert error_codes(caught.value) == {"after_photo_required"}
    order.refresh_from_db()
    assert order.status == S.IN_PROGRESS and not order.events.exists()
    # A category without that requirement resolves without a photo.
    other = make_order(S.IN_PROGRESS, category="emergency")
    assert actions.resolve_work_order(other, note="已处理", actor=unit_user).status == S.RESOLVED


def test_a_bad_photo_leaves_no_record(in_scope, make_order, unit_user):
    order = make_order(S.IN_PROGRESS)
    fake = jpeg()
    fake.file.seek(0)
    fake.file.write(b"PK\x03\x04 not a photo")
    fake.file.truncate()
    with pytest.raises(ValidationError) as caught:
        actions.resolve_work_order(order, note="已处理", photos=[fake], actor=unit_user)
    assert error_codes(caught.value) == {"not_an_image"}
    assert not WorkOrderPhoto.objects.exists()
    order.refresh_from_db()
    assert order.status == S.IN_PROGRESS


def test_report_bad_input_leaves_nothing(in_scope, categories):
    world = in_scope
    base = {
        "jurisdiction": world.jurisdiction,
        "category": "general",
        "description": "垃圾堆放",
        "source": "citizen",
        "latitude": "34.1",
        "longitude": "112.8",
        "actor": SYSTEM,
    }
    cases = [
        ({"category": ""}, "category_required"),
        ({"category": "nope"}, "unknown_category"),
        ({"category": "complex"}, "unknown_category"),  # not offered to residents
        ({"latitude": "39.9", "longitude": "116.4"}, "location_outside"),
        ({"latitude": None, "longitude": None}, "location_required"),
        ({"latitude": "34.1", "longitude": None}, "location_partial"),
        ({"description": "  "}, "description_required"),
        ({"reporter_phone": "12345"}, None),
    ]
    for change, code in cases:
        with pytest.raises(ValidationError) as caught:
            actions.report_problem(**(base | change))
        if code:
            assert code in error_codes(caught.value), change
    assert not WorkOrder.objects.exists()
    assert not WorkOrderEvent.objects.exists()


def test_gcj02_location_is_stored_as_wgs84(in_scope, categories):
    world = in_scope
    order = actions.report_problem(
        jurisdiction=world.jurisdiction,
        category="general",
        description="路灯不亮",
        source="citizen",
        latitude="34.16878",
        longitude="112.85198",
        coordinate_system="gcj02",
        actor=SYSTEM,
    )
    from wenming.core.geo import wgs84_to_gcj02

    # Stored shifted by a few hundred metres, and shifting it back gives the phone's point.
    assert 0.001 < abs(float(order.latitude) - 34.16878) < 0.01
    back = wgs84_to_gcj02(float(order.latitude), float(order.longitude))
    assert back[0] == pytest.approx(34.16878, abs=1e-5)
    assert back[1] == pytest.approx(112.85198, abs=1e-5)


def test_deadline_follows_the_category(in_scope, make_order, office_user):
    world = in_scope
    order = make_order(S.ACCEPTED, category="emergency")
    order = actions.dispatch_work_order(order, unit=world.unit, actor=office_user)
    assert order.deadline - order.dispatched_at == timezone.timedelta(hours=2)


def test_deferral_once_at_a_time_and_decided_once(in_scope, make_order, office_user, unit_user):
    order = make_order(S.IN_PROGRESS)
    later = timezone.now() + timezone.timedelta(days=20)
    request = actions.request_deferral(
        order, reason="需协调", requested_deadline=later, actor=unit_user
    )
    with pytest.raises(actions.ConflictError):
        actions.request_deferral(order, reason="再次", requested_deadline=later, actor=unit_user)
    actions.approve_deferral(request, approved=True, actor=office_user)
    order.refresh_from_db()
    assert order.status == S.DEFERRED and order.was_deferred and order.deadline == later
    with pytest.raises(actions.ConflictError):
        actions.approve_deferral(request, approved=False, actor=office_user)
    # An earlier deadline is no deferral.
    other = make_order(S.IN_PROGRESS)
    with pytest.raises(ValidationError):
        actions.request_deferral(
            other, reason="x", requested_deadline=timezone.now(), actor=unit_user
        )


def test_refused_deferral_keeps_the_status(in_scope, make_order, office_user, unit_user):
    order = make_order(S.DISPATCHED)
    later = timezone.now() + timezone.timedelta(days=20)
    request = actions.request_deferral(order, reason="x", requested_deadline=later, actor=unit_user)
    actions.approve_deferral(request, approved=False, note="不同意", actor=office_user)
    order.refresh_from_db()
    assert order.status == S.DISPATCHED and not order.was_deferred


def test_a_unit_cannot_act_on_another_units_order(in_scope, make_order):
    world = in_scope
    stranger = world.member(
        world.sibling_unit, ["workorders.view_workorder", "workorders.handle"], scope="own"
    )
    order = make_order(S.DISPATCHED)
    with pytest.raises(PermissionDenied):
        actions.start_work_order(order, actor=stranger)
    order.refresh_from_db()
    assert order.status == S.DISPATCHED and not order.events.exists()


def test_merge_and_reject_need_reasons_and_targets(in_scope, make_order, office_user):
    first = make_order(S.REPORTED)
    with pytest.raises(ValidationError):
        actions.merge_work_orders(first, into=first, actor=office_user)
    with pytest.raises(ValidationError):
        actions.reject_work_order(first, reason="", actor=office_user)
    target = make_order(S.DISPATCHED)
    merged = actions.merge_work_orders(first, into=target, actor=office_user)
    assert merged.merged_into == target
    assert target.events.filter(action="duplicate_merged").exists()
