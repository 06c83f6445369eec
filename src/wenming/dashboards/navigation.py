"""The dashboards area's entries in the left navigation."""

from django.utils.translation import gettext_lazy as _

from wenming.core.navigation import NavItem, holds_any_role

MENU = {
    "dashboards": [
        NavItem(_("Overview"), "dashboards:home", order=10, when=holds_any_role),
    ],
}
