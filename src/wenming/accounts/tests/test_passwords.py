"""Password change for everyone; reset by an administrator-issued one-time link."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from wenming.accounts.models import ApiToken, PasswordResetLink
from wenming.core.models import AuditEvent
from wenming.core.permissions import RoleScope
from wenming.testing import PASSWORD

NEW = "new-Password-2026"


@pytest.fixture
def user(world):
    return world.member(world.unit, ["organizations.view_organization"], username="liaison")


@pytest.fixture
def admin(world):
    return world.member(
        world.office,
        ["accounts.reset_password"],
        scope=RoleScope.JURISDICTION,
        username="officeadmin",
    )


def _signed_in(user) -> Client:
    client = Client()
    assert (
        client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    return client


def _change(client, current=PASSWORD, new=NEW, again=None, **extra):
    return client.post(
        "/accounts/password/",
        {
            "current_password": current,
            "new_password1": new,
            "new_password2": new if again is None else again,
            **extra,
        },
    )


def _events(action):
    with scopes_disabled():
        return AuditEvent.objects.filter(action=action)


def test_password_change_works_and_ends_other_sessions(user):
    # given the user is signed in twice
    here, elsewhere = _signed_in(user), _signed_in(user)
    # when they change their password here
    response = _change(here)
    # then this session stays, the other ends, and only the new password opens the account
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert _events("accounts.user.password_changed").filter(target_id=str(user.pk)).count() == 1


def test_password_change_keeps_tokens_unless_asked(user):
    from wenming.accounts.actions import create_api_token

    _token, key = create_api_token(user, "script", actor=user)
    client = _signed_in(user)
    assert _change(client).status_code == 302
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/organizations").status_code == 200
    )
    assert (
        _change(client, current=NEW, new="third-Password-77", revoke_tokens="on").status_code == 302
    )
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/organizations").status_code == 401
    )
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("current", "new", "again", "message"),
    [
        ("wrong-password-9", NEW, None, "当前密码错误"),
        (PASSWORD, NEW, "other-Password-2026", "两次输入的密码不一致"),
        (PASSWORD, "short1a", None, "密码"),  # too short
        (PASSWORD, "abcdefghijkl", None, "字母和数字"),  # no digit
    ],
)
def test_password_change_validates(user, current, new, again, message):
    client = _signed_in(user)
    response = _change(client, current=current, new=new, again=again)
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not _events("accounts.user.password_changed").exists()


def test_password_change_guessing_is_throttled(user):
    client = _signed_in(user)
    for _ in range(5):
        assert _change(client, current="wrong-password-9").status_code == 200
    assert _change(client).status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_needs_login(world):
    response = Client().get("/accounts/password/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _issue(admin_client, username="liaison"):
    response = admin_client.post("/accounts/password-reset/issue/", {"username": username})
    match = re.search(r"/accounts/password-reset/([A-Za-z0-9_-]{20,})/", response.content.decode())
    return response, (match.group(1) if match else None)


def _reset(key, new=NEW):
    return Client().post(
        f"/accounts/password-reset/{key}/", {"new_password1": new, "new_password2": new}
    )


def test_reset_link_is_single_use_and_hashed(user, admin):
    admin_client = Client()
    admin_client.force_login(admin)
    # given an administrator issues a link
    response, key = _issue(admin_client)
    assert response.status_code == 200 and key
    assert not PasswordResetLink.objects.filter(key_hash=key).exists()  # hashed at rest
    assert key not in admin_client.get("/accounts/password-reset/issue/").content.decode()
    # when the person opens it and sets a password
    assert Client().get(f"/accounts/password-reset/{key}/").status_code == 200
    assert _reset(key).status_code == 302
    # then the new password works, and the link does not work a second time
    user.refresh_from_db()
    assert user.check_password(NEW)
    spent = Client().get(f"/accounts/password-reset/{key}/")
    assert spent.status_code == 404
    assert "此链接无效" in spent.content.decode()
    assert 'name="new_password1"' not in spent.content.decode()
    assert _reset(key, "another-Password-3").status_code == 404
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert _events("accounts.user.password_reset_issued").count() == 1
    assert _events("accounts.user.password_reset_used").count() == 1


def test_reset_link_expires_after_a_day(user, admin):
    admin_client = Client()
    admin_client.force_login(admin)
    _response, key = _issue(admin_client)
    PasswordResetLink.objects.filter(user=user).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert _reset(key).status_code == 404
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_reset_link_lifetime_is_24_hours(user, admin):
    admin_client = Client()
    admin_client.force_login(admin)
    _issue(admin_client)
    link = PasswordResetLink.objects.get(user=user)
    lifetime = link.expires_at - link.created_at
    assert datetime.timedelta(hours=24) - lifetime < datetime.timedelta(seconds=5)


def test_new_link_retires_the_earlier_one(user, admin):
    admin_client = Client()
    admin_client.force_login(admin)
    _response, first = _issue(admin_client)
    _response, second = _issue(admin_client)
    assert _reset(first).status_code == 404
    assert _reset(second).status_code == 302


def test_reset_link_validates_the_new_password(user, admin):
    admin_client = Client()
    admin_client.force_login(admin)
    _response, key = _issue(admin_client)
    assert _reset(key, "short1a").status_code == 200
    assert _reset(key).status_code == 302  # the link was not spent by the refused attempt


def test_issuing_links_needs_a_jurisdiction_wide_grant(world, user):
    unit_admin = world.member(world.unit, ["accounts.reset_password"], username="unitadmin")
    plain = world.member(world.office, [], username="plain")
    for person in (unit_admin, plain):
        client = Client()
        client.force_login(person)
        assert client.get("/accounts/password-reset/issue/").status_code == 403
        assert (
            client.post("/accounts/password-reset/issue/", {"username": "liaison"}).status_code
            == 403
        )
    assert not PasswordResetLink.objects.exists()
    assert (
        Client().post("/accounts/password-reset/issue/", {"username": "liaison"}).status_code == 302
    )
    assert not PasswordResetLink.objects.exists()


def test_no_link_for_another_jurisdictions_account(world, admin):
    stranger = world.member(world.other_unit, [], username="stranger")
    client = Client()
    client.force_login(admin)
    _response, key = _issue(client, "stranger")
    assert key is None
    assert not PasswordResetLink.objects.filter(user=stranger).exists()


def test_issue_action_refuses_another_jurisdiction(world, admin):
    from django.core.exceptions import PermissionDenied

    from wenming.accounts.actions import issue_password_reset_link

    stranger = world.member(world.other_unit, [], username="stranger")
    with pytest.raises(PermissionDenied):
        issue_password_reset_link(stranger, actor=admin)


def test_password_change_over_the_api(user):
    from wenming.accounts.actions import create_api_token

    _token, key = create_api_token(user, "script", actor=user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    def post(**body):
        return client.post("/api/v1/me/password", body, content_type="application/json")

    wrong = post(current_password="wrong-password-9", new_password=NEW)
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "wrong_password"
    weak = post(current_password=PASSWORD, new_password="short1a")
    assert weak.status_code == 422
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    done = post(current_password=PASSWORD, new_password=NEW)
    assert done.status_code == 200
    assert done.json() == {"changed": True, "api_tokens_revoked": False}
    user.refresh_from_db()
    assert user.check_password(NEW)
    for _ in range(5):
        post(current_password="wrong-password-9", new_password=NEW)
    throttled = post(current_password=NEW, new_password="another-Password-5")
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert (
        Client().post("/api/v1/me/password", {}, content_type="application/json").status_code == 401
    )
