"""An inspection photo is a `core.uploads.Photo`: it gains the private original, the size and
the pixel dimensions. Its copy without EXIF (`image`) stays private. Photos taken before kept
only that copy, so it is their original too."""

import django.db.models.deletion
import wenming.core.files
import wenming.core.uploads
import wenming.inspections.models
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def originals_of_earlier_photos(apps, schema_editor):
    VisitPhoto = apps.get_model("inspections", "VisitPhoto")
    VisitPhoto._base_manager.filter(original="").update(original=F("image"))


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0003_sites_and_roads_move_to_places'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='visitphoto',
            name='height',
            field=models.PositiveIntegerField(default=0, verbose_name='height'),
        ),
        migrations.AddField(
            model_name='visitphoto',
            name='original',
            field=models.FileField(default='', max_length=255, upload_to=wenming.core.uploads._upload_to, verbose_name='original'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='visitphoto',
            name='size',
            field=models.PositiveIntegerField(default=0, verbose_name='size'),
        ),
        migrations.AddField(
            model_name='visitphoto',
            name='thumbnail',
            field=models.FileField(blank=True, max_length=255, storage=wenming.core.files.public_storage, upload_to=wenming.core.uploads._public_upload_to, verbose_name='thumbnail'),
        ),
        migrations.AddField(
            model_name='visitphoto',
            name='width',
            field=models.PositiveIntegerField(default=0, verbose_name='width'),
        ),
        migrations.AlterField(
            model_name='visitphoto',
            name='image',
            field=models.FileField(max_length=255, upload_to=wenming.inspections.models.visit_photo_path, verbose_name='photo'),
        ),
        migrations.AlterField(
            model_name='visitphoto',
            name='taken_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='taken at'),
        ),
        migrations.AlterField(
            model_name='visitphoto',
            name='uploaded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by'),
        ),
        migrations.RunPython(
            originals_of_earlier_photos, migrations.RunPython.noop, elidable=True
        ),
    ]
