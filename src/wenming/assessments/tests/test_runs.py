"""Runs from the records: frozen snapshots, reproducibility, re-runs with a diff, publication,
appeals and the refusals of bad input (nothing changed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from wenming.assessments import actions
from wenming.assessments.models import Appeal, Component, Result, Run, Scheme
from wenming.assessments.queries.schemes import diff, reproduce, stored
from wenming.assessments.tests.conftest import MONTH, components, make_orders
from wenming.core.audit import AuditEvent
from wenming.core.errors import ConflictError
from wenming.core.permissions import SYSTEM
from wenming.workorders.models import WorkOrder


def _by_unit(run):
    return {r.organization_id: r for r in Result.objects.with_scopes_disabled().filter(run=run)}


def test_a_run_freezes_its_inputs_and_scores_the_units(world, scheme, orders, office):
    with scope(jurisdiction=world.jurisdiction):
        # when the office computes October
        run = actions.compute_run(scheme=scheme, period_start=dt.date(2026, 10, 20), actor=office)
        results = _by_unit(run)
    # then the period is the month, the inputs are frozen per unit and source
    assert (run.period_start, run.period_end, run.status) == (
        MONTH,
        dt.date(2026, 10, 31),
        "computed",
    )
    assert run.snapshot["inputs"]["work_order_close_rate"][str(world.unit.pk)] == ["3", "4", 4]
    assert run.snapshot["inputs"]["work_order_on_time_rate"][str(world.unit.pk)] == ["2", "4", 4]
    # 交通局 100 % / 100 % beats 城管局 75 % / 50 %: red for the first, black for the last
    unit, sibling = results[world.unit.pk], results[world.sibling_unit.pk]
    assert (sibling.total, sibling.rank, sibling.flag) == (Decimal("100.00"), 1, "red")
    assert (unit.total, unit.rank, unit.flag) == (Decimal("0.00"), 2, "black")
    assert unit.components[0]["value"] == "75.00" and unit.components[1]["value"] == "50.00"
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="assessments.run.computed").count() == 1


def test_a_frozen_run_gives_the_same_numbers_after_the_records_change(
    world, scheme, orders, office
):
    with scope(jurisdiction=world.jurisdiction):
        run = actions.compute_run(scheme=scheme, period_start=MONTH, actor=office)
        before = stored(run)
        # when the records change afterwards (the open order closes on time)
        WorkOrder.objects.filter(responsible_unit=world.unit, status="in_progress").update(
            status="closed", closed_on_time=True
        )
        # then recomputing the frozen run gives identical numbers
        again = reproduce(run)
        assert [
            (r["organization_id"], r["total"], r["rank"], r["flag"], r["components"])
            for r in sorted(again, key=lambda r: r["organization_id"])
        ] == [
            (r["organization_id"], r["total"], r["rank"], r["flag"], r["components"])
            for r in sorted(before, key=lambda r: r["organization_id"])
        ]
        # and a re-run is a new version superseding the old one, with the diff
        second = actions.compute_run(scheme=scheme, period_start=MONTH, actor=office)
        run.refresh_from_db()
        changes = {row["organization_id"]: row for row in diff(second)}
    assert (second.version, second.supersedes_id, run.status) == (2, run.pk, "superseded")
    assert changes[world.unit.pk]["total"][0] == Decimal("0.00")
    assert changes[world.unit.pk]["total"][1] > Decimal("0.00")


def test_the_minimum_records_rule_marks_a_unit_and_leaves_it_unranked(
    world, scheme, categories, office
):
    make_orders(world, categories, world.unit, closed_on_time=3)
    make_orders(world, categories, world.sibling_unit, closed_on_time=1)  # one record only
    with scope(jurisdiction=world.jurisdiction):
        run = actions.compute_run(scheme=scheme, period_start=MONTH, actor=office)
        results = _by_unit(run)
    assert results[world.sibling_unit.pk].rank is None
    assert "work_order_close_rate" in results[world.sibling_unit.pk].unranked_reason
    assert results[world.unit.pk].rank == 1


def test_the_default_minimum_is_the_jurisdictions_ranking_policy(world, orders, office):
    with scope(jurisdiction=world.jurisdiction):
        scheme = actions.create_scheme(
            jurisdiction=world.jurisdiction,
            data={
                "name": "默认最少件数",
                "period_kind": "month",
                "group_kind": "responsible_units",
                "valid_from": dt.date(2026, 1, 1),
            },
            components=components(work_order_close_rate=(100, "rank")),
            actor=SYSTEM,
        )
        run = actions.compute_run(scheme=scheme, period_start=MONTH, actor=office)
    assert run.snapshot["components"][0]["minimum_cases"] == 10
    assert all(r.rank is None for r in _by_unit(run).values())


def _counts():
    with scopes_disabled():
        return (Scheme.objects.count(), Component.objects.count(), AuditEvent.objects.count())


@pytest.mark.parametrize(
    ("weights", "code"),
    [
        (
            {"work_order_close_rate": (60, "rank"), "work_order_rework_rate": (30, "rank")},
            "weights_not_100",
        ),
        ({"": (100, "rank")}, "no_data_source"),
        ({"no_such_source": (100, "rank")}, "no_data_source"),
        ({"work_order_close_rate": (100, "threshold")}, "no_threshold"),
    ],
)
def test_bad_components_are_refused_and_nothing_is_written(world, office, weights, code):
    before = _counts()
    with scope(jurisdiction=world.jurisdiction), pytest.raises(ValidationError) as raised:
        actions.create_scheme(
            jurisdiction=world.jurisdiction,
            data={
                "name": "坏方案",
                "period_kind": "month",
                "group_kind": "townships",
                "valid_from": dt.date(2026, 1, 1),
            },
            components=components(**weights),
            actor=office,
        )
    assert code in str(raised.value.error_dict["components"][0].code)
    assert _counts() == before


def test_a_second_scheme_whose_periods_overlap_is_refused(world, scheme, office):
    before = _counts()
    with scope(jurisdiction=world.jurisdiction), pytest.raises(ConflictError) as raised:
        actions.create_scheme(
            jurisdiction=world.jurisdiction,
            data={
                "name": "重叠",
                "period_kind": "month",
                "group_kind": "responsible_units",
                "valid_from": dt.date(2026, 6, 1),
                "valid_until": dt.date(2026, 12, 31),
            },
            components=components(work_order_close_rate=(100, "rank")),
            actor=office,
        )
    assert raised.value.code == "overlapping_scheme"
    assert _counts() == before
    # another period kind for the same units is fine
    with scope(jurisdiction=world.jurisdiction):
        actions.create_scheme(
            jurisdiction=world.jurisdiction,
            data={
                "name": "半年",
                "period_kind": "half_year",
                "group_kind": "responsible_units",
                "valid_from": dt.date(2026, 6, 1),
            },
            components=components(work_order_close_rate=(100, "rank")),
            actor=office,
        )


def test_publish_appeal_accept_makes_a_new_version_and_final_is_refused_while_open(
    world, scheme, orders, office, unit_member
):
    with scope(jurisdiction=world.jurisdiction):
        run = actions.compute_run(scheme=scheme, period_start=MONTH, actor=office)
        run = actions.publish_run(run=run, actor=office)
        assert run.status == "published" and run.objection_until is not None
        appeal = actions.lodge_appeal(
            run=run,
            organization=world.unit,
            data={"component": "work_order_close_rate", "reason": "一件已结案未同步"},
            actor=unit_member,
        )
        # making the run final while the appeal is open is refused, nothing changed
        with pytest.raises(ConflictError) as raised:
            actions.finalise_run(run=run, actor=office)
        assert raised.value.code == "appeal_open"
        run.refresh_from_db()
        assert run.status == "published"
        # the office accepts: the run is computed again as version 2
        actions.decide_appeal(appeal=appeal, accept=True, reason="核实属实", actor=office)
        run.refresh_from_db()
        latest = Run.objects.get(supersedes=run)
    assert run.status == "superseded" and latest.version == 2
    with scopes_disabled():
        assert Appeal.objects.get().status == "accepted"
        actions_logged = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"assessments.appeal.lodged", "assessments.appeal.accepted"} <= actions_logged


def test_a_rejected_appeal_keeps_the_run_and_lets_it_become_final(
    world, scheme, orders, office, unit_member
):
    with scope(jurisdiction=world.jurisdiction):
        run = actions.publish_run(
            run=actions.compute_run(scheme=scheme, period_start=MONTH, actor=office), actor=office
        )
        appeal = actions.lodge_appeal(
            run=run,
            organization=world.unit,
            data={"component": "work_order_on_time_rate", "reason": "不服"},
            actor=unit_member,
        )
        actions.decide_appeal(appeal=appeal, accept=False, reason="记录无误", actor=office)
        run = actions.finalise_run(run=run, actor=office)
    assert run.status == "final"
    assert not Run.objects.with_scopes_disabled().filter(supersedes=run).exists()


def test_an_appeal_after_its_deadline_is_refused(world, scheme, orders, office, unit_member):
    with scope(jurisdiction=world.jurisdiction):
        run = actions.publish_run(
            run=actions.compute_run(scheme=scheme, period_start=MONTH, actor=office), actor=office
        )
        Run.objects.filter(pk=run.pk).update(objection_until=dt.date(2026, 11, 5))
        with pytest.raises(ConflictError) as raised:
            actions.lodge_appeal(
                run=run,
                organization=world.unit,
                data={"component": "work_order_close_rate", "reason": "迟到"},
                actor=unit_member,
            )
    assert raised.value.code == "appeal_deadline_passed"
    assert not Appeal.objects.with_scopes_disabled().exists()


def test_an_accepted_appeal_against_a_deduction_drops_it_from_the_new_version(
    world, scheme, orders, office, unit_member
):
    with scope(jurisdiction=world.jurisdiction):
        deduction = actions.add_adjustment(
            organization=world.unit,
            data={
                "kind": "deduction",
                "points": "5",
                "occurred_on": dt.date(2026, 10, 9),
                "reason": "负面清单事件",
            },
            actor=office,
        )
        run = actions.publish_run(
            run=actions.compute_run(scheme=scheme, period_start=MONTH, actor=office), actor=office
        )
        assert _by_unit(run)[world.unit.pk].total == Decimal("-5.00")
        appeal = actions.lodge_appeal(
            run=run,
            organization=world.unit,
            data={"adjustment": deduction, "reason": "事件不属本单位"},
            actor=unit_member,
        )
        actions.decide_appeal(appeal=appeal, accept=True, reason="属实", actor=office)
        latest = Run.objects.get(supersedes=run)
        assert _by_unit(latest)[world.unit.pk].total == Decimal("0.00")
        assert [row["organization_id"] for row in diff(latest)] == [world.unit.pk]


def test_every_registered_source_is_read_and_a_township_covers_its_villages(
    world, categories, office
):
    from wenming.assessments.queries.sources import SOURCES

    # given orders of a village committee under the township
    make_orders(world, categories, world.village, closed_on_time=2, open_=1)
    keys = sorted(SOURCES)
    weights = [Decimal(100) / len(keys)] * len(keys)
    weights = [w.quantize(Decimal("0.01")) for w in weights]
    weights[0] += Decimal(100) - sum(weights)
    with scope(jurisdiction=world.jurisdiction):
        scheme = actions.create_scheme(
            jurisdiction=world.jurisdiction,
            data={
                "name": "街道月度考核",
                "period_kind": "month",
                "group_kind": "townships",
                "valid_from": dt.date(2026, 1, 1),
                "minimum_cases": 1,
            },
            components=[
                {"source": key, "weight": weight, "normalisation": "min_max"}
                for key, weight in zip(keys, weights, strict=True)
            ],
            actor=office,
        )
        run = actions.compute_run(scheme=scheme, period_start=MONTH, actor=office)
    # then every source has its inputs, and the township holds its village's orders
    assert set(run.snapshot["inputs"]) == set(keys)
    township = str(world.township.pk)
    assert run.snapshot["inputs"]["work_order_close_rate"][township] == ["2", "3", 3]
    assert [unit["id"] for unit in run.snapshot["units"]] == [world.township.pk]
