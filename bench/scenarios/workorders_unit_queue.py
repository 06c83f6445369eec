"""The unit's work-order queue page with 10,000 open orders in the jurisdiction (demo `unit`)."""

import datetime as dt
import random

from benchkit import Request

NAME = "workorders_unit_queue"
SCALE = "ruzhou"
EXPECT = (200,)
OPEN_TARGET = 10_000


def prepare(env):
    env.django()
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from django_scopes import scope

    from wenming.core.models import Jurisdiction
    from wenming.organizations.models import Membership, Organization
    from wenming.workorders.choices import OPEN_STATUSES
    from wenming.workorders.models import Category, WorkOrder

    rng = random.Random(11)
    jurisdiction = Jurisdiction.objects.order_by("code").first()
    with scope(jurisdiction=jurisdiction):
        user = get_user_model().objects.get(username="unit")
        unit = Membership.objects.filter(person__user=user).first().organization
        others = list(Organization.objects.filter(kind="responsible_unit").exclude(pk=unit.pk))
        categories = list(Category.objects.all())
        existing = WorkOrder.objects.filter(status__in=OPEN_STATUSES).count()
        now = timezone.now()
        new = []
        for index in range(max(0, OPEN_TARGET - existing)):
            reported = now - dt.timedelta(hours=rng.randint(1, 24 * 30))
            mine = index % 5 == 0
            new.append(
                WorkOrder(
                    jurisdiction=jurisdiction,
                    reference=f"B{index:011d}",
                    category=rng.choice(categories),
                    status=rng.choice(["dispatched", "in_progress", "reworked", "resolved"]),
                    source="hotline",
                    description="基准测试工单",
                    reported_at=reported,
                    responsible_unit=unit if mine else rng.choice(others),
                    dispatched_at=reported + dt.timedelta(hours=1),
                    deadline=reported + dt.timedelta(days=rng.randint(1, 20)),
                )
            )
        WorkOrder.objects.bulk_create(new, batch_size=2000)
        from wenming.workorders.seed import analyze_tables

        analyze_tables()
        env.notes["open_orders"] = WorkOrder.objects.filter(status__in=OPEN_STATUSES).count()
        env.notes["open_orders_of_unit"] = WorkOrder.objects.filter(
            status__in=OPEN_STATUSES, responsible_unit=unit
        ).count()
    env.state["cookie"] = env.login("unit")
    answer = env.request("GET", "/workorders/", headers={"Cookie": env.state["cookie"]})
    if answer.status != 200:
        raise RuntimeError(f"the queue answered HTTP {answer.status}")


def requests(env):
    return [Request("GET", "/workorders/", headers={"Cookie": env.state["cookie"]})]
