"""Sites and road segments belong to places now (`places.0001` renamed their tables): the
visit's key points at `places.Site` and inspections forgets both models. State only: no
table, column or constraint is touched, so no row can be lost."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0002_checklist_checklistitem_inspectionround_sitevisit_and_more'),
        ('places', '0001_initial'),
        ('volunteers', '0004_places_foreign_keys'),
        ('workorders', '0007_places_foreign_keys'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='sitevisit',
                    name='site',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='visits', to='places.site', verbose_name='site'),
                ),
                migrations.DeleteModel(name='RoadSegment'),
                migrations.DeleteModel(name='Site'),
            ],
        ),
    ]
