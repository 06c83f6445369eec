"""The page shell's menu is built once per person, permissions version and language, and a
change of roles, memberships or accounts shows on the very next page."""

import pytest
from django.conf import settings
from django.urls import reverse

from wenming.core import context_processors
from wenming.core.permissions import SYSTEM, RoleScope
from wenming.organizations import actions as organization_actions
from wenming.organizations.models import Membership, Role
from wenming.testing import client_for

TASKS = 'href="/tasks/"'
AUDIT = 'href="/system/audit/"'


@pytest.fixture
def builds(monkeypatch):
    """How often the menu was built from the grants (not read from the cache)."""
    calls = []
    build = context_processors.build_navigation

    def counting(user, path):
        calls.append(user.pk)
        return build(user, path)

    monkeypatch.setattr(context_processors, "build_navigation", counting)
    return calls


def _page(client, url="/tasks/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_menu_is_built_once_and_marks_the_current_page_on_every_request(in_scope, builds):
    user = in_scope.member(
        in_scope.office, ["tasks.view_task", "core.view_auditevent"], scope=RoleScope.JURISDICTION
    )
    client = client_for(user)
    tasks = _page(client, reverse("tasks:task-list"))
    audit = _page(client, reverse("core:audit-list"))
    assert builds == [user.pk]
    assert 'class="dropdown-item active" href="/tasks/"' in tasks
    assert 'class="dropdown-item" href="/system/audit/"' in tasks
    assert 'class="dropdown-item active" href="/system/audit/"' in audit
    assert 'class="dropdown-item" href="/tasks/"' in audit


def test_each_person_has_their_own_menu(in_scope, builds):
    reader = in_scope.member(in_scope.unit, ["tasks.view_task"])
    auditor = in_scope.member(
        in_scope.office, ["tasks.view_task", "core.view_auditevent"], scope=RoleScope.JURISDICTION
    )
    assert AUDIT not in _page(client_for(reader))
    assert AUDIT in _page(client_for(auditor))
    assert builds == [reader.pk, auditor.pk]


def test_a_role_losing_a_permission_drops_the_entry_on_the_next_page(in_scope, builds):
    user = in_scope.member(
        in_scope.office, ["tasks.view_task", "core.view_auditevent"], scope=RoleScope.JURISDICTION
    )
    client = client_for(user)
    assert AUDIT in _page(client)
    role = Role.objects.get(memberships__person__user=user)
    organization_actions.save_role(
        jurisdiction=in_scope.jurisdiction,
        data={"permissions": ["tasks.view_task"]},
        instance=role,
        actor=SYSTEM,
    )
    page = _page(client)
    assert AUDIT not in page and TASKS in page
    assert builds == [user.pk, user.pk]


def test_a_new_membership_adds_entries_on_the_next_page(in_scope):
    user = in_scope.member(in_scope.unit, ["tasks.view_task"])
    client = client_for(user)
    assert AUDIT not in _page(client)
    auditors = Role.objects.create(
        jurisdiction=in_scope.jurisdiction,
        code="auditors",
        name="审计",
        scope=RoleScope.JURISDICTION,
        permissions=["core.view_auditevent"],
    )
    organization_actions.save_membership(
        person=user.person,
        organization=in_scope.office,
        position="member",
        roles=[auditors],
        actor=SYSTEM,
    )
    assert AUDIT in _page(client)


def test_a_removed_membership_empties_the_menu_on_the_next_page(in_scope):
    user = in_scope.member(in_scope.unit, ["tasks.view_task", "tasks.view_activityplan"])
    client = client_for(user)
    assert 'href="/tasks/plans/"' in _page(client)
    organization_actions.remove_membership(Membership.objects.get(person__user=user), actor=SYSTEM)
    response = client.get(reverse("dashboards:home"))
    assert 'href="/tasks/plans/"' not in response.content.decode()


def test_becoming_a_superuser_or_another_language_is_another_menu(in_scope, builds):
    user = in_scope.member(in_scope.unit, ["tasks.view_task"])
    client = client_for(user)
    assert AUDIT not in _page(client)
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    assert AUDIT in _page(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert ">Audit trail<" in _page(client)
    assert builds == [user.pk, user.pk, user.pk]
