"""Permission matrix of every organizations page and API operation (see testing.matrix)."""

import pytest
from django.urls import reverse

from wenming.core.permissions import RoleScope
from wenming.organizations.models import Division, Membership, Organization, Person, Role
from wenming.testing.matrix import Case, params, refreshed, run_case, snapshot

VIEW_ORG = "organizations.view_organization"
CHANGE_ORG = "organizations.change_organization"
ADD_ORG = "organizations.add_organization"
VIEW_DIVISION = "organizations.view_division"
CHANGE_DIVISION = "organizations.change_division"
VIEW_PERSON = "organizations.view_person"
CHANGE_PERSON = "organizations.change_person"
VIEW_ROLE = "organizations.view_role"
CHANGE_ROLE = "organizations.change_role"
OFFICE = {"owner": "office", "scope": RoleScope.JURISDICTION}


def _person(world):
    person = Person.objects.create(jurisdiction=world.jurisdiction, name="王秘密")
    Membership.objects.create(
        jurisdiction=world.jurisdiction, person=person, organization=world.unit, position="member"
    )
    return {"person": person}


def _child(world):
    return {
        "child": Organization.objects.create(
            jurisdiction=world.jurisdiction,
            parent=world.unit,
            kind="department",
            name="城管局执法大队",
            path=f"{world.unit.path}0/",
        )
    }


def _role(world):
    role = Role.objects.create(
        jurisdiction=world.jurisdiction, code="clerk", name="文员", permissions=[VIEW_ORG]
    )
    return {"role": role}


def _organizations(given):
    return snapshot(
        Organization, "name", "parent_id", "is_active", jurisdiction=given.world.jurisdiction
    )


def _divisions(given):
    return snapshot(Division, "code", "name", "parent_id", jurisdiction=given.world.jurisdiction)


ORGANIZATION_FORM = {
    "name": "汝州市城市管理局（新）",
    "kind": "responsible_unit",
    "credit_code": "91350100M000100Y43",
    "sort_order": 0,
    "is_active": "on",
}

