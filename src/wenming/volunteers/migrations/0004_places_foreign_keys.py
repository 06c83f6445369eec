"""An activity's road segment is `places.RoadSegment` now (the same table, renamed by
`places.0001`): only Django's state changes, the columns and their constraints stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0001_initial'),
        ('volunteers', '0003_certificate_random_file_names'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name=model_name,
                    name='road_segment',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='places.roadsegment', verbose_name='road segment'),
                )
                for model_name in ('activityseries', 'activity')
            ],
        ),
    ]
