"""Races on one order (real threads, real transactions) and the JSON API."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django_scopes import scope, scopes_disabled

from wenming.core.errors import DomainError
from wenming.testing import api_client_for, assert_matrix, matrix_users
from wenming.workorders import actions
from wenming.workorders.models import WorkOrder, WorkOrderEvent
from wenming.workorders.tests.conftest import EXPECTED_TRANSITIONS, UNIT_PERMISSIONS, jpeg


def _consistent(order) -> list[str]:
    """Each history entry starts where the previous one ended, along the table."""
    with scopes_disabled():
        events = list(WorkOrderEvent.objects.filter(work_order=order).order_by("id"))
    current = None
    for event in events:
        if event.from_status == event.to_status:
            continue
        if current is not None:
            assert event.from_status == current
            assert event.to_status in EXPECTED_TRANSITIONS[current]
        current = event.to_status
    return [event.action for event in events]


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_resolves_and_verifies_leave_one_history(
    world, make_order, unit_user, office_user
):
    order = make_order("in_progress", category="emergency")

    def attempt(index):
        try:
            with scope(jurisdiction=world.jurisdiction):
                target = WorkOrder.objects.get(pk=order.pk)
                if index % 2:
                    actions.resolve_work_order(target, note=f"第{index}次", actor=unit_user)
                else:
                    actions.verify_work_order(target, passed=True, actor=office_user)
            return "ok"
        except (DomainError, PermissionDenied) as error:
            return type(error).__name__
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(attempt, range(20)))
    history = _consistent(order)
    assert history.count("resolved") == 1
    assert results.count("ok") == history.count("resolved") + history.count("verified")
    assert history.count("verified") <= 1
    with scopes_disabled():
        final = WorkOrder.objects.get(pk=order.pk)
    assert final.status == ("closed" if "verified" in history else "resolved")


@pytest.mark.django_db(transaction=True)
def test_two_parallel_dispatches_dispatch_once(world, make_order, office_user):
    order = make_order("accepted")

    def attempt(unit):
        try:
            with scope(jurisdiction=world.jurisdiction):
                target = WorkOrder.objects.get(pk=order.pk)
                actions.dispatch_work_order(target, unit=unit, actor=office_user)
            return "ok"
        except DomainError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(attempt, [world.unit, world.sibling_unit]))
    assert sorted(results) == ["invalid_transition", "ok"]
    assert _consistent(order).count("dispatched") == 1


def test_api_list_matrix_and_scope(world, make_order):
    mine = make_order("dispatched")
    theirs = make_order("dispatched", unit=world.sibling_unit)
    users = matrix_users(world, world.unit, UNIT_PERMISSIONS)
    assert_matrix(
        users,
        lambda client: client.get("/api/v1/workorders"),
        {"anonymous": 401, "member_with": 200, "other_unit": 200, "member_without": 200},
        client_factory=api_client_for,
    )
    body = api_client_for(users["member_with"]).get("/api/v1/workorders").json()
    assert set(body) == {"items", "count"}
    assert [item["reference"] for item in body["items"]] == [mine.reference]
    assert theirs.reference not in str(body)
    assert api_client_for(users["member_without"]).get("/api/v1/workorders").json()["count"] == 0


def test_api_detail_and_transition_matrix(world, make_order):
    order = make_order("dispatched")
    users = matrix_users(world, world.unit, UNIT_PERMISSIONS)
    assert_matrix(
        users,
        lambda client: client.get(f"/api/v1/workorders/{order.reference}"),
        {
            "anonymous": 401,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 404,
            "member_with": 200,
        },
        client_factory=api_client_for,
    )

    def status():
        with scopes_disabled():
            return WorkOrder.objects.get(pk=order.pk).status

    assert_matrix(
        users,
        lambda client: client.post(
            f"/api/v1/workorders/{order.reference}/start",
            {"note": ""},
            content_type="application/json",
        ),
        {"anonymous": 401, "other_jurisdiction": 404, "other_unit": 404, "member_without": 404},
        unchanged=status,
        client_factory=api_client_for,
    )
    client = api_client_for(users["member_with"])
    response = client.post(
        f"/api/v1/workorders/{order.reference}/start",
        {"note": "开工"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    again = client.post(
        f"/api/v1/workorders/{order.reference}/start", {}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    # Resolve without the required photo, then with it (multipart).
    url = f"/api/v1/workorders/{order.reference}/resolve"
    missing = client.post(url, {"note": "已修复"})
    assert missing.status_code == 422 and missing.json()["code"] == "after_photo_required"
    done = client.post(url, {"note": "已修复", "photos": [jpeg()]})
    assert done.status_code == 200 and done.json()["status"] == "resolved"
    detail = client.get(f"/api/v1/workorders/{order.reference}").json()
    assert [photo["stage"] for photo in detail["photos"]] == ["after"]
    assert [event["action"] for event in detail["events"]] == ["started", "resolved"]
    # The unit's own verification is refused.
    verifier = world.member(world.unit, ["workorders.view_workorder", "workorders.verify"])
    refused = api_client_for(verifier).post(
        f"/api/v1/workorders/{order.reference}/verify",
        {"passed": True},
        content_type="application/json",
    )
    assert refused.status_code == 403 and refused.json()["code"] == "own_unit_verification"


def test_api_categories(world, categories):
    user = world.member(world.unit, UNIT_PERMISSIONS)
    body = api_client_for(user).get("/api/v1/workorders/categories").json()
    assert {item["code"] for item in body} == {"general", "emergency", "complex"}
    assert api_client_for(None).get("/api/v1/workorders/categories").status_code == 401


def test_api_shows_a_hotline_case_in_the_public_feed(world, make_order, office_user):
    # Given a hotline case and an inspection finding
    hotline = make_order("dispatched", source="hotline")
    finding = make_order("dispatched", source="inspection")
    client = api_client_for(office_user)
    # When the office publishes both through the API
    shown = client.post(
        f"/api/v1/workorders/{hotline.reference}/public",
        {"public": True},
        content_type="application/json",
    )
    refused = client.post(
        f"/api/v1/workorders/{finding.reference}/public",
        {"public": True},
        content_type="application/json",
    )
    # Then the hotline case is public and the finding is refused (409) and stays internal
    assert shown.status_code == 200 and shown.json()["is_public"] is True
    assert refused.status_code == 409 and refused.json()["code"] == "not_publishable"
    assert not WorkOrder.objects.with_scopes_disabled().get(pk=finding.pk).is_public
    unit = api_client_for(world.member(world.unit, ["workorders.view_workorder"]))
    denied = unit.post(
        f"/api/v1/workorders/{hotline.reference}/public",
        {"public": False},
        content_type="application/json",
    )
    assert denied.status_code == 403
    assert WorkOrder.objects.with_scopes_disabled().get(pk=hotline.pk).is_public
