"""Escalation (督办): reminders before the deadline and at breach, repeated daily until fixed.

Idempotent: a `Reminder` row per order, kind and day (unique), inserted before anyone is told,
so a second run on the same day (or a second worker) sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled
from huey import crontab

from wenming.core.jobs import periodic
from wenming.core.models import Jurisdiction
from wenming.workorders.choices import UNIT_ACTION_STATUSES, ReminderKind
from wenming.workorders.models import Reminder, WorkOrder


def _contacts_by_unit(unit_ids) -> dict[int, list]:
    from wenming.organizations.models import Membership

    result: dict[int, list] = defaultdict(list)
    memberships = (
        Membership.objects.with_scopes_disabled()
        .filter(
            organization_id__in=list(unit_ids),
            position__in=["head", "liaison"],
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .select_related("person__user")
    )
    for membership in memberships:
        result[membership.organization_id].append(membership.person.user)
    return result


def remind_jurisdiction(jurisdiction, now: dt.datetime | None = None) -> dict[str, int]:
    """Send today's reminders of one jurisdiction; returns how many orders were reminded."""
    from wenming.notifications.actions import notify

    now = now or timezone.now()
    today = timezone.localdate(now)
    lead = dt.timedelta(hours=float(jurisdiction.get_policy("reminder_lead_hours")))
    candidates = (
        WorkOrder.objects.with_scopes_disabled()
        .filter(
            jurisdiction=jurisdiction,
            status__in=UNIT_ACTION_STATUSES,
            deadline__isnull=False,
            deadline__lt=now + lead,
            responsible_unit__isnull=False,
        )
        .only("pk", "reference", "deadline", "responsible_unit_id")
    )
    sent: dict[tuple[int, str], list[WorkOrder]] = defaultdict(list)
    for order in candidates.iterator(chunk_size=1000):
        kind = ReminderKind.OVERDUE if order.deadline < now else ReminderKind.DUE_SOON
        try:
            with transaction.atomic():
                Reminder.objects.with_scopes_disabled().create(
                    jurisdiction=jurisdiction, work_order_id=order.pk, kind=kind, day=today
                )
        except IntegrityError:
            continue  # already reminded today
        sent[(order.responsible_unit_id, kind)].append(order)
    contacts = _contacts_by_unit({unit_id for unit_id, _kind in sent})
    counts = {ReminderKind.DUE_SOON: 0, ReminderKind.OVERDUE: 0}
    for (unit_id, kind), orders in sent.items():
        counts[kind] += len(orders)
        users = contacts.get(unit_id, [])
        if not users:
            continue
        references = "、".join(order.reference for order in orders[:10])
        if kind == ReminderKind.OVERDUE:
            title = _("%(count)s work orders are overdue") % {"count": len(orders)}
        else:
            title = _("%(count)s work orders are due within a day") % {"count": len(orders)}
        with transaction.atomic():
            notify(
                users,
                jurisdiction=jurisdiction,
                category="workorders.reminder",
                title=title,
                body=references + ("…" if len(orders) > 10 else ""),
                url=reverse("workorders:queue") + "?state=overdue",
                external=True,
            )
            Reminder.objects.with_scopes_disabled().filter(
                work_order_id__in=[order.pk for order in orders], kind=kind, day=today
            ).update(recipients=len(users))
    return {str(kind): count for kind, count in counts.items()}


def send_reminders(now: dt.datetime | None = None) -> dict[str, dict[str, int]]:
    """Reminders for every jurisdiction."""
    results = {}
    with scopes_disabled():
        jurisdictions = list(Jurisdiction.objects.all())
    for jurisdiction in jurisdictions:
        with scope(jurisdiction=jurisdiction):
            results[jurisdiction.code] = remind_jurisdiction(jurisdiction, now)
    return results


@periodic(crontab(minute="5", hour="8-18"))
def send_reminders_periodically():
    """Hourly in the working day; the daily uniqueness keeps it to one reminder a day."""
    send_reminders()
