"""Account actions: tokens, lockout, second factor."""

from __future__ import annotations

import datetime

import pyotp
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wenming.accounts.models import ApiToken, User
from wenming.accounts.tokens import generate_key, hash_key
from wenming.core.audit import log_event
from wenming.core.permissions import SystemActor


def _require_self(actor, user: User) -> None:
    """A person manages their own tokens and second factor; the system (a command) anyone's."""
    if isinstance(actor, SystemActor):
        return
    if not getattr(actor, "is_authenticated", False) or actor.pk != user.pk:
        raise PermissionDenied("accounts.manage_own_account")


def create_api_token(user: User, name: str, *, actor, expires_at=None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it and the key, which is never stored nor shown again."""
    _require_self(actor, user)
    key = generate_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=key[:10],
            key_hash=hash_key(key),
            expires_at=expires_at,
        )
        log_event(
            "accounts.api_token.created",
            actor=actor,
            target=token,
            jurisdiction=user.jurisdiction,
            new={"user": user.username, "name": token.name, "prefix": token.prefix},
        )
    return token, key


def revoke_api_token(token: ApiToken, *, actor) -> None:
    _require_self(actor, token.user)
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            log_event(
                "accounts.api_token.revoked",
                actor=actor,
                target=token,
                jurisdiction=token.user.jurisdiction,
            )


def record_failed_login(user: User) -> bool:
    """Count a failed password; lock the account at the limit. Returns True when it locked."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
        locked_user = User.objects.select_for_update().get(pk=user.pk)
        if locked_user.failed_login_count < settings.WENMING_LOCKOUT_ATTEMPTS:
            return False
        locked_user.locked_until = timezone.now() + datetime.timedelta(
            minutes=settings.WENMING_LOCKOUT_MINUTES
        )
        locked_user.failed_login_count = 0
        locked_user.save(update_fields=["locked_until", "failed_login_count"])
        log_event(
            "accounts.user.locked_out",
            actor=None,
            target=locked_user,
            jurisdiction=locked_user.jurisdiction,
            new={"locked_until": locked_user.locked_until},
        )
        return True


def record_successful_login(user: User) -> None:
    if user.failed_login_count or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)


def start_totp_enrolment(user: User) -> str:
    """Give the user a new secret (not yet enabled); returns the provisioning URI for a QR."""
    secret = pyotp.random_base32()
    user.totp_secret = secret
    user.save(update_fields=["totp_secret"])
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name="Wenming 文明")


def verify_totp(user: User, code: str) -> bool:
    if not user.totp_secret:
        return False
    return pyotp.TOTP(user.totp_secret).verify((code or "").strip(), valid_window=1)


def enable_totp(user: User, code: str, *, actor) -> bool:
    _require_self(actor, user)
    if not verify_totp(user, code):
        return False
    with transaction.atomic():
        user.totp_enabled = True
        user.save(update_fields=["totp_enabled"])
        log_event("accounts.user.totp_enabled", actor=actor, target=user)
    return True


def disable_totp(user: User, *, actor) -> None:
    _require_self(actor, user)
    with transaction.atomic():
        user.totp_enabled = False
        user.totp_secret = ""
        user.save(update_fields=["totp_enabled", "totp_secret"])
        log_event("accounts.user.totp_disabled", actor=actor, target=user)
