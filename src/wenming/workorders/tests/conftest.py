"""Fixtures of the work-order tests: categories, the office, a unit's head, orders in any state."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled
from PIL import Image

from wenming.core.permissions import RoleScope
from wenming.core.workdays import clear_calendar_cache
from wenming.workorders.models import Category, WorkOrder
from wenming.workorders.permissions import OFFICE_ACTIONS

UNIT_PERMISSIONS = ["workorders.view_workorder", "workorders.handle"]

#: Where a work order may go from each status, written out from docs/domain/workorders.md
#: rather than read from `choices.TRANSITIONS`, so that a change to the table fails the tests
#: until the documented workflow changes with it.
EXPECTED_TRANSITIONS = {
    "reported": {"accepted", "rejected", "merged"},
    "accepted": {"dispatched", "merged"},
    "rejected": set(),
    "dispatched": {"in_progress", "returned", "deferred"},
    "in_progress": {"resolved", "returned", "deferred"},
    "resolved": {"verified", "reworked"},
    "verified": {"closed"},
    "closed": {"reopened"},
    "reworked": {"in_progress", "resolved", "deferred"},
    "deferred": {"in_progress", "resolved"},
    "returned": {"dispatched", "rejected", "merged"},
    "reopened": {"dispatched"},
    "merged": set(),
}


def jpeg(name="photo.jpg", size=(80, 60), color=(30, 120, 200)) -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, "JPEG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WENMING_DEFAULT_JURISDICTION = "410482"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture
def categories(world):
    with scopes_disabled():
        general = Category.objects.create(
            jurisdiction=world.jurisdiction,
            code="general",
            name="一般事项",
            time_limit_value=7,
            time_limit_unit="working_days",
            requires_after_photo=True,
            is_public=True,
        )
        emergency = Category.objects.create(
            jurisdiction=world.jurisdiction,
            code="emergency",
            name="紧急事项",
            time_limit_value=2,
            time_limit_unit="natural_hours",
            requires_after_photo=False,
            is_public=True,
        )
        internal = Category.objects.create(
            jurisdiction=world.jurisdiction,
            code="complex",
            name="复杂事项",
            time_limit_value=15,
            time_limit_unit="working_days",
            requires_after_photo=False,
            is_public=False,
        )
        Category.objects.create(
            jurisdiction=world.other_jurisdiction,
            code="general",
            name="一般事项",
            time_limit_value=7,
            time_limit_unit="working_days",
            is_public=True,
        )
    return {"general": general, "emergency": emergency, "complex": internal}


@pytest.fixture
def office_user(world):
    return world.member(world.office, OFFICE_ACTIONS, scope=RoleScope.JURISDICTION)


@pytest.fixture
def unit_user(world):
    return world.member(world.unit, UNIT_PERMISSIONS, scope=RoleScope.OWN, position="head")


@pytest.fixture
def make_order(world, categories):
    """An order of jurisdiction A put straight into `status` (dispatched to the unit)."""

    def make(status="reported", category="general", unit=None, **fields):
        now = timezone.now()
        unit = unit or world.unit
        dispatched = status not in ("reported", "accepted", "rejected")
        with scopes_disabled():
            order = WorkOrder.objects.create(
                jurisdiction=world.jurisdiction,
                reference=f"T{WorkOrder.objects.with_scopes_disabled().count() + 1:011d}",
                category=categories[category],
                status=status,
                source=fields.pop("source", "inspection"),
                description="路面破损",
                reported_at=now,
                responsible_unit=fields.pop("responsible_unit", unit if dispatched else None),
                dispatched_at=now if dispatched else None,
                deadline=now + timezone.timedelta(days=3) if dispatched else None,
                resolved_unit=unit if status in ("resolved", "verified") else None,
                resolved_at=now if status in ("resolved", "verified") else None,
                **fields,
            )
        return order

    return make
