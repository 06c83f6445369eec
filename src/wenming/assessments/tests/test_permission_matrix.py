"""Permission matrix of every assessment API operation (see testing.matrix).

Schemes and runs are shared by the jurisdiction, but a unit reads only published or final runs
and only its own result; the office computes, publishes, finalises and decides appeals; a unit
appeals for itself.
"""

import datetime

import pytest
from django_scopes import scope

from wenming.assessments import actions
from wenming.assessments.models import Adjustment, Appeal, Run, Scheme
from wenming.assessments.tests.conftest import components
from wenming.assessments.tests.tour_cases import CASES as TOUR_CASES
from wenming.core.permissions import SYSTEM, RoleScope
from wenming.testing.matrix import Case, params, refreshed, run_case, snapshot

VIEW_SCHEME = "assessments.view_scheme"
MANAGE_SCHEME = "assessments.manage_scheme"
VIEW_RUN = "assessments.view_run"
MANAGE_RUN = "assessments.manage_run"
LODGE = "assessments.lodge_appeal"
DECIDE = "assessments.decide_appeal"
OFFICE = {"owner": "office", "scope": RoleScope.JURISDICTION}
MONTH = datetime.date(2026, 10, 1)


def _scheme(world):
    with scope(jurisdiction=world.jurisdiction):
        scheme = actions.create_scheme(
            jurisdiction=world.jurisdiction,
            data={
                "name": "矩阵考核方案",
                "period_kind": "month",
                "group_kind": "responsible_units",
                "valid_from": datetime.date(2026, 1, 1),
            },
            components=components(work_order_close_rate=(100, "rank")),
            actor=SYSTEM,
        )
    return {"scheme": scheme}


def _run(world, publish=True, appeal=False):
    given = _scheme(world)
    with scope(jurisdiction=world.jurisdiction):
        run = actions.compute_run(scheme=given["scheme"], period_start=MONTH, actor=SYSTEM)
        if publish:
            run = actions.publish_run(run=run, actor=SYSTEM)
        given["run"] = run
        if appeal:
            given["appeal"] = actions.lodge_appeal(
                run=run,
                organization=world.unit,
                data={"component": "work_order_close_rate", "reason": "矩阵申诉"},
                actor=SYSTEM,
            )
    return given


def _schemes(given):
    return snapshot(Scheme, "name", jurisdiction=given.world.jurisdiction)


def _scheme_body(given):
    return {
        "name": "街道半年考核",
        "period_kind": "half_year",
        "group_kind": "townships",
        "valid_from": "2026-01-01",
        "components": [{"source": "task_completion_rate", "weight": 100, "normalisation": "rank"}],
    }


