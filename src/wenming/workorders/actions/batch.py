"""立案 and 派遣 in one step, for one order or many (the intake queue's batch).

Each order goes through the same actions as one at a time (`accept_work_order`, then
`dispatch_work_order`), so permissions, the transition table, the history and the audit
trail are the same. A batch is all or nothing: when any order fails, none is changed and
the refusal lists each failed order with its reason.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wenming.core.errors import DomainError
from wenming.core.permissions import require
from wenming.workorders.actions import accept_work_order, dispatch_work_order
from wenming.workorders.choices import WorkOrderStatus
from wenming.workorders.models import WorkOrder
from wenming.workorders.queries import patron_unit_of

S = WorkOrderStatus

#: At most this many orders in one batch (one page of the intake queue is 25).
MAX_BATCH = 200


class BatchDispatchError(DomainError):
    """Some orders of a batch could not be dispatched; `details` maps each tracking code to
    `{"code", "message"}`. Nothing was changed."""

    status_code = 422
    code = "batch_failed"


def accept_and_dispatch_work_order(
    order: WorkOrder,
    *,
    unit,
    actor,
    note: str = "",
    deadline: dt.datetime | None = None,
    category=None,
) -> WorkOrder:
    """立案 (when the order is still new) and 派遣 to `unit`, in one transaction."""
    require(actor, "workorders.dispatch", order)
    with transaction.atomic():
        if order.status == S.REPORTED:
            order = accept_work_order(order, actor=actor, note=note, category=category)
        return dispatch_work_order(order, unit=unit, actor=actor, note=note, deadline=deadline)


def _failed(failures: dict, count: int) -> BatchDispatchError:
    return BatchDispatchError(
        _("%(failed)s of %(count)s work orders could not be dispatched; none was changed.")
        % {"failed": len(failures), "count": count},
        details=failures,
    )


def _refusal(error: Exception) -> dict:
    if isinstance(error, PermissionDenied):
        return {"code": "forbidden", "message": _("You may not dispatch this work order.")}
    if isinstance(error, ValidationError):
        codes = (
            [e.code for e in error.error_list]
            if not hasattr(error, "error_dict")
            else [e.code for errors in error.error_dict.values() for e in errors]
        )
        return {"code": codes[0] or "invalid", "message": "；".join(error.messages)}
    assert isinstance(error, DomainError)
    return {"code": error.code, "message": str(error.message)}


def batch_dispatch_work_orders(
    orders,
    *,
    actor,
    unit=None,
    note: str = "",
    deadline: dt.datetime | None = None,
) -> list[WorkOrder]:
    """Accept (when new) and dispatch every order: to `unit`, or when it is None to each
    order's patron unit. All or nothing: raises `BatchDispatchError` naming each failure."""
    require(actor, "workorders.dispatch", WorkOrder)
    orders = sorted(orders, key=lambda order: order.pk)  # one lock order for every batch
    if not orders:
        raise BatchDispatchError(_("Choose at least one work order."), code="nothing_chosen")
    if len(orders) > MAX_BATCH:
        raise BatchDispatchError(
            _("At most %(count)s work orders at once.") % {"count": MAX_BATCH}, code="too_many"
        )
    failures: dict[str, dict] = {}
    done = []
    with transaction.atomic():
        for order in orders:
            target = unit or patron_unit_of(order)
            if target is None:
                failures[order.reference] = {
                    "code": "no_patron_unit",
                    "message": _("Its place has no patron unit: choose the unit."),
                }
                continue
            try:
                with transaction.atomic():
                    done.append(
                        accept_and_dispatch_work_order(
                            order, unit=target, actor=actor, note=note, deadline=deadline
                        )
                    )
            except (DomainError, ValidationError, PermissionDenied) as error:
                failures[order.reference] = _refusal(error)
        if failures:
            transaction.set_rollback(True)
    if failures:
        raise _failed(failures, len(orders))
    return done


def batch_dispatch_by_reference(
    references,
    *,
    actor,
    unit=None,
    note: str = "",
    deadline: dt.datetime | None = None,
) -> list[WorkOrder]:
    """`batch_dispatch_work_orders` for the tracking codes the page or the API sent; a code
    the actor cannot see fails like any other row."""
    require(actor, "workorders.dispatch", WorkOrder)
    wanted = list(dict.fromkeys(str(code).strip().upper() for code in references if code))
    found = {
        order.reference: order
        for order in WorkOrder.objects.restrict(actor, "workorders.view_workorder")
        .filter(reference__in=wanted)
        .select_related("category", "site__patron_unit", "road_segment__patron_unit")
    }
    missing = {
        code: {"code": "not_found", "message": _("No work order with this tracking code.")}
        for code in wanted
        if code not in found
    }
    if missing:
        raise _failed(missing, len(wanted))
    return batch_dispatch_work_orders(
        list(found.values()), actor=actor, unit=unit, note=note, deadline=deadline
    )
