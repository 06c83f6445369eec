"""Logins that resist abuse: throttles per address and per account, no lock a stranger can
trigger, one answer for every refusal, the second factor counted like the first."""

import time

import pyotp
import pytest
from django.test import Client
from django_scopes import scopes_disabled

from wenming.accounts import throttling
from wenming.core.models import AuditEvent
from wenming.testing import PASSWORD

WRONG = "wrong-password-1"


@pytest.fixture
def user(world):
    return world.member(
        world.unit, ["organizations.view_organization"], username="liaison", phone="13812345678"
    )


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.WENMING_TRUSTED_PROXY_COUNT = 1


def _from(address: str, **extra) -> Client:
    """A browser whose requests reach the server through our proxy from `address`."""
    return Client(HTTP_X_FORWARDED_FOR=address, **extra)


def _login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _error_text(response) -> str:
    content = response.content.decode()
    return content.split('<div class="alert alert-danger" role="alert"><div>', 1)[1].split("<")[0]


def test_attacker_cannot_lock_the_owner_out(user):
    # given an anonymous attacker hammering the account from one address
    attacker = _from("203.0.113.7")
    for _ in range(40):
        _login(attacker, "liaison", WRONG)
    # when the owner logs in from another address
    response = _login(_from("198.51.100.20"), "liaison")
    # then they get in at once
    assert response.status_code == 302


def test_spraying_from_one_address_is_stopped(world, user):
    # given 30 wrong passwords over as many accounts (real and not) from one address
    sprayer = _from("203.0.113.8")
    for number in range(29):
        assert _login(sprayer, f"user-{number}", WRONG).status_code == 200
    assert _login(sprayer, "liaison", WRONG).status_code == 200
    # when the same address tries again, even with the right password of another account
    other = world.member(world.unit, [], username="someone")
    response = _login(sprayer, other.username)
    # then it is throttled, while the same account from elsewhere still works
    assert response.status_code == 429
    assert _login(_from("198.51.100.21"), other.username).status_code == 302


def test_one_account_from_one_address_backs_off(user, throttle_clock):
    clock = throttle_clock
    attacker = _from("203.0.113.9")
    # given five wrong passwords in a minute
    for _ in range(5):
        assert _login(attacker, "liaison", WRONG).status_code == 200
    # then the sixth attempt is refused without checking the password
    assert _login(attacker, "liaison").status_code == 429
    # and after the minute, five more; then a quarter of an hour's wait, not a minute's
    clock.advance(61)
    for _ in range(5):
        assert _login(attacker, "liaison", WRONG).status_code == 200
    clock.advance(61)
    assert _login(attacker, "liaison").status_code == 429
    clock.advance(15 * 60)
    assert _login(attacker, "liaison").status_code == 302


def test_distributed_attack_does_not_keep_out_a_known_browser(user, settings):
    settings.WENMING_LOGIN_ACCOUNT_LIMIT = 10
    # given the owner's browser logged in once (and so carries the known-device cookie)
    owner = _from("198.51.100.30")
    assert _login(owner, "liaison").status_code == 302
    assert throttling.DEVICE_COOKIE in owner.cookies
    owner.post("/accounts/logout/")
    # and an attack from many addresses past the account-wide ceiling
    for number in range(12):
        _login(_from(f"203.0.113.{100 + number}"), "liaison", WRONG)
    # then a new browser, even with the right password, waits
    assert _login(_from("198.51.100.31"), "liaison").status_code == 429
    # but the owner's browser gets in at once, from any address
    owner.defaults["HTTP_X_FORWARDED_FOR"] = "198.51.100.32"
    assert _login(owner, "liaison").status_code == 302


def test_forged_device_cookie_does_not_exempt(user, settings):
    settings.WENMING_LOGIN_ACCOUNT_LIMIT = 3
    for number in range(4):
        _login(_from(f"203.0.113.{150 + number}"), "liaison", WRONG)
    forged = _from("198.51.100.33")
    forged.cookies[throttling.DEVICE_COOKIE] = f'{{"a": [{user.pk}]}}'
    assert _login(forged, "liaison").status_code == 429


