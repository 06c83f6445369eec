"""Issuing and revoking Open311 keys over the API, as the office's page does."""

import json

from django_scopes import scope

from wenming.core.permissions import RoleScope
from wenming.testing import api_client_for
from wenming.workorders.models import Open311Client
from wenming.workorders.open311.keys import authenticate


def test_the_office_issues_a_key_once_and_revokes_it(world):
    office = world.member(world.office, ["workorders.manage_open311"], scope=RoleScope.JURISDICTION)
    client = api_client_for(office)
    issued = client.post(
        "/api/v1/open311-clients",
        json.dumps({"name": "12345 热线"}),
        content_type="application/json",
    )
    assert issued.status_code == 201, issued.content
    body = issued.json()
    # the key shown is the one that opens Open311 for the client just issued
    with scope(jurisdiction=world.jurisdiction):
        issued_client = Open311Client.objects.get(pk=body["id"])
    assert body["key"].startswith(f"o311_{issued_client.prefix}_")
    assert authenticate(world.jurisdiction, body["key"]) == issued_client
    assert body["active"] is True
    # the key is not shown again in the list
    listed = client.get("/api/v1/open311-clients").json()
    assert listed["count"] == 1 and "key" not in listed["items"][0]
    revoked = client.post(f"/api/v1/open311-clients/{body['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    assert authenticate(world.jurisdiction, body["key"]) is None


def test_a_unit_cannot_issue_keys(world):
    unit_member = world.member(world.unit, ["workorders.manage_open311"], scope=RoleScope.OWN)
    response = api_client_for(unit_member).post(
        "/api/v1/open311-clients", json.dumps({"name": "x"}), content_type="application/json"
    )
    assert response.status_code == 403
    with scope(jurisdiction=world.jurisdiction):
        assert not Open311Client.objects.exists()
