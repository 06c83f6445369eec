"""Account actions: passwords, reset links, tokens, second factor.

The login steps (counting failures, auditing logins) are in `accounts.login`; the reads that
the reset pages need are in `accounts.queries`."""

from __future__ import annotations

import datetime
import secrets

import pyotp
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import ApiToken, PasswordResetLink, User
from wenming.accounts.queries import sms_backends
from wenming.accounts.tokens import generate_key, hash_key, reset_key_hash
from wenming.core import versions
from wenming.core.audit import log_event
from wenming.core.errors import DomainError
from wenming.core.permissions import SystemActor, require
from wenming.core.validators import normalize_phone

#: API tokens may live at most this long, whatever is asked.
MAX_API_TOKEN_DAYS = 3650


def create_api_token(
    user: User, name: str, *, actor, expires_at=None, days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it and the key, which is never stored nor shown again.

    Every token expires: after `days` (default `WENMING_API_TOKEN_DAYS`, 90) unless `expires_at`
    is given. A leaked token that nobody remembers then stops working on its own.
    """
    _require_self(actor, user)
    if expires_at is None:
        days = settings.WENMING_API_TOKEN_DAYS if days is None else int(days)
        if not 1 <= days <= MAX_API_TOKEN_DAYS:
            raise DomainError(
                _("A token lasts between 1 and %(days)s days.") % {"days": MAX_API_TOKEN_DAYS},
                code="invalid_expiry",
            )
        expires_at = timezone.now() + datetime.timedelta(days=days)
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
            new={
                "user": user.username,
                "name": token.name,
                "prefix": token.prefix,
                "expires_at": expires_at,
            },
        )
    return token, key


def revoke_api_token(token: ApiToken, *, actor) -> None:
    _require_self(actor, token.user)
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            versions.bump(versions.user_key(token.user_id))  # refused on the next request
            log_event(
                "accounts.api_token.revoked",
                actor=actor,
                target=token,
                jurisdiction=token.user.jurisdiction,
            )


def _require_self(actor, user: User) -> None:
    """Self-service actions: only the account's owner (or the platform itself) performs them."""
    if isinstance(actor, SystemActor):
        return
    if actor is None or not getattr(actor, "is_authenticated", False) or actor.pk != user.pk:
        raise PermissionDenied("accounts.self_service")


# Passwords ---------------------------------------------------------------------------------------


def change_password(user: User, new_password: str, *, actor, revoke_tokens: bool = False) -> None:
    """Set `user`'s password (validated by the caller against AUTH_PASSWORD_VALIDATORS).

    Every other session of the user ends (Django checks a hash of the password in each session);
    API tokens stay unless `revoke_tokens`, since they are separate credentials with their own
    expiry that scripts depend on.
    """
    _require_self(actor, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        revoked = 0
        if revoke_tokens:
            revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
        log_event(
            "accounts.user.password_changed",
            actor=actor,
            target=user,
            new={"api_tokens_revoked": revoked},
        )


def issue_password_reset_link(user: User, *, actor) -> tuple[PasswordResetLink, str]:
    """An administrator issues a one-time link for `user`; returns it and its key (shown once).

    Earlier unused links of the same person stop working.
    """
    require(actor, "accounts.reset_password", PasswordResetLink)
    if (
        not isinstance(actor, SystemActor)
        and not actor.is_superuser
        and actor.jurisdiction_id not in (None, user.jurisdiction_id)
    ):
        raise PermissionDenied("accounts.reset_password")
    if not user.is_active:
        raise DomainError(_("This account is disabled."), code="inactive")
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        PasswordResetLink.objects.filter(
            user=user,
            channel=PasswordResetLink.Channel.LINK,
            used_at__isnull=True,
            expires_at__gt=now,
        ).update(expires_at=now)
        link = PasswordResetLink.objects.create(
            user=user,
            key_hash=reset_key_hash(key),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            expires_at=now + datetime.timedelta(hours=settings.WENMING_PASSWORD_RESET_HOURS),
        )
        log_event(
            "accounts.user.password_reset_issued",
            actor=actor,
            target=user,
            new={"expires_at": link.expires_at},
        )
    return link, key


def use_password_reset_link(key: str, new_password: str, *, actor) -> User:
    """Set a new password through a one-time link; the link is spent whatever happens next."""
    require(actor, "accounts.use_password_reset")
    with transaction.atomic():
        link = (
            PasswordResetLink.objects.select_for_update()
            .filter(key_hash=reset_key_hash(key or ""), channel=PasswordResetLink.Channel.LINK)
            .first()
        )
        if link is None or not link.is_usable or not link.user.is_active:
            raise DomainError(
                _("This link is not valid: it was used, it expired or it was replaced."),
                code="invalid_link",
            )
        user = link.user
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        user.set_password(new_password)
        user.save(update_fields=["password"])
        log_event(
            "accounts.user.password_reset_used",
            actor=actor,
            target=user,
            new={"link": link.pk, "issued_by": link.created_by_id},
        )
    return user


# Password reset by text message -----------------------------------------------------------------

#: A code sent by text message works this long, and for this many tries.
SMS_CODE_MINUTES = 10
SMS_CODE_ATTEMPTS = 5


def _sms_code_hash(user_id: int, code: str) -> str:
    from wenming.core.crypto import keyed_hash

    return keyed_hash(f"password-reset-sms:{user_id}:{code}")


def send_password_reset_code(phone: str, *, actor) -> User | None:
    """Text a one-time code to the account that `phone` belongs to (nothing when none does).

    The caller answers the same either way. Returns the account, for the confirmation step.
    """
    require(actor, "accounts.use_password_reset")
    backends = sms_backends()
    if not backends:
        raise DomainError(_("Password reset by text message is not available."), code="unavailable")
    from wenming.accounts.backends import find_user

    user = find_user(phone)
    if user is None or not user.is_active:
        return None
    try:
        number = normalize_phone(phone)
    except ValidationError:
        return None  # a username, not a phone: codes go only to the number that was typed
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        PasswordResetLink.objects.filter(
            user=user, channel=PasswordResetLink.Channel.SMS, used_at__isnull=True
        ).update(expires_at=now)
        link = PasswordResetLink.objects.create(
            user=user,
            channel=PasswordResetLink.Channel.SMS,
            key_hash=_sms_code_hash(user.pk, code),
            expires_at=now + datetime.timedelta(minutes=SMS_CODE_MINUTES),
        )
        log_event(
            "accounts.user.password_reset_issued",
            actor=actor,
            target=user,
            new={"channel": "sms", "phone": number, "expires_at": link.expires_at},
        )
        transaction.on_commit(lambda: _send_code(backends, user, number, code))
    return user


def _send_code(backends, user: User, phone: str, code: str) -> None:
    import logging

    from wenming.notifications.models import Notification

    # Not saved: the code must not stay in the notifications table.
    message = Notification(
        jurisdiction=user.jurisdiction,
        recipient=user,
        category="accounts.password_reset",
        title=str(_("Password reset code")),
        body=str(
            _(
                "Your password reset code is %(code)s (valid for 10 minutes). "
                "If you did not ask for it, ignore this message."
            )
            % {"code": code}
        ),
    )
    for backend in backends:
        try:
            backend.send(message, phone)
        except Exception:  # a gateway failure must not tell the caller anything
            logging.getLogger("wenming.accounts").exception(
                "password reset code not sent (user %s)", user.pk
            )


def use_password_reset_code(user_id: int | None, code: str, new_password: str, *, actor) -> User:
    """Set a new password with the code texted to the account; a code has five tries."""
    require(actor, "accounts.use_password_reset")
    invalid = DomainError(_("The code is wrong or has expired."), code="invalid_code")
    if not user_id:
        raise invalid
    now = timezone.now()
    with transaction.atomic():
        link = (
            PasswordResetLink.objects.select_for_update()
            .select_related("user")
            .filter(
                user_id=user_id,
                channel=PasswordResetLink.Channel.SMS,
                used_at__isnull=True,
                expires_at__gt=now,
            )
            .order_by("-created_at")
            .first()
        )
        if link is None or not link.user.is_active:
            raise invalid
        if link.key_hash != _sms_code_hash(user_id, (code or "").strip()):
            link.attempts += 1
            fields = ["attempts"]
            if link.attempts >= SMS_CODE_ATTEMPTS:
                link.expires_at = now
                fields.append("expires_at")
            link.save(update_fields=fields)
            wrong = True
        else:
            wrong = False
            user = link.user
            link.used_at = now
            link.save(update_fields=["used_at"])
            user.set_password(new_password)
            user.save(update_fields=["password"])
            log_event(
                "accounts.user.password_reset_used",
                actor=actor,
                target=user,
                new={"link": link.pk, "channel": "sms"},
            )
    if wrong:
        raise invalid
    return user


# Second factor -----------------------------------------------------------------------------------


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
