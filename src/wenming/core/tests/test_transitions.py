"""`core.transitions`: the one shape of a status change (lock, check, save, audit, on_commit)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from wenming.core.errors import TransitionError
from wenming.core.models import AuditEvent, Job, JobStatus
from wenming.core.permissions import SYSTEM
from wenming.core.transitions import check, lock, transition

pytestmark = pytest.mark.django_db(transaction=True)

#: A table of the tests' own: a queued job may run, a running one finish.
JOB_TRANSITIONS = {
    JobStatus.QUEUED: (JobStatus.RUNNING,),
    JobStatus.RUNNING: (JobStatus.SUCCEEDED, JobStatus.FAILED),
    JobStatus.SUCCEEDED: (),
    JobStatus.FAILED: (),
}


@pytest.fixture
def job(world):
    with scope(jurisdiction=world.jurisdiction):
        yield Job.objects.create(jurisdiction=world.jurisdiction, kind="tests", title="作业")


def _start(job, **kwargs) -> Job:
    """Move the queued `job` to running (no audit event unless `event` is given)."""
    kwargs.setdefault("event", None)
    return transition(job, JobStatus.RUNNING, transitions=JOB_TRANSITIONS, actor=SYSTEM, **kwargs)


def _stored(job) -> Job:
    with scopes_disabled():
        return Job.objects.get(pk=job.pk)


def _events(job) -> list[AuditEvent]:
    with scopes_disabled():
        return list(AuditEvent.objects.filter(target_type="core.job", target_id=str(job.pk)))


def test_an_illegal_move_is_refused_in_chinese_and_nothing_changes(job):
    with (
        translation.override("zh-hans"),
        transaction.atomic(),
        pytest.raises(TransitionError) as refused,
    ):
        transition(
            job,
            JobStatus.SUCCEEDED,
            transitions=JOB_TRANSITIONS,
            actor=SYSTEM,
            event="core.job.finished",
        )
    assert str(refused.value.message) == "当前状态为“排队中”，不能执行此操作。"
    assert refused.value.code == "invalid_transition"
    assert refused.value.details == {"from": "queued", "to": "succeeded"}
    assert _stored(job).status == JobStatus.QUEUED
    assert _events(job) == []


def test_check_alone_refuses_the_same_way_without_writing(job):
    with translation.override("zh-hans"), pytest.raises(TransitionError) as refused:
        check(job, JobStatus.FAILED, transitions=JOB_TRANSITIONS)
    assert "排队中" in str(refused.value.message)
    check(job, JobStatus.RUNNING, transitions=JOB_TRANSITIONS)


def test_a_legal_move_saves_only_the_status_the_named_fields_and_updated_at(job):
    before = _stored(job).updated_at
    job.title = "not saved"
    job.started_at = timezone.now()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        _start(job, fields=["started_at"])
    updates = [query["sql"] for query in queries if query["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"title"' not in updates[0]
    stored = _stored(job)
    assert stored.status == JobStatus.RUNNING
    assert stored.started_at is not None
    assert stored.title == "作业"
    assert stored.updated_at > before


def test_the_audit_event_is_written_with_old_new_and_label(job):
    with transaction.atomic():
        _start(
            job,
            event="core.job.started",
            old={"status": "queued"},
            new={"status": "running"},
            target_label="label",
        )
    (event,) = _events(job)
    assert event.action == "core.job.started"
    assert event.old_data == {"status": "queued"}
    assert event.new_data == {"status": "running"}
    assert event.target_label == "label"
    assert event.jurisdiction_id == job.jurisdiction_id


def test_no_audit_event_when_the_caller_records_its_own(job):
    with transaction.atomic():
        _start(job)
    assert _events(job) == []


def test_side_effects_run_only_after_the_commit(job):
    ran: list[str] = []
    with transaction.atomic():
        _start(job, on_commit=[lambda: ran.append("first"), lambda: ran.append("second")])
        assert ran == []
    assert ran == ["first", "second"]


def test_side_effects_of_a_rolled_back_change_never_run(job):
    ran: list[str] = []

    class Stop(Exception):
        pass

    with pytest.raises(Stop), transaction.atomic():
        _start(job, event="core.job.started", on_commit=lambda: ran.append("sent"))
        raise Stop
    assert ran == []
    assert _stored(job).status == JobStatus.QUEUED
    assert _events(job) == []


def test_a_change_outside_a_transaction_is_refused(job):
    with pytest.raises(transaction.TransactionManagementError):
        _start(job)
    assert _stored(job).status == JobStatus.QUEUED


def test_lock_reads_the_row_again_under_a_row_lock(job):
    Job.objects.filter(pk=job.pk).update(title="changed meanwhile")
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        locked = lock(job)
    assert locked is not job
    assert locked.title == "changed meanwhile"
    (select,) = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in select
