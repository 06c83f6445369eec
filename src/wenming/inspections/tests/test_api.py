"""API: permission matrices, site creation with GCJ-02, visit submission and photos."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from wenming.core.geo import wgs84_to_gcj02
from wenming.core.permissions import RoleScope
from wenming.inspections.models import SiteVisit
from wenming.inspections.tests.conftest import jpeg_upload
from wenming.places.models import Site
from wenming.testing import api_client_for, assert_matrix, matrix_users

BASE = "/api/v1/inspections"


def test_sites_list_and_detail_matrix(setup):
    world = setup.world
    users = matrix_users(world, world.unit, ["places.view_site"])
    expected = {
        "anonymous": 401,
        "other_jurisdiction": 404,
        "other_unit": 404,
        "member_without": 404,
        "member_with": 200,
    }
    assert_matrix(
        users,
        lambda c: c.get(f"{BASE}/sites/{setup.site.pk}"),
        expected,
        client_factory=api_client_for,
    )
    response = api_client_for(users["member_with"]).get(f"{BASE}/sites")
    body = response.json()
    assert body["count"] == 1 and body["items"][0]["code"] == "S001"
    other = api_client_for(users["other_unit"]).get(f"{BASE}/sites").json()
    assert [item["code"] for item in other["items"]] == ["S002"]


def test_create_site_converts_gcj02_and_matrix(setup):
    world = setup.world
    users = matrix_users(
        world,
        world.office,
        ["places.view_site", "places.change_site"],
        scope=RoleScope.JURISDICTION,
    )
    gcj = wgs84_to_gcj02(34.2, 112.9)
    payload = {
        "code": "API1",
        "name": "新建点位",
        "site_type": "park",
        "township_code": "410482001",
        "latitude": round(gcj[0], 6),
        "longitude": round(gcj[1], 6),
        "coordinate_system": "gcj02",
        "patron_unit_id": world.unit.pk,
    }

    def count():
        with scope(jurisdiction=world.jurisdiction):
            return Site.objects.count()

    del users["other_unit"]  # OWN scope in a unit without change rights elsewhere: same as with
    assert_matrix(
        users,
        lambda c: c.post(f"{BASE}/sites", json.dumps(payload), content_type="application/json"),
        {"anonymous": 401, "other_jurisdiction": 404, "member_without": 403, "member_with": 201},
        unchanged=count,
        client_factory=api_client_for,
    )
    with scope(jurisdiction=world.jurisdiction):
        site = Site.objects.get(code="API1")
        assert abs(float(site.latitude) - 34.2) < 2e-6
        assert abs(float(site.longitude) - 112.9) < 2e-6
        assert site.division.code == "410482001"
    client = api_client_for(users["member_with"])
    again = client.post(f"{BASE}/sites", json.dumps(payload), content_type="application/json")
    assert again.status_code == 422 and again.json()["code"] == "duplicate_code"
    outside = {**payload, "code": "API2", "latitude": 39.9, "longitude": 116.4}
    response = client.post(f"{BASE}/sites", json.dumps(outside), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "location_out_of_bounds"


def test_road_segments_and_rounds(setup):
    from wenming.places.models import RoadSegment

    world = setup.world
    with scope(jurisdiction=world.jurisdiction):
        RoadSegment.objects.create(
            jurisdiction=world.jurisdiction,
            code="R1",
            name="广成路一段",
            road_name="广成路",
            patron_unit=world.unit,
        )
    unit_user = world.member(world.unit, ["places.view_roadsegment", "inspections.view_inspection"])
    client = api_client_for(unit_user)
    roads = client.get(f"{BASE}/road-segments").json()
    assert roads["count"] == 1
    assert client.get(f"{BASE}/road-segments/{roads['items'][0]['id']}").status_code == 200
    rounds = client.get(f"{BASE}/rounds").json()
    assert rounds["count"] == 1
    detail = client.get(f"{BASE}/rounds/{setup.round.pk}").json()
    # the unit sees only its own site's visit
    assert [visit["site_code"] for visit in detail["site_visits"]] == ["S001"]
    sibling = world.member(world.sibling_unit, ["inspections.view_inspection"], scope=RoleScope.OWN)
    other = world.member(world.other_unit, ["inspections.view_inspection"])
    assert [
        v["site_code"]
        for v in api_client_for(sibling)
        .get(f"{BASE}/rounds/{setup.round.pk}")
        .json()["site_visits"]
    ] == ["S002"]
    assert api_client_for(other).get(f"{BASE}/rounds/{setup.round.pk}").status_code == 404


def test_submit_visit_with_photo_over_api_and_matrix(setup):
    world, items = setup.world, setup.items
    users = matrix_users(
        world,
        world.office,
        ["inspections.view_inspection", "inspections.perform_inspection"],
        scope=RoleScope.JURISDICTION,
    )
    users["assigned"] = setup.inspector
    lines = [{"item_id": item.pk, "result": "met"} for item in items]
    lines[3]["result"] = "not_met"
    payload = {"lines": lines, "submission_key": "api-1"}

    def state():
        with scope(jurisdiction=world.jurisdiction):
            return [*SiteVisit.objects.values_list("pk", "status"), setup.visit.photos.count()]

    client = api_client_for(setup.inspector)
    # the failed line needs a photo first
    response = client.post(
        f"{BASE}/visits/{setup.visit.pk}/submit",
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["code"] == "photo_required"
    bad = client.post(
        f"{BASE}/visits/{setup.visit.pk}/photos",
        {
            "item_id": items[3].pk,
            "file": SimpleUploadedFile("a.jpg", b"PK\x03\x04zip", "image/jpeg"),
        },
    )
    assert bad.status_code == 422 and bad.json()["code"] == "not_an_image"
    photo = client.post(
        f"{BASE}/visits/{setup.visit.pk}/photos",
        {
            "item_id": items[3].pk,
            "file": jpeg_upload(),
            "latitude": "34.1671",
            "longitude": "112.8452",
        },
    )
    assert photo.status_code == 201, photo.content
    assert photo.json()["item_id"] == items[3].pk
    assert_matrix(
        users,
        lambda c: c.post(
            f"{BASE}/visits/{setup.visit.pk}/submit",
            json.dumps(payload),
            content_type="application/json",
        ),
        {
            "anonymous": 401,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 404,
            "member_with": 403,
            "assigned": 200,
        },
        unchanged=state,
        client_factory=api_client_for,
    )
    body = client.get(f"{BASE}/visits/{setup.visit.pk}").json()
    assert body["status"] == "submitted"
    assert body["score_rate"] == "0.8462"  # 55 / 65
    failed = [r for r in body["results"] if r["result"] == "not_met"]
    assert len(failed) == 1 and failed[0]["work_order_reference"]
    # a retry with the same key is a no-op; another key is a conflict
    retry = client.post(
        f"{BASE}/visits/{setup.visit.pk}/submit",
        json.dumps(payload),
        content_type="application/json",
    )
    assert retry.status_code == 200
    other = client.post(
        f"{BASE}/visits/{setup.visit.pk}/submit",
        json.dumps({**payload, "submission_key": "x"}),
        content_type="application/json",
    )
    assert other.status_code == 409 and other.json()["code"] == "already_submitted"
    late = client.post(
        f"{BASE}/visits/{setup.visit.pk}/photos", {"item_id": items[0].pk, "file": jpeg_upload()}
    )
    assert late.status_code == 409
    from wenming.workorders.models import WorkOrder

    assert WorkOrder.objects.with_scopes_disabled().filter(source="inspection").count() == 1
