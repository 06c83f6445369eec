"""The organizations area's entries in the left navigation."""

from django.utils.translation import gettext_lazy as _

from wenming.core.navigation import NavItem

MENU = {
    "organisation": [
        NavItem(
            _("Organization tree"),
            "organizations:organization-list",
            "organizations.view_organization",
            order=10,
        ),
        NavItem(
            _("Divisions"), "organizations:division-list", "organizations.view_division", order=20
        ),
        NavItem(_("People"), "organizations:person-list", "organizations.view_person", order=30),
        NavItem(_("Roles"), "organizations:role-list", "organizations.view_role", order=40),
    ],
}
