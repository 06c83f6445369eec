"""How many login attempts an address and an account get (ADR 0015).

No attempt ever locks an account: a lock that anyone can trigger by typing a name is a way to keep
its owner out. Instead failed attempts (passwords and second-factor codes alike) are counted in the
shared `throttle` store under three keys:

- the client address, over all accounts: stops password spraying from one address;
- the account at one address, with growing delays (a minute, a quarter of an hour, an hour): stops
  guessing one account's password or code from one address without touching its owner elsewhere;
- the account over all addresses, a ceiling high enough that only a distributed attack reaches it.
  A browser that has logged in to the account before carries a signed "known device" cookie and is
  exempt from this ceiling (OWASP's device cookies), so the owner still gets in during such an attack.

The account is keyed by its id when the typed name matches one and by the typed name otherwise, so
an unknown name is throttled exactly like an existing one and the answers do not tell them apart.
Only the owner's full success (password and, when enabled, second factor) clears the count of the
account at that address; the address and account-wide counts are never cleared by a success, or an
attacker could clear their own address's count by logging in to an account of their own.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing

from wenming.core import throttle
from wenming.core.client import client_address
from wenming.core.throttle import Rate

SCOPE_ADDRESS = "login-address"
SCOPE_PAIR = "login-account-address"
SCOPE_ACCOUNT = "login-account"

#: The account at one address: at most 5 failures a minute, 10 a quarter of an hour, 20 an hour.
PAIR_RATES = (Rate(5, 60), Rate(10, 15 * 60), Rate(20, 60 * 60))

DEVICE_COOKIE = "wenming_device"
DEVICE_SALT = "wenming.accounts.known-device"
DEVICE_MAX_ACCOUNTS = 5


def address_rate() -> Rate:
    return Rate(settings.WENMING_LOGIN_ADDRESS_LIMIT, 15 * 60)


def account_rate() -> Rate:
    return Rate(settings.WENMING_LOGIN_ACCOUNT_LIMIT, 60 * 60)


def account_key(user, typed_name: str) -> str:
    """The subject that counts attempts on one account (or on a name that matches none)."""
    if user is not None:
        return f"user:{user.pk}"
    return "name:" + " ".join((typed_name or "").split()).casefold()[:150]


def _address(request) -> str:
    return client_address(request) if request is not None else "-"


def _checks(request, key: str, *, known_device: bool):
    address = _address(request)
    yield SCOPE_ADDRESS, address, address_rate()
    for rate in PAIR_RATES:
        yield SCOPE_PAIR, f"{key}|{address}", rate
    if not known_device:
        yield SCOPE_ACCOUNT, key, account_rate()


def retry_after(request, key: str, *, known_device: bool = False) -> int:
    """Seconds until one more attempt on `key` from this request's address is allowed (0: now)."""
    waits = [
        decision.retry_after
        for scope, subject, rate in _checks(request, key, known_device=known_device)
        if not (decision := throttle.peek(scope, subject, rate)).allowed
    ]
    return max(waits, default=0)


def count_failure(request, key: str) -> None:
    """Count one failed password or code on `key` from this request's address."""
    for scope, subject, rate in _checks(request, key, known_device=False):
        throttle.hit(scope, subject, rate)


def clear_after_success(request, key: str) -> None:
    """The owner got in from this address: forget the failures of the account at this address."""
    address = _address(request)
    for rate in PAIR_RATES:
        throttle.reset(SCOPE_PAIR, f"{key}|{address}", rate)


# Known devices -----------------------------------------------------------------------------------


def _device_accounts(request) -> list[int]:
    if request is None:
        return []
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return []
    try:
        data = signing.loads(
            value, salt=DEVICE_SALT, max_age=settings.WENMING_KNOWN_DEVICE_DAYS * 86400
        )
    except signing.BadSignature:
        return []
    accounts = data.get("a") if isinstance(data, dict) else None
    return [pk for pk in accounts if isinstance(pk, int)] if isinstance(accounts, list) else []


def is_known_device(request, user) -> bool:
    """Has this browser logged in to `user` before (a valid, signed device cookie says so)?"""
    return user is not None and user.pk in _device_accounts(request)


def remember_device(request, response, user) -> None:
    """Mark this browser as a known device of `user` (after a full successful login)."""
    accounts = [pk for pk in _device_accounts(request) if pk != user.pk]
    accounts = [user.pk, *accounts][:DEVICE_MAX_ACCOUNTS]
    value = signing.dumps({"a": accounts, "n": secrets.token_urlsafe(8)}, salt=DEVICE_SALT)
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=settings.WENMING_KNOWN_DEVICE_DAYS * 86400,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
