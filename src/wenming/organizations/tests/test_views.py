import io

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from wenming.organizations.models import Organization
from wenming.testing import assert_matrix, client_for, matrix_users

VIEW = "organizations.view_organization"
CHANGE = "organizations.change_organization"


def _state():
    with scopes_disabled():
        return sorted(Organization.objects.values_list("name", "credit_code", "parent_id"))


def test_detail_matrix(world):
    users = matrix_users(world, world.unit, [VIEW])
    assert_matrix(
        users,
        lambda client: client.get(f"/organizations/{world.unit.pk}/"),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
            "member_with": 200,
        },
    )


def test_edit_matrix_changes_nothing_when_denied(world):
    users = matrix_users(world, world.unit, [VIEW, CHANGE])
    data = {
        "name": "新名字",
        "kind": "responsible_unit",
        "credit_code": world.unit.credit_code,
        "sort_order": 0,
        "is_active": "on",
    }
    assert_matrix(
        users,
        lambda client: client.post(f"/organizations/{world.unit.pk}/edit/", data),
        {
            "anonymous": 302,
            "other_jurisdiction": 404,
            "other_unit": 404,
            "member_without": 403,
            "member_with": 302,
        },
        unchanged=_state,
    )


def test_edit_shows_per_field_error_and_keeps_data(world):
    user = world.member(world.unit, [VIEW, CHANGE])
    before = _state()
    response = client_for(user).post(
        f"/organizations/{world.unit.pk}/edit/",
        {
            "name": "汝州市城市管理局",
            "kind": "responsible_unit",
            "credit_code": "91350100M000100Y44",
            "sort_order": 0,
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-field="credit_code"' in content
    assert _state() == before


def test_list_is_scoped_and_exports_what_is_filtered(world):
    user = world.member(world.committee, [VIEW], scope="subtree")
    client = client_for(user)
    page = client.get("/organizations/list/?kind=responsible_unit").content.decode()
    assert "汝州市城市管理局" in page and "煤山街道办事处" not in page
    export = client.get("/organizations/list/?kind=responsible_unit&export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["汝州市交通运输局", "汝州市城市管理局"]
    assert "舞钢市城市管理局" not in names


def test_htmx_request_gets_only_the_table(world):
    user = world.member(world.committee, [VIEW], scope="subtree")
    response = client_for(user).get(
        "/organizations/list/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="object-table"
    )
    content = response.content.decode()
    assert "<table" in content and "<html" not in content


def test_tree_lazy_loads_children(world):
    user = world.member(world.committee, [VIEW], scope="subtree")
    client = client_for(user)
    root = client.get("/organizations/").content.decode()
    assert "汝州市精神文明建设委员会" in root
    children = client.get(f"/organizations/?parent={world.township.pk}").content.decode()
    assert "东风社区居民委员会" in children and "<html" not in children


def _add_units(world, count):
    with scope(jurisdiction=world.jurisdiction):
        for number in range(count):
            organization = Organization.objects.create(
                jurisdiction=world.jurisdiction,
                parent=world.committee,
                kind="team",
                name=f"队{number}",
            )
            organization.path = f"{world.committee.path}{organization.pk}/"
            organization.save(update_fields=["path"])


@pytest.mark.parametrize("rows", [2, 24])
def test_list_page_query_count_is_flat(world, rows, django_assert_max_num_queries):
    _add_units(world, rows)
    client = client_for(world.member(world.office, [VIEW], scope="jurisdiction"))
    with django_assert_max_num_queries(14):
        assert client.get("/organizations/list/").status_code == 200


@pytest.mark.parametrize("rows", [2, 24])
def test_detail_page_query_count_is_flat(world, rows, django_assert_max_num_queries):
    _add_units(world, rows)
    client = client_for(world.member(world.office, [VIEW], scope="jurisdiction"))
    with django_assert_max_num_queries(16):
        assert client.get(f"/organizations/{world.committee.pk}/").status_code == 200


def test_person_list_masks_phones(world):
    user = world.member(world.unit, ["organizations.view_person"], phone="13812345678")
    content = client_for(user).get("/organizations/people/").content.decode()
    assert "138****5678" in content
    assert "13812345678" not in content


def _roles():
    from wenming.organizations.models import Role

    with scopes_disabled():
        return sorted(Role.objects.values_list("code", "name", "scope"))


def test_role_create_matrix_and_unknown_permission(world):
    users = matrix_users(
        world,
        world.office,
        ["organizations.view_role", "organizations.change_role"],
        scope="jurisdiction",
    )
    data = {
        "code": "checker",
        "name": "抽查员",
        "scope": "own",
        "permissions": ["organizations.view_organization"],
    }
    assert_matrix(
        users,
        lambda client: client.post("/organizations/roles/add/", data),
        {"anonymous": 302, "other_unit": 403, "member_without": 403, "member_with": 302},
        unchanged=_roles,
    )
    with scope(jurisdiction=world.jurisdiction):
        from wenming.organizations.models import Role

        assert Role.objects.get(code="checker").permissions == ["organizations.view_organization"]
    response = client_for(users["member_with"]).post(
        "/organizations/roles/add/",
        {"code": "bad", "name": "坏", "scope": "own", "permissions": ["nope.nothing"]},
    )
    assert response.status_code == 200
    assert "bad" not in [code for code, *_ in _roles()]


def test_list_export_writes_a_formula_like_name_as_text(world):
    # Given a unit whose name starts like a formula
    from wenming.core.tests.excel_checks import assert_text_not_formula
    from wenming.organizations.models import Organization

    Organization.objects.with_scopes_disabled().filter(pk=world.unit.pk).update(name="@SUM(A1)")
    user = world.member(world.committee, [VIEW], scope="subtree")
    # When the list is exported
    export = client_for(user).get("/organizations/list/?export=xlsx")
    # Then the name is a text cell, not a formula
    assert_text_not_formula(export.content, ["@SUM(A1)"])


def test_a_list_export_is_audited_with_its_filters_and_row_count(world):
    from django_scopes import scopes_disabled

    from wenming.core.models import AuditEvent

    # Given a member who sees two responsible units
    user = world.member(world.committee, [VIEW], scope="subtree")
    # When they export the filtered list
    export = client_for(user).get("/organizations/list/?kind=responsible_unit&page=1&export=xlsx")
    # Then one event says what was exported, with which filter, and how many rows
    sheet = load_workbook(io.BytesIO(export.content)).active
    with scopes_disabled():
        [event] = AuditEvent.objects.filter(action="organizations.organization.exported")
    assert event.new_data["rows"] == sheet.max_row - 1 == 2
    assert event.new_data["filters"] == {"kind": "responsible_unit"}
    assert event.new_data["format"] == "xlsx"
    assert event.actor_id == user.pk


def _person_phone(user) -> str:
    from wenming.organizations.models import Person

    with scopes_disabled():
        return Person.objects.get(user=user).phone


def test_the_person_edit_form_never_sends_the_full_phone(world):
    # Given a person with a phone and an editor of people
    person_user = world.member(world.unit, [], phone="13812345678")
    editor = world.member(
        world.office,
        ["organizations.view_person", "organizations.change_person"],
        scope="jurisdiction",
    )
    from wenming.organizations.models import Person

    with scopes_disabled():
        person = Person.objects.get(user=person_user)
    url = reverse("organizations:person-edit", args=[person.pk])
    # When the editor opens the form, then the page carries the mask only
    content = client_for(editor).get(url).content.decode()
    assert "13812345678" not in content and "138****5678" in content
    # and saving with the phone left empty keeps the number
    response = client_for(editor).post(url, {"name": person.name, "phone": "", "title": "科长"})
    assert response.status_code == 302
    assert _person_phone(person_user) == "13812345678"
    # a new number replaces it; "remove" clears it
    client_for(editor).post(url, {"name": person.name, "phone": "13900001111", "title": ""})
    assert _person_phone(person_user) == "13900001111"
    client_for(editor).post(url, {"name": person.name, "phone": "", "clear_phone": "on"})
    assert _person_phone(person_user) == ""
