"""Demo data: the categories and a year of work orders with realistic outcomes.

Most cases are closed (most on time, some late, some after rework), a few were deferred,
rejected or merged, and some are open now, a share of them overdue. Old orders carry their key
history entries but no photo files. Everything is bulk-created from `context.random`.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wenming.core.workdays import deadline_for
from wenming.workorders.actions import REFERENCE_ALPHABET
from wenming.workorders.choices import WorkOrderStatus
from wenming.workorders.models import Category, WorkOrder, WorkOrderEvent

#: `wenming seed` runs the apps by this number, smallest first: after inspections: the problems
#: found become work orders.
SEED_ORDER = 50

S = WorkOrderStatus

#: code, name, time limit value, unit, after-photo required, offered to residents.
CATEGORIES = [
    ("emergency", "紧急事项", 2, "natural_hours", False, True),
    ("water_power_gas", "水电气暖", 24, "working_hours", True, True),
    ("city_appearance", "市容环境", 3, "working_days", True, True),
    ("sanitation", "环境卫生", 2, "working_days", True, True),
    ("street_trade", "占道经营", 1, "working_days", True, True),
    ("public_facility", "公共设施", 5, "working_days", True, True),
    ("traffic_order", "交通秩序", 1, "working_days", True, True),
    ("public_toilet", "公厕管理", 2, "working_days", True, True),
    ("greening", "园林绿化", 5, "working_days", True, True),
    ("construction_site", "建筑工地", 3, "working_days", True, True),
    ("public_advertising", "公益广告", 7, "working_days", True, False),
    ("market_order", "市场秩序", 3, "working_days", True, True),
    ("general", "一般事项", 7, "working_days", False, True),
    ("complex", "复杂事项", 15, "working_days", False, False),
]

DESCRIPTIONS = {
    "emergency": ["井盖缺失，存在安全隐患", "路面塌陷，需立即围挡"],
    "water_power_gas": ["供水管道破裂漏水", "路灯线路故障整段不亮"],
    "city_appearance": ["沿街门店乱贴小广告", "空中线缆杂乱下垂"],
    "sanitation": ["路边垃圾堆放未清运", "垃圾桶满溢异味明显"],
    "street_trade": ["流动摊贩占道经营", "店外经营占用人行道"],
    "public_facility": ["公交站亭破损", "盲道被占用中断"],
    "traffic_order": ["非机动车乱停乱放", "机动车占用人行道停放"],
    "public_toilet": ["公厕保洁不到位", "公厕洗手设施损坏"],
    "greening": ["绿化带缺株死苗", "树木枝干遮挡路灯"],
    "construction_site": ["工地围挡破损", "工地出入口车辆带泥上路"],
    "public_advertising": ["公益广告画面褪色破损", "主干道公益广告数量不足"],
    "market_order": ["农贸市场内秩序混乱", "市场周边占道卸货"],
    "general": ["宣传栏内容过期", "小区楼道堆放杂物"],
    "complex": ["背街小巷路面硬化未完成", "老旧小区管网改造"],
}
ADDRESSES = ["广成路", "丹阳路", "朝阳路", "望嵩路", "洗耳河路", "桂花街", "向阳路", "府前街"]
SOURCES = [("citizen", 45), ("hotline", 30), ("leader", 5), ("office", 10), ("open311", 10)]


def _weighted(rng, pairs):
    total = sum(weight for _item, weight in pairs)
    point = rng.uniform(0, total)
    for item, weight in pairs:
        point -= weight
        if point <= 0:
            return item
    return pairs[-1][0]


def seed_categories(jurisdiction) -> dict[str, Category]:
    existing = {category.code: category for category in Category.objects.all()}
    new = [
        Category(
            jurisdiction=jurisdiction,
            code=code,
            name=name,
            time_limit_value=value,
            time_limit_unit=unit,
            requires_after_photo=photo,
            is_public=public,
            sort_order=index,
        )
        for index, (code, name, value, unit, photo, public) in enumerate(CATEGORIES)
        if code not in existing
    ]
    Category.objects.bulk_create(new)
    return {category.code: category for category in Category.objects.all()}


def seed(context) -> None:
    jurisdiction = context.jurisdiction
    rng = context.random
    categories = seed_categories(jurisdiction)
    if WorkOrder.objects.exists():
        context.write("workorders: already seeded")
        return
    units = list(context.shared.get("responsible_units", []))
    units += list(context.shared.get("township_governments", []))
    if not units:
        context.write("workorders: no units to dispatch to, categories only")
        return
    favourite = units[:5]
    now = timezone.now()
    problems = list(context.shared.get("inspection_problems", []))
    total = max(context.size.get("work_orders", 2500), len(problems))
    references: set[str] = set()
    plans = []
    for problem in problems:
        site = problem.get("site")
        plans.append(
            {
                "category": categories.get(problem.get("category_code")) or categories["general"],
                "source": "inspection",
                "description": problem.get("description") or "督导发现问题",
                "reported_at": problem.get("reported_at") or now,
                "site": site,
                "road_segment": problem.get("road_segment"),
                "unit": getattr(site, "patron_unit", None),
                "source_reference": problem.get("source_reference", ""),
            }
        )
    codes = [code for code, *_rest in CATEGORIES]
    while len(plans) < total:
        category = categories[rng.choice(codes)]
        plans.append(
            {
                "category": category,
                "source": _weighted(rng, SOURCES),
                "description": rng.choice(DESCRIPTIONS[category.code]),
                "reported_at": now - dt.timedelta(minutes=rng.randint(10, 365 * 24 * 60)),
                "site": None,
                "road_segment": None,
                "unit": None,
                "source_reference": "",
            }
        )
    orders, histories = [], []
    for plan in plans:
        order, history = _build(plan, rng, jurisdiction, units, favourite, now, references)
        orders.append(order)
        histories.append(history)
    WorkOrder.objects.bulk_create(orders, batch_size=2000)
    _insert_events(
        jurisdiction,
        [
            (order.pk, action, previous, status, when, note)
            for order, history in zip(orders, histories, strict=True)
            for action, previous, status, when, note in history
        ],
    )
    analyze_tables()
    context.write(f"workorders: {len(categories)} categories, {len(orders)} work orders")


def analyze_tables() -> None:
    """Refresh the planner's statistics after a bulk load: without them SQLite reads the
    unit queue through the wrong index (35,000 rows instead of the unit's own)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for model in (WorkOrder, WorkOrderEvent):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def _reference(rng, when, references) -> str:
    while True:
        tail = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(6))
        reference = f"{timezone.localtime(when):%y%m%d}{tail}"
        if reference not in references:
            references.add(reference)
            return reference


