"""Pages: permission matrices, the phone walk, the round report, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scope

from wenming.core.permissions import RoleScope
from wenming.inspections.models import SiteVisit, VisitLineResult
from wenming.inspections.tests.conftest import jpeg_upload
from wenming.places.models import Site
from wenming.places.tests.helpers import make_site
from wenming.testing import assert_matrix, client_for, matrix_users

VIEW = ["places.view_site", "places.view_roadsegment", "inspections.view_inspection"]


def _site_names(world):
    with scope(jurisdiction=world.jurisdiction):
        return sorted(Site.objects.values_list("code", "name"))


def test_site_pages_permission_matrix(setup):
    world, site = setup.world, setup.site
    users = matrix_users(world, world.unit, ["places.view_site"])
    expected = {
        "anonymous": 302,
        "other_jurisdiction": 404,
        "other_unit": 404,
        "member_without": 403,
        "member_with": 200,
    }
    assert_matrix(users, lambda c: c.get(reverse("places:site-detail", args=[site.pk])), expected)
    list_expected = {**expected, "other_jurisdiction": 200, "other_unit": 200}
    assert_matrix(users, lambda c: c.get(reverse("places:site-list")), list_expected)


def test_site_edit_permission_matrix_denials_change_nothing(setup):
    world, site = setup.world, setup.site
    users = matrix_users(world, world.unit, ["places.view_site", "places.change_site"])
    data = {
        "code": site.code,
        "name": "改名",
        "site_type": "main_road",
        "coordinate_system": "wgs84",
        "latitude": "34.17",
        "longitude": "112.84",
        "patron_unit": world.unit.pk,
        "is_active": "on",
    }
    assert_matrix(
        users,
        lambda c: c.post(reverse("places:site-edit", args=[site.pk]), data),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
            "member_with": 302,
        },
        unchanged=lambda: _site_names(world),
    )
    with scope(jurisdiction=world.jurisdiction):
        site.refresh_from_db()
        assert site.name == "改名"


def test_unit_sees_only_its_patron_sites_and_township_its_subtree(setup):
    world = setup.world
    unit_user = world.member(world.unit, VIEW, scope=RoleScope.SUBTREE)
    township_user = world.member(world.township, VIEW, scope=RoleScope.SUBTREE)
    url = reverse("places:site-list")
    unit_page = client_for(unit_user).get(url).content.decode()
    assert "S001" in unit_page and "S002" not in unit_page and "S003" not in unit_page
    township_page = client_for(township_user).get(url).content.decode()
    assert "S003" in township_page and "S001" not in township_page
    # the round shows each of them only their sites' visits
    round_url = reverse("inspections:round-detail", args=[setup.round.pk])
    page = client_for(unit_user).get(round_url).content.decode()
    assert setup.site.name in page and setup.sibling_site.name not in page
    sibling = world.member(world.sibling_unit, VIEW, scope=RoleScope.OWN)
    other_visit = setup.round.visits.model.objects.with_scopes_disabled().get(
        round=setup.round, site=setup.township_site
    )
    assert (
        client_for(sibling)
        .get(reverse("inspections:visit-detail", args=[other_visit.pk]))
        .status_code
        == 404
    )
    nobody = world.member(world.other_unit, VIEW, scope=RoleScope.SUBTREE)
    assert client_for(nobody).get(round_url).status_code == 404


def test_inspector_walks_a_site_on_the_phone_page(setup):
    world, items = setup.world, setup.items
    client = client_for(setup.inspector)
    url = reverse("inspections:visit-detail", args=[setup.visit.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'capture="environment"' in page.content.decode()
    data = {"submission_key": "abc", "latitude": "34.1671", "longitude": "112.8452"}
    for item in items:
        data[f"result_{item.pk}"] = "met"
    data[f"result_{items[0].pk}"] = "not_met"
    data[f"note_{items[0].pk}"] = "没有公益广告"
    # without the photo the failed line is refused and nothing is saved
    response = client.post(url, data)
    assert response.status_code == 422
    assert response.context["errors"] == [f"“{items[0].text}”未达标：请拍照留证。"]
    data[f"photo_{items[0].pk}"] = jpeg_upload()
    response = client.post(url, data)
    assert response.status_code == 302
    # a double tap (same key) changes nothing and lands on the round too
    data[f"photo_{items[0].pk}"] = jpeg_upload()
    assert client.post(url, data).status_code == 302
    with scope(jurisdiction=world.jurisdiction):
        visit = SiteVisit.objects.get(pk=setup.visit.pk)
        assert visit.status == "submitted"
        assert visit.failed_lines == 1
        assert VisitLineResult.objects.filter(visit=visit).count() == len(items)
        assert visit.photos.count() == 1
    from wenming.workorders.models import WorkOrder

    assert WorkOrder.objects.with_scopes_disabled().filter(source="inspection").count() == 1
    report = client.get(reverse("inspections:round-report", args=[setup.round.pk]))
    assert report.status_code == 200
    assert "84.6 %" in report.content.decode()  # 55 of 65
    export = client.get(reverse("inspections:round-report", args=[setup.round.pk]) + "?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from wenming.core.models import AuditEvent

    [event] = AuditEvent.objects.with_scopes_disabled().filter(
        action="inspections.site_visit.exported"
    )
    from io import BytesIO

    from openpyxl import load_workbook

    sites = load_workbook(BytesIO(export.content)).worksheets[0]
    assert event.new_data["rows"] == sites.max_row - 1 >= 1
    assert event.new_data["filters"] == {"round": setup.round.pk}


def test_visit_post_permission_matrix(setup):
    world, items = setup.world, setup.items
    users = matrix_users(
        world,
        world.office,
        ["inspections.view_inspection", "inspections.perform_inspection"],
        scope=RoleScope.JURISDICTION,
    )
    users["assigned"] = setup.inspector
    data = {f"result_{item.pk}": "met" for item in items}

    def snapshot():
        with scope(jurisdiction=world.jurisdiction):
            return list(SiteVisit.objects.values_list("pk", "status"))

    assert_matrix(
        users,
        lambda c: c.post(reverse("inspections:visit-detail", args=[setup.visit.pk]), data),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
            # holds the permission but is not an inspector of this round
            "member_with": 403,
            "assigned": 302,
        },
        unchanged=snapshot,
    )


def test_round_plan_and_transitions_by_page(setup):
    world = setup.world
    planner = world.member(
        world.office,
        [
            "inspections.view_inspection",
            "inspections.plan_inspection",
            "inspections.perform_inspection",
        ],
        scope=RoleScope.JURISDICTION,
    )
    client = client_for(planner)
    response = client.post(
        reverse("inspections:round-add"),
        {
            "name": "第二轮",
            "start_date": "2026-11-09",
            "end_date": "2026-11-13",
            "inspectors": [setup.inspector.pk],
            "site_codes": "S002\nS001",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with scope(jurisdiction=world.jurisdiction):
        inspection_round = setup.round.__class__.objects.get(name="第二轮")
        assert list(
            inspection_round.visits.order_by("position").values_list("site__code", flat=True)
        ) == ["S002", "S001"]
    bad = client.post(
        reverse("inspections:round-add"),
        {
            "name": "x",
            "start_date": "2026-11-09",
            "end_date": "2026-11-13",
            "inspectors": [setup.inspector.pk],
            "site_codes": "NOPE",
        },
    )
    assert bad.status_code == 422
    complete = client.post(reverse("inspections:round-complete", args=[inspection_round.pk]))
    assert complete.status_code == 302
    inspection_round.refresh_from_db()
    assert inspection_round.status == "planned"  # refused: planned → completed
    client.post(reverse("inspections:round-start", args=[inspection_round.pk]))
    inspection_round.refresh_from_db()
    assert inspection_round.status == "in_progress"
    # a unit without plan permission cannot start or complete
    unit_user = world.member(world.unit, VIEW)
    assert (
        client_for(unit_user)
        .post(reverse("inspections:round-complete", args=[inspection_round.pk]))
        .status_code
        == 403
    )


def test_site_list_query_count_does_not_grow(setup, django_assert_max_num_queries):
    world = setup.world
    office = world.member(world.office, ["places.view_site"], scope=RoleScope.JURISDICTION)
    client = client_for(office)
    url = reverse("places:site-list")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    with scope(jurisdiction=world.jurisdiction):
        for number in range(40):
            make_site(world, world.sibling_unit, f"Q{number:03d}", division=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        assert client.get(url + "?view=map").status_code == 200


@pytest.mark.parametrize(
    "name", ["inspections:inspection-list", "inspections:checklist-list", "places:road-list"]
)
def test_lists_render_for_office(setup, name):
    office = setup.world.member(
        setup.world.office,
        [
            "inspections.view_inspection",
            "places.view_roadsegment",
            "inspections.plan_inspection",
        ],
        scope=RoleScope.JURISDICTION,
    )
    assert client_for(office).get(reverse(name)).status_code == 200


def test_photos_taken_survive_an_error_in_another_line_and_the_next_site_opens(setup):
    world, items = setup.world, setup.items
    client = client_for(setup.inspector)
    url = reverse("inspections:visit-detail", args=[setup.visit.pk])
    data = {"submission_key": "keep", "latitude": "34.1671", "longitude": "112.8452"}
    for item in items:
        data[f"result_{item.pk}"] = "met"
    data[f"result_{items[0].pk}"] = "not_met"
    data[f"photo_{items[0].pk}"] = jpeg_upload()
    del data[f"result_{items[1].pk}"]  # one line left without a finding

    # given a photo on line one and no finding on line two
    response = client.post(url, data)

    # then the error is shown, and the photo is kept and shown on its line
    assert response.status_code == 422
    page = response.content.decode()
    assert "wm-kept-photos" in page
    with scope(jurisdiction=world.jurisdiction):
        assert SiteVisit.objects.get(pk=setup.visit.pk).photos.count() == 1

    # when the line is completed without taking the photo again
    del data[f"photo_{items[0].pk}"]
    data[f"result_{items[1].pk}"] = "met"
    response = client.post(url, data)

    # then the visit is submitted with the kept photo, and the next site of the round opens
    assert response.status_code == 302
    with scope(jurisdiction=world.jurisdiction):
        visit = SiteVisit.objects.get(pk=setup.visit.pk)
        assert visit.status == "submitted" and visit.photos.count() == 1
        following = (
            SiteVisit.objects.filter(round=setup.round, status="pending")
            .order_by("position")
            .first()
        )
    if following is not None:
        assert response["Location"] == reverse("inspections:visit-detail", args=[following.pk])


def test_the_checklist_says_what_partly_met_and_not_met_mean(setup):
    page = client_for(setup.inspector).get(
        reverse("inspections:visit-detail", args=[setup.visit.pk])
    )
    text = page.content.decode()
    # every line says what each finding scores, with its own points
    assert text.count("得 0 分，作为问题交包保单位整改。") == len(setup.items)
    item = setup.items[0]
    partly = (item.points * item.partial_ratio).normalize()
    assert f"得 {partly:f} 分（满分 {item.points.normalize():f} 分）" in text
