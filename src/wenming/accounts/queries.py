"""Reads for the password pages: which reset link a key opens, whether codes can be texted."""

from __future__ import annotations

from wenming.accounts.models import PasswordResetLink
from wenming.accounts.tokens import reset_key_hash


def password_reset_link_for_key(key: str) -> PasswordResetLink | None:
    """The usable link that `key` opens, or None (unknown, used or expired look the same)."""
    link = (
        PasswordResetLink.objects.select_related("user")
        .filter(key_hash=reset_key_hash(key or ""), channel=PasswordResetLink.Channel.LINK)
        .first()
    )
    if link is None or not link.is_usable or not link.user.is_active:
        return None
    return link


def sms_backends() -> list:
    """The configured notification backends that really send text messages.

    The default `LogBackend` stands in for an SMS gateway by writing each message to the log: a
    reset code sent through it would sit in the log for anyone who reads it, so it does not count.
    """
    from wenming.notifications.backends import LogBackend, configured_backends

    return [
        backend
        for backend in configured_backends()
        if getattr(backend, "channel", "") == "sms" and not isinstance(backend, LogBackend)
    ]


def sms_reset_available() -> bool:
    return bool(sms_backends())
