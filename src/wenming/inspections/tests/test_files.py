"""Inspection photos: served only to who may see the visit, never from /media/."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scope

from wenming.core.files import file_url
from wenming.core.permissions import RoleScope
from wenming.core.uploads import check_image
from wenming.inspections.choices import VisitStatus
from wenming.inspections.models import SiteVisit
from wenming.inspections.photos import build_visit_photo
from wenming.inspections.tests.conftest import jpeg_upload
from wenming.testing import client_for, matrix_users


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_a_visit_photo_reaches_only_who_may_see_the_visit(world, setup):
    with scope(jurisdiction=world.jurisdiction):
        photo = build_visit_photo(setup.visit, setup.items[0], check_image(jpeg_upload()))
        photo.save()
    # the copy without EXIF is what the page shows; the original is private as well
    with photo.image.open("rb") as handle:
        data = handle.read()
    assert photo.original.name != photo.image.name
    users = matrix_users(world, world.unit, ["inspections.view_inspection"], scope=RoleScope.OWN)
    url = file_url(photo, "visit-photo")
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
            assert body(response) == data
        else:
            assert data not in body(response)
    assert client_for(None).get(f"/media/{photo.image.name}").status_code == 404
    assert client_for(None).get(f"/media/{photo.original.name}").status_code == 404
    # once the visit is submitted, its page links the photo through the checked view
    with scope(jurisdiction=world.jurisdiction):
        SiteVisit.objects.filter(pk=setup.visit.pk).update(status=VisitStatus.SUBMITTED)
    page = client_for(setup.inspector).get(
        reverse("inspections:visit-detail", args=[setup.visit.pk])
    )
    assert page.status_code == 200 and url in page.content.decode()
