"""Pages: permission matrix, data scope by the organization tree, query counts, action forms."""

import pytest
from django.urls import reverse
from django.utils import timezone

from wenming.testing import assert_matrix, client_for, matrix_users
from wenming.workorders.models import WorkOrder
from wenming.workorders.tests.conftest import UNIT_PERMISSIONS, jpeg


def _status(order):
    return WorkOrder.objects.with_scopes_disabled().get(pk=order.pk).status


def test_detail_matrix(world, make_order):
    order = make_order("dispatched")
    users = matrix_users(world, world.unit, UNIT_PERMISSIONS)
    assert_matrix(
        users,
        lambda client: client.get(reverse("workorders:detail", args=[order.reference])),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
            "member_with": 200,
        },
    )


def test_action_matrix_denials_change_nothing(world, make_order):
    order = make_order("dispatched")
    users = matrix_users(world, world.unit, UNIT_PERMISSIONS)
    url = reverse("workorders:action", args=[order.reference, "start"])
    assert_matrix(
        users,
        lambda client: client.post(url, {"start-note": "开始"}),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
        },
        unchanged=lambda: _status(order),
    )
    response = client_for(users["member_with"]).post(url, {"start-note": "开始"})
    assert response.status_code == 302
    assert _status(order) == "in_progress"


def test_a_township_sees_its_subtree_and_not_its_siblings(world, make_order):
    township_user = world.member(world.township, UNIT_PERMISSIONS, scope="subtree")
    village_order = make_order("dispatched", unit=world.village)
    unit_order = make_order("dispatched", unit=world.unit)
    undispatched = make_order("reported", responsible_unit=world.village)
    client = client_for(township_user)
    assert (
        client.get(reverse("workorders:detail", args=[village_order.reference])).status_code == 200
    )
    assert client.get(reverse("workorders:detail", args=[unit_order.reference])).status_code == 404
    # Not dispatched yet: only the office sees it.
    assert (
        client.get(reverse("workorders:detail", args=[undispatched.reference])).status_code == 404
    )
    page = client.get(reverse("workorders:queue")).content.decode()
    assert village_order.reference in page and unit_order.reference not in page


def test_queue_puts_overdue_first_then_my_actions(world, make_order, unit_user):
    resolved = make_order("resolved")
    dispatched = make_order("dispatched")
    overdue = make_order("in_progress")
    WorkOrder.objects.with_scopes_disabled().filter(pk=overdue.pk).update(
        deadline=timezone.now() - timezone.timedelta(hours=1)
    )
    page = client_for(unit_user).get(reverse("workorders:queue")).content.decode()
    positions = [page.index(order.reference) for order in (overdue, dispatched, resolved)]
    assert positions == sorted(positions)


def test_queue_query_count_does_not_grow(
    world, make_order, unit_user, django_assert_max_num_queries
):
    client = client_for(unit_user)
    for _ in range(3):
        make_order("dispatched")
    client.get(reverse("workorders:queue"))
    with django_assert_max_num_queries(14) as few:
        assert client.get(reverse("workorders:queue")).status_code == 200
    for _ in range(20):
        make_order("dispatched", category="emergency")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("workorders:queue")).status_code == 200


def test_queue_exports_the_filtered_rows(world, make_order, office_user):
    make_order("dispatched")
    make_order("closed")
    response = client_for(office_user).get(
        reverse("workorders:queue") + "?state=closed&export=xlsx"
    )
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_row == 2  # header + the one closed order


def test_resolve_form_with_photo_then_office_verifies(world, make_order, unit_user, office_user):
    order = make_order("in_progress")
    url = reverse("workorders:action", args=[order.reference, "resolve"])
    # Without the required photo: the form says so and nothing changes.
    response = client_for(unit_user).post(url, {"resolve-note": "已清理"})
    assert response.status_code == 200
    action_forms = {spec.name: form for spec, form in response.context["action_forms"]}
    assert response.context["open_action"] == "resolve"
    assert action_forms["resolve"].errors == {"photos": ["该类别须上传整改后照片。"]}
    assert _status(order) == "in_progress"
    response = client_for(unit_user).post(
        url, {"resolve-note": "已清理", "resolve-photos": [jpeg()]}
    )
    assert response.status_code == 302
    assert _status(order) == "resolved"
    # The unit cannot verify its own fix: the verify form is not offered and a POST is refused.
    detail = client_for(unit_user).get(reverse("workorders:detail", args=[order.reference]))
    assert "verify" not in [spec.name for spec, _form in detail.context["action_forms"]]
    verify_url = reverse("workorders:action", args=[order.reference, "verify"])
    assert client_for(unit_user).post(verify_url, {"verify-passed": "1"}).status_code == 403
    response = client_for(office_user).post(verify_url, {"verify-passed": "1"})
    assert response.status_code == 302
    assert _status(order) == "closed"


