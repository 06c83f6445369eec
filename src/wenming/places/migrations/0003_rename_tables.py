"""The tables of sites and road segments are renamed from `inspections_*` to `places_*`, in
place. It runs after every migration that creates a foreign key to them (work orders,
volunteers, inspections), so those keys exist and follow the rename: PostgreSQL keeps a key by
the table's identity, SQLite (3.26+) rewrites the references. Constraint and index names stay
as they were (ADR 0023)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0003_sites_and_roads_move_to_places'),
        ('places', '0002_role_permissions'),
        ('volunteers', '0004_places_foreign_keys'),
        ('workorders', '0007_places_foreign_keys'),
    ]

    operations = [
        migrations.AlterModelTable(name='roadsegment', table=None),
        migrations.AlterModelTable(name='site', table=None),
    ]
