"""Permission matrix of every work-order page and API operation (see testing.matrix).

The office accepts, dispatches, verifies and decides; the responsible unit starts, resolves,
asks for more time or returns the order. An order is visible to the office and to the unit it
was dispatched to.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from wenming.core.permissions import RoleScope
from wenming.testing.matrix import Case, params, refreshed, run_case, snapshot
from wenming.workorders.models import Category, DeferralRequest, Open311Client, WorkOrder
from wenming.workorders.tests.conftest import jpeg

VIEW = "workorders.view_workorder"
ACCEPT = "workorders.accept"
DISPATCH = "workorders.dispatch"
HANDLE = "workorders.handle"
VERIFY = "workorders.verify"
APPROVE_DEFERRAL = "workorders.approve_deferral"
OFFICE = {"owner": "office", "scope": RoleScope.JURISDICTION}


def _category(world):
    return Category.objects.get_or_create(
        jurisdiction=world.jurisdiction,
        code="general",
        defaults={
            "name": "一般事项",
            "time_limit_value": 7,
            "time_limit_unit": "working_days",
            "is_public": True,
        },
    )[0]


def _order(world, status="reported", number=1, source="inspection", **fields):
    now = timezone.now()
    dispatched = status not in ("reported", "accepted", "rejected")
    unit = world.unit if dispatched else None
    return WorkOrder.objects.create(
        jurisdiction=world.jurisdiction,
        reference=f"M{number:011d}",
        category=_category(world),
        status=status,
        source=source,
        description="井盖缺失",
        reported_at=now,
        responsible_unit=unit,
        dispatched_at=now if dispatched else None,
        deadline=now + timezone.timedelta(days=3) if dispatched else None,
        resolved_unit=world.unit if status in ("resolved", "verified") else None,
        resolved_at=now if status in ("resolved", "verified") else None,
        **fields,
    )


def _opened_except_by_other_office(given):
    return sorted(
        WorkOrder.objects.with_scopes_disabled()
        .filter(jurisdiction=given.world.jurisdiction)
        .exclude(events__actor=given.users["other_unit"])
        .values_list("reference", flat=True)
    )


def _at(status):
    return lambda world: {"order": _order(world, status)}


def _state(given):
    return snapshot(WorkOrder, "status", "responsible_unit_id", "merged_into_id")


def _api(verb):
    return lambda g: f"/api/v1/workorders/{g.order.reference}/{verb}"


def _deferred(world):
    from wenming.workorders.actions import request_deferral

    order = _order(world, "dispatched")
    user = world.member(world.unit, [VIEW, HANDLE])
    request_deferral(
        order,
        reason="需要采购材料",
        requested_deadline=timezone.now() + timezone.timedelta(days=10),
        actor=user,
    )
    return {"order": order, "deferral": DeferralRequest.objects.get(work_order=order)}


def _two(world):
    return {"order": _order(world, "accepted"), "other": _order(world, "accepted", number=2)}


CASES = [
    Case("workorders:queue", [VIEW], setup=_at("dispatched"), visible="M00000000001"),
    Case(
        "workorders:intake", [VIEW, ACCEPT], **OFFICE, setup=_at("reported"), visible="M00000000001"
    ),
    Case(
        "workorders:verify-list",
        [VIEW, VERIFY],
        **OFFICE,
        setup=_at("resolved"),
        visible="M00000000001",
    ),
    Case(
        "workorders:report-list",
        [VIEW],
        setup=lambda w: {"order": _order(w, "dispatched", source="citizen")},
        visible="M00000000001",
    ),
    # Figures over the orders one may see (`restrict`): every holder gets the page.
    Case(
        "workorders:kpi",
        ["workorders.view_kpi"],
        **OFFICE,
        expected={"other_unit": 200, "other_jurisdiction": 200},
    ),
    Case(
        "workorders:category-list",
        [VIEW],
        setup=lambda w: {"category": _category(w)},
        visible="一般事项",
        shared=True,
    ),
    Case(
        "workorders:open311-clients",
        ["workorders.manage_open311"],
        **OFFICE,
        method="post",
        data={"name": "12345热线"},
        changed=lambda g: snapshot(Open311Client, "name", jurisdiction=g.world.jurisdiction),
        # The other jurisdiction's office issues keys of its own jurisdiction.
        expected={"other_jurisdiction": 200},
    ),
    Case(
        "workorders:detail",
        [VIEW],
        setup=_at("dispatched"),
        url=lambda g: reverse("workorders:detail", args=[g.order.reference]),
    ),
    Case(
        "workorders:action",
        [VIEW, ACCEPT],
        **OFFICE,
        label="accept",
        setup=_at("reported"),
        method="post",
        url=lambda g: reverse("workorders:action", args=[g.order.reference, "accept"]),
        data={"note": "立案"},
        changed=_state,
    ),
    Case(
        "workorders:action",
        [VIEW, HANDLE],
        label="start",
        setup=_at("dispatched"),
        method="post",
        url=lambda g: reverse("workorders:action", args=[g.order.reference, "start"]),
        data={"note": "开始整改"},
        changed=_state,
    ),
    # --- API ---
    Case(
        "GET /api/v1/workorders/categories",
        [VIEW],
        setup=lambda w: {"category": _category(w)},
        visible="一般事项",
        shared=True,
    ),
    Case("GET /api/v1/workorders", [VIEW], setup=_at("dispatched"), visible="M00000000001"),
    Case(
        "GET /api/v1/workorders/{reference}",
        [VIEW],
        setup=_at("dispatched"),
        url=lambda g: f"/api/v1/workorders/{g.order.reference}",
    ),
    Case(
        "POST /api/v1/workorders",
        ["workorders.add_work_order"],
        **OFFICE,
        setup=lambda w: {"category": _category(w)},
        method="post",
        data={
            "category_code": "general",
            "description": "12345 热线：路灯不亮",
            "lat": 34.167,
            "lng": 112.845,
            "source": "hotline",
        },
        changed=_opened_except_by_other_office,
        # The other jurisdiction's office opens orders in its own jurisdiction only, where
        # this category does not exist; another office of the same jurisdiction (a
        # jurisdiction-wide grant in a sibling unit) may open one too: its orders are left out
        # of the state compared.
        expected={"other_jurisdiction": 422, "other_unit": 201},
    ),
    Case(
        "POST /api/v1/workorders/{reference}/accept",
        [VIEW, ACCEPT],
        **OFFICE,
        setup=_at("reported"),
        method="post",
        url=_api("accept"),
        data={"note": "立案"},
        changed=_state,
    ),
    Case(
        "POST /api/v1/workorders/{reference}/reject",
        [VIEW, ACCEPT],
        **OFFICE,
        setup=_at("reported"),
        method="post",
        url=_api("reject"),
        data={"reason": "重复上报"},
        changed=_state,
    ),
    Case(
        "POST /api/v1/workorders/{reference}/dispatch",
        [VIEW, DISPATCH],
        **OFFICE,
        setup=_at("accepted"),
        method="post",
        url=_api("dispatch"),
        data=lambda g: {"unit_id": g.world.unit.pk},
        changed=_state,
    ),
    Case(
        "GET /api/v1/workorders/dispatch-units",
        [DISPATCH],
        **OFFICE,
        visible="汝州市城市管理局",
    ),
    # A batch names its rows: one the caller cannot see (or a unit it may not dispatch to)
    # is a per-row 422 `batch_failed`, and nothing changes.
    Case(
        "POST /api/v1/workorders/batch-dispatch",
        [VIEW, ACCEPT, DISPATCH],
        **OFFICE,
        setup=_at("reported"),
        method="post",
        data=lambda g: {"references": [g.order.reference], "unit_id": g.world.unit.pk},
        changed=_state,
        expected={"other_unit": 422, "other_jurisdiction": 422},
    ),
    Case(
        "workorders:intake",
        [VIEW, ACCEPT, DISPATCH],
        **OFFICE,
        label="batch",
        setup=_at("reported"),
        method="post",
        data=lambda g: {
            "references": [g.order.reference],
            "batch-mode": "unit",
            "batch-unit": g.world.unit.pk,
        },
        changed=_state,
        # The page comes back with the rows' errors; nothing changes.
        expected={"other_unit": 200, "other_jurisdiction": 200},
    ),
    Case(
        "POST /api/v1/workorders/{reference}/start",
        [VIEW, HANDLE],
        setup=_at("dispatched"),
        method="post",
        url=_api("start"),
        data={"note": "开始"},
        changed=_state,
    ),
    Case(
        "POST /api/v1/workorders/{reference}/resolve",
        [VIEW, HANDLE],
        setup=_at("in_progress"),
        method="post",
        format="multipart",
        url=_api("resolve"),
        data=lambda g: {"note": "已修复", "photos": [jpeg()]},
        changed=_state,
    ),
    Case(
        "POST /api/v1/workorders/{reference}/verify",
        [VIEW, VERIFY],
        **OFFICE,
        setup=_at("resolved"),
        method="post",
        url=_api("verify"),
        data={"passed": True},
        changed=_state,
    ),
    Case(
        "POST /api/v1/workorders/{reference}/deferrals",
        [VIEW, HANDLE],
        setup=_at("dispatched"),
        method="post",
        url=_api("deferrals"),
        data=lambda g: {
            "reason": "需要采购材料",
            "requested_deadline": (timezone.now() + timezone.timedelta(days=10)).isoformat(),
        },
        changed=lambda g: snapshot(DeferralRequest, "status"),
    ),
    Case(
        "POST /api/v1/workorders/{reference}/deferrals/{deferral_id}/decide",
        [VIEW, APPROVE_DEFERRAL],
        **OFFICE,
        setup=_deferred,
        method="post",
        url=lambda g: f"/api/v1/workorders/{g.order.reference}/deferrals/{g.deferral.pk}/decide",
        data={"approved": True},
        changed=lambda g: refreshed(g.deferral, "status"),
    ),
    Case(
        "POST /api/v1/workorders/{reference}/return",
        [VIEW, HANDLE],
        setup=_at("dispatched"),
        method="post",
        url=_api("return"),
        data={"reason": "不属于本单位"},
        changed=_state,
    ),
    Case(
        "POST /api/v1/workorders/{reference}/reopen",
        [VIEW, ACCEPT],
        **OFFICE,
        setup=_at("closed"),
        method="post",
        url=_api("reopen"),
        data={"reason": "居民再次反映"},
        changed=_state,
    ),
    Case(
        "POST /api/v1/workorders/{reference}/merge",
        [VIEW, ACCEPT],
        **OFFICE,
        setup=_two,
        method="post",
        url=_api("merge"),
        data=lambda g: {"into": g.other.reference},
        changed=_state,
    ),
]


def _open311_client(world):
    from wenming.core.permissions import SYSTEM
    from wenming.workorders.open311.keys import issue_key

    client, _key = issue_key(jurisdiction=world.jurisdiction, name="12345热线", actor=SYSTEM)
    return {"client": client}


CASES += [
    Case(
        "POST /api/v1/workorders/{reference}/public",
        [VIEW, ACCEPT],
        **OFFICE,
        setup=lambda w: {"order": _order(w, "dispatched", source="hotline")},
        method="post",
        url=_api("public"),
        data={"public": True},
        changed=lambda g: refreshed(g.order, "is_public"),
    ),
    Case(
        "GET /api/v1/open311-clients",
        ["workorders.manage_open311"],
        **OFFICE,
        setup=_open311_client,
        visible="12345热线",
        # Keys are the whole jurisdiction's: a unit's own-scope grant is refused.
        expected={"other_unit": 403},
    ),
    Case(
        "POST /api/v1/open311-clients",
        ["workorders.manage_open311"],
        **OFFICE,
        method="post",
        data={"name": "市长热线"},
        changed=lambda g: snapshot(Open311Client, "name", jurisdiction=g.world.jurisdiction),
        # The other jurisdiction's office issues keys of its own jurisdiction.
        expected={"other_jurisdiction": 201},
    ),
    Case(
        "POST /api/v1/open311-clients/{client_id}/revoke",
        ["workorders.manage_open311"],
        **OFFICE,
        setup=_open311_client,
        method="post",
        url=lambda g: f"/api/v1/open311-clients/{g.client.pk}/revoke",
        changed=lambda g: snapshot(Open311Client, "active", jurisdiction=g.world.jurisdiction),
    ),
]

_VIEWS = "wenming.workorders.tests.test_views"
#: Endpoints whose full five-actor matrix lives with the app's other tests.
COVERED_ELSEWHERE = {
    "workorders:public": f"{_VIEWS}::test_office_shows_a_hotline_case_in_the_public_feed_matrix",
}


@pytest.mark.parametrize("case", params(CASES))
def test_permission_matrix(world, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.WENMING_DEFAULT_JURISDICTION = "410482"
    run_case(case, world)
