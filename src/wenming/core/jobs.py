"""The job layer: one thin interface over Huey for every app's background work.

Embedded installs run `SqliteHuey` (no server); production runs `RedisHuey` workers on as many
machines as needed (ADR 0003). Apps declare tasks with `task` (fire-and-forget, e.g. thumbnails,
reminders) or `tracked_task` (a `Job` row a person watches: imports, exports, certificates) and
start them with `enqueue` / `start_job` — always after the transaction commits.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django_scopes import scope
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from wenming.core.models import Job, JobStatus, Jurisdiction

logger = logging.getLogger(__name__)

__all__ = ["HUEY", "enqueue", "periodic", "start_job", "task", "tracked_task", "update_progress"]

task = db_task
periodic = db_periodic_task


def enqueue(huey_task: Callable, *args, **kwargs) -> None:
    """Run `huey_task(*args, **kwargs)` in the background once the current transaction commits."""
    transaction.on_commit(lambda: huey_task(*args, **kwargs))


def tracked_task(function: Callable) -> Callable:
    """Declare a task that reports through a `Job` row; it receives the job as first argument.

    The task runs inside the job's jurisdiction scope. Its return value (a dict) becomes the
    job's result; an exception marks the job failed with its message, and is logged.
    """

    @db_task(name=f"{function.__module__}.{function.__qualname__}")
    @functools.wraps(function)
    def run(job_id: int, *args, **kwargs):
        job = Job.objects.with_scopes_disabled().select_related("jurisdiction").get(pk=job_id)
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at", "updated_at"])
        try:
            with scope(jurisdiction=job.jurisdiction):
                result = function(job, *args, **kwargs)
        except Exception as error:
            logger.error("job %s (%s) failed: %s", job.pk, job.kind, traceback.format_exc())
            job.status = JobStatus.FAILED
            job.message = str(error)[:2000]
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "message", "finished_at", "updated_at"])
            return None
        job.status = JobStatus.SUCCEEDED
        job.progress = 100
        job.result = result or {}
        job.finished_at = timezone.now()
        job.save(
            update_fields=[
                "status",
                "progress",
                "result",
                "finished_at",
                "updated_at",
                "result_file",
            ]
        )
        return job.result

    return run


def start_job(
    huey_task: Callable,
    *,
    jurisdiction: Jurisdiction,
    kind: str,
    title: str,
    actor=None,
    parameters: dict | None = None,
    args: tuple = (),
) -> Job:
    """Create the job row and queue `huey_task` (declared with `tracked_task`) after commit."""
    job = Job.objects.with_scopes_disabled().create(
        jurisdiction=jurisdiction,
        kind=kind,
        title=title,
        parameters=parameters or {},
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    transaction.on_commit(lambda: huey_task(job.pk, *args))
    return job


def update_progress(job: Job, progress: int, message: str = "") -> None:
    """Report progress from inside a running job (0–100)."""
    job.progress = max(0, min(100, int(progress)))
    job.message = message
    Job.objects.with_scopes_disabled().filter(pk=job.pk).update(
        progress=job.progress, message=message, updated_at=timezone.now()
    )
