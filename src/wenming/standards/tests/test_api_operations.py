"""Framework status and agreement drafting/issuing over the API, as the pages do."""

import json

from django_scopes import scope

from wenming.core.permissions import RoleScope
from wenming.core.testing import api_client_for
from wenming.standards.models import Framework, ResponsibilityAgreement
from wenming.standards.tests.factories import assign, make_framework

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
