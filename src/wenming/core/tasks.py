"""Periodic housekeeping of the core: expired import files."""

from __future__ import annotations

from huey import crontab

from wenming.core.jobs import periodic


@periodic(crontab(minute="17"))
def expire_import_files_task() -> None:
    """Every hour: delete import uploads and error workbooks past their 24 hours."""
    from wenming.core.import_files import expire_import_files

    expire_import_files()
