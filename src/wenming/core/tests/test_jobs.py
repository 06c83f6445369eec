import pytest
from django_scopes import scope

from wenming.core.jobs import start_job, tracked_task, update_progress
from wenming.core.models import Job, JobStatus


@tracked_task
def _count_units(job, fail=False):
    from wenming.organizations.models import Organization

    update_progress(job, 50, "counting")
    if fail:
        raise ValueError("坏数据")
    return {"units": Organization.objects.count()}


@pytest.mark.django_db(transaction=True)
def test_tracked_job_runs_in_the_jurisdiction_scope_and_records_its_result(world):
    user = world.member(world.office, [])
    job = start_job(
        _count_units, jurisdiction=world.jurisdiction, kind="test", title="数一数", actor=user
    )
    with scope(jurisdiction=world.jurisdiction):
        job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"units": 6}
    assert job.progress == 100


@pytest.mark.django_db(transaction=True)
def test_failed_job_says_why(world):
    job = start_job(
        _count_units, jurisdiction=world.jurisdiction, kind="test", title="失败", args=(True,)
    )
    with scope(jurisdiction=world.jurisdiction):
        job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.FAILED
    assert job.message == "坏数据"


@pytest.mark.django_db(transaction=True)
def test_job_status_row_is_private_to_its_owner(world):
    from wenming.testing import client_for

    owner = world.member(world.office, [])
    stranger = world.member(world.unit, [])
    job = start_job(
        _count_units, jurisdiction=world.jurisdiction, kind="test", title="数一数", actor=owner
    )
    url = f"/system/jobs/{job.public_id}/"
    assert client_for(owner).get(url).status_code == 200
    assert client_for(stranger).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 403
