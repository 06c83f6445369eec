"""The assessment API as a unit and as the office sees it: own detail only, the ranking once
published, refusals with their codes and nothing changed."""

from __future__ import annotations

from django_scopes import scope, scopes_disabled

from wenming.assessments import actions
from wenming.assessments.models import Run, Scheme
from wenming.assessments.tests.conftest import MONTH, UNIT
from wenming.core.permissions import RoleScope
from wenming.testing import client_for


def _compute(world, scheme, office):
    with scope(jurisdiction=world.jurisdiction):
        return actions.compute_run(scheme=scheme, period_start=MONTH, actor=office)


def test_a_unit_sees_its_own_detail_and_the_ranking_only_once_published(
    world, scheme, orders, office, unit_member
):
    run = _compute(world, scheme, office)
    client = client_for(unit_member)
    own = f"/api/v1/assessment-runs/{run.pk}/results/{world.unit.pk}"
    other = f"/api/v1/assessment-runs/{run.pk}/results/{world.sibling_unit.pk}"
    # before publication: its own detail, no ranking, no other unit's detail
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404
    assert client.get(f"/api/v1/assessment-runs/{run.pk}/ranking").status_code == 404
    assert client.get("/api/v1/assessment-runs").json()["count"] == 0
    # the office publishes
    response = client_for(office).post(f"/api/v1/assessment-runs/{run.pk}/publish")
    assert response.status_code == 200 and response.json()["status"] == "published"
    # then the unit reads the ranking, still not the other unit's detail
    ranking = client.get(f"/api/v1/assessment-runs/{run.pk}/ranking").json()
    assert [(row["unit_id"], row["rank"], row["flag"]) for row in ranking["items"]] == [
        (world.sibling_unit.pk, 1, "red"),
        (world.unit.pk, 2, "black"),
    ]
    assert client.get(other).status_code == 404
    detail = client.get(own).json()
    close = detail["components"][0]
    assert (close["numerator"], close["denominator"], close["value"]) == ("3", "4", "75.00")
    assert close["formula"] and close["records_url"].startswith("/workorders/kpi/")


def test_the_office_sees_every_unit_before_publication(world, scheme, orders, office):
    run = _compute(world, scheme, office)
    client = client_for(office)
    assert client.get(f"/api/v1/assessment-runs/{run.pk}/ranking").json()["count"] == 2
    response = client.get(f"/api/v1/assessment-runs/{run.pk}/results/{world.sibling_unit.pk}")
    assert response.status_code == 200


def test_bad_schemes_are_refused_with_their_codes_and_nothing_is_written(world, scheme, office):
    client = client_for(office)
    body = {
        "name": "新方案",
        "period_kind": "month",
        "group_kind": "townships",
        "valid_from": "2026-01-01",
        "components": [
            {"source": "work_order_close_rate", "weight": 50, "normalisation": "rank"},
            {"source": "task_completion_rate", "weight": 40, "normalisation": "rank"},
        ],
    }
    response = client.post("/api/v1/assessment-schemes", body, content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "weights_not_100"
    body["components"][1] = {"source": "", "weight": 50, "normalisation": "rank"}
    response = client.post("/api/v1/assessment-schemes", body, content_type="application/json")
    assert response.status_code == 422 and response.json()["code"] == "no_data_source"
    body["group_kind"] = "responsible_units"
    body["components"][1]["source"] = "task_completion_rate"
    response = client.post("/api/v1/assessment-schemes", body, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "overlapping_scheme"
    with scopes_disabled():
        assert Scheme.objects.count() == 1


def test_an_appeal_before_publication_and_final_with_an_open_appeal_are_refused(
    world, scheme, orders, office
):
    run = _compute(world, scheme, office)
    head = world.member(world.unit, UNIT, scope=RoleScope.OWN, position="head")
    url = f"/api/v1/assessment-runs/{run.pk}/appeals"
    data = {"unit_id": world.unit.pk, "component": "work_order_close_rate", "reason": "有误"}
    response = client_for(head).post(url, data)
    assert response.status_code == 404  # not published: the unit does not see the run
    client_for(office).post(f"/api/v1/assessment-runs/{run.pk}/publish")
    response = client_for(head).post(url, data)
    assert response.status_code == 201 and response.json()["status"] == "open"
    response = client_for(office).post(f"/api/v1/assessment-runs/{run.pk}/finalise")
    assert response.status_code == 409 and response.json()["code"] == "appeal_open"
    with scopes_disabled():
        assert Run.objects.get(pk=run.pk).status == "published"
