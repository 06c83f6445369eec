"""`notify`: the one way any app tells people something."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from wenming.core.jobs import enqueue
from wenming.notifications.models import Notification


def notify(
    recipients: Iterable,
    *,
    jurisdiction,
    category: str,
    title: str,
    body: str = "",
    url: str = "",
    external: bool = False,
) -> list[Notification]:
    """Create in-app notifications for `recipients` (users); `external` also queues SMS/WeChat.

    Duplicate recipients are notified once. External delivery runs after commit in a job.
    """
    unique = {user.pk: user for user in recipients if user is not None}
    notifications = Notification.objects.with_scopes_disabled().bulk_create(
        [
            Notification(
                jurisdiction=jurisdiction,
                recipient=user,
                category=category,
                title=title[:200],
                body=body,
                url=url[:300],
            )
            for user in unique.values()
        ]
    )
    if external and notifications:
        from wenming.notifications.tasks import deliver_external

        ids = [notification.pk for notification in notifications]
        enqueue(deliver_external, ids)
    return notifications


def mark_read(user, notification_ids: Iterable[int] | None = None) -> int:
    queryset = Notification.objects.with_scopes_disabled().filter(
        recipient=user, read_at__isnull=True
    )
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    with transaction.atomic():
        return queryset.update(read_at=timezone.now())
