"""Road segments over the API: created and changed by the same action as the page."""

from __future__ import annotations

import json
from decimal import Decimal

from django_scopes import scope

from wenming.core.models import AuditEvent
from wenming.core.permissions import RoleScope
from wenming.places.models import RoadSegment, Site
from wenming.places.tests.helpers import make_road, make_site
from wenming.testing import api_client_for

BASE = "/api/v1/inspections/road-segments"
EDITOR = ["places.view_roadsegment", "places.change_roadsegment"]


def _post(client, body, **headers):
    return client.post(BASE, json.dumps(body), content_type="application/json", **headers)


def _patch(client, road, body, **headers):
    url = f"{BASE}/{road.pk}"
    return client.patch(url, json.dumps(body), content_type="application/json", **headers)


def _roads(world):
    with scope(jurisdiction=world.jurisdiction):
        return sorted(RoadSegment.objects.values_list("code", "name", "patron_unit_id"))


def _body(world, **changes):
    return {
        "code": "R009",
        "name": "望嵩路北段",
        "road_name": "望嵩路",
        "start_point": "望嵩路北口",
        "end_point": "丹阳路口",
        "length_m": 1200,
        "is_main_road": True,
        "patron_unit_id": world.unit.pk,
        **changes,
    }


def test_the_office_creates_and_changes_a_road_segment(world):
    office = world.member(world.office, EDITOR, scope=RoleScope.JURISDICTION)
    client = api_client_for(office)
    # when the office creates a segment
    response = _post(client, _body(world))
    # then it exists with the audit event of the page's action
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["code"] == "R009" and created["patron_unit_name"] == world.unit.name
    assert created["length_m"] == 1200 and created["is_main_road"] is True
    with scope(jurisdiction=world.jurisdiction):
        road = RoadSegment.objects.get(code="R009")
        assert AuditEvent.objects.filter(action="places.road_segment.created").count() == 1
    # when it changes only the name and the patron unit
    response = _patch(client, road, {"name": "望嵩路全段", "patron_unit_id": world.sibling_unit.pk})
    # then only they change
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "望嵩路全段"
    assert response.json()["road_name"] == "望嵩路"
    with scope(jurisdiction=world.jurisdiction):
        road.refresh_from_db()
        assert (road.name, road.patron_unit_id, road.length_m) == (
            "望嵩路全段",
            world.sibling_unit.pk,
            1200,
        )
        assert AuditEvent.objects.filter(action="places.road_segment.changed").count() == 1


