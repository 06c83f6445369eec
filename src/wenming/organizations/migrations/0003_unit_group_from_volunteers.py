"""The civilized units' groups move from volunteers to organizations without copying a row.

Only Django's state moves here: the model is created on its existing table (no database
operation) and deleted from volunteers by `volunteers.0005`. `organizations.0004` then renames
the table and its member table. The same path as sites and road segments took (ADR 0023).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_audit_event_append_only'),
        ('organizations', '0002_person_name_label'),
        ('volunteers', '0004_places_foreign_keys'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='UnitGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('jurisdiction', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.jurisdiction', verbose_name='jurisdiction')),
                        ('lead_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization', verbose_name='lead unit')),
                        ('units', models.ManyToManyField(related_name='+', to='organizations.organization', verbose_name='units')),
                    ],
                    options={
                        'verbose_name': 'unit group',
                        'verbose_name_plural': 'unit groups',
                        'ordering': ['name'],
                        'db_table': 'volunteers_unitgroup',
                    },
                ),
            ],
        ),
    ]
