"""Notification channels. The default writes to the log; SMS or WeChat gateways plug in here.

A backend is a class with `channel` and `send(notification, recipient_phone) -> None`; it
raises to signal failure. Settings list the backends in `WENMING_NOTIFICATION_BACKENDS`.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from wenming.core.validators import mask_phone

logger = logging.getLogger("wenming.notifications")


class LogBackend:
    """Writes each message to the log, phone masked: stands in for an SMS gateway in dev."""

    channel = "sms"

    def send(self, notification, recipient_phone: str) -> None:
        logger.info(
            "sms to %s (user %s): %s — %s",
            mask_phone(recipient_phone) if recipient_phone else "-",
            notification.recipient_id,
            notification.title,
            notification.body[:200],
        )


def configured_backends() -> list:
    return [import_string(path)() for path in settings.WENMING_NOTIFICATION_BACKENDS]
