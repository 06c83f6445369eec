"""The office roles hold the new `workorders.add_work_order` (open hotline, leader and office
orders, also through the API), and so does every role that held `workorders.accept`, which
opened those orders before. Cached grants are dropped by raising each jurisdiction's
`permissions_version` (ADR 0011)."""

from django.db import migrations
from django.db.models import F

PERMISSION = "workorders.add_work_order"
OFFICE_ROLES = ("office_admin", "office_staff")


def forwards(apps, schema_editor):
    Role = apps.get_model("organizations", "Role")
    Jurisdiction = apps.get_model("core", "Jurisdiction")
    changed = set()
    for role in Role._base_manager.only("pk", "code", "jurisdiction_id", "permissions"):
        permissions = list(role.permissions or [])
        if PERMISSION in permissions:
            continue
        if role.code in OFFICE_ROLES or "workorders.accept" in permissions:
            Role._base_manager.filter(pk=role.pk).update(permissions=[*permissions, PERMISSION])
            changed.add(role.jurisdiction_id)
    Jurisdiction._base_manager.filter(pk__in=changed).update(
        permissions_version=F("permissions_version") + 1
    )


def backwards(apps, schema_editor):
    Role = apps.get_model("organizations", "Role")
    Jurisdiction = apps.get_model("core", "Jurisdiction")
    changed = set()
    for role in Role._base_manager.only("pk", "jurisdiction_id", "permissions"):
        permissions = list(role.permissions or [])
        if PERMISSION in permissions:
            remaining = [name for name in permissions if name != PERMISSION]
            Role._base_manager.filter(pk=role.pk).update(permissions=remaining)
            changed.add(role.jurisdiction_id)
    Jurisdiction._base_manager.filter(pk__in=changed).update(
        permissions_version=F("permissions_version") + 1
    )


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_audit_event_append_only"),
        ("organizations", "0002_person_name_label"),
        ("workorders", "0008_source_reference_unique"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
