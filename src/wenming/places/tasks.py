"""Background jobs of places: large site imports run as a tracked job."""

from __future__ import annotations

from django.core.files.storage import default_storage

from wenming.core.excel import WorkbookError
from wenming.core.import_files import discard_import_files
from wenming.core.jobs import tracked_task, update_progress
from wenming.core.permissions import SYSTEM


@tracked_task
def import_sites_job(job, path: str) -> dict:
    """Check and import a stored workbook; all or nothing, with the row report as result."""
    from wenming.places.imports import import_sites, parse_sites

    try:
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
        update_progress(job, 5, "")
        try:
            report, rows = parse_sites(job.jurisdiction, data)
        except WorkbookError as error:
            raise RuntimeError(str(error)) from error
        update_progress(job, 40, "")
        if not report.ok:
            # nothing is imported; the job fails with the row-level report as its message
            raise RuntimeError("\n".join(report.lines()[:30]))
        summary = import_sites(
            job.jurisdiction,
            rows,
            actor=job.created_by or SYSTEM,
            progress=lambda pct: update_progress(job, 40 + pct * 60 // 100, ""),
        )
        return {"report": report.as_dict(), **summary}
    finally:
        discard_import_files(path)
