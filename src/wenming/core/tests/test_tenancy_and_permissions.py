import pytest
from django_scopes import ScopeError, scope

from wenming.core.audit import log_event
from wenming.core.models import AuditEvent
from wenming.core.permissions import RoleScope, has_perm
from wenming.organizations.models import Organization


def test_unscoped_query_is_refused(world):
    with pytest.raises(ScopeError):
        list(Organization.objects.all())


def test_scope_hides_other_jurisdiction(world):
    with scope(jurisdiction=world.jurisdiction):
        names = set(Organization.objects.values_list("name", flat=True))
    assert "舞钢市城市管理局" not in names
    assert "汝州市城市管理局" in names


def test_subtree_role_sees_its_subtree_only(world):
    user = world.member(
        world.township, ["organizations.view_organization"], scope=RoleScope.SUBTREE
    )
    with scope(jurisdiction=world.jurisdiction):
        visible = set(Organization.objects.restrict(user, "organizations.view_organization"))
    assert visible == {world.township, world.village}


def test_own_role_sees_its_unit_only(world):
    user = world.member(world.township, ["organizations.view_organization"], scope=RoleScope.OWN)
    with scope(jurisdiction=world.jurisdiction):
        visible = set(Organization.objects.restrict(user, "organizations.view_organization"))
    assert visible == {world.township}


def test_jurisdiction_role_sees_whole_jurisdiction_not_the_other(world):
    user = world.member(
        world.office, ["organizations.view_organization"], scope=RoleScope.JURISDICTION
    )
    with scope(jurisdiction=None):
        visible = set(Organization.objects.restrict(user, "organizations.view_organization"))
    assert world.other_unit not in visible
    assert {world.committee, world.unit, world.village} <= visible


def test_no_permission_sees_nothing(world):
    user = world.member(world.unit, [])
    with scope(jurisdiction=world.jurisdiction):
        assert not Organization.objects.restrict(user, "organizations.view_organization").exists()


def test_has_perm_follows_the_tree_and_the_jurisdiction(world):
    user = world.member(world.township, ["organizations.change_organization"])
    assert has_perm(user, "organizations.change_organization", world.village)
    assert not has_perm(user, "organizations.change_organization", world.unit)
    assert not has_perm(user, "organizations.change_organization", world.other_unit)
    assert not has_perm(user, "organizations.view_organization", world.village)


def test_audit_masks_personal_data(world):
    event = log_event(
        "organizations.person.created",
        target=world.unit,
        new={"id_number": "410482199001011232", "phone": "13812345678", "password": "secret"},
    )
    with scope(jurisdiction=world.jurisdiction):
        stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.new_data == {"id_number": "410482********1232", "phone": "138****5678"}


def test_the_gate_lets_the_system_through_and_refuses_a_missing_or_anonymous_actor(world):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from wenming.core.permissions import PUBLIC, SYSTEM, require

    require(SYSTEM, "organizations.change_organization", world.unit)
    for actor in (None, AnonymousUser(), PUBLIC):
        with pytest.raises(PermissionDenied):
            require(actor, "organizations.change_organization", world.unit)


def test_grants_without_a_registered_provider_fail_loudly(world, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from wenming.core import grants

    member = world.member(world.unit, ["tasks.view_task"])
    grants.forget_cached_grants(member)
    monkeypatch.setattr(grants, "_provider", None)
    monkeypatch.setattr(grants, "_grants_cache_key", lambda user: None)
    with pytest.raises(ImproperlyConfigured, match="register_grant_provider"):
        has_perm(member, "tasks.view_task")
