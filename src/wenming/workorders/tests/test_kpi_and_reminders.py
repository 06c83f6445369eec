"""KPI formulas (the worked example), aggregate queries, rankings, and idempotent reminders."""

from decimal import Decimal

from django.utils import timezone

from wenming.notifications.models import Notification
from wenming.workorders import queries
from wenming.workorders.models import Reminder, WorkOrder
from wenming.workorders.queries import Kpi, kpi_by_township, kpi_by_unit, kpi_total, ranking
from wenming.workorders.tasks import remind_jurisdiction


def test_the_worked_example_from_a_citys_december_report():
    kpi = Kpi(due=972, closed=911, on_time=737, deferred=0)
    assert kpi.close_rate == Decimal("93.72")
    assert kpi.on_time_close_rate == Decimal("75.82")
    # Deferrals leave the on-time denominator.
    assert Kpi(due=972, closed=911, on_time=737, deferred=72).on_time_close_rate == Decimal("81.89")
    assert Kpi(handled=200, reworked=15).rework_rate == Decimal("7.50")
    assert Kpi().close_rate is None


def test_kpi_queries_count_what_the_actions_recorded(
    in_scope, make_order, django_assert_num_queries
):
    world = in_scope
    now = timezone.now()
    start, end = now - timezone.timedelta(days=10), now + timezone.timedelta(days=10)
    make_order("closed", closed_on_time=True, first_resolved_at=now, close_hours=10.0)
    make_order(
        "closed", closed_on_time=False, first_resolved_at=now, close_hours=30.0, rework_count=1
    )
    make_order("in_progress", was_deferred=True)
    make_order(
        "closed",
        unit=world.sibling_unit,
        closed_on_time=True,
        first_resolved_at=now,
        close_hours=5.0,
        source="citizen",
    )
    make_order(
        "closed", unit=world.village, closed_on_time=True, first_resolved_at=now, close_hours=5.0
    )
    make_order("rejected")
    base = WorkOrder.objects.all()
    total = kpi_total(base, start, end)
    assert (total.due, total.closed, total.on_time, total.deferred) == (5, 4, 3, 1)
    assert total.close_rate == Decimal("80.00")
    assert total.on_time_close_rate == Decimal("75.00")
    assert total.rework_rate == Decimal("25.00")
    assert total.average_close_hours == 12.5
    with django_assert_num_queries(2):
        rows = {row.key: row for row in kpi_by_unit(base, start, end)}
    assert rows[world.unit.pk].due == 3 and rows[world.unit.pk].closed == 2
    assert rows[world.sibling_unit.pk].by_source == {"citizen": 1}
    townships = {row.key: row for row in kpi_by_township(base, start, end)}
    assert townships[world.township.pk].due == 1  # the village lies under the township
    # Outside the period nothing counts.
    assert kpi_total(base, end, end + timezone.timedelta(days=1)).due == 0


def test_ranking_needs_a_minimum_number_of_cases():
    fast_single = Kpi(label="一件快单位", due=1, closed=1, on_time=1)
    steady = Kpi(label="稳定单位", due=40, closed=38, on_time=35)
    weaker = Kpi(label="较弱单位", due=30, closed=20, on_time=10)
    ranked, unranked = ranking([fast_single, weaker, steady], minimum_cases=10)
    assert [row.label for row in ranked] == ["稳定单位", "较弱单位"]
    assert unranked == [fast_single]


def test_reminders_go_once_a_day_to_head_and_liaison(in_scope, make_order):
    world = in_scope
    head = world.member(world.unit, [], position="head")
    liaison = world.member(world.unit, [], position="liaison")
    member = world.member(world.unit, [], position="member")
    overdue = make_order("in_progress")
    WorkOrder.objects.filter(pk=overdue.pk).update(
        deadline=timezone.now() - timezone.timedelta(hours=3)
    )
    soon = make_order("dispatched")
    WorkOrder.objects.filter(pk=soon.pk).update(
        deadline=timezone.now() + timezone.timedelta(hours=3)
    )
    make_order("dispatched")  # due in three days: no reminder yet
    make_order("closed")
    counts = remind_jurisdiction(world.jurisdiction)
    assert counts == {"due_soon": 1, "overdue": 1}
    assert Reminder.objects.count() == 2
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {head.pk, liaison.pk}
    assert member.pk not in recipients
    sent = Notification.objects.count()
    # A second run the same day sends nothing.
    assert remind_jurisdiction(world.jurisdiction) == {"due_soon": 0, "overdue": 0}
    assert Notification.objects.count() == sent
    # The next day the overdue order is reminded again.
    tomorrow = timezone.now() + timezone.timedelta(days=1)
    assert remind_jurisdiction(world.jurisdiction, tomorrow)["overdue"] >= 1


def test_home_counts_in_one_query(in_scope, make_order, unit_user, django_assert_num_queries):
    for _ in range(3):
        make_order("dispatched")
    late = make_order("in_progress")
    WorkOrder.objects.filter(pk=late.pk).update(deadline=timezone.now() - timezone.timedelta(1))
    counts = queries.home_counts(unit_user)
    assert counts == {"overdue": 1, "needs_action": 4, "open": 4}
