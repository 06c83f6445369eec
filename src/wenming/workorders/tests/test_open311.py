"""Open311 GeoReport v2: the shapes of every endpoint in JSON and XML, keys, bad input, and a
round trip with the independent `georeport` client against the live server."""

import io
import json
from xml.etree import ElementTree

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from wenming.core.permissions import SYSTEM
from wenming.workorders.models import WorkOrder, WorkOrderEvent
from wenming.workorders.open311.keys import issue_key
from wenming.workorders.tests.conftest import jpeg

BASE = "/open311/v2/"
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


@pytest.fixture
def api_key(world):
    _client, key = issue_key(jurisdiction=world.jurisdiction, name="12345热线", actor=SYSTEM)
    return key


def post(client, key, fmt="json", **fields):
    data = {
        "api_key": key,
        "service_code": "general",
        "lat": "34.167",
        "long": "112.845",
        "description": "路灯不亮",
        "phone": "13800138000",
        "first_name": "张",
        **fields,
    }
    return client.post(f"{BASE}requests.{fmt}", data)


def xml(response):
    return ElementTree.fromstring(response.content)


def test_discovery_and_services_shapes(world, categories):
    client = Client()
    discovery = client.get(f"{BASE}discovery.json").json()
    assert set(discovery) >= {"changeset", "contact", "key_service", "endpoints"}
    assert discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert "+08:00" in discovery["changeset"]
    assert xml(client.get(f"{BASE}discovery.xml")).tag == "discovery"
    services = client.get(f"{BASE}services.json").json()
    assert isinstance(services, list)
    codes = {service["service_code"] for service in services}
    assert codes == {"general", "emergency"}  # public categories only
    for service in services:
        assert set(service) == {
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group",
        }
        assert isinstance(service["service_code"], str)
    root = xml(client.get(f"{BASE}services.xml"))
    assert root.tag == "services"
    assert {child.tag for child in root} == {"service"}
    assert {element.text for element in root.iter("service_code")} == codes
    definition = client.get(f"{BASE}services/general.json").json()
    assert definition["service_code"] == "general"
    assert definition["attributes"][0]["code"] == "landmark"
    root = xml(client.get(f"{BASE}services/general.xml"))
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/code").text == "landmark"
    missing = client.get(f"{BASE}services/nope.json")
    assert missing.status_code == 404
    assert missing.json()[0]["code"] == "404"


def test_post_then_read_back_in_both_formats(world, categories, api_key):
    client = Client()
    response = post(client, api_key)
    assert response.status_code == 201
    created = response.json()
    assert isinstance(created, list) and isinstance(created[0]["service_request_id"], str)
    reference = created[0]["service_request_id"]
    with scopes_disabled():
        order = WorkOrder.objects.get(reference=reference)
    assert order.source == "open311" and order.reporter_phone == "13800138000"
    single = client.get(f"{BASE}requests/{reference}.json").json()
    assert len(single) == 1 and set(single[0]) == REQUEST_FIELDS
    assert single[0]["status"] == "open"
    assert single[0]["requested_datetime"].endswith("+08:00")
    body = json.dumps(single)
    assert "13800138000" not in body and "张" not in body
    root = xml(client.get(f"{BASE}requests/{reference}.xml"))
    assert root.tag == "service_requests"
    assert root.find("request/service_request_id").text == reference
    token = created[0]["token"]
    tokens = client.get(f"{BASE}tokens/{token}.json").json()
    assert tokens == [{"service_request_id": reference, "token": token}]
    assert xml(client.get(f"{BASE}tokens/{token}.xml")).tag == "service_requests"
    # XML POST answers in XML.
    root = xml(post(client, api_key, fmt="xml"))
    assert root.tag == "service_requests" and root.find("request/service_request_id") is not None


def test_list_filters(world, categories, api_key):
    client = Client()
    first = post(client, api_key).json()[0]["service_request_id"]
    second = post(client, api_key, service_code="emergency").json()[0]["service_request_id"]
    listed = client.get(f"{BASE}requests.json").json()
    assert {item["service_request_id"] for item in listed} == {first, second}
    by_id = client.get(f"{BASE}requests.json", {"service_request_id": f"{first},{second}"}).json()
    assert len(by_id) == 2
    by_code = client.get(f"{BASE}requests.json", {"service_code": "emergency"}).json()
    assert [item["service_request_id"] for item in by_code] == [second]
    assert client.get(f"{BASE}requests.json", {"status": "closed"}).json() == []
    assert len(client.get(f"{BASE}requests.json", {"status": "open"}).json()) == 2
    # Empty optional parameters count as absent.
    empty = client.get(
        f"{BASE}requests.json",
        {
            "service_request_id": "",
            "service_code": "",
            "start_date": "",
            "end_date": "",
            "status": "",
        },
    ).json()
    assert len(empty) == 2
    dated = client.get(
        f"{BASE}requests.json",
        {"start_date": "2000-01-01T00:00:00Z", "end_date": "2000-02-01T00:00:00Z"},
    ).json()
    assert dated == []
    bad = client.get(f"{BASE}requests.json", {"start_date": "yesterday"})
    assert bad.status_code == 400 and bad.json()[0]["code"] == "400"
    root = xml(client.get(f"{BASE}requests.xml"))
    assert root.tag == "service_requests" and len(root.findall("request")) == 2


