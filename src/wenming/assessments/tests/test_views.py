"""The assessment pages: the office publishes a ranking with flags, a unit appeals and sees
the outcome, and the public notice shows only what was published."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from wenming.assessments import actions
from wenming.assessments.models import Appeal, Run
from wenming.assessments.tests.conftest import MONTH
from wenming.testing import client_for


def _compute(world, scheme, office):
    with scope(jurisdiction=world.jurisdiction):
        return actions.compute_run(scheme=scheme, period_start=MONTH, actor=office)


def test_the_office_computes_and_publishes_a_ranking_with_flags(world, scheme, orders, office):
    client = client_for(office)
    page = client.get(reverse("assessments:scheme-detail", args=[scheme.pk])).content.decode()
    # the page shows each component's formula, data source, normalisation and weight
    assert "结案数 ÷ 应结案数 × 100" in page and "极差法" in page and "60" in page
    response = client.post(
        reverse("assessments:scheme-detail", args=[scheme.pk]), {"period_start": "2026-10-09"}
    )
    with scopes_disabled():
        run = Run.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "红旗" in page and "黑旗" in page and 'id="publish"' in page
    client.post(reverse("assessments:run-action", args=[run.pk, "publish"]))
    run.refresh_from_db()
    assert run.status == "published"


def test_a_unit_appeals_on_its_result_page_and_sees_the_outcome(
    world, scheme, orders, office, unit_member
):
    run = _compute(world, scheme, office)
    with scope(jurisdiction=world.jurisdiction):
        actions.publish_run(run=run, actor=office)
    url = reverse("assessments:result-detail", args=[run.pk, world.unit.pk])
    client = client_for(unit_member)
    page = client.get(url).content.decode()
    assert "按期结案率" in page and "3 ÷ 4" in page and "/workorders/kpi/?start=2026-10-01" in page
    # another unit's result page is not found
    other = reverse("assessments:result-detail", args=[run.pk, world.sibling_unit.pk])
    assert client.get(other).status_code == 404
    response = client.post(
        url, {"target": "component:work_order_close_rate", "reason": "一件工单已结案未同步"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        appeal = Appeal.objects.get()
    # the office rejects it with a reason; the unit sees the outcome
    client_for(office).post(
        reverse("assessments:appeal-decision", args=[appeal.pk, "reject"]), {"reason": "核实无误"}
    )
    page = client.get(url).content.decode()
    assert "已驳回" in page and "核实无误" in page


def test_a_decision_without_a_reason_is_refused(world, scheme, orders, office, unit_member):
    run = _compute(world, scheme, office)
    with scope(jurisdiction=world.jurisdiction):
        actions.publish_run(run=run, actor=office)
        appeal = actions.lodge_appeal(
            run=run,
            organization=world.unit,
            data={"component": "work_order_close_rate", "reason": "有误"},
            actor=unit_member,
        )
    client_for(office).post(reverse("assessments:appeal-decision", args=[appeal.pk, "accept"]))
    with scopes_disabled():
        assert Appeal.objects.get().status == "open"
        assert Run.objects.count() == 1


def test_the_public_notice_shows_only_published_rankings(world, scheme, orders, office, settings):
    settings.WENMING_DEFAULT_JURISDICTION = world.jurisdiction.code
    run = _compute(world, scheme, office)
    anonymous = Client()
    page = anonymous.get(reverse("assessments_public:ranking")).content.decode()
    assert world.unit.name not in page
    assert (
        anonymous.get(reverse("assessments_public:ranking-run", args=[run.pk])).status_code == 404
    )
    with scope(jurisdiction=world.jurisdiction):
        actions.publish_run(run=run, actor=office)
    page = anonymous.get(reverse("assessments_public:ranking")).content.decode()
    assert world.unit.name in page and world.sibling_unit.name in page and "红旗" in page
    # totals, ranks and flags only: no link to a unit's detail
    assert "/assessments/runs/" not in page


def test_the_yearly_table_and_its_excel_show_each_units_ranks_and_flags(
    world, scheme, orders, office, unit_member
):
    import io

    from openpyxl import load_workbook

    run = _compute(world, scheme, office)
    with scope(jurisdiction=world.jurisdiction):
        actions.publish_run(run=run, actor=office)
    url = reverse("assessments:year") + "?year=2026"
    page = client_for(office).get(url).content.decode()
    assert world.unit.name in page and world.sibling_unit.name in page
    response = client_for(office).get(url + "&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    # October: 交通局 first with the red flag, 城管局 second with the black flag
    assert rows[world.sibling_unit.name][10] == 1 and rows[world.sibling_unit.name][13] == 1
    assert rows[world.unit.name][10] == 2 and rows[world.unit.name][14] == 1
    # a unit sees its own row only
    page = client_for(unit_member).get(url).content.decode()
    assert world.unit.name in page and world.sibling_unit.name not in page


def test_the_ranking_page_reads_a_fixed_number_of_queries_whatever_the_units(
    world, scheme, categories, office
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wenming.assessments.tests.conftest import make_orders

    make_orders(world, categories, world.unit, closed_on_time=3)
    make_orders(world, categories, world.sibling_unit, closed_on_time=2)
    client = client_for(office)
    _compute(world, scheme, office)
    run = _compute(world, scheme, office)  # a second version: the page shows its diff
    client.get(run.get_absolute_url())
    with CaptureQueriesContext(connection) as two_units:
        client.get(run.get_absolute_url())
    # when five more units are assessed
    from wenming.organizations.models import Organization

    with scopes_disabled():
        for number in range(5):
            unit = Organization.objects.create(
                jurisdiction=world.jurisdiction,
                parent=world.committee,
                kind="responsible_unit",
                name=f"新增单位{number}",
            )
            unit.path = f"{world.committee.path}{unit.pk}/"
            unit.save(update_fields=["path"])
            make_orders(world, categories, unit, closed_on_time=2, open_=1)
    run = _compute(world, scheme, office)
    with CaptureQueriesContext(connection) as seven_units:
        response = client.get(run.get_absolute_url())
    assert response.status_code == 200 and "新增单位4" in response.content.decode()
    assert len(seven_units.captured_queries) == len(two_units.captured_queries)
