"""Personal API tokens: creation, lookup by hash, and bearer authentication."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from wenming.accounts.models import ApiToken, User

TOKEN_PREFIX = "wm_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def reset_key_hash(key: str) -> str:
    """What is stored of a one-time password reset key."""
    return hashlib.sha256(key.encode()).hexdigest()


def generate_key() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def user_for_key(key: str) -> User | None:
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "user__jurisdiction")
        .filter(key_hash=hash_key(key))
        .first()
    )
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    user = token.user
    user.authenticated_by_token = True
    return user


def authenticate_bearer(request) -> None:
    """Replace `request.user` with the token's owner when an `Authorization` header carries one."""
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() not in {"bearer", "token"} or not key:
        return
    user = user_for_key(key.strip())
    if user is not None:
        request.user = user
        request._dont_enforce_csrf_checks = True
        request.authenticated_by_token = True
    else:
        request.invalid_token = True
