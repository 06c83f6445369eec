"""Photos of progress reports: served only to who may see the task, never from /media/."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django_scopes import scope

from wenming.core.files import file_url
from wenming.core.permissions import RoleScope
from wenming.tasks.models import Task, TaskReport
from wenming.testing import client_for, matrix_users

PHOTO = b"\xff\xd8\xff\xe0 a progress photo"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_a_task_report_photo_reaches_only_who_may_see_the_task(world):
    with scope(jurisdiction=world.jurisdiction):
        task = Task.objects.create(
            jurisdiction=world.jurisdiction,
            title="整治占道经营",
            lead_unit=world.unit,
            due_date=datetime.date(2026, 6, 30),
        )
        report = TaskReport(
            jurisdiction=world.jurisdiction,
            task=task,
            organization=world.unit,
            text="清理摊点12处",
            percentage=40,
        )
        report.photo.save("IMG_0001.jpg", ContentFile(PHOTO), save=False)
        report.save()
    users = matrix_users(world, world.unit, ["tasks.view_task"], scope=RoleScope.OWN)
    url = file_url(report, "task-report-photo")
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
        if response.status_code == 200:
            assert body(response) == PHOTO
        else:
            assert PHOTO not in body(response)
    assert client_for(None).get(f"/media/{report.photo.name}").status_code == 404
    page = client_for(users["member_with"]).get(reverse("tasks:task-detail", args=[task.pk]))
    assert page.status_code == 200 and url in page.content.decode()
