"""A person manages their own tokens and second factor; the system (a command) anyone's."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from wenming.accounts.actions import create_api_token, disable_totp
from wenming.accounts.models import ApiToken
from wenming.core.permissions import PUBLIC, SYSTEM
from wenming.testing import make_member


def test_tokens_are_created_only_by_their_owner_or_the_system(in_scope):
    world = in_scope
    owner = make_member(world.unit, [])
    stranger = make_member(world.unit, [], superuser=True)
    for actor in (None, AnonymousUser(), PUBLIC, stranger):
        with pytest.raises(PermissionDenied):
            create_api_token(owner, "script", actor=actor)
    assert not ApiToken.objects.filter(user=owner).exists()
    create_api_token(owner, "mine", actor=owner)
    create_api_token(owner, "command", actor=SYSTEM)
    assert ApiToken.objects.filter(user=owner).count() == 2


def test_a_stranger_cannot_switch_off_someone_elses_second_factor(in_scope):
    world = in_scope
    owner = make_member(world.unit, [])
    owner.totp_enabled, owner.totp_secret = True, "JBSWY3DPEHPK3PXP"
    owner.save(update_fields=["totp_enabled", "totp_secret"])
    with pytest.raises(PermissionDenied):
        disable_totp(owner, actor=make_member(world.unit, []))
    owner.refresh_from_db()
    assert owner.totp_enabled
