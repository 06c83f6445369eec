"""The roles every jurisdiction starts with, and the permissions each holds.

Each app's `permissions.py` may add to these through `DEFAULT_GRANTS = {role_code: [names]}`,
so that a new app's permissions reach the right people without editing this file.
"""

from __future__ import annotations

import importlib

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from wenming.core.permissions import REGISTRY, RoleScope, bump_permissions_version

ROLES = {
    "office_admin": (_("Office administrator"), RoleScope.JURISDICTION),
    "office_staff": (_("Office staff"), RoleScope.JURISDICTION),
    "inspector": (_("Supervision group member"), RoleScope.JURISDICTION),
    "evidence_reviewer": (_("Evidence group member"), RoleScope.JURISDICTION),
    "township_admin": (_("Township administrator"), RoleScope.SUBTREE),
    "unit_admin": (_("Unit administrator"), RoleScope.SUBTREE),
    "unit_staff": (_("Unit staff"), RoleScope.OWN),
}

#: Grants of the foundation's own permissions.
BASE_GRANTS: dict[str, list[str]] = {
    "office_staff": [
        "organizations.view_organization",
        "organizations.view_division",
        "organizations.view_person",
        "organizations.view_role",
        "core.view_calendarday",
        "core.view_job",
    ],
    "inspector": ["organizations.view_organization", "organizations.view_division"],
    "evidence_reviewer": ["organizations.view_organization", "organizations.view_division"],
    "township_admin": [
        "organizations.view_organization",
        "organizations.change_organization",
        "organizations.add_organization",
        "organizations.view_person",
        "organizations.change_person",
        "organizations.view_division",
    ],
    "unit_admin": [
        "organizations.view_organization",
        "organizations.change_organization",
        "organizations.view_person",
        "organizations.change_person",
        "organizations.view_division",
    ],
    "unit_staff": ["organizations.view_organization", "organizations.view_division"],
}


def role_permissions() -> dict[str, list[str]]:
    grants = {code: list(BASE_GRANTS.get(code, [])) for code in ROLES}
    grants["office_admin"] = sorted(REGISTRY)
    for config in apps.get_app_configs():
        if not config.name.startswith("wenming."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.permissions")
        except ModuleNotFoundError:
            continue
        for code, names in getattr(module, "DEFAULT_GRANTS", {}).items():
            grants.setdefault(code, []).extend(names)
    return {code: sorted(set(names)) for code, names in grants.items()}


def ensure_default_roles(jurisdiction) -> dict:
    """Create or refresh the default roles of `jurisdiction`; returns them by code."""
    from wenming.organizations.models import Role

    permissions = role_permissions()
    roles = {}
    for code, (name, scope) in ROLES.items():
        role, _created = Role.objects.with_scopes_disabled().update_or_create(
            jurisdiction=jurisdiction,
            code=code,
            defaults={"name": str(name), "scope": scope, "permissions": permissions[code]},
        )
        roles[code] = role
    bump_permissions_version(jurisdiction.pk)
    return roles
