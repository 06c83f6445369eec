"""People, memberships and roles over the API, through the actions the pages use."""

import json

from django_scopes import scope

from wenming.core.models import AuditEvent
from wenming.core.permissions import RoleScope, has_perm
from wenming.organizations.models import Membership, Person, Role
from wenming.testing import api_client_for

VIEW_PERSON = "organizations.view_person"
CHANGE_PERSON = "organizations.change_person"
VIEW_ORG = "organizations.view_organization"
VIEW_ROLE = "organizations.view_role"
CHANGE_ROLE = "organizations.change_role"
PHONE = "13812345678"


def send(client, method, url, body=None):
    return client.generic(
        method.upper(), url, json.dumps(body) if body is not None else "", "application/json"
    )


def _office(world, permissions):
    return api_client_for(world.member(world.office, permissions, scope=RoleScope.JURISDICTION))


def _people(world):
    with scope(jurisdiction=world.jurisdiction):
        return sorted(Person.objects.values_list("name", "phone_tail", "title"))


def test_the_office_adds_a_person_and_sees_the_phone_masked_only(world):
    client = _office(world, [VIEW_PERSON, CHANGE_PERSON])
    # when the office adds a person with a phone
    response = send(client, "post", "/api/v1/people", {"name": " 李新人 ", "phone": PHONE})
    # then the person exists, and neither the answer nor the audit trail holds the number
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "李新人"
    assert body["phone_masked"] == "138****5678"
    assert PHONE not in response.content.decode()
    with scope(jurisdiction=world.jurisdiction):
        person = Person.objects.get(pk=body["id"])
        assert person.phone == PHONE
        event = AuditEvent.objects.get(
            action="organizations.person.created", target_id=str(person.pk)
        )
    assert PHONE not in json.dumps(event.new_data, ensure_ascii=False)
    # and a read answers the mask too
    read = client.get(f"/api/v1/people/{person.pk}")
    assert read.json()["phone_masked"] == "138****5678"
    assert PHONE not in read.content.decode()


