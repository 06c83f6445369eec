"""The work-order actions are the gate: no actor is no longer the system."""

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from wenming.core.models import AuditEvent
from wenming.core.permissions import PUBLIC, SYSTEM
from wenming.testing import assert_gate, gate_actors
from wenming.workorders import actions
from wenming.workorders.models import WorkOrder
from wenming.workorders.permissions import OFFICE_ACTIONS
from wenming.workorders.tests.conftest import jpeg


def _state(order):
    with scopes_disabled():
        return WorkOrder.objects.filter(pk=order.pk).values_list("status", flat=True).first()


def test_accept_refuses_every_actor_without_the_permission(in_scope, make_order):
    # given a reported order
    order = make_order("reported")
    actors = gate_actors(in_scope, in_scope.office, OFFICE_ACTIONS)
    # when they accept it, then each is refused and the order stays reported
    assert_gate(
        actors,
        lambda actor: actions.accept_work_order(order, actor=actor),
        unchanged=lambda: _state(order),
    )
    assert _state(order) == "reported"


def test_no_actor_is_not_the_system(in_scope, make_order):
    # given a resolved order (the old gate let a missing actor through as the system)
    order = make_order("resolved")
    # when nobody verifies it, then it is refused
    with pytest.raises(PermissionDenied):
        actions.verify_work_order(order, passed=True, actor=None)
    assert _state(order) == "resolved"
    # and the system, named, may
    assert actions.verify_work_order(order, passed=True, actor=SYSTEM).status == "closed"


def test_the_public_reports_only_through_its_own_sources(in_scope, categories):
    # given a resident's report
    base = dict(
        jurisdiction=in_scope.jurisdiction,
        category="general",
        description="井盖缺失",
        latitude="34.17",
        longitude="112.84",
        photos=[jpeg()],
    )
    # when the public files it as a resident's report, it is accepted
    order = actions.report_problem(source="citizen", actor=PUBLIC, **base)
    assert order.status == "reported"
    # but the public cannot open an office or inspection case, nor can nobody report
    for source, actor in (("office", PUBLIC), ("inspection", PUBLIC), ("citizen", None)):
        with pytest.raises(PermissionDenied):
            actions.report_problem(source=source, actor=actor, **base)


def test_history_and_audit_name_the_public_and_the_system(in_scope, categories, make_order):
    # given a report by the public, accepted by the system
    order = actions.report_problem(
        jurisdiction=in_scope.jurisdiction,
        category="general",
        description="路灯不亮",
        source="citizen",
        latitude="34.17",
        longitude="112.84",
        photos=[jpeg()],
        actor=PUBLIC,
    )
    actions.accept_work_order(order, actor=SYSTEM)
    # then the history shows who acted, by label, and no user
    labels = list(order.events.order_by("pk").values_list("actor_label", "actor_id"))
    assert labels[:2] == [("公众", None), ("系统", None)]
    with scopes_disabled():
        event = AuditEvent.objects.filter(action__startswith="workorders.").order_by("pk").last()
    assert (event.actor_id, event.actor_label) == (None, "系统")
