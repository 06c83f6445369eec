"""Place actions: locations in WGS-84 inside the jurisdiction, unique codes, patron units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wenming.core.geo import wgs84_to_gcj02
from wenming.core.models import AuditEvent
from wenming.core.permissions import SYSTEM
from wenming.places import actions
from wenming.places.models import Site
from wenming.testing import error_codes


def test_save_site_converts_gcj02_and_refuses_outside_bounds(in_scope):
    world = in_scope
    gcj_lat, gcj_lng = wgs84_to_gcj02(34.167, 112.845)
    site = actions.save_site(
        jurisdiction=world.jurisdiction,
        data={
            "code": "X1",
            "name": "广成路",
            "site_type": "main_road",
            "patron_unit": world.unit,
            "latitude": Decimal(f"{gcj_lat:.6f}"),
            "longitude": Decimal(f"{gcj_lng:.6f}"),
            "coordinate_system": "gcj02",
        },
        actor=SYSTEM,
    )
    site.refresh_from_db()
    assert abs(site.latitude - Decimal("34.167")) < Decimal("0.000002")
    assert abs(site.longitude - Decimal("112.845")) < Decimal("0.000002")
    assert AuditEvent.objects.filter(action="places.site.created").count() == 1
    with pytest.raises(ValidationError) as error:
        actions.save_site(
            jurisdiction=world.jurisdiction,
            data={
                "code": "X2",
                "name": "北京",
                "site_type": "park",
                "patron_unit": world.unit,
                "latitude": Decimal("39.9"),
                "longitude": Decimal("116.4"),
            },
            actor=SYSTEM,
        )
    assert error_codes(error.value) == {"location_out_of_bounds"}
    with pytest.raises(ValidationError) as error:
        actions.save_site(
            jurisdiction=world.jurisdiction,
            data={"code": "X1", "name": "重复", "site_type": "park", "patron_unit": world.unit},
            actor=SYSTEM,
        )
    assert error_codes(error.value) == {"duplicate_code"}
    assert Site.objects.count() == 1
