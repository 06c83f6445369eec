"""立案 and 派遣 in one step: the dispatch form's patron unit, the intake queue's batch (page
and API), all or nothing with per-row errors, and the dispatch unit picker's search."""

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from wenming.core.permissions import RoleScope
from wenming.places.tests.helpers import make_road, make_site
from wenming.testing import api_client_for, client_for
from wenming.workorders.actions.batch import BatchDispatchError, batch_dispatch_work_orders
from wenming.workorders.models import WorkOrder, WorkOrderEvent

pytestmark = pytest.mark.django_db


def _statuses(*orders):
    with scopes_disabled():
        return [
            WorkOrder.objects.values_list("status", "responsible_unit_id").get(pk=order.pk)
            for order in orders
        ]


def test_a_batch_dispatches_each_order_to_its_places_patron_unit(world, make_order, office_user):
    with scopes_disabled():
        at_site = make_order("reported", site=make_site(world, world.unit, "S001"))
        on_road = make_order("accepted", road_segment=make_road(world, world.sibling_unit))

    with scopes_disabled():
        done = batch_dispatch_work_orders([at_site, on_road], actor=office_user)

    assert len(done) == 2
    assert _statuses(at_site, on_road) == [
        ("dispatched", world.unit.pk),
        ("dispatched", world.sibling_unit.pk),
    ]
    with scopes_disabled():
        # The new one went through 立案 first: its history has both steps.
        actions = list(
            WorkOrderEvent.objects.filter(work_order=at_site).values_list("action", flat=True)
        )
    assert actions[-2:] == ["accepted", "dispatched"]


def test_a_batch_with_one_bad_row_changes_nothing_and_names_the_row(world, make_order, office_user):
    with scopes_disabled():
        good = make_order("reported", site=make_site(world, world.unit, "S001"))
        nowhere = make_order("reported")  # no site, no road: no patron unit
        closed = make_order("closed", site=make_site(world, world.unit, "S002"))
    before = _statuses(good, nowhere, closed)

    with scopes_disabled(), pytest.raises(BatchDispatchError) as raised:
        batch_dispatch_work_orders([good, nowhere, closed], actor=office_user)

    assert set(raised.value.details) == {nowhere.reference, closed.reference}
    assert raised.value.details[nowhere.reference]["code"] == "no_patron_unit"
    assert raised.value.details[closed.reference]["code"] == "invalid_transition"
    assert _statuses(good, nowhere, closed) == before


def test_one_unit_for_the_whole_batch(world, make_order, office_user):
    with scopes_disabled():
        first, second = make_order("reported"), make_order("returned")

    with scopes_disabled():
        batch_dispatch_work_orders([first, second], unit=world.sibling_unit, actor=office_user)

    assert _statuses(first, second) == [("dispatched", world.sibling_unit.pk)] * 2


def test_the_intake_page_dispatches_the_ticked_rows(world, make_order, office_user):
    with scopes_disabled():
        orders = [make_order("reported") for _ in range(3)]
    client = client_for(office_user)

    response = client.post(
        reverse("workorders:intake"),
        {
            "references": [order.reference for order in orders[:2]],
            "batch-mode": "unit",
            "batch-unit": world.unit.pk,
        },
    )

    assert response.status_code == 302
    assert _statuses(*orders) == [("dispatched", world.unit.pk)] * 2 + [("reported", None)]


def test_the_intake_page_shows_each_failed_row_and_keeps_the_ticks(world, make_order, office_user):
    with scopes_disabled():
        good = make_order("reported", site=make_site(world, world.unit, "S001"))
        nowhere = make_order("reported")
    client = client_for(office_user)

    response = client.post(
        reverse("workorders:intake"),
        {"references": [good.reference, nowhere.reference], "batch-mode": "patron"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="batch-errors"' in page and nowhere.reference in page
    assert f'value="{good.reference}" aria-label' in page
    assert len(re.findall(r'name="references" value="\w+" aria-label="[^"]+" checked>', page)) == 2
    assert _statuses(good, nowhere) == [("reported", None), ("reported", None)]


def test_the_intake_page_asks_for_the_unit_when_one_unit_is_chosen(world, make_order, office_user):
    with scopes_disabled():
        order = make_order("reported")

    response = client_for(office_user).post(
        reverse("workorders:intake"), {"references": [order.reference], "batch-mode": "unit"}
    )

    assert response.status_code == 200
    assert 'data-field="batch-unit"' in response.content.decode()
    assert _statuses(order) == [("reported", None)]


def test_the_batch_api_answers_per_row_errors(world, make_order, office_user):
    with scopes_disabled():
        good = make_order("reported", site=make_site(world, world.unit, "S001"))
        nowhere = make_order("reported")
    client = api_client_for(office_user)

    refused = client.post(
        "/api/v1/workorders/batch-dispatch",
        {"references": [good.reference, nowhere.reference, "NOPE"]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "batch_failed"
    assert set(body["details"]) == {"NOPE"}  # unknown codes are refused before any row runs

    refused = client.post(
        "/api/v1/workorders/batch-dispatch",
        {"references": [good.reference, nowhere.reference]},
        content_type="application/json",
    )
    assert refused.json()["details"][nowhere.reference]["code"] == "no_patron_unit"
    assert _statuses(good, nowhere) == [("reported", None), ("reported", None)]

    done = client.post(
        "/api/v1/workorders/batch-dispatch",
        {"references": [good.reference], "note": "按包保单位派遣"},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert [row["status"] for row in done.json()] == ["dispatched"]


def test_the_dispatch_form_is_filled_with_the_places_patron_unit(world, make_order, office_user):
    with scopes_disabled():
        order = make_order("accepted", road_segment=make_road(world, world.sibling_unit))

    page = client_for(office_user).get(order.get_absolute_url()).content.decode()

    assert (
        f'<option value="{world.sibling_unit.pk}" selected>{world.sibling_unit.name}</option>'
        in page
    )
    # Only the chosen unit is rendered: the rest come from the search.
    assert world.unit.name not in page


def test_accept_and_dispatch_is_one_step_on_the_order_page(world, make_order, office_user):
    with scopes_disabled():
        order = make_order("reported")

    response = client_for(office_user).post(
        reverse("workorders:action", args=[order.reference, "accept_dispatch"]),
        {"accept_dispatch-unit": world.unit.pk, "accept_dispatch-note": ""},
    )

    assert response.status_code == 302
    assert _statuses(order) == [("dispatched", world.unit.pk)]


def test_the_dispatch_unit_search_finds_only_units_one_may_dispatch_to(world, office_user):
    township_head = world.member(world.township, ["workorders.dispatch"], scope=RoleScope.SUBTREE)

    found = api_client_for(office_user).get(
        "/api/v1/workorders/dispatch-units", {"search": "城市管理"}
    )
    assert [row["name"] for row in found.json()["items"]] == ["汝州市城市管理局"]
    assert found.json()["items"][0]["kind_label"]

    # A township chooses among its own subtree: itself and its villages, not the city's units.
    names = {
        row["name"]
        for row in api_client_for(township_head)
        .get("/api/v1/workorders/dispatch-units")
        .json()["items"]
    }
    assert names == {"煤山街道办事处", "东风社区居民委员会"}
