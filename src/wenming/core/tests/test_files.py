"""The one file-serving path: a check on the owning record, then the bytes the configured way."""

import datetime as dt
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from wenming.core.files import file_response, file_url, kinds, safe_filename
from wenming.core.import_files import (
    discard_import_files,
    expire_import_files,
    save_import_upload,
)
from wenming.core.models import Job, JobStatus
from wenming.core.permissions import RoleScope
from wenming.testing import client_for, matrix_users

WORKBOOK = b"PK\x03\x04 full ID numbers and phones"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def make_job(world, user=None, **fields) -> Job:
    with scopes_disabled():
        job = Job.objects.create(
            jurisdiction=world.jurisdiction,
            kind="volunteers.import_check",
            title="导入志愿者",
            status=JobStatus.SUCCEEDED,
            created_by=user,
            **fields,
        )
        job.result_file.save("volunteer-import-errors-1.xlsx", ContentFile(WORKBOOK))
    return job


def test_every_app_registers_its_file_kinds():
    assert {
        "job-result",
        "workorder-photo-original",
        "visit-photo",
        "evidence",
        "agreement",
        "certificate",
        "task-report-photo",
        "project-report-photo",
        "plan-item-photo",
    } <= set(kinds())


def test_a_job_file_reaches_its_creator_and_who_may_view_jobs(world):
    users = matrix_users(world, world.office, ["core.view_job"], scope=RoleScope.JURISDICTION)
    creator = world.member(world.unit, [])
    job = make_job(world, creator)
    url = file_url(job, "job-result")
    assert url.startswith(f"/files/job-result/{job.public_id}/")
    expected = {
        "anonymous": 302,
        "other_jurisdiction": 404,
        "other_unit": 404,
        "member_without": 404,
        "member_with": 200,
    }
    for actor, user in users.items():
        response = client_for(user).get(url)
        assert response.status_code == expected[actor], actor
        if response.status_code != 200:
            assert WORKBOOK not in body(response)
    response = client_for(creator).get(url)
    assert response.status_code == 200 and body(response) == WORKBOOK
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"].startswith("private")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_anonymous_is_sent_to_the_login_page_whatever_the_key(world):
    job = make_job(world)
    for url in (file_url(job, "job-result"), "/files/job-result/not-a-uuid/x.xlsx"):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_old_media_url_of_a_private_file_answers_404(world):
    # given an error workbook stored where /media/ used to serve it anonymously
    job = make_job(world)
    assert default_storage.exists(job.result_file.name)
    # when anyone asks for it by its storage path, then nothing is served
    assert Client().get(f"/media/{job.result_file.name}").status_code == 404


def test_x_accel_redirect_hands_the_file_to_nginx(world, settings):
    settings.WENMING_FILE_SERVING = "x-accel-redirect"
    job = make_job(world)
    response = file_response(job.result_file, filename="问题清单.xlsx", as_attachment=True)
    assert response["X-Accel-Redirect"] == f"/protected-media/{job.result_file.name}"
    assert response.content == b""
    assert (
        "filename*=utf-8''%E9%97%AE%E9%A2%98%E6%B8%85%E5%8D%95.xlsx"
        in (response["Content-Disposition"])
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_x_sendfile_names_the_local_path(world, settings):
    settings.WENMING_FILE_SERVING = "x-sendfile"
    job = make_job(world)
    response = file_response(job.result_file, filename="a.xlsx")
    assert response["X-Sendfile"] == default_storage.path(job.result_file.name)
    assert response.content == b""


def test_a_download_name_cannot_carry_a_path_or_header_tricks():
    assert safe_filename("../../etc/passwd") == "etc_passwd"
    assert safe_filename('a"\r\nSet-Cookie: x.pdf') == "a_Set-Cookie_ x.pdf"
    assert safe_filename("志愿服务记录证明.pdf") == "志愿服务记录证明.pdf"
    assert safe_filename("") == "file"


def test_import_files_are_deleted_when_the_import_is_committed_or_cancelled(world):
    # given an upload and the error workbook of the job that checked it
    upload = save_import_upload("volunteers", WORKBOOK)
    assert upload.startswith("imports/volunteers/")
    job = make_job(world, parameters={"upload": upload})
    workbook = job.result_file.name
    # when the import is committed (or cancelled)
    deleted = discard_import_files(upload)
    # then both files are gone and the job no longer points at one
    assert deleted == 2
    assert not default_storage.exists(upload) and not default_storage.exists(workbook)
    with scopes_disabled():
        job.refresh_from_db()
    assert not job.result_file


def _age(name: str, hours: int) -> None:
    old = (timezone.now() - dt.timedelta(hours=hours)).timestamp()
    os.utime(default_storage.path(name), (old, old))


def _open_import(world, hours: int):
    upload = save_import_upload("volunteers", WORKBOOK)
    _age(upload, hours)
    job = make_job(world, parameters={"upload": upload})
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=hours))
    return upload, job


def test_open_imports_expire_after_24_hours_through_the_periodic_task(world):
    from wenming.core.tasks import expire_import_files_task

    # given an import left open for 25 hours and one uploaded an hour ago
    old_upload, old_job = _open_import(world, 25)
    new_upload, new_job = _open_import(world, 1)
    # when the periodic task runs
    expire_import_files_task.call_local()
    # then only the old upload and its error workbook are gone
    assert not default_storage.exists(old_upload)
    assert default_storage.exists(new_upload)
    with scopes_disabled():
        old_job.refresh_from_db()
        new_job.refresh_from_db()
    assert not old_job.result_file
    assert new_job.result_file and default_storage.exists(new_job.result_file.name)


def test_open_imports_expire_after_24_hours_through_the_command(world, capsys):
    old_upload, _old_job = _open_import(world, 30)
    new_upload, _new_job = _open_import(world, 2)
    call_command("expire_import_files")
    assert "deleted 1 import uploads, 1 error workbooks" in capsys.readouterr().out
    assert not default_storage.exists(old_upload)
    assert default_storage.exists(new_upload)
    assert expire_import_files().uploads == 0
