"""Background work of the core: the monthly retention purge of the audit trail."""

from __future__ import annotations

import logging

from huey import crontab

from wenming.core.jobs import periodic
from wenming.core.retention import purge_audit_events

logger = logging.getLogger(__name__)


@periodic(crontab(day="1", hour="3", minute="30"))
def purge_expired_audit_events():
    """On the 1st of each month at 03:30, remove audit events past the retention period."""
    result = purge_audit_events()
    logger.info("audit purge: %s events older than %s removed", result.count, result.cutoff)
    return result.count