def test_one_answer_for_unknown_existing_and_throttled(user):
    # given wrong passwords for an existing and for an unknown name
    existing = _login(_from("203.0.113.20"), "liaison", WRONG)
    unknown = _login(_from("203.0.113.21"), "nobody-here", WRONG)
    # then the answers are the same
    assert existing.status_code == unknown.status_code == 200
    assert _error_text(existing) == _error_text(unknown) == "用户名或密码错误。"
    # and once each is throttled, the answers are still the same
    for _ in range(5):
        existing = _login(_from("203.0.113.20"), "liaison", WRONG)
        unknown = _login(_from("203.0.113.21"), "nobody-here", WRONG)
    assert existing.status_code == unknown.status_code == 429
    assert _error_text(existing) == _error_text(unknown) == "用户名或密码错误。请稍后再试。"
    assert "锁定" not in existing.content.decode()


def test_unknown_name_costs_a_password_hash(world, monkeypatch):
    hashed = []
    from django.contrib.auth import base_user, hashers

    original = hashers.make_password
    monkeypatch.setattr(
        base_user, "make_password", lambda *a, **k: hashed.append(1) or original(*a, **k)
    )
    _login(_from("203.0.113.22"), "nobody-here", WRONG)
    assert hashed


def _with_totp(user) -> str:
    secret = pyotp.random_base32()
    user.totp_secret = secret
    user.totp_enabled = True
    user.save()
    return secret


def _wrong_code(secret: str) -> str:
    totp = pyotp.TOTP(secret)
    now = time.time()
    valid = {totp.at(now + offset) for offset in (-60, -30, 0, 30, 60)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def test_second_factor_guessing_is_throttled(user):
    secret = _with_totp(user)
    attacker = _from("203.0.113.30")
    # given the password is known and five codes were guessed wrong
    assert _login(attacker, "liaison").status_code == 302
    for _ in range(5):
        response = attacker.post("/accounts/login/second-factor/", {"code": _wrong_code(secret)})
        assert response.status_code == 200
    # then even the right code is refused from that address
    response = attacker.post("/accounts/login/second-factor/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 429
    assert attacker.get("/").status_code == 302


def test_a_correct_password_does_not_reset_the_second_factor_count(user):
    secret = _with_totp(user)
    attacker = _from("203.0.113.31")
    for _round in range(2):
        # each round: the right password, then wrong codes
        assert _login(attacker, "liaison").status_code == 302
        for _ in range(2):
            attacker.post("/accounts/login/second-factor/", {"code": _wrong_code(secret)})
    assert _login(attacker, "liaison").status_code == 302
    attacker.post("/accounts/login/second-factor/", {"code": _wrong_code(secret)})
    # five failures over three password successes: the next attempt waits
    response = attacker.post("/accounts/login/second-factor/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 429


def test_pending_second_step_expires(user, monkeypatch, settings):
    secret = _with_totp(user)
    client = _from("198.51.100.40")
    assert _login(client, "liaison").status_code == 302
    later = time.time() + settings.WENMING_LOGIN_SECOND_STEP_MINUTES * 60 + 5
    monkeypatch.setattr("wenming.accounts.views.time.time", lambda: later)
    response = client.post("/accounts/login/second-factor/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/login/")
    assert client.get("/").status_code == 302  # not logged in


def test_login_events_are_audited_with_phones_masked(user, world):
    client = _from("198.51.100.50")
    _login(client, "13900001111", WRONG)  # a phone that matches no account
    _login(client, "liaison", WRONG)
    _login(client, "liaison")
    client.post("/accounts/logout/")
    with scopes_disabled():
        events = list(AuditEvent.objects.order_by("pk").values_list("action", "target_label"))
        labels = " ".join(label for _action, label in events)
        actions = [action for action, _label in events]
    assert actions.count("accounts.user.login_failed") == 2
    assert "accounts.user.login_succeeded" in actions
    assert "accounts.user.logged_out" in actions
    assert "13900001111" not in labels
    assert "139****1111" in labels


def test_login_events_read_in_chinese_in_the_audit_trail():
    from django.utils import translation

    from wenming.core.templatetags.wenming_format import audit_action

    with translation.override("zh-hans"):
        assert audit_action("accounts.user.login_failed") == "登录失败用户"
        assert audit_action("accounts.user.password_changed") == "修改密码用户"
