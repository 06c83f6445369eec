"""Unit groups belong to organizations now (`organizations.0003`): a service project's key points
at `organizations.UnitGroup` and volunteers forgets the model. State only: no table, column or
constraint is touched, so no row can be lost."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0003_unit_group_from_volunteers'),
        ('volunteers', '0004_places_foreign_keys'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='serviceproject',
                    name='group',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='organizations.unitgroup', verbose_name='claimed by'),
                ),
                migrations.DeleteModel(name='UnitGroup'),
            ],
        ),
    ]
