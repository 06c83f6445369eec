"""The registry of data sources a scheme's components draw from.

Each source counts, per organization, a numerator, a denominator and the number of records
(`cases`) in a period, with one grouped query over the records of the area it reads; the engine
rolls the counts up to the assessed units (each unit covers its subtree) and freezes them in the
run's snapshot. A new source is one more `register(Source(…))`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: {organization id: (numerator, denominator, cases)}
Counts = dict[int, tuple[Decimal, Decimal, int]]


@dataclass(frozen=True)
class Source:
    key: str
    label: str | Promise
    formula: str | Promise
    origin: str | Promise
    count: Callable[[dt.datetime, dt.datetime], Counts]
    higher_is_better: bool = True
    #: 100 for a percentage, 1 for a ratio such as hours per head.
    scale: int = 100
    #: The list of the records behind a value: URL name and its filter parameters.
    records: str = ""


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.key] = source
    return source


def source_choices() -> list[tuple[str, str]]:
    return [(key, str(source.label)) for key, source in SOURCES.items()]


def _as_counts(rows, key: str, numerator: str, denominator: str, cases: str) -> Counts:
    return {
        row[key]: (
            Decimal(row[numerator] or 0),
            Decimal(row[denominator] or 0),
            int(row[cases] or 0),
        )
        for row in rows
        if row[key] is not None
    }


def _work_orders(start: dt.datetime, end: dt.datetime):
    from wenming.workorders.models import WorkOrder
    from wenming.workorders.queries import due_in_period

    return due_in_period(WorkOrder.objects.all(), start, end).order_by().values("responsible_unit")


def _work_order_counts(numerator: Q, denominator: Q | None = None) -> Callable:
    def count(start: dt.datetime, end: dt.datetime) -> Counts:
        rows = _work_orders(start, end).annotate(
            numerator=Count("pk", filter=numerator),
            denominator=Count("pk", filter=denominator) if denominator else Count("pk"),
            cases=Count("pk"),
        )
        return _as_counts(rows, "responsible_unit", "numerator", "denominator", "cases")

    return count


def _closed() -> Q:
    return Q(status="closed")


def _overdue_counts(start: dt.datetime, end: dt.datetime) -> Counts:
    """超期率: due in the period and closed after the deadline, or still open past it."""
    now = timezone.now()
    late = (Q(status="closed") & Q(closed_on_time=False)) | (
        ~Q(status="closed") & Q(deadline__lt=now)
    )
    return _work_order_counts(late)(start, end)


def _inspection_counts(start: dt.datetime, end: dt.datetime) -> Counts:
    from wenming.inspections.models import SiteVisit

    rows = (
        SiteVisit.objects.filter(status="submitted", submitted_at__gte=start, submitted_at__lt=end)
        .order_by()
        .values("site__patron_unit")
        .annotate(scored=Sum("points_scored"), possible=Sum("points_possible"), cases=Count("pk"))
    )
    return _as_counts(rows, "site__patron_unit", "scored", "possible", "cases")


def _evidence_counts(start: dt.datetime, end: dt.datetime) -> Counts:
    from wenming.standards.models import Evidence

    reviewed = Q(status__in=["accepted", "returned", "rejected"])
    rows = (
        Evidence.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .order_by()
        .values("organization")
        .annotate(
            accepted=Count("pk", filter=Q(status="accepted")),
            reviewed=Count("pk", filter=reviewed),
            cases=Count("pk", filter=reviewed),
        )
    )
    return _as_counts(rows, "organization", "accepted", "reviewed", "cases")


def _task_counts(start: dt.datetime, end: dt.datetime) -> Counts:
    from wenming.tasks.models import Task

    rows = (
        Task.objects.filter(due_date__gte=start.date(), due_date__lt=end.date())
        .exclude(status="cancelled")
        .order_by()
        .values("lead_unit")
        .annotate(done=Count("pk", filter=Q(status="done")), due=Count("pk"), cases=Count("pk"))
    )
    return _as_counts(rows, "lead_unit", "done", "due", "cases")


def _project_counts(start: dt.datetime, end: dt.datetime) -> Counts:
    from wenming.tasks.models import Project

    rows = (
        Project.objects.filter(due_date__gte=start.date(), due_date__lt=end.date())
        .order_by()
        .values("lead_unit")
        .annotate(done=Sum("completed_quantity"), target=Sum("target_quantity"), cases=Count("pk"))
    )
    counts = _as_counts(rows, "lead_unit", "done", "target", "cases")
    # A project done beyond its target counts as done, not more.
    return {key: (min(num, den), den, cases) for key, (num, den, cases) in counts.items()}


def _plan_counts(start: dt.datetime, end: dt.datetime) -> Counts:
    from wenming.tasks.models import PlanItem

    rows = (
        PlanItem.objects.filter(date__gte=start.date(), date__lt=end.date())
        .exclude(plan__status="draft")
        .order_by()
        .values("owner")
        .annotate(
            executed=Count("pk", filter=Q(executed_on__isnull=False)),
            planned=Count("pk"),
            cases=Count("pk"),
        )
    )
    return _as_counts(rows, "owner", "executed", "planned", "cases")


def _evidence_completeness_counts(start: dt.datetime, end: dt.datetime) -> Counts:
    """Indicators assigned to the unit that have accepted evidence submitted before the end of
    the period ÷ indicators assigned to it."""
    from django.db.models import Exists, OuterRef

    from wenming.standards.models import Assignment, Evidence

    accepted = Evidence.objects.filter(
        indicator=OuterRef("indicator"),
        organization=OuterRef("organization"),
        status="accepted",
        submitted_at__lt=end,
    )
    rows = (
        Assignment.objects.annotate(has_evidence=Exists(accepted))
        .order_by()
        .values("organization")
        .annotate(
            covered=Count("pk", filter=Q(has_evidence=True)),
            assigned=Count("pk"),
            cases=Count("pk"),
        )
    )
    return _as_counts(rows, "organization", "covered", "assigned", "cases")


def _volunteer_hours_counts(start: dt.datetime, end: dt.datetime) -> Counts:
    """Hours served in the period by the volunteers a unit holds ÷ those volunteers."""
    from wenming.volunteers.models import ServiceHoursEntry, Volunteer

    people = dict(
        Volunteer.objects.filter(status="approved")
        .order_by()
        .values("organization")
        .annotate(count=Count("pk"))
        .values_list("organization", "count")
    )
    hours = dict(
        ServiceHoursEntry.objects.filter(served_on__gte=start.date(), served_on__lt=end.date())
        .order_by()
        .values("volunteer__organization")
        .annotate(total=Sum("hours"))
        .values_list("volunteer__organization", "total")
    )
    return {
        key: (Decimal(hours.get(key) or 0), Decimal(count), count)
        for key, count in people.items()
        if key is not None
    }


register(
    Source(
        "inspection_score_rate",
        _("Inspection score rate"),
        _("points scored ÷ points possible of the submitted visits to the unit's sites × 100"),
        _("Inspections: site visits of the sites the unit is patron of"),
        _inspection_counts,
        records="inspections:inspection-list",
    )
)
register(
    Source(
        "work_order_close_rate",
        _("Close rate (结案率)"),
        _("closed ÷ due in the period × 100"),
        _("Work orders due in the period"),
        _work_order_counts(_closed()),
        records="workorders:kpi",
    )
)
register(
    Source(
        "work_order_on_time_rate",
        _("On-time close rate (按期结案率)"),
        _("closed on time ÷ (due − deferred) × 100"),
        _("Work orders due in the period"),
        _work_order_counts(_closed() & Q(closed_on_time=True), ~Q(was_deferred=True)),
        records="workorders:kpi",
    )
)
register(
    Source(
        "work_order_rework_rate",
        _("Rework rate (返工率)"),
        _("reworked ÷ handled × 100 (lower is better)"),
        _("Work orders due in the period"),
        _work_order_counts(Q(rework_count__gt=0), Q(first_resolved_at__isnull=False)),
        higher_is_better=False,
        records="workorders:kpi",
    )
)
register(
    Source(
        "work_order_overdue_rate",
        _("Overdue rate (超期率)"),
        _("closed after the deadline or open past it ÷ due in the period × 100 (lower is better)"),
        _("Work orders due in the period"),
        _overdue_counts,
        higher_is_better=False,
        records="workorders:kpi",
    )
)
register(
    Source(
        "evidence_acceptance_rate",
        _("Evidence acceptance rate"),
        _("accepted ÷ reviewed evidence submitted in the period × 100"),
        _("Standards: evidence the unit submitted"),
        _evidence_counts,
        records="standards:evidence-list",
    )
)
register(
    Source(
        "task_completion_rate",
        _("Task completion"),
        _("tasks done ÷ tasks due in the period (not cancelled) × 100"),
        _("Tasks the unit leads"),
        _task_counts,
        records="tasks:task-list",
    )
)
register(
    Source(
        "project_completion_rate",
        _("Project completion"),
        _("completed quantity ÷ target quantity of the projects due in the period × 100"),
        _("Projects the unit leads"),
        _project_counts,
        records="tasks:project-list",
    )
)
register(
    Source(
        "plan_execution_rate",
        _("Monthly plan execution"),
        _("activities reported done ÷ activities planned in the period × 100"),
        _("Published monthly activity plans: the unit's activities"),
        _plan_counts,
        records="tasks:plan-list",
    )
)
register(
    Source(
        "evidence_completeness",
        _("Evidence completeness"),
        _("assigned indicators with accepted evidence ÷ assigned indicators × 100"),
        _("Standards: the unit's assignments and evidence"),
        _evidence_completeness_counts,
        records="standards:evidence-list",
    )
)
register(
    Source(
        "volunteer_hours_per_head",
        _("Volunteer hours per head"),
        _("hours served in the period ÷ approved volunteers the unit holds"),
        _("Volunteers: service hours ledger"),
        _volunteer_hours_counts,
        scale=1,
        records="volunteers:volunteer-list",
    )
)


def _tour_counts(start: dt.datetime, end: dt.datetime) -> Counts:
    """The scores of closed observation tours dated in the period: their sum ÷ their number, so
    that a unit's value is its mean tour score (a subtree's: the mean of its stops' scores)."""
    from django_scopes import get_scope

    from wenming.assessments.queries.tours import tour_scores

    last_day = (end - dt.timedelta(days=1)).date()
    # The engine counts inside the scheme's jurisdiction's scope.
    scores = tour_scores(get_scope()["jurisdiction"], start.date(), last_day)
    return {
        unit_id: (score * tours, Decimal(tours), tours)
        for unit_id, (score, tours) in scores.items()
    }


register(
    Source(
        "tour_score",
        _("Observation tour score"),
        _("mean score of the unit's stops in the closed observation tours of the period"),
        _("Observation tours: the panel's scores, combined by each tour's rule"),
        _tour_counts,
        scale=1,
        records="assessments:tour-list",
    )
)
