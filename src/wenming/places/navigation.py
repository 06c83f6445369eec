"""The places area's entries in the left navigation."""

from django.utils.translation import gettext_lazy as _

from wenming.core.navigation import NavItem

MENU = {
    "supervision": [
        NavItem(_("Sites"), "places:site-list", "places.view_site", order=10),
        NavItem(_("Road segments"), "places:road-list", "places.view_roadsegment", order=20),
    ],
}