def _build(plan, rng, jurisdiction, units, favourite, now, references):
    category = plan["category"]
    reported = plan["reported_at"]
    unit = plan["unit"] or (rng.choice(favourite) if rng.random() < 0.3 else rng.choice(units))
    lat = round(34.10 + rng.random() * 0.14, 6)
    lng = round(112.76 + rng.random() * 0.16, 6)
    order = WorkOrder(
        jurisdiction=jurisdiction,
        reference=_reference(rng, reported, references),
        category=category,
        source=plan["source"],
        source_reference=plan["source_reference"],
        description=plan["description"],
        latitude=lat,
        longitude=lng,
        address=f"{rng.choice(ADDRESSES)}{rng.randint(1, 300)}号附近",
        site=plan["site"],
        road_segment=plan["road_segment"],
        reported_at=reported,
        status=S.REPORTED,
    )
    history = [("reported", "", S.REPORTED, reported, "")]
    accepted = reported + dt.timedelta(minutes=rng.randint(20, 240))
    roll = rng.random()
    if accepted > now:
        return order, history
    if roll < 0.03:
        order.status = S.REJECTED
        order.rejection_reason = "不属于受理范围"
        history.append(("rejected", S.REPORTED, S.REJECTED, accepted, order.rejection_reason))
        return order, history
    order.accepted_at = accepted
    dispatched = accepted + dt.timedelta(minutes=rng.randint(5, 120))
    if dispatched > now:
        order.status = S.ACCEPTED
        history.append(("accepted", S.REPORTED, S.ACCEPTED, accepted, ""))
        return order, history
    order.responsible_unit = unit
    order.dispatched_at = dispatched
    order.deadline = deadline_for(
        jurisdiction, dispatched, category.time_limit_value, category.time_limit_unit
    )
    history.append(("dispatched", S.REPORTED, S.DISPATCHED, dispatched, unit.name))
    span = order.deadline - dispatched
    outcome = rng.random()
    deferred = outcome < 0.03
    if deferred:
        order.was_deferred = True
        order.deadline += dt.timedelta(days=rng.randint(5, 20))
        span = order.deadline - dispatched
        history.append(("deferred", S.DISPATCHED, S.DEFERRED, dispatched + span / 5, "需协调"))
    late = 0.75 <= outcome < 0.93
    resolved = (
        order.deadline + dt.timedelta(hours=rng.randint(1, 96))
        if late
        else dispatched + span * rng.uniform(0.15, 0.95)
    )
    if resolved > now or (order.deadline < now and rng.random() < 0.03):
        # Still open now: some in progress, some already overdue.
        order.status = S.IN_PROGRESS if rng.random() < 0.7 else S.DISPATCHED
        order.started_at = dispatched + span / 10 if order.status == S.IN_PROGRESS else None
        return order, history
    order.started_at = dispatched + (resolved - dispatched) / 10
    reworked = rng.random() < 0.08
    order.first_resolved_at = resolved
    if reworked:
        history.append(("resolved", S.IN_PROGRESS, S.RESOLVED, resolved, "已整改"))
        back = resolved + dt.timedelta(hours=rng.randint(2, 24))
        history.append(("reworked", S.RESOLVED, S.REWORKED, back, "整改不到位"))
        order.rework_count = 1
        resolved = back + dt.timedelta(hours=rng.randint(4, 72))
    closed = resolved + dt.timedelta(hours=rng.randint(1, 30))
    if closed > now:
        order.status = S.RESOLVED
        order.resolved_at = resolved
        order.resolved_unit = unit
        order.resolution_note = "已整改完毕"
        history.append(("resolved", S.IN_PROGRESS, S.RESOLVED, resolved, "已整改完毕"))
        return order, history
    order.status = S.CLOSED
    order.resolved_at = resolved
    order.resolved_unit = unit
    order.resolution_note = "已整改完毕"
    order.verified_at = closed
    order.closed_at = closed
    order.closed_on_time = resolved <= order.deadline
    order.close_hours = round((closed - reported).total_seconds() / 3600, 2)
    history.append(("resolved", S.IN_PROGRESS, S.RESOLVED, resolved, "已整改完毕"))
    history.append(("verified", S.RESOLVED, S.VERIFIED, closed, ""))
    history.append(("closed", S.VERIFIED, S.CLOSED, closed, ""))
    return order, history


def _insert_events(jurisdiction, rows) -> None:
    """History rows by `executemany`: ~100,000 of them, so no model instances (seeding speed)."""
    from django.db import connection

    table = WorkOrderEvent._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    json_cast = "::jsonb" if connection.vendor == "postgresql" else ""
    stamp = adapt(timezone.now())
    sql = (
        f"INSERT INTO {table} (created_at, updated_at, jurisdiction_id, work_order_id, action, "  # noqa: S608
        f"from_status, to_status, actor_label, note, data, occurred_at) "
        f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s{json_cast}, %s)"
    )
    params = [
        (
            stamp,
            stamp,
            jurisdiction.pk,
            order_id,
            action,
            previous,
            status,
            "demo",
            note,
            "{}",
            adapt(when),
        )
        for order_id, action, previous, status, when, note in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 5000):
            cursor.executemany(sql, params[start : start + 5000])
