"""Demo tasks, the reference city's projects (see shared seed figures) and monthly plans."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

from django.utils import timezone

from wenming.tasks.actions import decompose_criteria
from wenming.tasks.choices import ActivityKind, PlanStatus, ProjectStatus, TaskSource, TaskStatus
from wenming.tasks.models import ActivityPlan, PlanItem, Project, ProjectReport, Task

#: `wenming seed` runs the apps by this number, smallest first: after standards: tasks come from
#: the framework's criteria.
SEED_ORDER = 30

# (name, category, target, unit of measure, lead department)
PROJECTS = [
    ("打通断头路", "roads", "7", "条", "住房和城乡建设局"),
    ("道路大修", "roads", "13", "条", "住房和城乡建设局"),
    ("次干道畅通工程", "roads", "6", "条", "交通运输局"),
    ("主干道改造提升", "roads", "6", "条", "住房和城乡建设局"),
    ("城市道路改造", "roads", "51.2", "公里", "住房和城乡建设局"),
    ("自行车道建设", "roads", "170", "公里", "交通运输局"),
    ("健身步道建设", "parks", "126", "公里", "教育体育局"),
    ("新建公共厕所", "toilets", "125", "座", "城市管理局"),
    ("新建停车场", "parking", "31", "个", "公安局交通管理大队"),
    ("新建公园游园", "parks", "63", "个", "园林绿化中心"),
    ("新增环卫车辆", "sanitation", "69", "辆", "环卫处"),
    ("清运积存垃圾", "sanitation", "33000", "吨", "环卫处"),
    ("水系连通（河、库、湖）", "water", "12", "处", "水利局"),
    ("滨河景观带", "water", "30", "公里", "水利局"),
    ("农村改厕第一批：公厕", "rural", "3", "座", "农业农村局"),
    ("农村改厕第一批：户厕", "rural", "570", "户", "农业农村局"),
    ("农村改厕第二批：户厕", "rural", "7766", "户", "农业农村局"),
    ("农村改厕第二批：公厕", "rural", "20", "座", "农业农村局"),
]
TASK_VERBS = ["开展", "推进", "完成", "落实", "组织", "整治", "排查", "督导"]
TASK_SUBJECTS = [
    "占道经营集中整治",
    "背街小巷路面硬化",
    "公益广告更新",
    "文明交通劝导",
    "农贸市场环境提升",
    "小区核心价值观宣传牌设置",
    "公厕保洁检查",
    "志愿服务站点建设",
    "未成年人活动场所排查",
    "窗口单位文明服务培训",
    "建筑工地围挡规范",
    "户外广告招牌清理",
    "创建资料归档",
    "道德讲堂活动",
    "移风易俗宣传",
]
MONTHLY = [
    ("文明交通劝导月活动", ActivityKind.CAMPAIGN, 10),
    ("道德讲堂", ActivityKind.LECTURE, 15),
    ("环境卫生集中整治", ActivityKind.CAMPAIGN, 20),
    ("新时代文明实践主题活动", ActivityKind.OTHER, 25),
]
FESTIVALS = {
    1: "元旦文明过节倡议",
    2: "春节“我们的节日”活动",
    3: "学雷锋志愿服务月",
    4: "清明文明祭扫",
    5: "劳动节劳模宣讲",
    6: "端午“我们的节日”活动",
    7: "建党节主题党日",
    8: "七夕婚俗改革宣传",
    9: "中秋“我们的节日”活动",
    10: "国庆升旗仪式",
    11: "全国文明城市测评迎检动员",
    12: "年度创建资料归档",
}


def _by_name(units):
    return {unit.name.removeprefix("汝州市"): unit for unit in units}


def seed(context) -> None:
    if Task.objects.exists() or Project.objects.exists():
        context.write("tasks: already seeded")
        return
    started = time.monotonic()
    units = list(context.shared.get("responsible_units") or [])
    if not units:
        return
    today = timezone.localdate()
    framework = context.shared.get("framework")
    decomposed = 0
    if framework is not None:
        decomposed = decompose_criteria(
            framework, due_date=datetime.date(today.year, 10, 31), actor=context.admin
        )
        _progress_existing(context, today)
    _seed_command_tasks(context, units, context.size.get("tasks", 2000) - decomposed, today)
    _seed_projects(context, units, today)
    _seed_plans(context, units, today)
    context.write(
        f"tasks: {Task.objects.count()} tasks, {Project.objects.count()} projects "
        f"in {time.monotonic() - started:.1f}s"
    )


def _progress_existing(context, today) -> None:
    rng = context.random
    tasks = list(Task.objects.all())
    for task in tasks:
        task.progress = rng.choice([0, 20, 40, 60, 80, 100, 100])
        task.status = (
            TaskStatus.DONE
            if task.progress == 100
            else TaskStatus.IN_PROGRESS
            if task.progress
            else TaskStatus.OPEN
        )
    Task.objects.bulk_update(tasks, ["progress", "status"])


def _seed_command_tasks(context, units, count: int, today) -> None:
    rng, jurisdiction = context.random, context.jurisdiction
    rows = []
    for _ in range(max(0, count)):
        due = today + datetime.timedelta(days=rng.randint(-120, 120))
        progress = rng.choice([0, 10, 30, 50, 70, 90, 100, 100])
        if due < today and progress < 100 and rng.random() < 0.6:
            progress = 100
        rows.append(
            Task(
                jurisdiction=jurisdiction,
                title=f"{rng.choice(TASK_VERBS)}{rng.choice(TASK_SUBJECTS)}",
                source=TaskSource.COMMAND,
                lead_unit=rng.choice(units),
                due_date=due,
                progress=progress,
                status=TaskStatus.DONE
                if progress == 100
                else TaskStatus.IN_PROGRESS
                if progress
                else TaskStatus.OPEN,
                created_by=context.admin,
            )
        )
    tasks = Task.objects.bulk_create(rows, batch_size=1000)
    Through = Task.co_units.through
    Through.objects.bulk_create(
        (
            Through(task_id=task.pk, organization_id=rng.choice(units).pk)
            for task in tasks
            if rng.random() < 0.4
        ),
        batch_size=1000,
        ignore_conflicts=True,
    )


def _seed_projects(context, units, today) -> None:
    rng, jurisdiction = context.random, context.jurisdiction
    by_name = _by_name(units)
    projects = Project.objects.bulk_create(
        Project(
            jurisdiction=jurisdiction,
            name=name,
            category=category,
            lead_unit=by_name.get(department) or units[index % len(units)],
            target_quantity=Decimal(target),
            completed_quantity=Decimal(target),
            quantity_unit=unit,
            start_date=datetime.date(today.year - 2, 3, 1),
            due_date=datetime.date(today.year - 1, 10, 31),
            status=ProjectStatus.COMPLETED,
        )
        for index, (name, category, target, unit, department) in enumerate(PROJECTS)
    )
    reports = []
    for project in projects:
        remaining = project.target_quantity
        parts = 4
        for part in range(parts):
            quantity = (
                remaining
                if part == parts - 1
                else (project.target_quantity / parts).quantize(Decimal("0.01"))
            )
            remaining -= quantity
            reports.append(
                ProjectReport(
                    jurisdiction=jurisdiction,
                    project=project,
                    quantity=quantity,
                    note=f"第{part + 1}阶段完成",
                    reported_on=datetime.date(today.year - 2, 4 + part * 2, rng.randint(1, 28)),
                    reported_by=context.admin,
                )
            )
    ProjectReport.objects.bulk_create(reports)


def _fridays(month: datetime.date):
    day = month
    while day.month == month.month:
        if day.weekday() == 4:
            yield day
        day += datetime.timedelta(days=1)


def _seed_plans(context, units, today) -> None:
    rng, jurisdiction = context.random, context.jurisdiction
    first = datetime.date(today.year, 1, 1)
    last = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)  # next month
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    plans = ActivityPlan.objects.bulk_create(
        ActivityPlan(
            jurisdiction=jurisdiction,
            month=month,
            title=f"{month.year}年{month.month}月文明创建活动安排",
            status=PlanStatus.PUBLISHED if month <= today else PlanStatus.DRAFT,
            created_by=context.admin,
        )
        for month in months
    )
    items = []
    for plan in plans:
        entries = [(FESTIVALS[plan.month.month], ActivityKind.FESTIVAL, min(8, 28))]
        entries += [(title, kind, day) for title, kind, day in MONTHLY]
        dated = [(title, kind, plan.month.replace(day=day)) for title, kind, day in entries]
        dated += [
            ("志愿服务日：包路段志愿服务", ActivityKind.VOLUNTEER_DAY, d)
            for d in _fridays(plan.month)
        ]
        for title, kind, date in dated:
            executed_on, note = None, ""
            if date < today:
                roll = rng.random()
                if roll < 0.8:
                    executed_on, note = date, "按计划开展"
                elif roll < 0.9:
                    executed_on, note = (
                        date + datetime.timedelta(days=rng.randint(1, 5)),
                        "延期开展",
                    )
            items.append(
                PlanItem(
                    jurisdiction=jurisdiction,
                    plan=plan,
                    title=title,
                    kind=kind,
                    date=date,
                    owner=rng.choice(units),
                    executed_on=executed_on
                    if executed_on is None or executed_on <= today
                    else None,
                    execution_note=note,
                )
            )
    PlanItem.objects.bulk_create(items)
