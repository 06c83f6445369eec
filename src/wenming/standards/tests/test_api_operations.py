"""Framework status and agreement drafting/issuing over the API, as the pages do."""

import json

from django_scopes import scope

from wenming.core.permissions import RoleScope
from wenming.standards.models import Assignment, Framework, ResponsibilityAgreement
from wenming.standards.tests.factories import assign, make_framework
from wenming.testing import api_client_for

MANAGE = ["standards.view_framework", "standards.manage_framework"]
AGREEMENTS = ["standards.view_framework", "standards.view_agreement", "standards.manage_agreement"]


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_a_jurisdiction_wide_manager_activates_an_edition_a_unit_cannot(world):
    with scope(jurisdiction=world.jurisdiction):
        framework = make_framework(world.jurisdiction)
    unit_manager = world.member(world.unit, MANAGE, scope=RoleScope.OWN)
    office_manager = world.member(world.office, MANAGE, scope=RoleScope.JURISDICTION)
    url = f"/api/v1/frameworks/{framework.pk}/status"
    assert post(api_client_for(unit_manager), url, {"status": "active"}).status_code == 403
    with scope(jurisdiction=world.jurisdiction):
        assert Framework.objects.get(pk=framework.pk).status == "draft"
    response = post(api_client_for(office_manager), url, {"status": "active"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "active"
    assert post(api_client_for(office_manager), url, {"status": "bogus"}).status_code == 422


def test_agreements_are_drafted_then_issued(world):
    with scope(jurisdiction=world.jurisdiction):
        framework = make_framework(world.jurisdiction)
        assign(framework, world.unit)
    office = world.member(world.office, AGREEMENTS, scope=RoleScope.JURISDICTION)
    client = api_client_for(office)
    drafted = post(client, f"/api/v1/frameworks/{framework.pk}/agreements", {"year": 2026})
    assert drafted.status_code == 201, drafted.content
    assert drafted.json()["count"] == 1
    with scope(jurisdiction=world.jurisdiction):
        agreement = ResponsibilityAgreement.objects.get()
    issued = post(client, f"/api/v1/agreements/{agreement.pk}/issue")
    assert issued.status_code == 200, issued.content
    assert issued.json()["status"] != "draft"
    # issuing twice is a conflict with the agreement's status
    assert post(client, f"/api/v1/agreements/{agreement.pk}/issue").status_code == 409


def test_agreement_years_out_of_range_are_refused(world):
    with scope(jurisdiction=world.jurisdiction):
        framework = make_framework(world.jurisdiction)
    office = world.member(world.office, AGREEMENTS, scope=RoleScope.JURISDICTION)
    response = post(
        api_client_for(office), f"/api/v1/frameworks/{framework.pk}/agreements", {"year": 10**20}
    )
    assert response.status_code == 422


def patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_an_edition_s_details_change_over_the_api_as_on_its_page(world):
    # given a draft edition, a jurisdiction-wide manager and a unit-level one
    with scope(jurisdiction=world.jurisdiction):
        framework = make_framework(world.jurisdiction)
    unit_manager = world.member(world.unit, MANAGE, scope=RoleScope.OWN)
    office_manager = world.member(world.office, MANAGE, scope=RoleScope.JURISDICTION)
    url = f"/api/v1/frameworks/{framework.pk}"
    body = {"submission_start": "2026-03-01", "submission_end": "2026-06-30", "description": "说明"}
    # when the unit tries, nothing changes
    assert patch(api_client_for(unit_manager), url, body).status_code == 403
    with scope(jurisdiction=world.jurisdiction):
        assert Framework.objects.get(pk=framework.pk).submission_start is None
    # when the office changes the window, the edition has it
    response = patch(api_client_for(office_manager), url, body)
    assert response.status_code == 200, response.content
    assert response.json()["submission_end"] == "2026-06-30"
    assert response.json()["description"] == "说明"
    # a close date before the stored opening date is refused, in Chinese, and changes nothing
    refused = patch(api_client_for(office_manager), url, {"submission_end": "2026-01-01"})
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid_window"
    assert "截止日期" in refused.json()["message"]
    bad = patch(api_client_for(office_manager), url, {"kind": "bogus"})
    assert bad.status_code == 422
    assert bad.json()["message"] == "请求无效。"
    with scope(jurisdiction=world.jurisdiction):
        assert Framework.objects.get(pk=framework.pk).submission_end.isoformat() == "2026-06-30"


def test_owners_carry_over_from_an_earlier_edition_once(world):
    # given last edition's criterion owned by the unit and a new edition without owners
    with scope(jurisdiction=world.jurisdiction):
        previous = make_framework(world.jurisdiction, edition="2024")
        assign(previous, world.unit)
        framework = make_framework(world.jurisdiction)
    unit_manager = world.member(world.unit, MANAGE, scope=RoleScope.OWN)
    office = api_client_for(world.member(world.office, MANAGE, scope=RoleScope.JURISDICTION))
    url = f"/api/v1/frameworks/{framework.pk}/carry-over"
    # a unit-level manager is refused and nothing is copied
    refused = post(api_client_for(unit_manager), url, {"from_framework_id": previous.pk})
    assert refused.status_code == 403
    with scope(jurisdiction=world.jurisdiction):
        assert not Assignment.objects.filter(indicator__framework=framework).exists()
    # the office carries the owners over; doing it again finds nothing left to copy
    response = post(office, url, {"from_framework_id": previous.pk})
    assert response.status_code == 200, response.content
    assert response.json() == {"count": 1}
    with scope(jurisdiction=world.jurisdiction):
        lead = Assignment.objects.get(indicator__framework=framework)
    assert lead.organization_id == world.unit.pk
    assert post(office, url, {"from_framework_id": previous.pk}).json() == {"count": 0}
    # the edition itself is no source, and a bad id is 422
    assert post(office, url, {"from_framework_id": framework.pk}).status_code == 400
    bad = post(office, url, {"from_framework_id": 0})
    assert bad.status_code == 422
    assert bad.json()["message"] == "请求无效。"
