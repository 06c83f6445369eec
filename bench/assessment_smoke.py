"""Smoke measurement of an assessment run on the database of `DATABASE_URL` (a seeded demo city),
in-process: tops the city up to the benchmark's figures (147 responsible units, 25,000 work
orders due over a year, 5,000 site visits, 50,000 evidence items), times a monthly run, then
times the ranking page through Django's test client (no server: a floor of the real figure).

    DATABASE_URL=sqlite:///var/schemes-seed.sqlite3 .venv/bin/python bench/assessment_smoke.py
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench"), str(ROOT / "bench" / "scenarios")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wenming.config.settings")


def _top_up_units_and_orders(jurisdiction, rng, year_start) -> None:
    from assessments_monthly_run import UNITS, WORK_ORDERS
    from django.utils import timezone

    from wenming.organizations.models import Organization
    from wenming.workorders.models import Category, WorkOrder

    committee = Organization.objects.filter(kind="committee").first()
    units = list(Organization.objects.filter(kind="responsible_unit"))
    for number in range(len(units), UNITS):
        unit = Organization(
            jurisdiction=jurisdiction,
            parent=committee,
            kind="responsible_unit",
            name=f"基准单位{number}",
        )
        unit.save()
        unit.path = f"{committee.path}{unit.pk}/"
        unit.depth = committee.depth + 1
        unit.save(update_fields=["path", "depth"])
        units.append(unit)
    missing = WORK_ORDERS - WorkOrder.objects.count()
    if missing <= 0:
        return
    category = Category.objects.first()
    tz = timezone.get_current_timezone()
    rows = []
    for number in range(missing):
        deadline = datetime.datetime.combine(
            year_start + datetime.timedelta(days=rng.randint(0, 364)), datetime.time(17), tzinfo=tz
        )
        closed = rng.random() < 0.85
        rows.append(
            WorkOrder(
                jurisdiction=jurisdiction,
                reference=f"B{number:011d}",
                category=category,
                status="closed" if closed else "in_progress",
                source="inspection",
                description="基准工单",
                reported_at=deadline - datetime.timedelta(days=5),
                responsible_unit=units[number % len(units)],
                dispatched_at=deadline - datetime.timedelta(days=4),
                deadline=deadline,
                closed_on_time=(rng.random() < 0.8) if closed else None,
                first_resolved_at=deadline - datetime.timedelta(days=1) if closed else None,
                rework_count=1 if rng.random() < 0.05 else 0,
            )
        )
    WorkOrder.objects.bulk_create(rows, batch_size=2000)


def _per_source(month: datetime.date) -> None:
    """The seconds each source's grouped query takes for the month (where a run spends its time)."""
    from django.utils import timezone

    from wenming.assessments.queries.sources import SOURCES

    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(month, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        (month + datetime.timedelta(days=32)).replace(day=1), datetime.time.min, tzinfo=tz
    )
    for key, source in SOURCES.items():
        started = time.perf_counter()
        source.count(start, end)
        print(f"  {key}: {time.perf_counter() - started:.2f}s")


def main() -> None:
    import django

    django.setup()
    from assessments_monthly_run import bench_scheme, generate, time_run
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone
    from django_scopes import scope

    from wenming.assessments import actions
    from wenming.core.models import Jurisdiction
    from wenming.core.permissions import SYSTEM

    jurisdiction = Jurisdiction.objects.get(code="410482")
    rng = random.Random(2020)
    today = timezone.localdate()
    year_start = today.replace(year=today.year - 1, day=1)
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    with scope(jurisdiction=jurisdiction):
        started = time.perf_counter()
        _top_up_units_and_orders(jurisdiction, rng, year_start)
        added = generate(jurisdiction, rng, year_start=year_start)
        print(f"generated {added} in {time.perf_counter() - started:.1f}s")
        scheme = bench_scheme(jurisdiction, year_start)
        _per_source(month)
        seconds, run = time_run(scheme, month)
        print(
            f"monthly run: {run.results.count()} units, {len(scheme.components.all())} components, {seconds:.2f}s"
        )
        actions.publish_run(run=run, actor=SYSTEM)
        user = get_user_model().objects.filter(username="admin").first()
    client = Client()
    client.force_login(user)
    url = f"/assessments/runs/{run.pk}/"
    timings = []
    for _number in range(60):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"ranking page: median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms over {len(timings)} requests"
    )


if __name__ == "__main__":
    main()
