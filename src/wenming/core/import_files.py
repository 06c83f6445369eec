"""Uploaded import workbooks and their error workbooks: kept only while the import is open.

Why: a volunteer workbook carries 50,000 people's full ID numbers and phones, and its error
workbook repeats the bad rows. They are needed between the upload, the preview and the commit,
and by nobody afterwards. So every import upload is stored under `imports/<app>/` (private
storage) and its jobs carry the stored name as `parameters["upload"]`; the upload and the error
workbooks of those jobs are deleted when the import is committed or cancelled
(`discard_import_files`), and whatever is left is deleted after `WENMING_IMPORT_FILE_HOURS`
(24 h) by the periodic task `core.tasks.expire_import_files_task` and the command
`wenming expire_import_files`.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from wenming.core.files import random_name
from wenming.core.models import Job

logger = logging.getLogger(__name__)

PREFIX = "imports"


def save_import_upload(app_label: str, data, extension: str = "xlsx") -> str:
    """Store an uploaded workbook (bytes or a file) privately under `imports/<app>/` and return
    its name."""
    if hasattr(data, "read"):
        if hasattr(data, "seek"):
            data.seek(0)
        data = data.read()
    return default_storage.save(f"{PREFIX}/{app_label}/{random_name(extension)}", ContentFile(data))


def _jobs_of(upload: str):
    return Job.objects.with_scopes_disabled().filter(parameters__upload=upload)


def discard_import_files(upload: str) -> int:
    """Delete the upload and the error workbooks of every job that worked on it (the import was
    committed or cancelled). Returns how many files were deleted."""
    deleted = 0
    if upload and upload.startswith(f"{PREFIX}/") and default_storage.exists(upload):
        default_storage.delete(upload)
        deleted += 1
    for job in _jobs_of(upload).exclude(result_file=""):
        deleted += _drop_result_file(job)
    return deleted


def _drop_result_file(job: Job) -> int:
    name = job.result_file.name
    Job.objects.with_scopes_disabled().filter(pk=job.pk).update(result_file="")
    if name and default_storage.exists(name):
        default_storage.delete(name)
        return 1
    return 0


@dataclass
class Expired:
    uploads: int = 0
    workbooks: int = 0


def _walk(folder: str):
    try:
        directories, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield posixpath.join(folder, name)
    for directory in directories:
        yield from _walk(posixpath.join(folder, directory))


def expire_import_files(*, now: dt.datetime | None = None) -> Expired:
    """Delete import uploads and import jobs' error workbooks older than the retention."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=settings.WENMING_IMPORT_FILE_HOURS)
    expired = Expired()
    for name in list(_walk(PREFIX)):
        try:
            modified = default_storage.get_modified_time(name)
        except (FileNotFoundError, OSError):
            continue
        if modified < cutoff:
            default_storage.delete(name)
            expired.uploads += 1
    jobs = (
        Job.objects.with_scopes_disabled()
        .filter(parameters__has_key="upload", created_at__lt=cutoff)
        .exclude(result_file="")
    )
    for job in jobs.iterator():
        expired.workbooks += _drop_result_file(job)
    if expired.uploads or expired.workbooks:
        logger.info(
            "expired import files: %s uploads, %s error workbooks",
            expired.uploads,
            expired.workbooks,
        )
    return expired
