"""Demo assessment: a monthly scheme for the responsible units and a year of runs computed
from the demo city's records, with red and black flags, bonus and deduction items, and appeals
accepted (a new version) and rejected. Seeds act as the platform (`SYSTEM`)."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.utils import timezone

from wenming.assessments import actions
from wenming.assessments.models import Run, Scheme
from wenming.core.permissions import SYSTEM

#: The demo city's records are densest in work orders, so the demo scheme draws on them; the
#: other sources are demonstrated by the tests and the benchmark.
COMPONENTS = [
    ("work_order_close_rate", 35, "min_max", None),
    ("work_order_on_time_rate", 35, "rank", None),
    ("work_order_rework_rate", 15, "min_max", None),
    ("work_order_overdue_rate", 15, "threshold", Decimal(15)),
]
ADJUSTMENTS = [
    ("bonus", Decimal(2), "获评省级文明单位"),
    ("bonus", Decimal(1), "创建工作经验被市级简报推广"),
    ("deduction", Decimal(3), "负面清单：主次干道乱堆乱放被媒体曝光"),
    ("deduction", Decimal(2), "被市创建办通报批评"),
]


def _months(today: dt.date, count: int) -> list[dt.date]:
    start = today.replace(day=1)
    months = []
    for _index in range(count):
        start = (start - dt.timedelta(days=1)).replace(day=1)
        months.append(start)
    return list(reversed(months))


def seed_runs(context) -> None:
    if Scheme.objects.exists():
        context.write("assessments: schemes already seeded")
        return
    units = list(context.shared.get("responsible_units") or [])
    if len(units) < 2:
        return
    started = time.monotonic()
    rng = context.random
    months = _months(timezone.localdate(), 12)
    scheme = actions.create_scheme(
        jurisdiction=context.jurisdiction,
        data={
            "name": "责任单位月度考核",
            "period_kind": "month",
            "group_kind": "responsible_units",
            "valid_from": months[0],
            "red_flags": 3,
            "black_flags": 3,
            "minimum_cases": 3,
            "objection_days": 5,
            "accountability_threshold": Decimal(60),
        },
        components=[
            {"source": source, "weight": weight, "normalisation": method, "threshold": threshold}
            for source, weight, method, threshold in COMPONENTS
        ],
        actor=SYSTEM,
    )
    for month in months:
        for kind, points, reason in rng.sample(ADJUSTMENTS, 2):
            actions.add_adjustment(
                organization=rng.choice(units),
                data={
                    "kind": kind,
                    "points": points,
                    "occurred_on": month.replace(day=rng.randint(1, 28)),
                    "reason": reason,
                },
                actor=SYSTEM,
            )
    appeals = 0
    for index, month in enumerate(months):
        run = actions.publish_run(
            run=actions.compute_run(scheme=scheme, period_start=month, actor=SYSTEM), actor=SYSTEM
        )
        if index in (len(months) - 4, len(months) - 2):
            appeals += _appeal(run, accept=index == len(months) - 4)
            run = Run.objects.filter(scheme=scheme, period_start=month).order_by("-version")[0]
            if run.status == "computed":
                run = actions.publish_run(run=run, actor=SYSTEM)
        if index < len(months) - 1:
            actions.finalise_run(run=run, actor=SYSTEM)
    context.write(
        f"assessments: 1 scheme, {Run.objects.count()} runs {months[0]:%Y-%m}–{months[-1]:%Y-%m}, "
        f"{appeals} appeals "
        f"in {time.monotonic() - started:.1f}s"
    )


def _appeal(run: Run, *, accept: bool) -> int:
    """The black-flagged unit with the lowest rank appeals its on-time rate."""
    result = (
        run.results.filter(flag="black").select_related("organization").order_by("-rank").first()
    )
    if result is None:
        return 0
    appeal = actions.lodge_appeal(
        run=run,
        organization=result.organization,
        data={
            "component": "work_order_on_time_rate",
            "reason": "部分工单因暴雨天气经批准缓办，应从按期结案率分母中扣除",
        },
        actor=SYSTEM,
    )
    actions.decide_appeal(
        appeal=appeal,
        accept=accept,
        reason="经核实缓办手续齐全，予以采纳，重新计算"
        if accept
        else "经核实缓办未经批准，维持原结果",
        actor=SYSTEM,
    )
    return 1
