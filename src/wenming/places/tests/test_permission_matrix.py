"""Permission matrix of every places page and API operation (see testing.matrix).

Sites and road segments belong to their patron unit: a unit sees its own, a township its
subtree, the office all; only a grant that covers the patron unit changes one.
"""

import pytest
from django.urls import reverse

from wenming.places.models import RoadSegment, Site
from wenming.places.tests.helpers import make_road, make_site
from wenming.testing.matrix import Case, params, refreshed, run_case, snapshot

VIEW_SITE = "places.view_site"
CHANGE_SITE = "places.change_site"
VIEW_ROAD = "places.view_roadsegment"
CHANGE_ROAD = "places.change_roadsegment"


def _site(world):
    return {"site": make_site(world, world.unit, "S001")}


def _road(world):
    return {"road": make_road(world, world.unit)}


def _sites(given):
    return snapshot(Site, "code", "name", "patron_unit_id", jurisdiction=given.world.jurisdiction)


def _roads(given):
    return snapshot(
        RoadSegment, "code", "name", "patron_unit_id", jurisdiction=given.world.jurisdiction
    )


def _site_form(given, **changes):
    return {
        "code": "S009",
        "name": "新建点位",
        "site_type": "park",
        "patron_unit": given.world.unit.pk,
        "latitude": "34.167",
        "longitude": "112.845",
        "coordinate_system": "wgs84",
        "address": "汝州市广成路",
        **changes,
    }


def _site_workbook():
    from wenming.places.tests.test_import import good_row, workbook

    return workbook([good_row("S009")])


CASES = [
    Case("places:site-list", [VIEW_SITE], setup=_site, visible="点位S001"),
    Case(
        "places:site-detail",
        [VIEW_SITE],
        setup=_site,
        url=lambda g: reverse("places:site-detail", args=[g.site.pk]),
    ),
    Case(
        "places:site-add",
        [VIEW_SITE, CHANGE_SITE],
        method="post",
        data=_site_form,
        changed=_sites,
        expected={"other_unit": (200, 422), "other_jurisdiction": (200, 422)},
    ),
    Case(
        "places:site-edit",
        [VIEW_SITE, CHANGE_SITE],
        setup=_site,
        method="post",
        url=lambda g: reverse("places:site-edit", args=[g.site.pk]),
        data=lambda g: _site_form(g, code="S001", name="改名点位"),
        changed=_sites,
    ),
    # The empty template holds no data.
    Case(
        "places:site-import-template",
        [VIEW_SITE, CHANGE_SITE],
        expected={"other_unit": 200, "other_jurisdiction": 200},
    ),
    Case(
        "places:site-import",
        [VIEW_SITE, CHANGE_SITE],
        method="post",
        data=lambda g: {"file": _site_workbook(), "dry_run": ""},
        changed=_sites,
        expected={"other_unit": (403, 404, 422), "other_jurisdiction": (403, 404, 422)},
    ),
    Case("places:road-list", [VIEW_ROAD], setup=_road, visible="广成路东段"),
    Case(
        "places:road-detail",
        [VIEW_ROAD],
        setup=_road,
        url=lambda g: reverse("places:road-detail", args=[g.road.pk]),
    ),
    Case(
        "places:road-add",
        [VIEW_ROAD, CHANGE_ROAD],
        method="post",
        data=lambda g: {
            "code": "R009",
            "name": "新建路段",
            "road_name": "望嵩路",
            "patron_unit": g.world.unit.pk,
        },
        changed=lambda g: snapshot(RoadSegment, "code", jurisdiction=g.world.jurisdiction),
        expected={"other_unit": (200, 422), "other_jurisdiction": (200, 422)},
    ),
    Case(
        "places:road-edit",
        [VIEW_ROAD, CHANGE_ROAD],
        setup=_road,
        method="post",
        url=lambda g: reverse("places:road-edit", args=[g.road.pk]),
        data=lambda g: {
            "code": "R001",
            "name": "改名路段",
            "road_name": "广成路",
            "patron_unit": g.world.unit.pk,
        },
        changed=lambda g: refreshed(g.road, "name"),
    ),
    # --- API ---
    Case("GET /api/v1/inspections/sites", [VIEW_SITE], setup=_site, visible="点位S001"),
    Case(
        "GET /api/v1/inspections/sites/{site_id}",
        [VIEW_SITE],
        setup=_site,
        url=lambda g: f"/api/v1/inspections/sites/{g.site.pk}",
    ),
    Case(
        "POST /api/v1/inspections/sites",
        [VIEW_SITE, CHANGE_SITE],
        method="post",
        data=lambda g: {
            "code": "API1",
            "name": "新建点位",
            "site_type": "park",
            "latitude": 34.2,
            "longitude": 112.9,
            "patron_unit_id": g.world.unit.pk,
        },
        changed=_sites,
    ),
    Case(
        "PATCH /api/v1/inspections/sites/{site_id}",
        [VIEW_SITE, CHANGE_SITE],
        setup=_site,
        method="patch",
        url=lambda g: f"/api/v1/inspections/sites/{g.site.pk}",
        data=lambda g: {"name": "改名点位"},
        changed=lambda g: refreshed(g.site, "name"),
    ),
    Case("GET /api/v1/inspections/road-segments", [VIEW_ROAD], setup=_road, visible="广成路东段"),
    Case(
        "GET /api/v1/inspections/road-segments/{road_segment_id}",
        [VIEW_ROAD],
        setup=_road,
        url=lambda g: f"/api/v1/inspections/road-segments/{g.road.pk}",
    ),
    Case(
        "POST /api/v1/inspections/road-segments",
        [VIEW_ROAD, CHANGE_ROAD],
        method="post",
        data=lambda g: {
            "code": "R009",
            "name": "新建路段",
            "road_name": "望嵩路",
            "patron_unit_id": g.world.unit.pk,
        },
        changed=_roads,
    ),
    Case(
        "PATCH /api/v1/inspections/road-segments/{road_segment_id}",
        [VIEW_ROAD, CHANGE_ROAD],
        setup=_road,
        method="patch",
        url=lambda g: f"/api/v1/inspections/road-segments/{g.road.pk}",
        data=lambda g: {"name": "改名路段"},
        changed=lambda g: refreshed(g.road, "name"),
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_permission_matrix(world, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run_case(case, world)
