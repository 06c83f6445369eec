"""Public copies and thumbnails move to the public storage, each under a new random name.

Before, the public copy `<uuid>.jpg` sat beside the original `<uuid>-original.jpg` (and the
thumbnail `<uuid>-thumb.jpg`) in the one storage that `/media/` served, so the Open311 feed's
photo URL told where the original with its GPS block was. Each existing copy is read from the
default (now private) storage, written to the public storage under a fresh random name, and the
old file is deleted; the originals stay where they are (private, never served without a check).
Works the same on local files and on object storage (it goes through the storage API).
"""

import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models

import wenming.core.files
import wenming.core.uploads

BATCH = 500


def move_public_copies(apps, schema_editor):
    Photo = apps.get_model("workorders", "WorkOrderPhoto")
    public = wenming.core.files.public_storage()
    rows = Photo._base_manager.only("pk", "image", "thumbnail").order_by("pk")
    for photo in rows.iterator(chunk_size=BATCH):
        changed = {}
        for field in ("image", "thumbnail"):
            old = getattr(photo, field).name
            if not old or public.exists(old) or not default_storage.exists(old):
                continue
            with default_storage.open(old, "rb") as handle:
                new = public.save(f"photos/{secrets.token_hex(16)}.jpg", ContentFile(handle.read()))
            changed[field] = new
        if changed:
            Photo._base_manager.filter(pk=photo.pk).update(**changed)
            for field in changed:
                default_storage.delete(getattr(photo, field).name)


class Migration(migrations.Migration):

    dependencies = [
        ('workorders', '0004_media_url'),
    ]

    operations = [
        migrations.AlterField(
            model_name='workorderphoto',
            name='image',
            field=models.FileField(max_length=255, storage=wenming.core.files.public_storage, upload_to=wenming.core.uploads._public_upload_to, verbose_name='photo'),
        ),
        migrations.AlterField(
            model_name='workorderphoto',
            name='thumbnail',
            field=models.FileField(blank=True, max_length=255, storage=wenming.core.files.public_storage, upload_to=wenming.core.uploads._public_upload_to, verbose_name='thumbnail'),
        ),
        migrations.RunPython(move_public_copies, migrations.RunPython.noop, elidable=True),
    ]