def test_multipart_media_photo(world, categories, api_key):
    response = post(Client(), api_key, media=jpeg())
    assert response.status_code == 201
    reference = response.json()[0]["service_request_id"]
    detail = Client().get(f"{BASE}requests/{reference}.json").json()[0]
    # the public copy, under the public prefix, fetchable without a login
    assert detail["media_url"].startswith("http://testserver/media/public/photos/")
    assert Client().get(detail["media_url"]).status_code == 200


@pytest.mark.parametrize(
    ("fields", "status", "fragment"),
    [
        ({"api_key": "o311_bad_key"}, 403, "api_key"),
        ({"api_key": ""}, 403, "api_key"),
        ({"service_code": "unknown"}, 404, "service_code"),
        ({"service_code": "complex"}, 404, "service_code"),  # not offered to the public
        ({"service_code": ""}, 400, "service_code"),
        ({"lat": "", "long": "", "address_string": ""}, 400, "lat"),
        ({"lat": "39.9", "long": "116.4"}, 400, ""),
        ({"media": None, "media_url": "ftp://x/y.jpg"}, 400, "media_url"),
    ],
)
def test_bad_posts_are_refused_and_leave_nothing(
    world, categories, api_key, fields, status, fragment
):
    fields = {key: value for key, value in fields.items() if value is not None}
    if fields.get("api_key") == "":
        fields["api_key"] = ""
    else:
        fields.setdefault("api_key", api_key)
    key = fields.pop("api_key")
    for fmt in ("json", "xml"):
        response = post(Client(), key, fmt=fmt, **fields)
        assert response.status_code == status
        if fmt == "json":
            body = response.json()
            assert isinstance(body, list) and set(body[0]) == {"code", "description"}
            assert body[0]["code"] == str(status)
            assert fragment in body[0]["description"]
        else:
            root = xml(response)
            assert root.tag == "errors" and root.find("error/code").text == str(status)
    with scopes_disabled():
        assert not WorkOrder.objects.exists()
        assert not WorkOrderEvent.objects.exists()


def test_a_photo_that_is_a_zip_is_refused(world, categories, api_key):
    fake = io.BytesIO(b"PK\x03\x04" + b"\0" * 100)
    fake.name = "photo.jpg"
    response = post(Client(), api_key, media=fake)
    assert response.status_code == 400
    with scopes_disabled():
        assert not WorkOrder.objects.exists()


def test_revoked_key_is_refused(world, categories):
    from wenming.workorders.open311.keys import revoke_key

    client_row, key = issue_key(jurisdiction=world.jurisdiction, name="old", actor=SYSTEM)
    revoke_key(client_row, actor=SYSTEM)
    assert post(Client(), key).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_round_trip_with_the_georeport_client(live_server, world, categories, api_key):
    import requests
    from georeport import GeoReport

    root = f"{live_server.url}/open311/v2"
    response = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": api_key,
            "service_code": "general",
            "lat": "34.16",
            "long": "112.84",
            "description": "人行道破损",
        },
        timeout=30,
    )
    assert response.status_code == 201
    reference = response.json()[0]["service_request_id"]
    for fmt in ("json", "xml"):
        client = GeoReport(root, output_format=fmt)
        services = client.get_service_list()
        assert "general" in {service["service_code"] for service in services}
        definition = client.get_service_definition("general")
        assert definition["service_code"] == "general"
        found = client.get_service_request(reference)
        assert found["service_request_id"] == reference
        assert found["status"] == "open"
        listed = client.get_service_requests(service_code="general")
        if isinstance(listed, dict):  # xmltodict gives a dict for a single element
            listed = [listed]
        assert reference in {item["service_request_id"] for item in listed}


