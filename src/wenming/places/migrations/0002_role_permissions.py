"""Roles that hold the site and road permissions under their inspections names hold them under
the places names instead, so a live database keeps every grant. Cached grants are dropped by
raising each jurisdiction's `permissions_version` (ADR 0011)."""

from django.db import migrations
from django.db.models import F

RENAMED = {
    "inspections.view_site": "places.view_site",
    "inspections.change_site": "places.change_site",
    "inspections.view_roadsegment": "places.view_roadsegment",
    "inspections.change_roadsegment": "places.change_roadsegment",
}


def _rename(apps, mapping):
    Role = apps.get_model("organizations", "Role")
    Jurisdiction = apps.get_model("core", "Jurisdiction")
    changed = set()
    for role in Role._base_manager.only("pk", "jurisdiction_id", "permissions"):
        permissions = list(role.permissions or [])
        renamed = list(dict.fromkeys(mapping.get(name, name) for name in permissions))
        if renamed != permissions:
            Role._base_manager.filter(pk=role.pk).update(permissions=renamed)
            changed.add(role.jurisdiction_id)
    Jurisdiction._base_manager.filter(pk__in=changed).update(
        permissions_version=F("permissions_version") + 1
    )


def forwards(apps, schema_editor):
    _rename(apps, RENAMED)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_audit_event_append_only'),
        ('organizations', '0002_person_name_label'),
        ('places', '0001_initial'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
