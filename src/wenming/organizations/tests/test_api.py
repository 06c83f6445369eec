import json

import pytest
from django_scopes import scope, scopes_disabled

from wenming.organizations.models import Organization
from wenming.testing import api_client_for, assert_matrix, matrix_users

VIEW = "organizations.view_organization"
CHANGE = "organizations.change_organization"
ADD = "organizations.add_organization"


def _organization_names():
    with scopes_disabled():
        return sorted(Organization.objects.values_list("name", "parent_id", "credit_code"))


def test_list_matrix(world):
    users = matrix_users(world, world.unit, [VIEW])
    assert_matrix(
        users,
        lambda client: client.get(f"/api/v1/organizations/{world.unit.pk}"),
        {
            "anonymous": 401,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 404,
            "member_with": 200,
        },
        client_factory=api_client_for,
    )


def test_patch_matrix_changes_nothing_when_denied(world):
    users = matrix_users(world, world.unit, [VIEW, CHANGE])
    users["member_view_only"] = world.member(world.unit, [VIEW])
    assert_matrix(
        users,
        lambda client: client.patch(
            f"/api/v1/organizations/{world.unit.pk}",
            data=json.dumps({"name": "改名后的局"}),
            content_type="application/json",
        ),
        {
            "anonymous": 401,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 404,
            "member_view_only": 403,
            "member_with": 200,
        },
        unchanged=_organization_names,
        client_factory=api_client_for,
    )


def test_list_is_scoped_and_paginated(world):
    user = world.member(world.township, [VIEW])
    response = api_client_for(user).get("/api/v1/organizations?limit=1")
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 2
    assert len(body["items"]) == 1
    assert body["items"][0]["name"] == world.township.name


def test_create_with_bad_credit_code_gives_error_body_and_writes_nothing(world):
    user = world.member(world.committee, [VIEW, ADD], scope="subtree")
    before = _organization_names()
    response = api_client_for(user).post(
        "/api/v1/organizations",
        data=json.dumps(
            {
                "name": "新局",
                "kind": "responsible_unit",
                "parent_id": world.committee.pk,
                "credit_code": "91350100M000100Y44",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "check_digit"
    assert body["details"][0]["field"] == "credit_code"
    assert body["message"] == "统一社会信用代码校验码不符，请检查是否有字符录错。"
    assert _organization_names() == before


def test_create_cycle_is_refused(world):
    user = world.member(world.committee, [VIEW, CHANGE], scope="subtree")
    response = api_client_for(user).patch(
        f"/api/v1/organizations/{world.township.pk}",
        data=json.dumps({"parent_id": world.village.pk}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "organization_cycle"


def test_invalid_json_gets_error_body(world):
    user = world.member(world.committee, [VIEW, ADD], scope="subtree")
    response = api_client_for(user).post(
        "/api/v1/organizations", data="{not json", content_type="application/json"
    )
    assert response.status_code == 422
    assert set(response.json()) == {"code", "message", "details"}


def test_bad_token_is_401_with_error_body(world):
    from django.test import Client

    response = Client(HTTP_AUTHORIZATION="Bearer wm_forged").get("/api/v1/organizations")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_session_write_needs_csrf(world):
    from django.test import Client

    user = world.member(world.committee, [VIEW, ADD], scope="subtree")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(
        "/api/v1/organizations",
        data=json.dumps({"name": "新队", "kind": "team", "parent_id": world.committee.pk}),
        content_type="application/json",
    )
    assert response.status_code == 403
    with scope(jurisdiction=world.jurisdiction):
        assert not Organization.objects.filter(name="新队").exists()


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow(world, rows, django_assert_max_num_queries):
    with scope(jurisdiction=world.jurisdiction):
        for number in range(rows):
            organization = Organization.objects.create(
                jurisdiction=world.jurisdiction,
                parent=world.committee,
                kind="team",
                name=f"队{number}",
            )
            organization.path = f"{world.committee.path}{organization.pk}/"
            organization.save(update_fields=["path"])
    client = api_client_for(world.member(world.office, [VIEW], scope="jurisdiction"))
    # The first request reads the token, its owner and grants into the cache (ADR 0011).
    assert client.get("/api/v1/organizations?limit=1").status_code == 200
    # Then a page of 50: the version stamps, the count and the rows, whatever the rows.
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/organizations?limit=50")
    assert response.status_code == 200


def test_openapi_documents_error_statuses(world):
    from django.test import Client

    document = Client().get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/organizations"]["post"]
    assert {"201", "401", "403", "404", "409", "422"} <= set(operation["responses"])
