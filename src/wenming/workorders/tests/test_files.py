"""Work-order photos: the public copy is public, the original (EXIF and GPS) is not."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_scopes import scopes_disabled
from PIL import Image

from wenming.core.files import file_url, public_storage
from wenming.core.permissions import RoleScope
from wenming.core.tests.test_uploads import gps_exif, jpeg_bytes
from wenming.core.uploads import build_photo, read_exif
from wenming.testing import client_for, matrix_users
from wenming.workorders.models import WorkOrderPhoto


def gps_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("IMG_0001.jpg", jpeg_bytes(exif=gps_exif()), "image/jpeg")


@pytest.fixture
def photo(world, make_order):
    order = make_order(status="dispatched")
    with scopes_disabled():
        saved = build_photo(
            WorkOrderPhoto,
            gps_upload(),
            jurisdiction_id=order.jurisdiction_id,
            work_order=order,
            stage="before",
        )
        saved.save()
    return saved


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def stem(name: str) -> str:
    return name.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def test_the_public_copy_has_no_gps_and_a_name_unrelated_to_the_original(photo):
    # given a resident's photo with a GPS block
    # when it is stored
    # then the copy lives in the public storage, without EXIF, under a name that shares
    # nothing with the original's (no `<uuid>.jpg` beside `<uuid>-original.jpg`)
    assert photo.image.url.startswith(public_storage().base_url)
    assert public_storage().exists(photo.image.name)
    assert photo.original.storage is default_storage
    with photo.image.open("rb") as handle:
        copy = Image.open(io.BytesIO(handle.read()))
    assert read_exif(copy)[1:] == (None, None)
    assert not copy.getexif().get_ifd(0x8825)
    assert stem(photo.original.name) not in photo.image.name
    assert stem(photo.image.name) not in photo.original.name
    assert photo.url.startswith("/media/public/photos/")


def test_the_thumbnail_name_does_not_reveal_the_copy_or_the_original(photo):
    from wenming.core.uploads import make_thumbnail

    make_thumbnail.call_local(photo._meta.label_lower, photo.pk)
    with scopes_disabled():
        photo.refresh_from_db()
    assert photo.thumbnail.url.startswith(public_storage().base_url)
    assert public_storage().exists(photo.thumbnail.name)
    for other in (photo.image.name, photo.original.name):
        assert stem(other) not in photo.thumbnail.name
        assert stem(photo.thumbnail.name) not in other


def test_the_public_copy_is_served_without_login(photo):
    response = Client().get(photo.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_old_media_url_of_the_original_answers_404(photo):
    # given the original stored where /media/ used to serve it
    assert default_storage.exists(photo.original.name)
    # when anyone asks for it by its storage path
    response = Client().get(f"/media/{photo.original.name}")
    # then nothing is served (it used to be, with its GPS block)
    assert response.status_code == 404
    # nor through the public prefix
    assert Client().get(f"/media/public/{photo.original.name}").status_code == 404


def test_the_original_reaches_only_who_may_see_the_work_order(world, photo):
    users = matrix_users(world, world.unit, ["workorders.view_workorder"], scope=RoleScope.OWN)
    url = file_url(photo, "workorder-photo-original")
    with photo.original.open("rb") as handle:
        original = handle.read()
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
        if expected[actor] != 200:
            assert original not in body(response), actor
    response = client_for(users["member_with"]).get(url)
    assert body(response) == original
    assert response["Cache-Control"].startswith("private")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response["Content-Disposition"]


def test_an_unknown_or_out_of_range_key_answers_404(world, photo):
    user = world.member(world.unit, ["workorders.view_workorder"])
    client = client_for(user)
    for key in ("0", str(2**63), "abc", "-1"):
        assert client.get(f"/files/workorder-photo-original/{key}/x.jpg").status_code == 404
    assert client.get(f"/files/no-such-kind/{photo.pk}/x.jpg").status_code == 404


def test_the_migration_moves_old_public_copies_under_new_random_names(world, photo):
    # given a photo stored the old way: the public copy beside the original, in the one storage
    old_name = f"photos/workorders/workorderphoto/2026/01/{stem(photo.original.name)}.jpg"
    default_storage.save(old_name, ContentFile(b"old public copy"))
    with scopes_disabled():
        WorkOrderPhoto.objects.filter(pk=photo.pk).update(image=old_name, thumbnail="")
    migration = importlib.import_module("wenming.workorders.migrations.0005_photo_public_storage")
    # when the data migration runs
    migration.move_public_copies(apps, None)
    # then the copy is in the public storage under a new random name, and the old file is gone
    with scopes_disabled():
        photo.refresh_from_db()
    assert photo.image.name != old_name
    assert stem(photo.original.name) not in photo.image.name
    assert public_storage().exists(photo.image.name)
    with photo.image.open("rb") as handle:
        assert handle.read() == b"old public copy"
    assert not default_storage.exists(old_name)
    # and running it again changes nothing
    name = photo.image.name
    migration.move_public_copies(apps, None)
    with scopes_disabled():
        photo.refresh_from_db()
    assert photo.image.name == name
