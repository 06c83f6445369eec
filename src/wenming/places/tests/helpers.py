"""Rows the tests of several apps need: a site and a road segment of a unit."""

from __future__ import annotations

from decimal import Decimal

from wenming.places.models import RoadSegment, Site


def make_site(world, unit, code, site_type="main_road", **extra) -> Site:
    return Site.objects.create(
        jurisdiction=world.jurisdiction,
        code=code,
        name=f"点位{code}",
        site_type=site_type,
        patron_unit=unit,
        latitude=Decimal("34.167000"),
        longitude=Decimal("112.845000"),
        address="汝州市广成路",
        **extra,
    )


def make_road(world, unit, code="R001", name="广成路东段", **extra) -> RoadSegment:
    return RoadSegment.objects.create(
        jurisdiction=world.jurisdiction,
        code=code,
        name=name,
        road_name="广成路",
        patron_unit=unit,
        **extra,
    )
