"""A resident's report accepted as valid earns its reporter points, through the work-order hook
`workorders.report_validated` (work orders do not import volunteers)."""

import pytest

from wenming.core import hooks
from wenming.core.permissions import SYSTEM
from wenming.volunteers.choices import PointsReason
from wenming.volunteers.models import PointsEntry, Volunteer, VolunteerBalance
from wenming.volunteers.tests.conftest import make_volunteers
from wenming.workorders.actions import accept_work_order, report_problem
from wenming.workorders.models import Category
from wenming.workorders.tests.conftest import jpeg


def _reported_by(world, volunteer):
    Category.objects.get_or_create(
        jurisdiction=world.jurisdiction,
        code="general",
        defaults={
            "name": "一般事项",
            "time_limit_value": 7,
            "time_limit_unit": "working_days",
            "is_public": True,
        },
    )
    return report_problem(
        jurisdiction=world.jurisdiction,
        category="general",
        description="人行道井盖缺失",
        source="citizen",
        latitude="34.167",
        longitude="112.845",
        photos=[jpeg()],
        reporter_phone=volunteer.phone,
        actor=SYSTEM,
    )


@pytest.fixture
def volunteer(in_scope):
    [volunteer] = make_volunteers(in_scope, 1)
    return Volunteer.objects.get(pk=volunteer.pk)


def test_accepting_a_volunteers_report_awards_the_points_once(in_scope, volunteer):
    # given a resident's report from a volunteer's phone
    order = _reported_by(in_scope, volunteer)
    assert not PointsEntry.objects.exists()
    # when the office accepts it as a valid case
    accept_work_order(order, actor=SYSTEM)
    # then the volunteer holds the points for a valid report, under the work order's reference
    entry = PointsEntry.objects.get()
    assert entry.volunteer_id == volunteer.pk
    assert entry.reason == PointsReason.VALID_REPORT
    assert entry.reference == str(order.reference)
    assert VolunteerBalance.objects.get(volunteer=volunteer).points_balance == entry.points > 0


def test_without_the_volunteers_handler_work_orders_still_accept_and_award_nothing(
    in_scope, volunteer
):
    order = _reported_by(in_scope, volunteer)
    installed = hooks.unregister("workorders.report_validated")
    try:
        accepted = accept_work_order(order, actor=SYSTEM)
    finally:
        hooks.register("workorders.report_validated", installed)
    assert accepted.status == "accepted"
    assert not PointsEntry.objects.exists()


def test_a_failing_handler_rolls_the_acceptance_back(in_scope, volunteer):
    # the hook runs inside the acceptance's transaction: both commit or neither
    order = _reported_by(in_scope, volunteer)

    def broken(**kwargs):
        raise RuntimeError("ledger unavailable")

    installed = hooks.unregister("workorders.report_validated")
    hooks.register("workorders.report_validated", broken)
    try:
        with pytest.raises(RuntimeError):
            accept_work_order(order, actor=SYSTEM)
    finally:
        hooks.unregister("workorders.report_validated")
        hooks.register("workorders.report_validated", installed)
    order.refresh_from_db()
    assert order.status == "reported"
