"""Excel import of sites: row-level report, all or nothing, dry run, background job."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope
from openpyxl import Workbook, load_workbook

from wenming.core.geo import wgs84_to_gcj02
from wenming.core.models import Job
from wenming.core.permissions import RoleScope
from wenming.places.models import Site
from wenming.testing import client_for

HEADERS = [
    "编码",
    "名称",
    "点位类型",
    "乡镇街道",
    "地址",
    "纬度",
    "经度",
    "坐标系",
    "包保单位",
    "包保领导",
]


def workbook(rows, headers=HEADERS) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("sites.xlsx", buffer.getvalue())


def _office(world):
    return world.member(
        world.office,
        ["places.view_site", "places.change_site"],
        scope=RoleScope.JURISDICTION,
    )


def _codes(world):
    with scope(jurisdiction=world.jurisdiction):
        return sorted(Site.objects.values_list("code", flat=True))


def good_row(code, **change):
    row = {
        "code": code,
        "name": f"点位{code}",
        "type": "主次干道",
        "township": "煤山街道",
        "address": "汝州市",
        "lat": 34.17,
        "lng": 112.84,
        "system": "WGS-84",
        "unit": "汝州市城市管理局",
        "leader": "",
    }
    row.update(change)
    return list(row.values())


def test_bad_rows_are_reported_by_excel_row_and_nothing_is_imported(world):
    client = client_for(_office(world))
    rows = [
        good_row("N1"),
        good_row("N2", type="飞机场"),  # row 3
        good_row("N1"),  # row 4: duplicate code
        good_row("N4", lat=39.9, lng=116.4),  # row 5: outside Ruzhou
        good_row("N5", unit="不存在的单位"),  # row 6
        good_row("N6", lat="abc"),  # row 7
        good_row("N7", system="BD-09"),  # row 8
    ]
    response = client.post(reverse("places:site-import"), {"file": workbook(rows), "dry_run": ""})
    assert response.status_code == 422
    problems = {(p.row, p.code) for p in response.context["report"].problems}
    assert problems == {
        (3, "unknown_site_type"),
        (4, "duplicate_code"),
        (5, "location_out_of_bounds"),
        (6, "unknown_unit"),
        (7, "invalid"),
        (8, "unknown_coordinate_system"),
    }
    assert "import-problem" in response.content.decode()
    assert _codes(world) == []


def test_dry_run_previews_then_import_converts_gcj02_and_updates_known_codes(world):
    client = client_for(_office(world))
    gcj = wgs84_to_gcj02(34.2, 112.9)
    rows = [
        good_row("G1", lat=round(gcj[0], 6), lng=round(gcj[1], 6), system="GCJ-02"),
        good_row("G2", unit="91110000600037341L", type="back_street"),
    ]
    preview = client.post(reverse("places:site-import"), {"file": workbook(rows), "dry_run": "on"})
    assert preview.status_code == 200 and preview.context["report"].ok
    assert _codes(world) == []
    done = client.post(reverse("places:site-import"), {"file": workbook(rows), "dry_run": ""})
    assert done.status_code == 302
    with scope(jurisdiction=world.jurisdiction):
        g1 = Site.objects.get(code="G1")
        assert abs(float(g1.latitude) - 34.2) < 2e-6 and abs(float(g1.longitude) - 112.9) < 2e-6
        assert g1.division.name == "煤山街道"
        assert Site.objects.get(code="G2").patron_unit_id == world.sibling_unit.pk
    rows[0][1] = "改过的名字"
    client.post(reverse("places:site-import"), {"file": workbook(rows), "dry_run": ""})
    with scope(jurisdiction=world.jurisdiction):
        assert Site.objects.get(code="G1").name == "改过的名字"
        assert Site.objects.count() == 2


def test_not_excel_and_missing_columns_are_refused(world):
    client = client_for(_office(world))
    fake = SimpleUploadedFile("sites.xlsx", b"not a workbook")
    assert client.post(reverse("places:site-import"), {"file": fake}).status_code == 422
    partial = workbook([["X", "名"]], headers=["编码", "名称"])
    response = client.post(reverse("places:site-import"), {"file": partial})
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == ["缺少必填列：点位类型、包保单位。"]


def test_large_import_runs_as_a_tracked_job(world, django_capture_on_commit_callbacks):
    client = client_for(_office(world))
    rows = [good_row(f"B{number:04d}") for number in range(350)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("places:site-import"), {"file": workbook(rows), "dry_run": ""}
        )
    assert response.status_code == 200
    job = response.context["job"]
    with scope(jurisdiction=world.jurisdiction):
        job = Job.objects.get(pk=job.pk)
    assert job.status == "succeeded", job.message
    assert job.result["created"] == 350
    assert len(_codes(world)) == 350
    status = client.get(reverse("core:job-status", args=[job.public_id]))
    assert status.status_code == 200 and 'data-status="succeeded"' in status.content.decode()


def test_template_downloads_with_the_headers(world):
    response = client_for(_office(world)).get(reverse("places:site-import-template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS


def test_import_needs_change_permission(world):
    viewer = world.member(world.office, ["places.view_site"], scope=RoleScope.JURISDICTION)
    response = client_for(viewer).post(
        reverse("places:site-import"), {"file": workbook([good_row("Z1")])}
    )
    assert response.status_code == 403
    assert _codes(world) == []
