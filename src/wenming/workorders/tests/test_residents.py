"""随手拍: the residents' phone page and the status page."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_scopes import scopes_disabled

from wenming.workorders.models import WorkOrder
from wenming.workorders.tests.conftest import jpeg


def form(**changes):
    data = {
        "category": "",
        "description": "路边垃圾无人清运",
        "latitude": "34.167",
        "longitude": "112.845",
        "coordinate_system": "wgs84",
        "address": "广成路 18 号",
        "phone": "13800138000",
    }
    data.update(changes)
    return data


def test_a_resident_reports_and_follows_the_case(world, categories):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/report/")
    assert page.status_code == 200
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/report/",
        form(category=categories["general"].pk, photos=[jpeg()], csrfmiddlewaretoken=token),
    )
    assert response.status_code == 302
    with scopes_disabled():
        order = WorkOrder.objects.get()
    assert order.source == "citizen" and order.reporter_phone_hash
    status = client.get(response["Location"])
    body = status.content.decode()
    assert order.reference in body
    assert "13800138000" not in body and "8000" not in body


def test_csrf_is_on(world, categories):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/report/", form(category=categories["general"].pk, photos=[jpeg()]))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category": ""}, "category"),
        ({"photos": None}, "photos"),
        ({"latitude": "39.90", "longitude": "116.40"}, "latitude"),
        ({"category": "complex"}, "category"),
    ],
)
def test_bad_reports_are_refused_with_the_reason(world, categories, changes, message):
    data = form(category=categories["general"].pk, photos=[jpeg()])
    if changes.get("category") == "complex":
        changes = {"category": categories["complex"].pk}
    data.update(changes)
    data = {key: value for key, value in data.items() if value is not None}
    response = Client().post("/report/", data)
    assert response.status_code == 422
    assert response.context["form"].errors.get(message)
    with scopes_disabled():
        assert not WorkOrder.objects.exists()


def test_a_zip_renamed_jpg_is_refused(world, categories):
    # a real zip archive under a photo's name and type (the earlier version of this test
    # wrote the bytes and left the file at its end, so it sent an empty file instead)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("photo.jpg", jpeg().read())
    fake = SimpleUploadedFile("photo.jpg", archive.getvalue(), content_type="image/jpeg")
    response = Client().post("/report/", form(category=categories["general"].pk, photos=[fake]))
    assert response.status_code == 422
    assert response.context["form"].errors == {"photos": ["文件不是照片（JPEG、PNG 或 WebP）。"]}


def test_rate_limit_per_address(world, categories, settings):
    from django.core.cache import cache

    cache.clear()
    world.jurisdiction.policy["resident_reports_per_ip"] = 2
    world.jurisdiction.save(update_fields=["policy"])
    try:
        client = Client()
        codes = [
            client.post(
                "/report/", form(category=categories["general"].pk, photos=[jpeg()])
            ).status_code
            for _ in range(4)
        ]
    finally:
        cache.clear()
    assert codes[:2] == [302, 302] and codes[-1] == 429


def test_unknown_tracking_code(world):
    assert Client().get("/report/NOPE12345/").status_code == 404


@pytest.mark.parametrize("source", ["inspection", "leader", "office", "hotline"])
def test_the_tracking_code_page_does_not_show_internal_orders(world, make_order, source):
    # Given an internal order (a hotline case is internal until the office publishes it)
    order = make_order("dispatched", source=source)
    # When someone enters its reference on the residents' tracking page
    response = Client().get(f"/report/{order.reference}/")
    # Then it is not found, as an unknown code is
    assert response.status_code == 404


def test_the_tracking_code_page_shows_a_residents_report(world, make_order):
    order = make_order("dispatched", source="citizen")
    assert Client().get(f"/report/{order.reference}/").status_code == 200
