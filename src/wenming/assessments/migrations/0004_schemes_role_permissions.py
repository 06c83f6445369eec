"""The roles of a live database receive the scheme, run and appeal permissions that new jurisdictions get
from `permissions.DEFAULT_GRANTS` (the office administrator holds every permission). Cached
grants are dropped by raising each jurisdiction's `permissions_version` (ADR 0011)."""

from django.db import migrations
from django.db.models import F

_ALL = [
    "assessments.view_scheme",
    "assessments.manage_scheme",
    "assessments.view_run",
    "assessments.manage_run",
    "assessments.lodge_appeal",
    "assessments.decide_appeal",
]
_UNIT = ["assessments.view_scheme", "assessments.view_run", "assessments.lodge_appeal"]
GRANTS = {
    "office_admin": _ALL,
    "office_staff": _ALL,
    "township_admin": _UNIT,
    "unit_admin": _UNIT,
    "unit_staff": ["assessments.view_scheme", "assessments.view_run"],
}


def _change(apps, add: bool):
    Role = apps.get_model("organizations", "Role")
    Jurisdiction = apps.get_model("core", "Jurisdiction")
    changed = set()
    for role in Role._base_manager.filter(code__in=GRANTS).only(
        "pk", "code", "jurisdiction_id", "permissions"
    ):
        permissions = list(role.permissions or [])
        names = GRANTS[role.code]
        if add:
            updated = sorted(set(permissions) | set(names))
        else:
            updated = [name for name in permissions if name not in names]
        if updated != permissions:
            Role._base_manager.filter(pk=role.pk).update(permissions=updated)
            changed.add(role.jurisdiction_id)
    Jurisdiction._base_manager.filter(pk__in=changed).update(
        permissions_version=F("permissions_version") + 1
    )


def forwards(apps, schema_editor):
    _change(apps, add=True)


def backwards(apps, schema_editor):
    _change(apps, add=False)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_audit_event_append_only"),
        ("organizations", "0002_person_name_label"),
        ("assessments", "0003_schemes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
