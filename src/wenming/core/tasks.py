"""Periodic housekeeping of the core: expired import files, the audit trail's retention purge."""

from __future__ import annotations

import logging

from huey import crontab

from wenming.core.jobs import periodic
from wenming.core.retention import purge_audit_events

logger = logging.getLogger(__name__)


@periodic(crontab(minute="17"))
def expire_import_files_task() -> None:
    """Every hour: delete import uploads and error workbooks past their 24 hours."""
    from wenming.core.import_files import expire_import_files

    expire_import_files()


@periodic(crontab(day="1", hour="3", minute="30"))
def purge_expired_audit_events():
    """On the 1st of each month at 03:30, remove audit events past the retention period."""
    result = purge_audit_events()
    logger.info("audit purge: %s events older than %s removed", result.count, result.cutoff)
    return result.count
