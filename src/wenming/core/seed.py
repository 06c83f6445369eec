"""The demo-city generator: `wenming seed --scale small|ruzhou [--seed N]`.

Deterministic for a given seed. Each app contributes `seed.py` with `seed(context)` and a
`SEED_ORDER` number (an app runs after those with smaller numbers, whose `context.shared` it may
read); each skips what already exists, so running the command twice changes nothing.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import translation
from django_scopes import scope

from wenming.core.discovery import app_modules
from wenming.core.models import CalendarDay, Jurisdiction
from wenming.core.permissions import bump_permissions_version

#: How big each scale is: `ruzhou` follows the reference city, `small` is a tenth of it.
SCALES: dict[str, dict[str, int]] = {
    "ruzhou": {
        "villages": 459,
        "responsible_units": 147,
        "civilized_units": 165,
        "people_per_unit": 2,
        "volunteers": 49138,
        "sites": 1200,
        "work_orders": 25000,
        "tasks": 2000,
        "inspection_rounds": 24,
        "sites_per_round": 40,
    },
    "small": {
        "villages": 46,
        "responsible_units": 15,
        "civilized_units": 16,
        "people_per_unit": 2,
        "volunteers": 4900,
        "sites": 120,
        "work_orders": 2500,
        "tasks": 200,
        "inspection_rounds": 24,
        "sites_per_round": 10,
    },
}


@dataclass
class SeedContext:
    jurisdiction: Jurisdiction
    scale: str
    random: random.Random
    admin: Any
    password: str
    write: Any = print
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> dict[str, int]:
        return SCALES[self.scale]


def load_calendar(jurisdiction: Jurisdiction) -> int:
    """China's public-holiday calendar (shipped as data) for the jurisdiction."""
    path = Path(__file__).parent / "data" / "cn-calendar.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(
        CalendarDay.objects.with_scopes_disabled()
        .filter(jurisdiction=jurisdiction)
        .values_list("date", flat=True)
    )
    new = [
        CalendarDay(
            jurisdiction=jurisdiction,
            date=row["date"],
            is_working_day=row["is_working_day"] == "1",
            name=row["name"],
        )
        for row in rows
        if row["date"] not in {day.isoformat() for day in existing}
    ]
    CalendarDay.objects.with_scopes_disabled().bulk_create(new)
    return len(new)


def seeders() -> list[ModuleType]:
    """Every app's `seed` module, in `SEED_ORDER`."""
    modules = [module for module in app_modules("seed") if hasattr(module, "seed")]
    for module in modules:
        if not isinstance(getattr(module, "SEED_ORDER", None), int):
            raise ImproperlyConfigured(f"{module.__name__} has seed() but no SEED_ORDER number")
    return sorted(modules, key=lambda module: module.SEED_ORDER)


def run_seeders(context: SeedContext) -> None:
    """Every app's seeder in order, in Chinese whatever language is active: seeded records
    (a finding's "（未达标）") are data, read by Chinese users long after the command ran."""
    for module in seeders():
        with (
            translation.override("zh-hans"),
            scope(jurisdiction=context.jurisdiction),
            transaction.atomic(),
        ):
            module.seed(context)
    bump_permissions_version(context.jurisdiction.pk)
    # Fresh statistics, so that both databases plan queries on the seeded tables well.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