def test_a_bad_phone_is_refused_on_its_field_without_echoing_it_and_writes_nothing(world):
    client = _office(world, [VIEW_PERSON, CHANGE_PERSON])
    before = _people(world)
    response = send(client, "post", "/api/v1/people", {"name": "李新人", "phone": "1381234567"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "phone_length"
    assert body["details"][0]["field"] == "phone"
    assert "11 位" in body["message"]
    assert "1381234567" not in response.content.decode()
    assert _people(world) == before
    # an empty name is refused on its field, in Chinese
    blank = send(client, "post", "/api/v1/people", {"name": "   "})
    assert blank.status_code == 422
    assert blank.json()["details"][0]["field"] == "name"
    assert blank.json()["message"] == "请填写名称。"
    assert _people(world) == before


def test_changing_a_person_keeps_the_phone_unless_it_is_sent(world):
    client = _office(world, [VIEW_PERSON, CHANGE_PERSON])
    person_id = send(client, "post", "/api/v1/people", {"name": "王五", "phone": PHONE}).json()[
        "id"
    ]
    url = f"/api/v1/people/{person_id}"
    # a change of title leaves the number alone
    assert send(client, "patch", url, {"title": "科长"}).json()["phone_masked"] == "138****5678"
    # a new number replaces it; an empty one removes it
    assert send(client, "patch", url, {"phone": "13900001111"}).json()["phone_masked"] == (
        "139****1111"
    )
    response = send(client, "patch", url, {"phone": ""})
    assert response.status_code == 200
    assert response.json()["phone_masked"] == ""
    assert response.json()["title"] == "科长"
    with scope(jurisdiction=world.jurisdiction):
        assert Person.objects.get(pk=person_id).phone_hash == ""


def test_a_unit_administrator_cannot_change_a_person_through_the_api(world):
    # given a person of the unit, and the unit's administrator (people are shared rows:
    # changing one takes a jurisdiction-wide grant, as on the page)
    with scope(jurisdiction=world.jurisdiction):
        person = Person.objects.create(jurisdiction=world.jurisdiction, name="赵六")
        Membership.objects.create(
            jurisdiction=world.jurisdiction, person=person, organization=world.unit
        )
    unit_admin = api_client_for(world.member(world.unit, [VIEW_PERSON, CHANGE_PERSON]))
    # they see the person, but the change is refused and nothing changes
    assert unit_admin.get(f"/api/v1/people/{person.pk}").status_code == 200
    response = send(unit_admin, "patch", f"/api/v1/people/{person.pk}", {"name": "改名"})
    assert response.status_code == 403
    with scope(jurisdiction=world.jurisdiction):
        assert Person.objects.get(pk=person.pk).name == "赵六"
    # the sibling unit does not see the person at all
    sibling = api_client_for(world.member(world.sibling_unit, [VIEW_PERSON, CHANGE_PERSON]))
    assert sibling.get(f"/api/v1/people/{person.pk}").status_code == 404
    assert "赵六" not in sibling.get("/api/v1/people").content.decode()


def test_memberships_are_placed_changed_and_removed_and_grants_follow_at_once(world):
    admin = _office(world, [VIEW_PERSON, VIEW_ORG, VIEW_ROLE, CHANGE_ROLE])
    # given a person with an account, and a role that lets its holder read people
    user = world.member(world.sibling_unit, [VIEW_ORG])
    with scope(jurisdiction=world.jurisdiction):
        person = Person.objects.get(user=user)
        role = Role.objects.create(
            jurisdiction=world.jurisdiction,
            code="reader",
            name="读者",
            scope=RoleScope.OWN,
            permissions=[VIEW_PERSON],
        )
    url = f"/api/v1/people/{person.pk}/memberships/{world.unit.pk}"
    assert not has_perm(user, VIEW_PERSON, world.unit)
    # when the office places them in the unit as liaison with the role
    response = send(admin, "put", url, {"position": "liaison", "role_ids": [role.pk]})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "organization_id": world.unit.pk,
        "organization_name": world.unit.name,
        "position": "liaison",
        "role_ids": [role.pk],
    }
    # then their grant is there on their next request (the cached grants were expired)
    reader = api_client_for(user)
    assert reader.get(f"/api/v1/people/{person.pk}").status_code == 200
    # a second PUT changes the same membership
    send(admin, "put", url, {"position": "head", "role_ids": []})
    with scope(jurisdiction=world.jurisdiction):
        membership = Membership.objects.get(person=person, organization=world.unit)
        assert membership.position == "head"
        assert not membership.roles.exists()
    # an unknown role is 404 and changes nothing
    assert send(admin, "put", url, {"role_ids": [role.pk, 10**9]}).status_code == 404
    # a bad position is 422
    assert send(admin, "put", url, {"position": "boss"}).status_code == 422
    with scope(jurisdiction=world.jurisdiction):
        assert Membership.objects.get(pk=membership.pk).position == "head"
    # when the membership is removed, it is gone and audited
    response = send(admin, "delete", url)
    assert response.status_code == 204
    with scope(jurisdiction=world.jurisdiction):
        assert not Membership.objects.filter(pk=membership.pk).exists()
        assert AuditEvent.objects.filter(action="organizations.membership.removed").exists()
    assert send(admin, "delete", url).status_code == 404


def test_a_unit_level_role_manager_cannot_place_people(world):
    with scope(jurisdiction=world.jurisdiction):
        person = Person.objects.create(jurisdiction=world.jurisdiction, name="钱七")
        Membership.objects.create(
            jurisdiction=world.jurisdiction, person=person, organization=world.unit
        )
    unit = api_client_for(world.member(world.unit, [VIEW_PERSON, VIEW_ORG, CHANGE_ROLE]))
    url = f"/api/v1/people/{person.pk}/memberships/{world.unit.pk}"
    assert send(unit, "put", url, {"position": "head"}).status_code == 403
    assert send(unit, "delete", url).status_code == 403
    with scope(jurisdiction=world.jurisdiction):
        assert Membership.objects.get(person=person).position == "member"


def test_roles_are_added_and_changed_unknown_permissions_and_duplicates_refused(world):
    admin = _office(world, [VIEW_ROLE, CHANGE_ROLE])
    body = {"code": "auditor", "name": "审计员", "scope": "own", "permissions": [VIEW_ORG]}
    response = send(admin, "post", "/api/v1/roles", body)
    assert response.status_code == 201, response.content
    role_id = response.json()["id"]
    # an unknown permission is named in Chinese on its field; nothing written
    bad = send(admin, "post", "/api/v1/roles", {**body, "code": "x", "permissions": ["foo.bar"]})
    assert bad.status_code == 422
    assert bad.json()["code"] == "unknown_permission"
    assert bad.json()["details"][0]["field"] == "permissions"
    assert bad.json()["message"] == "未知的权限：foo.bar。"
    # a code already taken is refused on its field
    duplicate = send(admin, "post", "/api/v1/roles", body)
    assert duplicate.status_code == 422
    assert duplicate.json()["code"] == "duplicate_role_code"
    assert duplicate.json()["message"] == "该角色代码已存在。"
    # a code that is not a slug is 422 before the action runs
    assert send(admin, "post", "/api/v1/roles", {**body, "code": "审计"}).status_code == 422
    with scope(jurisdiction=world.jurisdiction):
        assert Role.objects.filter(code="auditor").count() == 1
        assert not Role.objects.filter(code="x").exists()
    # a change keeps what is not sent
    changed = send(admin, "patch", f"/api/v1/roles/{role_id}", {"scope": "subtree"})
    assert changed.status_code == 200
    assert changed.json()["scope"] == "subtree"
    assert changed.json()["permissions"] == [VIEW_ORG]
    # a unit's role manager may not change a shared role
    unit = api_client_for(world.member(world.unit, [VIEW_ROLE, CHANGE_ROLE]))
    refused = send(unit, "patch", f"/api/v1/roles/{role_id}", {"scope": "jurisdiction"})
    assert refused.status_code == 403
    with scope(jurisdiction=world.jurisdiction):
        assert Role.objects.get(pk=role_id).scope == "subtree"
