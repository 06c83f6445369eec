"""The table behind the `throttle` cache alias on the embedded default (no Redis).

Created whatever the configuration says, so that switching an installation between Redis and
the embedded default needs no extra step.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "wenming_throttle_cache"


def create_table(apps, schema_editor):
    alias = schema_editor.connection.alias
    if TABLE in schema_editor.connection.introspection.table_names():
        return
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("core", "0002_jurisdiction_permissions_version")]

    operations = [migrations.RunPython(create_table, drop_table)]
