"""Fixtures of the inspections tests: categories, sites of two units, a planned round."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from PIL import Image

from wenming.core.permissions import SYSTEM, RoleScope
from wenming.places.tests.helpers import make_site

CATEGORY_CODES = [
    ("general", "一般事项", 7, "working_days"),
    ("sanitation", "环境卫生", 2, "working_days"),
    ("street_trade", "占道经营", 1, "working_days"),
    ("public_facility", "公共设施", 5, "working_days"),
    ("public_advertising", "公益广告", 7, "working_days"),
    ("traffic_order", "交通秩序", 1, "working_days"),
    ("greening", "园林绿化", 5, "working_days"),
    ("city_appearance", "市容环境", 3, "working_days"),
    ("water_power_gas", "水电气暖", 24, "working_hours"),
    ("market_order", "市场秩序", 3, "working_days"),
    ("public_toilet", "公厕管理", 2, "working_days"),
    ("construction_site", "建筑工地", 3, "working_days"),
]

ALL_PERMS = [
    "places.view_site",
    "places.change_site",
    "places.view_roadsegment",
    "places.change_roadsegment",
    "inspections.view_inspection",
    "inspections.plan_inspection",
    "inspections.perform_inspection",
]


def jpeg_upload(name: str = "photo.jpg", color=(200, 30, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_categories(jurisdiction) -> None:
    from wenming.workorders.models import Category

    Category.objects.with_scopes_disabled().bulk_create(
        [
            Category(
                jurisdiction=jurisdiction,
                code=code,
                name=name,
                time_limit_value=value,
                time_limit_unit=unit,
            )
            for code, name, value, unit in CATEGORY_CODES
        ]
    )


@dataclass
class Setup:
    world: Any
    site: Any
    sibling_site: Any
    township_site: Any
    inspector: Any
    round: Any
    visit: Any
    items: list


@pytest.fixture
def setup(world) -> Setup:
    from wenming.inspections.actions import install_default_checklists, plan_inspection_round

    make_categories(world.jurisdiction)
    inspector = world.member(
        world.office,
        ["inspections.view_inspection", "inspections.perform_inspection", "places.view_site"],
        scope=RoleScope.JURISDICTION,
    )
    with scope(jurisdiction=world.jurisdiction):
        install_default_checklists(world.jurisdiction, actor=SYSTEM)
        site = make_site(world, world.unit, "S001", "main_road")
        sibling_site = make_site(world, world.sibling_unit, "S002", "back_street")
        township_site = make_site(world, world.village, "S003", "residential_compound")
        inspection_round = plan_inspection_round(
            jurisdiction=world.jurisdiction,
            name="十一月第一轮督导",
            start_date=datetime.date(2026, 11, 2),
            end_date=datetime.date(2026, 11, 6),
            inspectors=[inspector],
            sites=[site, sibling_site, township_site],
            actor=SYSTEM,
        )
        visit = inspection_round.visits.get(site=site)
        items = list(visit.checklist.items.order_by("position"))
    return Setup(
        world, site, sibling_site, township_site, inspector, inspection_round, visit, items
    )


def all_met(items, overrides=None):
    overrides = overrides or {}
    return [
        {"item_id": item.pk, "result": overrides.get(item.pk, "met"), "note": ""} for item in items
    ]
