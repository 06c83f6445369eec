"""How long the audit trail is kept, and the one way rows leave it: the retention purge.

Audit events are kept at least 180 days (six months, the floor the Cybersecurity Law sets for
network logs); an installation may keep them longer with `WENMING_AUDIT_RETENTION_DAYS`. The
purge runs monthly as a periodic job and by hand as `wenming audit purge`; it writes its own
event (`core.audit_event.purged`, with the cutoff and the count) after the deletion, in the same
transaction, so a run never removes its own record.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.db import connection, transaction
from django.utils import timezone

from wenming.core import audit_guard
from wenming.core.audit import log_event
from wenming.core.models import AuditEvent
from wenming.core.permissions import SYSTEM, require

#: The shortest retention anyone may configure or ask for, in days.
MINIMUM_RETENTION_DAYS = 180


class RetentionTooShortError(ValueError):
    """A retention period under the minimum: the purge refuses to run."""


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime.datetime
    days: int
    count: int
    dry_run: bool


def retention_days() -> int:
    """The configured retention period (`WENMING_AUDIT_RETENTION_DAYS`)."""
    return int(getattr(settings, "WENMING_AUDIT_RETENTION_DAYS", 365))


@checks.register(checks.Tags.security)
def check_retention(app_configs=None, **kwargs):
    """`wenming check` (and every command) refuses a configured retention under the minimum."""
    if retention_days() < MINIMUM_RETENTION_DAYS:
        return [
            checks.Error(
                f"WENMING_AUDIT_RETENTION_DAYS is {retention_days()}; audit events are kept at "
                f"least {MINIMUM_RETENTION_DAYS} days.",
                id="wenming.E101",
            )
        ]
    return []


def purge_audit_events(
    *, days: int | None = None, dry_run: bool = False, actor=SYSTEM, now=None
) -> PurgeResult:
    """Delete audit events older than `days` (default: the configured retention period).

    Refuses a period under `MINIMUM_RETENTION_DAYS`. A dry run only counts and writes nothing.
    """
    require(actor, "core.purge_auditevent", AuditEvent)
    days = retention_days() if days is None else int(days)
    if days < MINIMUM_RETENTION_DAYS:
        raise RetentionTooShortError(
            f"audit events are kept at least {MINIMUM_RETENTION_DAYS} days (asked: {days})"
        )
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    old = AuditEvent.objects.with_scopes_disabled().filter(created_at__lt=cutoff)
    if dry_run:
        return PurgeResult(cutoff=cutoff, days=days, count=old.count(), dry_run=True)
    with transaction.atomic():
        with audit_guard.purge_gate(connection), connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM core_auditevent WHERE created_at < %s",
                [connection.ops.adapt_datetimefield_value(cutoff)],
            )
            count = cursor.rowcount
        log_event(
            "core.audit_event.purged",
            actor=actor,
            target_label=f"{count}",
            new={"cutoff": cutoff, "days": days, "count": count},
        )
    return PurgeResult(cutoff=cutoff, days=days, count=count, dry_run=False)
