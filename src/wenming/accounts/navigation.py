"""The accounts area's entry in the left navigation: everyone's own API tokens."""

from django.utils.translation import gettext_lazy as _

from wenming.core.navigation import NavItem

MENU = {
    "system": [
        NavItem(_("API tokens"), "accounts:token-list", order=40),
    ],
}
