"""Counting attempts in a store that every worker shares.

Logins, self-registration, the certificate check, residents' reports and the Open311 feed are
throttled per client address (and logins per account too). The counts live in the cache alias
`throttle`: Redis when `REDIS_URL` is set, otherwise a table in the database, so that N worker
processes share one count instead of each keeping its own (which would multiply the limit by N).
It is not the default cache: clearing the grants cache must never reset an attacker's count.

Counting is by fixed windows: the key names the window, and the entry expires with it. Keys are
hashed, so no login name, phone or address is stored in them.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import DomainError

ALIAS = "throttle"


@dataclass(frozen=True)
class Rate:
    """At most `limit` attempts per `window` seconds."""

    limit: int
    window: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends (0 when allowed)


class ThrottledError(DomainError):
    """Too many attempts from this address or on this account: try again later."""

    status_code = 429
    code = "throttled"

    def __init__(self, retry_after: int, message=None):
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            message
            or _("Too many attempts. Please try again in %(minutes)s minutes.")
            % {"minutes": minutes},
            details={"retry_after": retry_after},
        )
        self.retry_after = retry_after


def _key(scope: str, subject: str, rate: Rate, now: float) -> tuple[str, int]:
    window_index = int(now // rate.window)
    digest = hashlib.sha256(f"{scope}\x00{subject}".encode()).hexdigest()[:32]
    retry_after = int((window_index + 1) * rate.window - now) + 1
    return f"throttle:{scope}:{rate.window}:{window_index}:{digest}", retry_after


def hit(scope: str, subject: str, rate: Rate, *, now: float | None = None) -> Decision:
    """Count one attempt of `subject` (an address, an account) under `scope`."""
    now = time.time() if now is None else now
    key, retry_after = _key(scope, subject, rate, now)
    store = caches[ALIAS]
    if store.add(key, 1, rate.window + 1):
        count = 1
    else:
        try:
            count = store.incr(key)
        except ValueError:  # expired between add and incr
            store.set(key, 1, rate.window + 1)
            count = 1
    allowed = count <= rate.limit
    return Decision(allowed, count, 0 if allowed else retry_after)


def peek(scope: str, subject: str, rate: Rate, *, now: float | None = None) -> Decision:
    """How many attempts `subject` has made in the current window, without counting one."""
    now = time.time() if now is None else now
    key, retry_after = _key(scope, subject, rate, now)
    count = caches[ALIAS].get(key, 0)
    allowed = count < rate.limit
    return Decision(allowed, count, 0 if allowed else retry_after)


def reset(scope: str, subject: str, rate: Rate, *, now: float | None = None) -> None:
    """Forget the current window's attempts of `subject` (after a successful login)."""
    now = time.time() if now is None else now
    key, _retry = _key(scope, subject, rate, now)
    caches[ALIAS].delete(key)


def require_allowed(scope: str, subject: str, rate: Rate) -> None:
    """Count one attempt and raise `ThrottledError` past the rate."""
    decision = hit(scope, subject, rate)
    if not decision.allowed:
        raise ThrottledError(decision.retry_after)
