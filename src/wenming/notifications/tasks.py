"""Background delivery of notifications to external channels."""

from __future__ import annotations

from django.utils import timezone

from wenming.core.jobs import task
from wenming.notifications.backends import configured_backends
from wenming.notifications.models import Delivery, Notification


def _phone_of(user) -> str:
    person = getattr(user, "person", None)
    return person.phone if person is not None else ""


@task()
def deliver_external(notification_ids: list[int]) -> int:
    sent = 0
    notifications = (
        Notification.objects.with_scopes_disabled()
        .filter(pk__in=notification_ids)
        .select_related("recipient", "recipient__person")
    )
    for notification in notifications:
        for backend in configured_backends():
            delivery = Delivery(
                jurisdiction_id=notification.jurisdiction_id,
                notification=notification,
                channel=backend.channel,
                attempts=1,
            )
            try:
                backend.send(notification, _phone_of(notification.recipient))
            except Exception as error:
                delivery.status = "failed"
                delivery.error = str(error)[:1000]
            else:
                delivery.status = "sent"
                delivery.sent_at = timezone.now()
                sent += 1
            Delivery.objects.with_scopes_disabled().bulk_create([delivery])
    return sent
