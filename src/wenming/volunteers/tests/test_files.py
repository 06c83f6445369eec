"""Certificate PDFs and import workbooks: never public, never named by the verification code."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from openpyxl import Workbook

from wenming.core.files import file_url
from wenming.core.jobs import start_job
from wenming.core.models import Job
from wenming.core.permissions import RoleScope
from wenming.testing import client_for, matrix_users
from wenming.volunteers.models import Certificate, Volunteer
from wenming.volunteers.tasks import render_certificate
from wenming.volunteers.tests.conftest import make_volunteers

ISSUE = "volunteers.issue_certificate"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def certificate(world, team, django_capture_on_commit_callbacks):
    [volunteer] = make_volunteers(world, 1, team=team)
    account = world.member(world.village, [])
    with scope(jurisdiction=world.jurisdiction):
        Volunteer.objects.filter(pk=volunteer.pk).update(user=account)
        made = Certificate.objects.create(
            jurisdiction=world.jurisdiction,
            volunteer=volunteer,
            team=team,
            verification_code="ABCDEFGH2345",
            hours=Decimal("8"),
        )
        with django_capture_on_commit_callbacks(execute=True):
            start_job(
                render_certificate,
                jurisdiction=world.jurisdiction,
                kind="volunteers.certificate",
                title="证明",
                args=(made.pk,),
            )
        made.refresh_from_db()
    made.account = account
    return made


def test_the_certificate_file_is_not_named_by_its_verification_code(certificate):
    # given a rendered certificate
    assert certificate.pdf and default_storage.exists(certificate.pdf.name)
    # then neither the stored name nor the download name carries the verification code
    assert certificate.verification_code not in certificate.pdf.name
    url = file_url(certificate, "certificate")
    assert certificate.verification_code not in url
    response = client_for(certificate.account).get(url)
    assert response.status_code == 200
    assert certificate.verification_code not in response["Content-Disposition"]
    assert body(response).startswith(b"%PDF-")
    assert Job.objects.with_scopes_disabled().get(kind="volunteers.certificate").result_file


def test_the_certificate_reaches_only_the_volunteer_and_the_issuing_team(world, certificate):
    users = matrix_users(world, world.unit, [ISSUE], scope=RoleScope.OWN)
    users["volunteer"] = certificate.account
    users["other_volunteer"] = world.member(world.village, [])
    expected = {
        "anonymous": 302,
        "other_jurisdiction": 404,
        "other_unit": 404,
        "member_without": 404,
        "member_with": 200,
        "volunteer": 200,
        "other_volunteer": 404,
    }
    with certificate.pdf.open("rb") as handle:
        pdf = handle.read()
    for url in (
        file_url(certificate, "certificate"),
        reverse("volunteers:certificate-pdf", args=[certificate.public_id]),
    ):
        for actor, user in users.items():
            response = client_for(user).get(url)
            assert response.status_code == expected[actor], (url, actor, response.status_code)
            if response.status_code != 200:
                assert pdf not in body(response)
    # and the old /media/ URL serves nothing
    assert client_for(None).get(f"/media/{certificate.pdf.name}").status_code == 404


def _workbook() -> io.BytesIO:
    book = Workbook()
    book.active.append(["姓名", "身份证号", "手机号"])
    book.active.append(["甲", "410482199001011232", "13800138000"])
    book.active.append(["乙", "4104821990", "13800138001"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "volunteers.xlsx"
    return upload


def _checked_import(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("volunteers:import"), {"file": _workbook()})
    assert response.status_code == 302
    with scopes_disabled():
        job = Job.objects.get(kind="volunteers.import_check")
    upload = job.parameters["upload"]
    assert upload.startswith("imports/volunteers/") and default_storage.exists(upload)
    assert job.result_file and default_storage.exists(job.result_file.name)
    return job, upload


STAFF = ["volunteers.view_volunteer", "volunteers.import_volunteer"]


def test_a_cancelled_import_deletes_the_upload_and_the_error_workbook(
    world, django_capture_on_commit_callbacks
):
    staff = world.member(world.office, STAFF, scope="jurisdiction")
    client = client_for(staff)
    job, upload = _checked_import(world, client, django_capture_on_commit_callbacks)
    workbook = job.result_file.name
    # when the person cancels the import
    response = client.post(reverse("volunteers:import"), {"cancel": "1", "job": job.public_id})
    # then both files are gone
    assert response.status_code == 302
    assert not default_storage.exists(upload) and not default_storage.exists(workbook)


def test_a_committed_import_deletes_the_upload_and_the_error_workbook(
    world, django_capture_on_commit_callbacks
):
    staff = world.member(world.office, STAFF, scope="jurisdiction")
    client = client_for(staff)
    job, upload = _checked_import(world, client, django_capture_on_commit_callbacks)
    workbook = job.result_file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("volunteers:import"),
            {"commit": "1", "job": job.public_id, "skip_invalid": "1"},
        )
    with scopes_disabled():
        assert Volunteer.objects.count() == 1
    assert not default_storage.exists(upload) and not default_storage.exists(workbook)


def test_the_error_workbook_is_not_served_to_another_unit(
    world, django_capture_on_commit_callbacks
):
    staff = world.member(world.office, STAFF, scope="jurisdiction")
    job, _upload = _checked_import(world, client_for(staff), django_capture_on_commit_callbacks)
    url = file_url(job, "job-result")
    assert client_for(staff).get(url).status_code == 200
    stranger = world.member(world.unit, ["core.view_job", *STAFF], scope=RoleScope.OWN)
    assert client_for(stranger).get(url).status_code == 404
    assert client_for(None).get(f"/media/{job.result_file.name}").status_code == 404
