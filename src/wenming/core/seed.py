"""The demo-city generator: `wenming seed --scale small|ruzhou [--seed N]`.

Deterministic for a given seed. Each app contributes `seed.py` with `seed(context)`; they run in
`SEED_ORDER`, each skipping what already exists, so running the command twice changes nothing.
"""

from __future__ import annotations

import csv
import importlib
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from wenming.core.models import CalendarDay, Jurisdiction

SEED_ORDER = [
    "wenming.organizations",
    "wenming.places",
    "wenming.standards",
    "wenming.tasks",
    "wenming.inspections",
    "wenming.workorders",
    "wenming.volunteers",
]

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


def run_seeders(context: SeedContext) -> None:
    from django_scopes import scope

    for app in SEED_ORDER:
        try:
            module = importlib.import_module(f"{app}.seed")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.seed":
                raise
            continue
        with scope(jurisdiction=context.jurisdiction), transaction.atomic():
            module.seed(context)
    from wenming.core.permissions import bump_permissions_version

    bump_permissions_version(context.jurisdiction.pk)
    # Fresh statistics, so that both databases plan queries on the seeded tables well.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
