"""`require`: the system and the public are named actors; nobody else passes without a grant."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from wenming.core.audit import log_event
from wenming.core.models import AuditEvent
from wenming.core.permissions import PUBLIC, PUBLIC_ACTIONS, SYSTEM, RoleScope, require
from wenming.organizations.models import Division
from wenming.testing import make_member


def test_public_actions_are_listed_in_one_place():
    assert {
        "workorders.report_problem_public",
        "workorders.submit_open311_request",
        "volunteers.register_self",
    } <= set(PUBLIC_ACTIONS)


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_no_actor_is_refused_even_a_view(actor):
    with pytest.raises(PermissionDenied):
        require(actor, "organizations.view_division", Division)


def test_the_public_only_what_is_listed_and_the_system_everything():
    require(PUBLIC, "volunteers.register_self")
    with pytest.raises(PermissionDenied):
        require(PUBLIC, "organizations.change_division", Division)
    require(SYSTEM, "organizations.change_division", Division)


def test_a_change_check_without_object_or_class_is_a_programming_error(in_scope):
    # given a member holding the change permission jurisdiction-wide
    user = make_member(
        in_scope.office, ["organizations.change_division"], scope=RoleScope.JURISDICTION
    )
    # then require() without the row or its class is refused loudly (the shared-rows rule
    # could not apply), while a view permission may stand alone
    with pytest.raises(TypeError):
        require(user, "organizations.change_division")
    require(user, "organizations.change_division", Division)


def test_unit_grant_does_not_change_shared_rows(in_scope):
    user = make_member(in_scope.unit, ["organizations.change_division"], scope=RoleScope.OWN)
    with pytest.raises(PermissionDenied):
        require(user, "organizations.change_division", Division)


@pytest.mark.parametrize(("actor", "label"), [(SYSTEM, "系统"), (PUBLIC, "公众")])
def test_audit_names_the_system_and_the_public_without_a_user(in_scope, actor, label):
    log_event("core.test.done", actor=actor, jurisdiction=in_scope.jurisdiction)
    with scopes_disabled():
        event = AuditEvent.objects.get(action="core.test.done")
    assert (event.actor_id, event.actor_label) == (None, label)
