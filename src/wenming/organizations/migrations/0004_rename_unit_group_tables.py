"""The tables of unit groups and their members are renamed from `volunteers_unitgroup*` to
`organizations_unitgroup*`, in place. It runs after volunteers forgot the model, so the service
projects' key follows the rename: PostgreSQL keeps a key by the table's identity, SQLite (3.26+)
rewrites the references. Constraint and index names stay as they were (ADR 0023)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0003_unit_group_from_volunteers'),
        ('volunteers', '0005_unit_group_moves_to_organizations'),
    ]

    operations = [
        migrations.AlterModelTable(name='unitgroup', table=None),
    ]
