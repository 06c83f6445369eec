"""The demo city for tests: the seeders named, scale `small`, seed 2020, every password the
test password. Used by the browser tests' `seed_city` and by tests that walk the whole site."""

from __future__ import annotations

import importlib
import random
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django_scopes import scope

from wenming.core.models import Jurisdiction
from wenming.core.seed import SeedContext, load_calendar

#: Every area's seeder, in seed order.
ALL_APPS = (
    "wenming.organizations",
    "wenming.places",
    "wenming.standards",
    "wenming.tasks",
    "wenming.inspections",
    "wenming.workorders",
    "wenming.volunteers",
)


def seed_demo_city(
    apps: Iterable[str] = ("wenming.organizations",), *, password: str, scale: str = "small"
) -> SeedContext:
    with translation.override("zh-hans"):
        jurisdiction, _ = Jurisdiction.objects.get_or_create(
            code="410482", defaults={"name": "汝州市", "parent_name": "平顶山市"}
        )
        admin = get_user_model().objects.create_user(
            username="admin",
            password=password,
            jurisdiction=jurisdiction,
            display_name="系统管理员",
            is_office_admin=True,
            is_staff=True,
        )
        load_calendar(jurisdiction)
        context = SeedContext(
            jurisdiction=jurisdiction,
            scale=scale,
            random=random.Random(2020),
            admin=admin,
            password=password,
            write=lambda *args, **kwargs: None,
        )
        for app in apps:
            module = importlib.import_module(f"{app}.seed")
            with scope(jurisdiction=jurisdiction), transaction.atomic():
                module.seed(context)
    return context
