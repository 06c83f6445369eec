"""Object storage: the file view checks, then redirects to a short-lived signed URL.

Tested against moto's S3 server running as a real HTTP server on 127.0.0.1 (Debian ships no
S3-compatible server): the file is uploaded through the storage, requested through the view,
and the signed URL is followed with a real HTTP client.
"""

from __future__ import annotations

import datetime as dt
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.views import redirect_to_login
from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from wenming.core.files import file_url
from wenming.core.models import Job, JobStatus
from wenming.testing import client_for

moto_server = pytest.importorskip("moto.server")
boto3 = pytest.importorskip("boto3")

BUCKET = "wenming-test"
WORKBOOK = b"PK\x03\x04 error workbook with ID numbers"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_endpoint,
        "access_key": "testing",
        "secret_key": "testing",
        "region_name": "us-east-1",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "addressing_style": "path",
        "signature_version": "s3v4",
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    settings.WENMING_FILE_URL_SECONDS = 300


def _job(world, user) -> Job:
    with scopes_disabled():
        job = Job.objects.create(
            jurisdiction=world.jurisdiction,
            kind="volunteers.import_check",
            title="导入志愿者",
            status=JobStatus.SUCCEEDED,
            created_by=user,
        )
        job.result_file.save("导入问题清单.xlsx", ContentFile(WORKBOOK))
    return job


def fetch(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def test_the_view_redirects_to_a_signed_url_after_the_check(world, s3_storage):
    creator = world.member(world.unit, [])
    job = _job(world, creator)
    assert job.result_file.storage.exists(job.result_file.name)
    # when the creator asks through the view
    response = client_for(creator).get(file_url(job, "job-result"))
    # then the answer is a redirect to a signed URL that a real HTTP client can follow
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    location = response["Location"]
    assert "X-Amz-Signature=" in location and "X-Amz-Expires=300" in location
    status, content, headers = fetch(location)
    assert status == 200 and content == WORKBOOK
    assert "attachment" in headers.get("content-disposition", "")
    assert "%E5%AF%BC%E5%85%A5" in headers.get("content-disposition", "")


def test_without_permission_no_url_is_issued(world, s3_storage):
    job = _job(world, world.member(world.unit, []))
    stranger = world.member(world.sibling_unit, ["core.view_job"])
    login = redirect_to_login(file_url(job, "job-result"))["Location"]
    for user, status, location in ((None, 302, login), (stranger, 404, None)):
        response = client_for(user).get(file_url(job, "job-result"))
        assert response.status_code == status
        assert response.get("Location") == location
        assert WORKBOOK not in response.content


def _expires_at(location: str) -> dt.datetime:
    query = parse_qs(urlsplit(location).query)
    signed_at = dt.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
    return signed_at.replace(tzinfo=dt.UTC) + dt.timedelta(seconds=int(query["X-Amz-Expires"][0]))


def test_the_signed_url_expires(world, s3_storage, settings):
    # moto's server accepts any presigned URL (it checks neither signature nor expiry, unlike
    # S3 and MinIO), so the test checks the window the URL was signed for: it starts when the
    # view answers and lasts WENMING_FILE_URL_SECONDS.
    settings.WENMING_FILE_URL_SECONDS = 2
    creator = world.member(world.unit, [])
    job = _job(world, creator)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    location = client_for(creator).get(file_url(job, "job-result"))["Location"]
    after = dt.datetime.now(dt.UTC)
    expires_at = _expires_at(location)
    assert before + dt.timedelta(seconds=2) <= expires_at <= after + dt.timedelta(seconds=2)
    assert fetch(location)[0] == 200
    time.sleep(3)
    assert dt.datetime.now(dt.UTC) > expires_at
    # a new request through the view (and its check) issues a new URL
    again = client_for(creator).get(file_url(job, "job-result"))["Location"]
    assert _expires_at(again) > expires_at
