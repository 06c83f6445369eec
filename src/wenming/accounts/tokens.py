"""Personal API tokens: creation, lookup by hash, and bearer authentication.

A token's owner (with their jurisdiction) is kept in the process's cache for
`TOKEN_CACHE_SECONDS`, with the version stamps of the user and of the jurisdiction it was read
under (`core.versions`). Revoking or changing a token, deactivating the account, changing its
password (every save of the user's `is_active` or `password`) and any change of grants in the
jurisdiction replace a stamp in the store every process shares, so the next request anywhere
reads the database again: a revoked token is refused on the very next request. A warm request
costs one read of the shared stamps instead of the token, user and jurisdiction rows.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from wenming.accounts.models import ApiToken, User
from wenming.core import versions

TOKEN_PREFIX = "wm_"
#: How long a process keeps a token's owner between reads of the database (the stamps are read
#: on every request); also bounds how stale the jurisdiction's policy can be on a token request.
TOKEN_CACHE_SECONDS = 60
#: `last_used_at` is written at most this often.
LAST_USED_RESOLUTION_SECONDS = 60


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def reset_key_hash(key: str) -> str:
    """What is stored of a one-time password reset key."""
    return hashlib.sha256(key.encode()).hexdigest()


def generate_key() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def _keys(user_id: int, jurisdiction_id: int | None) -> tuple[str, ...]:
    keys: tuple[str, ...] = (versions.user_key(user_id),)
    if jurisdiction_id is not None:
        keys += (versions.jurisdiction_key(jurisdiction_id),)
    return keys


def stamp_keys(user: User) -> tuple[str, ...]:
    """The version stamps an entry of `user` depends on."""
    return _keys(user.pk, user.jurisdiction_id)


def _owner_keys(digest: str) -> tuple[str, ...] | None:
    """The stamps a token's entry depends on, read before its rows on a first sight."""
    owner = ApiToken.objects.filter(key_hash=digest).values_list("user_id", "user__jurisdiction_id")
    found = owner.first()
    return _keys(*found) if found else None


@dataclass
class _Entry:
    token_id: int
    user: User
    expires_at: datetime.datetime | None
    last_used_at: datetime.datetime | None
    keys: tuple[str, ...]
    #: The stamps read before the rows were; None when unknown (the entry is then not valid).
    stamps: dict[str, str] | None


def _cache_key(digest: str) -> str:
    return f"wenming:token:{digest}"


def _load(digest: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("user", "user__jurisdiction")
        .filter(key_hash=digest)
        .first()
    )
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    return token


def _entry(digest: str) -> _Entry | None:
    cache_key = _cache_key(digest)
    entry = cache.get(cache_key)
    keys = entry.keys if entry is not None else _owner_keys(digest)
    if keys is None:
        return None
    # Stamps first, rows second: a change after this read replaces a stamp this entry lacks.
    stamps = versions.current(keys)
    if entry is not None and entry.stamps == stamps:
        return entry
    token = _load(digest)
    if token is None:
        if entry is not None:
            cache.delete(cache_key)
        return None
    fresh_keys = stamp_keys(token.user)
    fresh = _Entry(
        token_id=token.pk,
        user=token.user,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        keys=fresh_keys,
        # Valid only under the stamps read before these rows (an owner moved to another
        # jurisdiction meanwhile: none, and the next request reads them).
        stamps=stamps if fresh_keys == keys else None,
    )
    cache.set(cache_key, fresh, TOKEN_CACHE_SECONDS)
    return fresh


def user_for_key(key: str) -> User | None:
    if not key.startswith(TOKEN_PREFIX):
        return None
    digest = hash_key(key)
    entry = _entry(digest)
    if entry is None:
        return None
    now = timezone.now()
    if entry.expires_at is not None and entry.expires_at <= now:
        return None
    last = entry.last_used_at
    if last is None or (now - last).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
        ApiToken.objects.filter(pk=entry.token_id).update(last_used_at=now)
        entry.last_used_at = now
        cache.set(_cache_key(digest), entry, TOKEN_CACHE_SECONDS)
    user = entry.user
    user.authenticated_by_token = True
    return user


def bearer_key(request) -> str | None:
    """The key of an `Authorization: Bearer …` (or `Token …`) header, or None."""
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() not in {"bearer", "token"} or not key.strip():
        return None
    return key.strip()


def authenticate_bearer(request) -> None:
    """Replace `request.user` with the token's owner when an `Authorization` header carries one."""
    key = bearer_key(request)
    if key is None:
        return
    user = user_for_key(key)
    if user is not None:
        request.user = user
        request._dont_enforce_csrf_checks = True
        request.authenticated_by_token = True
    else:
        request.invalid_token = True