API_CASES = [
    Case(
        "GET /api/v1/assessment-sources",
        [VIEW_SCHEME],
        expected={"other_unit": 200, "other_jurisdiction": 200},
    ),
    Case(
        "GET /api/v1/assessment-schemes",
        [VIEW_SCHEME],
        setup=_scheme,
        visible="矩阵考核方案",
        shared=True,
    ),
    Case(
        "GET /api/v1/assessment-schemes/{scheme_id}",
        [VIEW_SCHEME],
        setup=_scheme,
        url=lambda g: f"/api/v1/assessment-schemes/{g.scheme.pk}",
        expected={"other_unit": 200},
    ),
    Case(
        "POST /api/v1/assessment-schemes",
        [MANAGE_SCHEME],
        **OFFICE,
        method="post",
        data=_scheme_body,
        changed=_schemes,
        # another jurisdiction's office defines its own scheme, which leaves ours unchanged
        expected={"other_jurisdiction": 201},
    ),
    Case(
        "POST /api/v1/assessment-schemes/{scheme_id}/runs",
        [VIEW_SCHEME, MANAGE_RUN],
        **OFFICE,
        setup=_scheme,
        method="post",
        url=lambda g: f"/api/v1/assessment-schemes/{g.scheme.pk}/runs",
        data={"period_start": "2026-10-01"},
        changed=lambda g: snapshot(Run, "version"),
    ),
    Case(
        "GET /api/v1/assessment-runs",
        [VIEW_RUN],
        setup=_run,
        visible=lambda g: f'"id": {g.run.pk}',
        shared=True,
    ),
    Case(
        "GET /api/v1/assessment-runs/{run_id}",
        [VIEW_RUN],
        setup=_run,
        url=lambda g: f"/api/v1/assessment-runs/{g.run.pk}",
        expected={"other_unit": 200},
    ),
    Case(
        "GET /api/v1/assessment-runs/{run_id}/ranking",
        [VIEW_RUN],
        setup=_run,
        url=lambda g: f"/api/v1/assessment-runs/{g.run.pk}/ranking",
        expected={"other_unit": 200},
    ),
    Case(
        "GET /api/v1/assessment-runs/{run_id}/diff",
        [VIEW_RUN],
        setup=_run,
        url=lambda g: f"/api/v1/assessment-runs/{g.run.pk}/diff",
        expected={"other_unit": 200},
    ),
    Case(
        "GET /api/v1/assessment-runs/{run_id}/results/{unit_id}",
        [VIEW_RUN],
        setup=_run,
        url=lambda g: f"/api/v1/assessment-runs/{g.run.pk}/results/{g.world.unit.pk}",
    ),
    Case(
        "POST /api/v1/assessment-runs/{run_id}/publish",
        [VIEW_RUN, MANAGE_RUN],
        **OFFICE,
        setup=lambda w: _run(w, publish=False),
        method="post",
        url=lambda g: f"/api/v1/assessment-runs/{g.run.pk}/publish",
        changed=lambda g: refreshed(g.run, "status"),
    ),
    Case(
        "POST /api/v1/assessment-runs/{run_id}/finalise",
        [VIEW_RUN, MANAGE_RUN],
        **OFFICE,
        setup=_run,
        method="post",
        url=lambda g: f"/api/v1/assessment-runs/{g.run.pk}/finalise",
        changed=lambda g: refreshed(g.run, "status"),
    ),
    Case(
        "POST /api/v1/assessment-adjustments",
        [MANAGE_SCHEME],
        method="post",
        data=lambda g: {
            "unit_id": g.world.unit.pk,
            "kind": "deduction",
            "points": 2,
            "occurred_on": "2026-10-09",
            "reason": "负面清单事件",
        },
        changed=lambda g: snapshot(Adjustment, "reason"),
    ),
    Case(
        "GET /api/v1/assessment-adjustments",
        [VIEW_RUN],
        setup=lambda w: {
            "adjustment": Adjustment.objects.create(
                jurisdiction=w.jurisdiction,
                organization=w.unit,
                kind="bonus",
                points=3,
                occurred_on=MONTH,
                reason="获评先进",
            )
        },
        visible="获评先进",
    ),
    Case(
        "POST /api/v1/assessment-runs/{run_id}/appeals",
        [VIEW_RUN, LODGE],
        setup=_run,
        method="post",
        format="multipart",
        url=lambda g: f"/api/v1/assessment-runs/{g.run.pk}/appeals",
        data=lambda g: {
            "unit_id": g.world.unit.pk,
            "component": "work_order_close_rate",
            "reason": "记录有误",
        },
        changed=lambda g: snapshot(Appeal, "reason"),
    ),
    Case(
        "GET /api/v1/assessment-appeals",
        [VIEW_RUN],
        setup=lambda w: _run(w, appeal=True),
        visible="矩阵申诉",
    ),
    Case(
        "POST /api/v1/assessment-appeals/{appeal_id}/decision",
        [VIEW_RUN, DECIDE],
        **OFFICE,
        setup=lambda w: _run(w, appeal=True),
        method="post",
        url=lambda g: f"/api/v1/assessment-appeals/{g.appeal.pk}/decision",
        data={"accept": False, "reason": "记录无误"},
        changed=lambda g: refreshed(g.appeal, "status"),
    ),
]


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


PAGE_CASES = [
    Case(
        "assessments:scheme-list", [VIEW_SCHEME], setup=_scheme, visible="矩阵考核方案", shared=True
    ),
    Case(
        "assessments:scheme-detail",
        [VIEW_SCHEME],
        setup=_scheme,
        url=lambda g: _url("assessments:scheme-detail", g.scheme.pk),
        expected={"other_unit": 200},
    ),
    Case(
        "assessments:run-list",
        [VIEW_RUN],
        setup=_run,
        visible="矩阵考核方案",
        shared=True,
    ),
    Case(
        "assessments:year",
        [VIEW_RUN],
        setup=_run,
        url=lambda g: _url("assessments:year") + "?year=2026",
        visible=lambda g: g.world.unit.name,
    ),
    Case(
        "assessments:run-detail",
        [VIEW_RUN],
        setup=_run,
        url=lambda g: _url("assessments:run-detail", g.run.pk),
        expected={"other_unit": 200},
    ),
    Case(
        "assessments:run-action",
        [VIEW_RUN, MANAGE_RUN],
        **OFFICE,
        setup=lambda w: _run(w, publish=False),
        method="post",
        url=lambda g: _url("assessments:run-action", g.run.pk, "publish"),
        changed=lambda g: refreshed(g.run, "status"),
        expected={"member_with": 302},
    ),
    Case(
        "assessments:result-detail",
        [VIEW_RUN, LODGE],
        setup=_run,
        method="post",
        url=lambda g: _url("assessments:result-detail", g.run.pk, g.world.unit.pk),
        data={"target": "component:work_order_close_rate", "reason": "页面申诉"},
        changed=lambda g: snapshot(Appeal, "reason"),
        expected={"member_with": 302},
    ),
    Case(
        "assessments:appeal-decision",
        [VIEW_RUN, DECIDE],
        **OFFICE,
        setup=lambda w: _run(w, appeal=True),
        method="post",
        url=lambda g: _url("assessments:appeal-decision", g.appeal.pk, "reject"),
        data={"reason": "记录无误"},
        changed=lambda g: refreshed(g.appeal, "status"),
        expected={"member_with": 302},
    ),
]


CASES = API_CASES + PAGE_CASES + TOUR_CASES


@pytest.mark.parametrize("case", params(CASES))
def test_permission_matrix(world, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run_case(case, world)