@pytest.mark.parametrize("source", ["inspection", "leader", "office", "hotline"])
def test_internal_orders_never_reach_the_anonymous_feed_even_by_id(world, make_order, source):
    # Given an internal order (a hotline case the office has not published is internal too)
    order = make_order("dispatched", source=source)
    client = Client()
    # When anyone reads the feed, the order by id, or it in a comma list, in both formats
    listed = client.get(f"{BASE}requests.json").json()
    by_list = client.get(f"{BASE}requests.json", {"service_request_id": order.reference}).json()
    by_id = client.get(f"{BASE}requests/{order.reference}.json")
    by_id_xml = client.get(f"{BASE}requests/{order.reference}.xml")
    by_token = client.get(f"{BASE}tokens/{order.public_id}.json")
    # Then it is nowhere, and by id the answer is the spec's 404 error list
    assert listed == [] and by_list == []
    assert by_id.status_code == 404 and by_id.json()[0]["code"] == "404"
    assert by_id_xml.status_code == 404 and xml(by_id_xml).tag == "errors"
    assert by_token.status_code == 404
    assert world.unit.name not in by_id.content.decode()


def test_residents_reports_and_published_hotline_cases_are_in_the_feed(world, make_order):
    # Given a web-form report, an Open311 report, a published and an unpublished hotline case
    citizen = make_order("dispatched", source="citizen")
    open311 = make_order("reported", source="open311")
    hotline = make_order("dispatched", source="hotline")
    hidden = make_order("dispatched", source="hotline")
    office = world.member(world.office, ["workorders.accept"], scope="jurisdiction")
    from wenming.workorders.actions import set_work_order_public

    with scopes_disabled():
        set_work_order_public(hotline, public=True, actor=office)
    # When the anonymous feed is read
    listed = Client().get(f"{BASE}requests.json").json()
    # Then the three public ones are there with public fields only, and the hidden one is not
    assert {item["service_request_id"] for item in listed} == {
        citizen.reference,
        open311.reference,
        hotline.reference,
    }
    assert all(set(item) == REQUEST_FIELDS for item in listed)
    assert Client().get(f"{BASE}requests/{hidden.reference}.json").status_code == 404


def test_an_api_key_does_not_widen_what_a_read_sees(world, make_order, api_key):
    # Given an internal finding and a client holding an API key (it grants POST only)
    order = make_order("dispatched", source="inspection")
    # When the client reads with its key
    listed = Client().get(f"{BASE}requests.json", {"api_key": api_key}).json()
    by_id = Client().get(f"{BASE}requests/{order.reference}.json", {"api_key": api_key})
    # Then it sees what the anonymous feed shows
    assert listed == [] and by_id.status_code == 404


def test_the_feed_keeps_the_spec_defaults_of_90_days_and_1000_results(world, make_order):
    # Given a resident's report older than 90 days and 1,001 recent ones
    from django.utils import timezone

    old = make_order("closed", source="citizen")
    WorkOrder.objects.with_scopes_disabled().filter(pk=old.pk).update(
        reported_at=timezone.now() - timezone.timedelta(days=91)
    )
    recent = make_order("reported", source="citizen")
    with scopes_disabled():
        base = WorkOrder.objects.get(pk=recent.pk)
        fields = {
            field.attname: getattr(base, field.attname)
            for field in WorkOrder._meta.concrete_fields
            if field.attname not in ("id", "public_id", "reference")
        }
        WorkOrder.objects.bulk_create(
            [WorkOrder(**fields, reference=f"R{index:011d}") for index in range(1000)]
        )
    # When the feed is read without dates
    listed = Client().get(f"{BASE}requests.json").json()
    # Then at most 1,000 come back, none older than 90 days
    assert len(listed) == 1000
    assert old.reference not in {item["service_request_id"] for item in listed}


def test_the_feed_is_throttled_per_address_with_the_error_list_shape(world, make_order):
    # Given an address that has read the feed as often as the rate allows
    from wenming.workorders.open311.views import READ_RATE

    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(READ_RATE.limit):
        assert client.get(f"{BASE}requests.json").status_code == 200
    # When it reads once more, as a list, by id and in XML
    refused = client.get(f"{BASE}requests.json")
    refused_xml = client.get(f"{BASE}requests/X1.xml")
    # Then it gets 429 as a GeoReport error list with a Retry-After, in Chinese
    assert refused.status_code == 429 and refused.json()[0]["code"] == "429"
    assert "分钟" in refused.json()[0]["description"]
    assert int(refused["Retry-After"]) > 0
    assert refused_xml.status_code == 429 and xml(refused_xml).tag == "errors"
    # and another address is not affected
    assert Client(REMOTE_ADDR="203.0.113.8").get(f"{BASE}requests.json").status_code == 200