CASES = [
    Case(
        "organizations:organization-tree",
        [VIEW_ORG],
        visible=lambda g: g.world.unit.name,
        expected={"other_unit": 200, "other_jurisdiction": 200},
    ),
    Case("organizations:organization-list", [VIEW_ORG], visible=lambda g: g.world.unit.name),
    Case(
        "organizations:organization-detail",
        [VIEW_ORG],
        url=lambda g: reverse("organizations:organization-detail", args=[g.world.unit.pk]),
    ),
    Case(
        "organizations:organization-edit",
        [VIEW_ORG, CHANGE_ORG],
        method="post",
        url=lambda g: reverse("organizations:organization-edit", args=[g.world.unit.pk]),
        data=ORGANIZATION_FORM,
        changed=_organizations,
    ),
    Case(
        "organizations:organization-add",
        [VIEW_ORG, ADD_ORG, CHANGE_ORG],
        method="post",
        data=lambda g: {
            "name": "城管局执法大队",
            "kind": "team",
            "parent": g.world.unit.pk,
            "sort_order": 0,
            "is_active": "on",
        },
        changed=_organizations,
        # Adding under the unit needs the grant on the unit: elsewhere the form refuses the
        # parent (the page again with the error, nothing created).
        expected={"other_unit": (200, 403), "other_jurisdiction": (200, 403)},
    ),
    Case(
        "organizations:division-list",
        [VIEW_DIVISION],
        **OFFICE,
        visible="煤山街道",
        shared=True,
    ),
    Case(
        "organizations:division-add",
        [VIEW_DIVISION, CHANGE_DIVISION],
        **OFFICE,
        method="post",
        data=lambda g: {
            "code": "410482002",
            "name": "洗耳河街道",
            "level": "township",
            "kind": "subdistrict",
            "parent": Division.objects.get(code="410482").pk,
        },
        changed=_divisions,
        # The other jurisdiction's administrator may add divisions to their own jurisdiction
        # only: the parent is not one of theirs (the form again, nothing added).
        expected={"other_jurisdiction": (200, 302)},
    ),
    Case(
        "organizations:division-edit",
        [VIEW_DIVISION, CHANGE_DIVISION],
        **OFFICE,
        method="post",
        url=lambda g: reverse(
            "organizations:division-edit",
            args=[Division.objects.get(code="410482001").pk],
        ),
        data=lambda g: {
            "code": "410482001",
            "name": "煤山街道（改）",
            "level": "township",
            "kind": "subdistrict",
            "parent": Division.objects.get(code="410482").pk,
        },
        changed=_divisions,
    ),
    Case("organizations:person-list", [VIEW_PERSON], setup=_person, visible="王秘密"),
    Case(
        "organizations:person-detail",
        [VIEW_PERSON],
        setup=_person,
        url=lambda g: reverse("organizations:person-detail", args=[g.person.pk]),
    ),
    Case(
        "organizations:person-detail",
        [VIEW_PERSON, CHANGE_ROLE],
        # Roles are shared rows: assigning one needs a jurisdiction-wide grant.
        **OFFICE,
        label="assign a role",
        setup=lambda w: {**_person(w), **_role(w)},
        method="post",
        url=lambda g: reverse("organizations:person-detail", args=[g.person.pk]),
        data=lambda g: {
            "organization": g.world.unit.pk,
            "position": "member",
            "roles": [g.role.pk],
        },
        changed=lambda g: snapshot(Membership, "position", "roles", person=g.person),
    ),
    Case(
        "organizations:person-add",
        [VIEW_PERSON, CHANGE_PERSON],
        **OFFICE,
        method="post",
        data={"name": "李新人", "phone": "", "title": ""},
        changed=lambda g: snapshot(Person, "name", jurisdiction=g.world.jurisdiction),
        expected={"other_jurisdiction": (302,)},
    ),
    Case(
        "organizations:person-edit",
        [VIEW_PERSON, CHANGE_PERSON],
        **OFFICE,
        setup=_person,
        method="post",
        url=lambda g: reverse("organizations:person-edit", args=[g.person.pk]),
        data={"name": "王改名", "phone": "", "title": ""},
        changed=lambda g: refreshed(g.person, "name"),
    ),
    Case(
        "organizations:role-list",
        [VIEW_ROLE],
        **OFFICE,
        setup=_role,
        visible="文员",
        shared=True,
    ),
    Case(
        "organizations:role-add",
        [VIEW_ROLE, CHANGE_ROLE],
        **OFFICE,
        method="post",
        data={"code": "auditor", "name": "审计员", "scope": "own", "permissions": [VIEW_ORG]},
        changed=lambda g: snapshot(Role, "code", "permissions", jurisdiction=g.world.jurisdiction),
        expected={"other_jurisdiction": (302,)},
    ),
    Case(
        "organizations:role-edit",
        [VIEW_ROLE, CHANGE_ROLE],
        **OFFICE,
        setup=_role,
        method="post",
        url=lambda g: reverse("organizations:role-edit", args=[g.role.pk]),
        data={
            "code": "clerk",
            "name": "文员",
            "scope": "jurisdiction",
            "permissions": [CHANGE_ROLE],
        },
        changed=lambda g: refreshed(g.role, "scope", "permissions"),
    ),
    # --- API ---
    Case(
        "GET /api/v1/divisions",
        [VIEW_DIVISION],
        **OFFICE,
        visible="煤山街道",
        shared=True,
    ),
    Case(
        "GET /api/v1/divisions/{code}",
        [VIEW_DIVISION],
        **OFFICE,
        url="/api/v1/divisions/410482001",
        # Division codes are published national reference data (GB/T 2260).
        shared=True,
        expected={"other_unit": 200},
    ),
    Case(
        "POST /api/v1/divisions",
        [VIEW_DIVISION, CHANGE_DIVISION],
        **OFFICE,
        method="post",
        data={
            "code": "410482002",
            "name": "洗耳河街道",
            "level": "township",
            "parent_code": "410482",
        },
        changed=_divisions,
        # The parent code names no division of the other jurisdiction.
        expected={"other_jurisdiction": 404},
    ),
    Case(
        "GET /api/v1/organizations",
        [VIEW_ORG],
        visible=lambda g: g.world.unit.name,
    ),
    Case(
        "GET /api/v1/organizations/{organization_id}",
        [VIEW_ORG],
        url=lambda g: f"/api/v1/organizations/{g.world.unit.pk}",
    ),
    Case(
        "POST /api/v1/organizations",
        [VIEW_ORG, ADD_ORG],
        method="post",
        data=lambda g: {"name": "城管局执法大队", "kind": "team", "parent_id": g.world.unit.pk},
        changed=_organizations,
    ),
    Case(
        "PATCH /api/v1/organizations/{organization_id}",
        [VIEW_ORG, CHANGE_ORG],
        method="patch",
        url=lambda g: f"/api/v1/organizations/{g.world.unit.pk}",
        data={"name": "汝州市城市管理局（改）"},
        changed=_organizations,
    ),
    Case("GET /api/v1/people", [VIEW_PERSON], setup=_person, visible="王秘密"),
    Case(
        "GET /api/v1/people/{person_id}",
        [VIEW_PERSON],
        setup=_person,
        url=lambda g: f"/api/v1/people/{g.person.pk}",
    ),
    Case(
        "POST /api/v1/people",
        [VIEW_PERSON, CHANGE_PERSON],
        # People are shared rows: adding one takes a jurisdiction-wide grant.
        **OFFICE,
        method="post",
        data={"name": "李新人", "title": "科员", "phone": "13800138000"},
        changed=lambda g: snapshot(Person, "name", jurisdiction=g.world.jurisdiction),
        # The other jurisdiction's administrator adds people to their own jurisdiction.
        expected={"other_jurisdiction": 201},
    ),
    Case(
        "PATCH /api/v1/people/{person_id}",
        [VIEW_PERSON, CHANGE_PERSON],
        **OFFICE,
        setup=_person,
        method="patch",
        url=lambda g: f"/api/v1/people/{g.person.pk}",
        data={"name": "王改名"},
        changed=lambda g: refreshed(g.person, "name"),
    ),
    Case(
        "PUT /api/v1/people/{person_id}/memberships/{organization_id}",
        [VIEW_PERSON, VIEW_ORG, CHANGE_ROLE],
        **OFFICE,
        setup=lambda w: {**_person(w), **_role(w)},
        method="put",
        url=lambda g: f"/api/v1/people/{g.person.pk}/memberships/{g.world.unit.pk}",
        data=lambda g: {"position": "liaison", "role_ids": [g.role.pk]},
        changed=lambda g: snapshot(Membership, "position", "roles", person=g.person),
    ),
    Case(
        "DELETE /api/v1/people/{person_id}/memberships/{organization_id}",
        [VIEW_PERSON, VIEW_ORG, CHANGE_ROLE],
        **OFFICE,
        setup=_person,
        method="delete",
        url=lambda g: f"/api/v1/people/{g.person.pk}/memberships/{g.world.unit.pk}",
        changed=lambda g: snapshot(Membership, "organization_id", person=g.person),
    ),
    Case("GET /api/v1/roles", [VIEW_ROLE], **OFFICE, setup=_role, visible="文员", shared=True),
    Case(
        "POST /api/v1/roles",
        [VIEW_ROLE, CHANGE_ROLE],
        **OFFICE,
        method="post",
        data={"code": "auditor", "name": "审计员", "scope": "own", "permissions": [VIEW_ORG]},
        changed=lambda g: snapshot(Role, "code", "permissions", jurisdiction=g.world.jurisdiction),
        expected={"other_jurisdiction": 201},
    ),
    Case(
        "PATCH /api/v1/roles/{role_id}",
        [VIEW_ROLE, CHANGE_ROLE],
        **OFFICE,
        setup=_role,
        method="patch",
        url=lambda g: f"/api/v1/roles/{g.role.pk}",
        data={"scope": "jurisdiction", "permissions": [CHANGE_ROLE]},
        changed=lambda g: refreshed(g.role, "scope", "permissions"),
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_permission_matrix(world, case):
    run_case(case, world)
