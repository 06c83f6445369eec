"""Sites and road segments move from inspections to places without copying a row.

Only Django's state moves here: the models are created on their existing tables (no database
operation) and deleted from inspections by `inspections.0003`. `places.0003` then renames the
tables. See ADR 0023.
"""

import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0004_audit_event_append_only'),
        ('inspections', '0002_checklist_checklistitem_inspectionround_sitevisit_and_more'),
        ('organizations', '0002_person_name_label'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='RoadSegment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('code', models.CharField(max_length=30, verbose_name='code')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('road_name', models.CharField(max_length=100, verbose_name='road')),
                ('start_point', models.CharField(blank=True, max_length=100, verbose_name='from')),
                ('end_point', models.CharField(blank=True, max_length=100, verbose_name='to')),
                ('length_m', models.PositiveIntegerField(blank=True, null=True, verbose_name='length (m)')),
                ('is_main_road', models.BooleanField(default=False, verbose_name='main road')),
                ('path', models.JSONField(blank=True, default=list, help_text='WGS-84 points [[lat, lng], …] along the segment.', verbose_name='path')),
                ('jurisdiction', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.jurisdiction', verbose_name='jurisdiction')),
                ('patron_leader', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='patron_%(class)ss', to='organizations.person', verbose_name='patron leader')),
                ('patron_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='patron_%(class)ss', to='organizations.organization', verbose_name='patron unit')),
            ],
            options={
                'verbose_name': 'road segment',
                'verbose_name_plural': 'road segments',
                'ordering': ['code'],
                'db_table': 'inspections_roadsegment',
                'constraints': [models.UniqueConstraint(fields=('jurisdiction', 'code'), name='inspections_road_segment_code_unique')],
            },
        ),
        migrations.CreateModel(
            name='Site',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('code', models.CharField(max_length=30, verbose_name='code')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('site_type', models.CharField(choices=[('practice_center', 'Civilization practice center'), ('government_hall', 'Government service hall'), ('bank_branch', 'Bank branch'), ('service_window', 'Service window unit'), ('bus_stop', 'Bus stop'), ('bus', 'Bus'), ('taxi', 'Taxi'), ('public_toilet', 'Outdoor public toilet'), ('public_square', 'Public square'), ('hotel', 'Hotel'), ('park', 'Park'), ('community', 'Community'), ('construction_site', 'Construction site'), ('scenic_spot', 'Scenic spot'), ('school', 'Primary or secondary school'), ('shopping_mall', 'Shopping mall or supermarket'), ('hospital', 'Hospital'), ('cultural_facility', 'Public cultural facility'), ('major_intersection', 'Major traffic intersection'), ('back_street', 'Back street or alley'), ('commercial_street', 'Commercial street'), ('main_road', 'Main or secondary road'), ('urban_rural_fringe', 'Urban-rural fringe'), ('farmers_market', "Farmers' market"), ('residential_compound', 'Residential compound'), ('township', 'Township')], max_length=30, verbose_name='site type')),
                ('address', models.CharField(blank=True, max_length=200, verbose_name='address')),
                ('latitude', models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, verbose_name='latitude')),
                ('longitude', models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, verbose_name='longitude')),
                ('division', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.division', verbose_name='township')),
                ('jurisdiction', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.jurisdiction', verbose_name='jurisdiction')),
                ('patron_leader', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='patron_%(class)ss', to='organizations.person', verbose_name='patron leader')),
                ('patron_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='patron_%(class)ss', to='organizations.organization', verbose_name='patron unit')),
            ],
            options={
                'verbose_name': 'site',
                'verbose_name_plural': 'sites',
                'ordering': ['code'],
                'db_table': 'inspections_site',
                'indexes': [models.Index(fields=['jurisdiction', 'site_type'], name='inspections_jurisdi_597ff2_idx')],
                'constraints': [models.UniqueConstraint(fields=('jurisdiction', 'code'), name='inspections_site_code_unique')],
            },
        ),
            ],
        ),
    ]
