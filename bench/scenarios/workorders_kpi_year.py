"""KPI computation (per unit, per category, per township) for a year with 250,000 orders."""

import time

from benchkit import summarize

NAME = "workorders_kpi_year"
SCALE = "ruzhou"
TARGET = 250_000


def _grow(connection, jurisdiction_id: int) -> None:
    """Copy the seeded orders (new ids, public ids and tracking codes) until TARGET exist."""
    from wenming.workorders.models import WorkOrder

    table = WorkOrder._meta.db_table
    columns = [
        field.column
        for field in WorkOrder._meta.concrete_fields
        if field.column not in ("id", "public_id", "reference")
    ]
    listed = ", ".join(columns)
    if connection.vendor == "postgresql":
        new_id = "gen_random_uuid()"
    else:
        new_id = "lower(hex(randomblob(16)))"
    with connection.cursor() as cursor:
        for copy in range(1, 40):
            cursor.execute(f"SELECT count(*) FROM {table}")
            count = cursor.fetchone()[0]
            if count >= TARGET:
                return
            limit = min(count, TARGET - count)
            cursor.execute(
                f"INSERT INTO {table} (public_id, reference, {listed}) "
                f"SELECT {new_id}, substr(reference, 1, 12) || '-{copy}', {listed} FROM {table} "
                f"WHERE jurisdiction_id = %s AND reference NOT LIKE '%%-%%' LIMIT %s",
                [jurisdiction_id, limit],
            )


def run(env):
    env.django()
    import datetime as dt

    from django.db import connection
    from django.utils import timezone
    from django_scopes import scope

    from wenming.core.models import Jurisdiction
    from wenming.workorders import queries
    from wenming.workorders.models import WorkOrder

    jurisdiction = Jurisdiction.objects.order_by("code").first()
    _grow(connection, jurisdiction.pk)
    end = timezone.now()
    start = end - dt.timedelta(days=365)
    latencies = []
    with scope(jurisdiction=jurisdiction):
        base = WorkOrder.objects.filter(jurisdiction=jurisdiction)
        total = queries.kpi_total(base, start, end)
        for _ in range(5):
            started = time.perf_counter()
            queries.kpi_by_unit(base, start, end)
            latencies.append(time.perf_counter() - started)
        category_started = time.perf_counter()
        queries.kpi_by_category(base, start, end)
        category_seconds = time.perf_counter() - category_started
        township_started = time.perf_counter()
        queries.kpi_by_township(base, start, end)
        township_seconds = time.perf_counter() - township_started
        plan = (
            queries.due_in_period(base, start, end)
            .order_by()
            .values("responsible_unit")
            .annotate(**queries._aggregates())
            .explain()
            .splitlines()
        )
    with scope(jurisdiction=jurisdiction):
        orders = WorkOrder.objects.count()
    result = summarize(latencies, sum(latencies))
    result.update(
        orders=orders,
        due_in_year=total.due,
        by_category_seconds=round(category_seconds, 3),
        by_township_seconds=round(township_seconds, 3),
        query_plan=plan,
    )
    return result
