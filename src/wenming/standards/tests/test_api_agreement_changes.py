"""Changing and amending a responsibility agreement over the API, through the page's actions."""

import json

from django_scopes import scope

from wenming.core.permissions import SYSTEM, RoleScope
from wenming.standards.actions import acknowledge_agreement, generate_agreement, issue_agreement
from wenming.standards.models import AgreementVersion, ResponsibilityAgreement
from wenming.standards.tests.factories import assign, make_framework
from wenming.testing import api_client_for

MANAGE = ["standards.view_agreement", "standards.manage_agreement"]


def send(client, method, url, body):
    return client.generic(method.upper(), url, json.dumps(body), "application/json")


def _signed(world):
    """The unit's agreement, issued and acknowledged by its head; then a second duty is
    assigned to the unit (the amendment's refresh picks it up)."""
    head = world.member(world.unit, ["standards.acknowledge_agreement"], position="head")
    with scope(jurisdiction=world.jurisdiction):
        framework = make_framework(world.jurisdiction)
        assign(framework, world.unit)
        agreement = generate_agreement(world.unit, framework, year=2025, actor=SYSTEM)
        issue_agreement(agreement, actor=SYSTEM)
        acknowledge_agreement(agreement, actor=head)
        assign(framework, world.sibling_unit, [world.unit], code="1.1.2.1")
    return agreement


def _versions(world, agreement):
    with scope(jurisdiction=world.jurisdiction):
        return [
            (v.number, v.targets, v.reason, [i["code"] for i in v.items])
            for v in AgreementVersion.objects.filter(agreement=agreement).order_by("number")
        ]


def test_a_signed_agreement_is_amended_into_a_new_version_sent_again(world):
    agreement = _signed(world)
    office = api_client_for(world.member(world.office, MANAGE, scope=RoleScope.JURISDICTION))
    url = f"/api/v1/agreements/{agreement.pk}/amend"
    # without a reason it is refused in Chinese and nothing changes
    refused = send(office, "post", url, {"targets": "新目标", "reason": "  "})
    assert refused.status_code == 400
    assert refused.json()["code"] == "reason_required"
    assert "原因" in refused.json()["message"]
    assert len(_versions(world, agreement)) == 1
    # a signed agreement cannot be edited in place
    in_place = send(office, "patch", f"/api/v1/agreements/{agreement.pk}", {"targets": "偷改"})
    assert in_place.status_code == 409
    assert in_place.json()["code"] == "agreement_signed"
    # the amendment adds version 2 with the refreshed duties, back to the head for signature
    response = send(
        office,
        "post",
        url,
        {"targets": "新增背街小巷整治", "reason": "年中调整", "refresh_items": True},
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert response.json()["status"] == "issued"
    assert response.json()["acknowledged_at"] is None
    assert _versions(world, agreement) == [
        (1, "", "", ["1.1.1.1"]),
        (2, "新增背街小巷整治", "年中调整", ["1.1.1.1", "1.1.2.1"]),
    ]
    # an agreement waiting for signature is not amended again: 409 not_signed
    again = send(office, "post", url, {"targets": "再改", "reason": "再调整"})
    assert again.status_code == 409
    assert again.json()["code"] == "not_signed"
    assert len(_versions(world, agreement)) == 2


def test_an_unsigned_agreement_is_changed_in_place_by_its_managers_only(world):
    with scope(jurisdiction=world.jurisdiction):
        framework = make_framework(world.jurisdiction)
        assign(framework, world.unit)
        agreement = generate_agreement(world.unit, framework, year=2025, actor=SYSTEM)
    url = f"/api/v1/agreements/{agreement.pk}"
    # the sibling unit's manager does not see it; a viewer of the unit may not change it
    sibling = api_client_for(world.member(world.sibling_unit, MANAGE))
    assert send(sibling, "patch", url, {"targets": "改"}).status_code == 404
    viewer = api_client_for(world.member(world.unit, ["standards.view_agreement"]))
    assert send(viewer, "patch", url, {"targets": "改"}).status_code == 403
    assert _versions(world, agreement) == [(1, "", "", ["1.1.1.1"])]
    # a manager above the unit (the committee's subtree) changes the draft's targets, still v1
    manager = api_client_for(world.member(world.committee, MANAGE))
    response = send(manager, "patch", url, {"targets": "全年达标"})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1
    assert response.json()["status"] == "draft"
    assert _versions(world, agreement) == [(1, "全年达标", "", ["1.1.1.1"])]
    with scope(jurisdiction=world.jurisdiction):
        assert ResponsibilityAgreement.objects.get(pk=agreement.pk).status == "draft"
