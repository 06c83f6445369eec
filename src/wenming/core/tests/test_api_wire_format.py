"""The API's wire format, pinned: responses of representative endpoints on a fixed fixture are
compared with golden files taken before the renderer changed (decimals, datetimes, dates, UUIDs
and Chinese text encoded exactly as they were).

Ids the database assigns differ between runs and databases; they are written as `#` in the
golden files. Everything else is fixed by the fixture. `WENMING_UPDATE_GOLDEN=1` rewrites the
files (only when the format is meant to change).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from wenming.core.permissions import SYSTEM, RoleScope
from wenming.organizations.models import Organization
from wenming.testing import api_client_for
from wenming.volunteers import actions as volunteer_actions
from wenming.volunteers.choices import PointsReason
from wenming.volunteers.models import PointsEntry, Volunteer
from wenming.volunteers.tests.conftest import make_volunteers
from wenming.workorders.models import Category, WorkOrder, WorkOrderEvent

GOLDEN = Path(__file__).parent / "golden_api"
FIXED = dt.datetime(2026, 3, 14, 9, 26, 53, 589793, tzinfo=dt.UTC)
ID_KEYS = re.compile(r'"(id|\w+_id)": ?(\d+)')

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixed_world(world):
    reader = world.member(
        world.committee,
        [
            "organizations.view_organization",
            "workorders.view_workorder",
            "volunteers.view_volunteer",
            "volunteers.view_ledger",
        ],
        scope=RoleScope.JURISDICTION,
        username="golden-reader",
    )
    with scopes_disabled():
        for organization in Organization.objects.all():
            Organization.objects.filter(pk=organization.pk).update(
                public_id=uuid.uuid5(uuid.NAMESPACE_URL, organization.name)
            )
        category = Category.objects.create(
            jurisdiction=world.jurisdiction,
            code="road",
            name="道路破损",
            time_limit_value=3,
            time_limit_unit="working_days",
            is_public=True,
        )
        order = WorkOrder.objects.create(
            jurisdiction=world.jurisdiction,
            reference="260314ABCDEF",
            category=category,
            status="dispatched",
            source="hotline",
            source_reference="12345-0001",
            description="人行道砖块松动",
            latitude=Decimal("34.167123"),
            longitude=Decimal("112.845678"),
            address="广成路 1 号",
            responsible_unit=world.unit,
            reported_at=FIXED,
            dispatched_at=FIXED + dt.timedelta(hours=1),
            deadline=FIXED + dt.timedelta(days=3),
        )
        WorkOrder.objects.filter(pk=order.pk).update(
            public_id=uuid.UUID("12345678-1234-5678-1234-567812345678")
        )
        WorkOrderEvent.objects.create(
            jurisdiction=world.jurisdiction,
            work_order=order,
            action="reported",
            from_status="",
            to_status="reported",
            actor_label="热线",
            occurred_at=FIXED.replace(microsecond=0),
        )
    volunteer = make_volunteers(world, 1)[0]
    with scope(jurisdiction=world.jurisdiction):
        Volunteer.objects.filter(pk=volunteer.pk).update(
            public_id=uuid.UUID("87654321-4321-8765-4321-876543218765")
        )
        volunteer.refresh_from_db()
        volunteer_actions.append_points(
            volunteer=volunteer, points=12, reason=PointsReason.ADJUSTMENT, actor=SYSTEM
        )
        PointsEntry.objects.filter(volunteer=volunteer).update(created_at=FIXED)
    return {"client": api_client_for(reader), "unit": world.unit, "volunteer": volunteer}


def _cases(fixed):
    volunteer = fixed["volunteer"].public_id
    return {
        "organizations_list": "/api/v1/organizations?limit=50",
        "organizations_detail": f"/api/v1/organizations/{fixed['unit'].pk}",
        "workorders_list": "/api/v1/workorders",
        "workorders_detail": "/api/v1/workorders/260314ABCDEF",
        "workorders_categories": "/api/v1/workorders/categories",
        "volunteers_list": "/api/v1/volunteers",
        "volunteers_detail": f"/api/v1/volunteers/{volunteer}",
        "volunteers_ledger": f"/api/v1/volunteers/{volunteer}/ledger",
        "error_not_found": "/api/v1/workorders/NOSUCHORDER",
    }


def _canonical(body: bytes) -> str:
    """The body with database ids blanked, re-serialised with its numbers as written (so
    `1.50` and `1.5` differ) and its key order kept."""
    text = ID_KEYS.sub(lambda m: f'"{m.group(1)}": "#"', body.decode())
    data = json.loads(text, parse_float=lambda s: f"<float {s}>", parse_int=lambda s: int(s))
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def test_api_responses_match_the_golden_files(fixed_world):
    update = os.environ.get("WENMING_UPDATE_GOLDEN") == "1"
    client = fixed_world["client"]
    for name, url in _cases(fixed_world).items():
        response = client.get(url)
        assert response["Content-Type"].startswith("application/json"), name
        actual = f"status {response.status_code}\n" + _canonical(response.content)
        path = GOLDEN / f"{name}.json"
        if update:
            path.write_text(actual, encoding="utf-8")
        assert actual == path.read_text(encoding="utf-8"), name


def test_datetimes_keep_milliseconds_and_z(fixed_world):
    """The one format a faster encoder would change by default (Django writes `…53.589Z`)."""
    body = fixed_world["client"].get("/api/v1/workorders/260314ABCDEF").json()
    assert body["reported_at"] == "2026-03-14T09:26:53.589Z"
    assert body["public_id"] == "12345678-1234-5678-1234-567812345678"
    assert timezone.is_aware(dt.datetime.fromisoformat(body["deadline"].replace("Z", "+00:00")))


def test_renderer_writes_values_as_the_standard_encoder_does():
    from django.utils.translation import gettext_lazy
    from ninja.renderers import JSONRenderer

    from wenming.core.api import FastJSONRenderer

    data = {
        "decimal": Decimal("1.50"),
        "date": dt.date(2026, 3, 14),
        "time": dt.time(9, 26, 53, 589793),
        "naive": dt.datetime(2026, 3, 14, 9, 26, 53),
        "aware": FIXED.astimezone(dt.timezone(dt.timedelta(hours=8))),
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "lazy": gettext_lazy("Not found."),
        "float": 0.1,
        "text": "汝州",
        1: "an integer key",
    }
    fast = FastJSONRenderer().render(None, data, response_status=200)
    standard = JSONRenderer().render(None, data, response_status=200)
    assert json.loads(fast) == json.loads(standard)
    assert b'"aware":"2026-03-14T17:26:53.589+08:00"' in fast


def test_renderer_falls_back_for_what_orjson_refuses():
    from wenming.core.api import FastJSONRenderer

    assert FastJSONRenderer().render(None, {"n": 2**70}, response_status=200) == (
        '{"n": 1180591620717411303424}'
    )
