"""Read logic of the work-order area: contacts, the queue, KPIs.

KPIs are one GROUP BY query per breakdown with conditional counts over columns the actions keep
up to date (`deadline`, `status`, `closed_on_time`, `was_deferred`, `rework_count`,
`first_resolved_at`, `close_hours`), so a year of 250,000 orders is one indexed scan.

Definitions (数字化城市管理 practice, see docs/domain/workorders.md):
- 应结案数 (due): orders whose deadline falls in the period (rejected and merged excluded);
- 结案数 (closed): of those, closed; 按期结案数 (on time): closed with the accepted fix
  reported by the deadline; 缓办数 (deferred): of those, deferred with approval;
- 处置数 (handled): of those, resolved at least once; 返工数 (reworked): sent back at least once;
- 结案率 = closed / due; 按期结案率 = on time / (due − deferred); 返工率 = reworked / handled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from wenming.core.permissions import grant_for
from wenming.workorders.choices import (
    OPEN_STATUSES,
    UNIT_ACTION_STATUSES,
    WorkOrderSource,
    WorkOrderStatus,
)
from wenming.workorders.models import WorkOrder

S = WorkOrderStatus


def unit_contacts(unit) -> list:
    """Users who are the unit's head or liaison (the people reminders go to)."""
    from wenming.organizations.models import Membership

    if unit is None:
        return []
    memberships = (
        Membership.objects.with_scopes_disabled()
        .filter(
            organization=unit,
            position__in=["head", "liaison"],
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .select_related("person__user")
    )
    return [membership.person.user for membership in memberships]


def action_statuses(user) -> tuple[str, ...]:
    """Statuses in which `user` has something to do."""
    statuses: list[str] = []
    if grant_for(user, "workorders.handle").allowed:
        statuses += UNIT_ACTION_STATUSES
    if grant_for(user, "workorders.accept").allowed:
        statuses += [S.REPORTED, S.RETURNED]
    if grant_for(user, "workorders.dispatch").allowed:
        statuses += [S.ACCEPTED, S.RETURNED, S.REOPENED]
    if grant_for(user, "workorders.verify").allowed:
        statuses += [S.RESOLVED]
    return tuple(dict.fromkeys(statuses))


def queue_queryset(user, *, now: dt.datetime | None = None) -> QuerySet:
    """The orders `user` may see: overdue first, then those needing their action, then the
    rest; within each, the nearest deadline first."""
    now = now or timezone.now()
    mine = action_statuses(user)
    return (
        WorkOrder.objects.restrict(user, "workorders.view_workorder")
        .select_related("category", "responsible_unit", "site", "road_segment")
        .annotate(
            priority=Case(
                When(status__in=UNIT_ACTION_STATUSES, deadline__lt=now, then=Value(0)),
                When(status__in=mine or ["-"], then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("priority", "deadline", "-reported_at", "-id")
    )


def overdue_filter(now: dt.datetime | None = None) -> Q:
    return Q(status__in=UNIT_ACTION_STATUSES, deadline__lt=now or timezone.now())


def home_counts(user) -> dict[str, int]:
    """Overdue and needs-action counts for the home panel (one query)."""
    now = timezone.now()
    mine = action_statuses(user)
    return WorkOrder.objects.restrict(user, "workorders.view_workorder").aggregate(
        overdue=Count("pk", filter=overdue_filter(now)),
        needs_action=Count("pk", filter=Q(status__in=mine or ["-"])),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
    )


# ---------------------------------------------------------------- KPIs


def _rate(numerator: int, denominator: int) -> Decimal | None:
    """A percentage with two decimals (93.72), or None when there is nothing to divide by."""
    if denominator <= 0:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@dataclass
class Kpi:
    key: object = None
    label: str = ""
    due: int = 0
    closed: int = 0
    on_time: int = 0
    deferred: int = 0
    handled: int = 0
    reworked: int = 0
    average_close_hours: float | None = None
    by_source: dict[str, int] = field(default_factory=dict)

    @property
    def close_rate(self) -> Decimal | None:
        """结案率 = 结案数 / 应结案数."""
        return _rate(self.closed, self.due)

    @property
    def on_time_close_rate(self) -> Decimal | None:
        """按期结案率 = 按期结案数 / (应结案数 − 缓办数)."""
        return _rate(self.on_time, self.due - self.deferred)

    @property
    def rework_rate(self) -> Decimal | None:
        """返工率 = 返工数 / 处置数."""
        return _rate(self.reworked, self.handled)

    @property
    def source_counts(self) -> list[tuple[str, int]]:
        """(label, count) per source, in the sources' order: what a page or an export shows."""
        labels = dict(WorkOrderSource.choices)
        return [
            (str(labels.get(source, source)), count) for source, count in self.by_source.items()
        ]

    def add(self, other: Kpi) -> None:
        total_hours = (self.average_close_hours or 0) * self.closed + (
            other.average_close_hours or 0
        ) * other.closed
        for name in ("due", "closed", "on_time", "deferred", "handled", "reworked"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.average_close_hours = total_hours / self.closed if self.closed else None
        for source, count in other.by_source.items():
            self.by_source[source] = self.by_source.get(source, 0) + count


def _aggregates() -> dict:
    closed = Q(status=S.CLOSED)
    values = {
        "due": Count("pk"),
        "closed": Count("pk", filter=closed),
        "on_time": Count("pk", filter=closed & Q(closed_on_time=True)),
        "deferred": Count("pk", filter=Q(was_deferred=True)),
        "handled": Count("pk", filter=Q(first_resolved_at__isnull=False)),
        "reworked": Count("pk", filter=Q(rework_count__gt=0)),
        "average_close_hours": Avg("close_hours", filter=closed),
    }
    for source in WorkOrderSource.values:
        values[f"source_{source}"] = Count("pk", filter=Q(source=source))
    return values


def due_in_period(queryset: QuerySet, start: dt.datetime, end: dt.datetime) -> QuerySet:
    """Orders that should be closed in [start, end): their deadline falls in the period."""
    return queryset.filter(deadline__gte=start, deadline__lt=end).exclude(
        status__in=[S.REJECTED, S.MERGED]
    )


def _kpi_from_row(row: dict, key=None, label="") -> Kpi:
    return Kpi(
        key=key,
        label=label,
        due=row["due"],
        closed=row["closed"],
        on_time=row["on_time"],
        deferred=row["deferred"],
        handled=row["handled"],
        reworked=row["reworked"],
        average_close_hours=row["average_close_hours"],
        by_source={
            source: row[f"source_{source}"]
            for source in WorkOrderSource.values
            if row[f"source_{source}"]
        },
    )


def kpi_total(queryset: QuerySet, start, end) -> Kpi:
    return _kpi_from_row(due_in_period(queryset, start, end).aggregate(**_aggregates()))


def kpi_grouped(queryset: QuerySet, start, end, group_by: str) -> dict[object, Kpi]:
    """One GROUP BY query: the KPIs per value of `group_by` (e.g. "responsible_unit")."""
    rows = due_in_period(queryset, start, end).order_by().values(group_by).annotate(**_aggregates())
    return {row[group_by]: _kpi_from_row(row, key=row[group_by]) for row in rows}


def kpi_by_unit(queryset: QuerySet, start, end) -> list[Kpi]:
    from wenming.organizations.models import Organization

    grouped = kpi_grouped(queryset, start, end, "responsible_unit")
    names = dict(
        Organization.objects.filter(pk__in=[key for key in grouped if key]).values_list(
            "pk", "name"
        )
    )
    for key, kpi in grouped.items():
        kpi.label = names.get(key, "—")
    return sorted(grouped.values(), key=lambda kpi: kpi.label)


def kpi_by_category(queryset: QuerySet, start, end) -> list[Kpi]:
    from wenming.workorders.models import Category

    grouped = kpi_grouped(queryset, start, end, "category")
    names = dict(Category.objects.filter(pk__in=list(grouped)).values_list("pk", "name"))
    for key, kpi in grouped.items():
        kpi.label = names.get(key, "—")
    return sorted(grouped.values(), key=lambda kpi: kpi.label)


def kpi_by_township(queryset: QuerySet, start, end) -> list[Kpi]:
    """Per township government: the orders of every unit in its subtree (the per-unit rows
    rolled up by organization path, so still one query over the orders)."""
    from wenming.organizations.models import Organization

    grouped = kpi_grouped(queryset, start, end, "responsible_unit")
    townships = list(
        Organization.objects.filter(kind="township_government").values_list("pk", "name", "path")
    )
    paths = dict(
        Organization.objects.filter(pk__in=[key for key in grouped if key]).values_list(
            "pk", "path"
        )
    )
    result = []
    for pk, name, path in townships:
        total = Kpi(key=pk, label=name)
        for unit_id, kpi in grouped.items():
            if unit_id and paths.get(unit_id, "").startswith(path):
                total.add(kpi)
        result.append(total)
    return sorted(result, key=lambda kpi: kpi.label)


def ranking(rows: list[Kpi], minimum_cases: int) -> tuple[list[Kpi], list[Kpi]]:
    """Units ranked by 按期结案率, then 结案率, then fewer reworks; those with fewer than
    `minimum_cases` due orders are listed apart, unranked (one fast case must not top it)."""
    ranked = [row for row in rows if row.due >= minimum_cases]
    unranked = [row for row in rows if row.due < minimum_cases]
    ranked.sort(
        key=lambda row: (
            -(row.on_time_close_rate or 0),
            -(row.close_rate or 0),
            row.rework_rate or 0,
            row.label,
        )
    )
    return ranked, unranked


def public_work_orders():
    """The orders anyone may read without login (the Open311 feed, the tracking-code page):
    what residents submitted, and hotline cases the office published; never internal findings."""
    from django.db.models import Q

    from wenming.workorders.choices import PUBLISHABLE_SOURCES, RESIDENT_SOURCES
    from wenming.workorders.models import WorkOrder

    return WorkOrder.objects.filter(
        Q(source__in=RESIDENT_SOURCES) | Q(source__in=PUBLISHABLE_SOURCES, is_public=True)
    )


#: The kinds of organization a work order can be dispatched to.
DISPATCH_KINDS = ("responsible_unit", "township_government", "village_committee")


def dispatch_units(user, search: str = ""):
    """Units `user` may dispatch to (the office: all; a township: its subtree), by name."""
    from wenming.organizations.models import Organization

    queryset = Organization.objects.restrict(user, "workorders.dispatch").filter(
        is_active=True, kind__in=DISPATCH_KINDS
    )
    search = search.strip()
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(short_name__icontains=search))
    return queryset.order_by("name", "pk")


def patron_unit_of(order: WorkOrder):
    """The unit that looks after the order's place: the site's or road segment's patron unit."""
    place = order.site if order.site_id else order.road_segment if order.road_segment_id else None
    if place is None or not place.patron_unit.is_active:
        return None
    return place.patron_unit
