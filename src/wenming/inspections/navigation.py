"""The inspections area's entries in the left navigation."""

from django.utils.translation import gettext_lazy as _

from wenming.core.navigation import NavItem

MENU = {
    "supervision": [
        NavItem(
            _("Inspections"), "inspections:inspection-list", "inspections.view_inspection", order=30
        ),
    ],
}
