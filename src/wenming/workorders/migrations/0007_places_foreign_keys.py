"""A work order's site and road segment are `places.*` now (the same tables, renamed by
`places.0001`): only Django's state changes, the columns and their constraints stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0001_initial'),
        ('workorders', '0006_work_order_is_public'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='workorder',
                    name='road_segment',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='work_orders', to='places.roadsegment', verbose_name='road segment'),
                ),
                migrations.AlterField(
                    model_name='workorder',
                    name='site',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='work_orders', to='places.site', verbose_name='site'),
                ),
            ],
        ),
    ]