def test_a_taken_code_is_refused_beside_the_field_in_chinese_and_nothing_is_written(world):
    office = world.member(world.office, EDITOR, scope=RoleScope.JURISDICTION)
    with scope(jurisdiction=world.jurisdiction):
        make_road(world, world.unit, "R001")
        other = make_road(world, world.unit, "R002", "另一段")
    client = api_client_for(office)
    before = _roads(world)
    created = _post(client, _body(world, code="R001"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    changed = _patch(
        client, other, {"code": "R001", "name": "改名"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    for response in (created, changed):
        assert response.status_code == 422
        assert response.json()["details"] == [
            {"field": "code", "message": "该编码已被使用。", "code": "duplicate_code"}
        ]
    assert _roads(world) == before


def test_bad_input_is_refused_by_the_schema_and_writes_nothing(world):
    office = world.member(world.office, EDITOR, scope=RoleScope.JURISDICTION)
    client = api_client_for(office)
    for body in (
        _body(world, code=""),
        _body(world, name="路" * 151),
        _body(world, length_m=-1),
        {k: v for k, v in _body(world).items() if k != "road_name"},
    ):
        assert _post(client, body).status_code == 422
    assert _roads(world) == []


def test_a_unit_changes_only_its_own_segments_and_assigns_only_units_it_covers(world):
    editor = world.member(world.unit, EDITOR, scope=RoleScope.OWN)
    with scope(jurisdiction=world.jurisdiction):
        own = make_road(world, world.unit, "R001")
        theirs = make_road(world, world.sibling_unit, "R002", "兄弟单位的路段")
    client = api_client_for(editor)
    before = _roads(world)
    # a segment of another unit is not found, a foreign patron unit is refused
    assert _patch(client, theirs, {"name": "改名"}).status_code == 404
    assert _patch(client, own, {"patron_unit_id": world.sibling_unit.pk}).status_code == 403
    assert _post(client, _body(world, patron_unit_id=world.sibling_unit.pk)).status_code == 403
    # another jurisdiction's unit is not found at all
    assert _post(client, _body(world, patron_unit_id=world.other_unit.pk)).status_code == 404
    assert _roads(world) == before
    # its own segment it may change
    assert _patch(client, own, {"name": "广成路改名"}).status_code == 200


SITES = "/api/v1/inspections/sites"
SITE_EDITOR = ["places.view_site", "places.change_site"]


def _patch_site(client, site, body):
    url = f"{SITES}/{site.pk}"
    return client.patch(
        url, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )


def _site_rows(world):
    with scope(jurisdiction=world.jurisdiction):
        return sorted(
            Site.objects.values_list("code", "name", "latitude", "longitude", "patron_unit_id")
        )


def test_the_office_changes_a_site_field_by_field_and_a_gcj02_location_is_stored_as_wgs84(world):
    office = world.member(world.office, SITE_EDITOR, scope=RoleScope.JURISDICTION)
    with scope(jurisdiction=world.jurisdiction):
        site = make_site(world, world.unit, "S001")
    client = api_client_for(office)
    # when only the name changes, everything else stays
    response = _patch_site(client, site, {"name": "汝州市人民公园"})
    assert response.status_code == 200, response.content
    assert (response.json()["name"], response.json()["address"]) == (
        "汝州市人民公园",
        "汝州市广成路",
    )
    # when a location comes in GCJ-02, it is kept in WGS-84 (about 0.005° off in Henan)
    response = _patch_site(
        client,
        site,
        {"latitude": "34.170000", "longitude": "112.850000", "coordinate_system": "gcj02"},
    )
    assert response.status_code == 200, response.content
    with scope(jurisdiction=world.jurisdiction):
        site.refresh_from_db()
        # GCJ-02 lies a few hundred metres off WGS-84 here: each coordinate moved by more
        # than 50 m and less than 1 km
        for given, stored in (
            (Decimal("34.17"), site.latitude),
            (Decimal("112.85"), site.longitude),
        ):
            assert Decimal("0.0005") < abs(given - stored) < Decimal("0.01")
        assert AuditEvent.objects.filter(action="places.site.changed").count() == 2


def test_a_site_change_with_a_taken_code_or_half_a_location_is_refused_and_writes_nothing(world):
    office = world.member(world.office, SITE_EDITOR, scope=RoleScope.JURISDICTION)
    with scope(jurisdiction=world.jurisdiction):
        make_site(world, world.unit, "S001")
        other = make_site(world, world.unit, "S002")
    client = api_client_for(office)
    before = _site_rows(world)
    taken = _patch_site(client, other, {"code": "S001", "name": "改名"})
    assert taken.status_code == 422
    assert taken.json()["details"] == [
        {"field": "code", "message": "该编码已被使用。", "code": "duplicate_code"}
    ]
    half = _patch_site(client, other, {"latitude": "34.2"})
    assert half.status_code == 422
    assert half.json()["details"][0]["field"] in {"latitude", "longitude"}
    assert _site_rows(world) == before


def test_a_unit_changes_only_its_own_sites_and_gives_them_only_to_units_it_covers(world):
    editor = world.member(world.unit, SITE_EDITOR, scope=RoleScope.OWN)
    with scope(jurisdiction=world.jurisdiction):
        own = make_site(world, world.unit, "S001")
        theirs = make_site(world, world.sibling_unit, "S002")
    client = api_client_for(editor)
    before = _site_rows(world)
    assert _patch_site(client, theirs, {"name": "改名"}).status_code == 404
    assert _patch_site(client, own, {"patron_unit_id": world.sibling_unit.pk}).status_code == 403
    assert _site_rows(world) == before
    assert _patch_site(client, own, {"name": "本单位点位"}).status_code == 200