def test_kpi_page_and_home_panel(world, make_order, office_user):
    # one order closed on time, due in three days (inside the period asked for)
    make_order("closed", closed_on_time=True, first_resolved_at=timezone.now())
    period = f"start={timezone.localdate()}&end={timezone.localdate() + timezone.timedelta(days=7)}"
    client = client_for(office_user)
    rows = {}
    for by in ("unit", "township", "category"):
        response = client.get(reverse("workorders:kpi") + f"?by={by}&{period}")
        assert response.status_code == 200
        assert response.context["breakdown"] == by
        total = response.context["total"]
        assert (total.due, total.closed, total.on_time) == (1, 1, 1)
        rows[by] = [
            (row.label, row.due, row.closed, row.on_time)
            for row in [*response.context["ranked"], *response.context["unranked"]]
        ]
    # the unit is not under the township, so the township's row is empty
    assert rows == {
        "unit": [("汝州市城市管理局", 1, 1, 1)],
        "township": [("煤山街道办事处", 0, 0, 0)],
        "category": [("一般事项", 1, 1, 1)],
    }
    unit_user = world.member(world.unit, UNIT_PERMISSIONS, scope="own")
    assert client_for(unit_user).get(reverse("workorders:kpi")).status_code == 403
    home = client.get(reverse("dashboards:home"))
    assert "workorders-home-panel" in home.content.decode()


@pytest.mark.parametrize("name", ["queue", "intake", "verify-list", "report-list", "category-list"])
def test_lists_open_for_the_office(world, make_order, office_user, name):
    make_order("reported")
    assert client_for(office_user).get(reverse(f"workorders:{name}")).status_code == 200


def test_open311_clients_page_issues_a_key(world, office_user):
    client = client_for(office_user)
    response = client.post(reverse("workorders:open311-clients"), {"name": "12345热线"})
    assert response.status_code == 200
    assert response.context["new_key"].startswith("o311_")
    unit_user = world.member(world.unit, UNIT_PERMISSIONS)
    assert client_for(unit_user).get(reverse("workorders:open311-clients")).status_code == 403


@pytest.mark.parametrize("description", ['=HYPERLINK("http://x","y")', "-1+1", "@SUM(A1)"])
def test_queue_export_writes_a_residents_formula_as_text(
    world, make_order, office_user, description
):
    # Given a resident's report whose description starts like a formula
    order = make_order("dispatched", source="citizen")
    WorkOrder.objects.with_scopes_disabled().filter(pk=order.pk).update(description=description)
    # When the office exports the queue
    response = client_for(office_user).get(reverse("workorders:queue") + "?export=xlsx")
    # Then the description is a text cell, not a formula
    from wenming.core.tests.excel_checks import assert_text_not_formula

    assert response.status_code == 200
    assert_text_not_formula(response.content, [description])


def _is_public(order):
    return WorkOrder.objects.with_scopes_disabled().get(pk=order.pk).is_public


def test_office_shows_a_hotline_case_in_the_public_feed_matrix(world, make_order):
    # Given a hotline case dispatched to the unit
    order = make_order("dispatched", source="hotline")
    users = matrix_users(
        world,
        world.office,
        ["workorders.view_workorder", "workorders.accept"],
        scope="jurisdiction",
    )
    url = reverse("workorders:public", args=[order.reference])
    # When each actor asks to show it in the feed, Then only the office may, and denials change nothing
    assert_matrix(
        users,
        lambda client: client.post(url, {"public": "1"}),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
            "member_with": 302,
        },
        unchanged=lambda: _is_public(order),
    )
    assert _is_public(order)
    detail = client_for(users["member_with"]).get(order.get_absolute_url()).content.decode()
    assert 'id="public-feed-toggle"' in detail
    client_for(users["member_with"]).post(url, {"public": "0"})
    assert not _is_public(order)


def test_an_internal_finding_cannot_be_shown_in_the_public_feed(world, make_order, office_user):
    # Given an inspection finding
    order = make_order("dispatched", source="inspection")
    # When the office tries to publish it
    client = client_for(office_user)
    detail = client.get(order.get_absolute_url()).content.decode()
    client.post(reverse("workorders:public", args=[order.reference]), {"public": "1"})
    # Then no toggle is offered and it stays internal
    assert 'id="public-feed-toggle"' not in detail
    assert not _is_public(order)


def test_the_queue_export_is_audited_with_the_row_count(world, make_order, office_user):
    from django_scopes import scopes_disabled

    from wenming.core.models import AuditEvent

    make_order("dispatched")
    make_order("closed")
    client_for(office_user).get(reverse("workorders:queue") + "?state=closed&export=xlsx")
    with scopes_disabled():
        [event] = AuditEvent.objects.filter(action="workorders.work_order.exported")
    assert event.new_data["rows"] == 1
    assert event.new_data["filters"] == {"state": "closed"}
