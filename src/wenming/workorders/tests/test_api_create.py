"""Opening work orders through the API (`POST /api/v1/workorders`): the hotline, a leader's
instruction system or the office; idempotent on `source` + `source_reference`."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from wenming.core.models import AuditEvent
from wenming.core.permissions import RoleScope
from wenming.testing import api_client_for
from wenming.workorders.models import WorkOrder, WorkOrderEvent

ADD = "workorders.add_work_order"
URL = "/api/v1/workorders"


def _body(**change):
    return {
        "category_code": "general",
        "description": "12345 热线：广成路路灯不亮",
        "lat": 34.167,
        "lng": 112.845,
        "address": "广成路 18 号",
        "source": "hotline",
        "source_reference": "12345-20260314-0001",
    } | change


def _post(client, body):
    return client.post(URL, body, content_type="application/json")


@pytest.fixture
def hotline(world):
    """The account the 12345 hotline system calls with."""
    return api_client_for(world.member(world.office, [ADD], scope=RoleScope.JURISDICTION))


def _orders(world):
    with scopes_disabled():
        return list(WorkOrder.objects.filter(jurisdiction=world.jurisdiction))


@pytest.mark.django_db
def test_opens_an_order_and_a_replay_answers_the_first(world, categories, hotline):
    response = _post(hotline, _body(responsible_unit_id=world.unit.pk))
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"reference", "status", "deadline"}
    assert body["status"] == "reported" and body["deadline"] is None
    [order] = _orders(world)
    assert order.reference == body["reference"]
    assert (order.source, order.source_reference) == ("hotline", "12345-20260314-0001")
    assert order.responsible_unit_id == world.unit.pk
    assert order.category == categories["general"]
    assert str(order.latitude).startswith("34.167")
    with scopes_disabled():
        assert list(
            WorkOrderEvent.objects.filter(work_order=order).values_list("action", flat=True)
        ) == ["reported"]
        assert (
            AuditEvent.objects.filter(
                action="workorders.work_order.reported", target_id=str(order.pk)
            ).count()
            == 1
        )

    again = _post(hotline, _body(description="重复推送"))
    assert again.status_code == 200
    assert again.json() == body
    assert len(_orders(world)) == 1

    # Another source, or no reference at all, opens another order.
    assert _post(hotline, _body(source="leader")).status_code == 201
    assert _post(hotline, _body(source_reference="")).status_code == 201
    assert _post(hotline, _body(source_reference="")).status_code == 201
    assert len(_orders(world)) == 4


@pytest.mark.django_db
def test_the_order_goes_on_like_any_other(world, categories, hotline):
    """Accepted and dispatched by the office through the same actions; the deadline follows."""
    reference = _post(hotline, _body()).json()["reference"]
    office = api_client_for(
        world.member(
            world.office,
            ["workorders.view_workorder", "workorders.accept", "workorders.dispatch"],
            scope=RoleScope.JURISDICTION,
        )
    )
    assert (
        office.post(f"{URL}/{reference}/accept", {}, content_type="application/json").status_code
        == 200
    )
    dispatched = office.post(
        f"{URL}/{reference}/dispatch", {"unit_id": world.unit.pk}, content_type="application/json"
    )
    assert dispatched.status_code == 200, dispatched.content
    assert dispatched.json()["deadline"] is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"category_code": "nosuch"}, "unknown_category", "category_code"),
        ({"lat": 39.9042, "lng": 116.4074}, "outside_jurisdiction", "lat"),
        ({"responsible_unit_id": 999_999}, "unknown_unit", "responsible_unit_id"),
        ({"description": "   "}, "description_required", "description"),
    ],
)
def test_refusals_name_the_field(world, categories, hotline, change, code, field):
    response = _post(hotline, _body(**change))
    assert response.status_code == 422, response.content
    assert response.json()["code"] == code
    assert response.json()["details"][0]["field"] == field
    assert _orders(world) == []


@pytest.mark.django_db
def test_another_jurisdictions_unit_is_unknown(world, categories, hotline):
    response = _post(hotline, _body(responsible_unit_id=world.other_unit.pk))
    assert response.json()["code"] == "unknown_unit"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"source": "citizen"},
        {"source": "open311"},
        {"lat": 91},
        {"lng": "east"},
        {"category_code": ""},
        {"source_reference": "x" * 101},
        {"responsible_unit_id": 0},
    ],
)
def test_invalid_fields_are_422(world, categories, hotline, change):
    response = _post(hotline, _body(**change))
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert _orders(world) == []


@pytest.mark.django_db
def test_missing_fields_are_422(world, categories, hotline):
    body = _body()
    del body["lat"]
    assert _post(hotline, body).json()["code"] == "validation_error"


@pytest.mark.django_db
def test_401_without_auth_and_403_without_the_permission(world, categories):
    from django.test import Client

    assert _post(Client(), _body()).status_code == 401
    viewer = world.member(world.office, ["workorders.view_workorder", "workorders.accept"])
    response = _post(api_client_for(viewer), _body())
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert _orders(world) == []


@pytest.mark.django_db
def test_office_staff_hold_the_permission_by_default(world):
    from wenming.organizations.roles import role_permissions

    granted = role_permissions()
    assert ADD in granted["office_staff"] and ADD in granted["office_admin"]
    assert ADD not in granted["unit_staff"]


@pytest.mark.django_db
def test_statements_of_one_creation(world, categories, hotline):
    """Warm (the token's owner and grants cached): the shared version stamps, the category,
    then one transaction of three INSERTs (order, history, audit) and nothing else."""
    _post(hotline, _body(source_reference="warm-up"))  # the token's first sight reads its rows
    with CaptureQueriesContext(connection) as queries:
        response = _post(hotline, _body(source_reference="measured"))
    assert response.status_code == 201
    sql = [q["sql"] for q in queries.captured_queries]
    kinds = [statement.split()[0].upper() for statement in sql]
    assert kinds == ["SELECT", "SELECT", "SAVEPOINT", "INSERT", "INSERT", "INSERT", "RELEASE"], sql
    assert "wenming_throttle_cache" in sql[0] and "workorders_category" in sql[1]


@pytest.mark.django_db(transaction=True)
def test_parallel_identical_posts_open_one_order(world, categories):
    client = api_client_for(world.member(world.office, [ADD], scope=RoleScope.JURISDICTION))

    def post(_index):
        try:
            return _post(client, _body(source_reference="12345-RACE")).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(post, range(8)))
    assert sorted(statuses) == [200] * 7 + [201], statuses
    orders = _orders(world)
    assert len(orders) == 1
    with scopes_disabled():
        assert WorkOrderEvent.objects.filter(work_order=orders[0]).count() == 1
