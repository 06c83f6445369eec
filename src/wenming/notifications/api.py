"""The signed-in person's own notifications over the API: the inbox and its read marks."""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from wenming.core.api import COMMON_ERRORS, WRITE_ERRORS, Id, Pagination
from wenming.notifications.actions import mark_read
from wenming.notifications.models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    category: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class MarkedOut(Schema):
    marked: int


def _own(request):
    return Notification.objects.filter(recipient=request.user)


@router.get(
    "/me/notifications",
    response={200: list[NotificationOut], **COMMON_ERRORS},
    summary="List my notifications",
    description="The caller's own notifications, newest first; `unread=true` keeps the unread.",
)
@paginate(Pagination)
def list_my_notifications(request, unread: bool = False):
    queryset = _own(request)
    if unread:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset


@router.post(
    "/me/notifications/read",
    response={200: MarkedOut, **WRITE_ERRORS},
    summary="Mark all my notifications read",
    description="Marks every unread notification of the caller read; answers how many.",
)
def mark_all_my_notifications_read(request):
    return {"marked": mark_read(request.user)}


@router.post(
    "/me/notifications/{notification_id}/read",
    response={200: NotificationOut, **WRITE_ERRORS},
    summary="Mark one of my notifications read",
    description="Another person's notification is 404; one already read stays as it was.",
)
def mark_my_notification_read(request, notification_id: Id):
    notification = get_object_or_404(_own(request), pk=notification_id)
    mark_read(request.user, [notification.pk])
    notification.refresh_from_db()
    return notification
