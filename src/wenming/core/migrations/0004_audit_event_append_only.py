"""Audit events become append-only in the database: a trigger refuses UPDATE and DELETE of
`core_auditevent` except through the retention purge (`wenming.core.audit_guard`)."""

from django.db import migrations


def install(apps, schema_editor):
    from wenming.core import audit_guard

    audit_guard.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from wenming.core import audit_guard

    audit_guard.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_throttle_cache_table")]

    operations = [migrations.RunPython(install, uninstall)]
