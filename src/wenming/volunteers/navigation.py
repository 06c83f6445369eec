"""The volunteers area's entries in the left navigation."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.navigation import NavItem

MENU = {
    "volunteers": [
        NavItem(
            pgettext_lazy("volunteers", "Volunteers"),
            "volunteers:volunteer-list",
            "volunteers.view_volunteer",
            order=10,
        ),
        NavItem(_("Teams"), "volunteers:team-list", "volunteers.view_team", order=20),
        NavItem(_("Stations"), "volunteers:station-list", "volunteers.view_station", order=30),
        NavItem(
            pgettext_lazy("volunteers", "Activities"),
            "volunteers:activity-list",
            "volunteers.view_activity",
            order=40,
        ),
        NavItem(
            _("Party members' registration"),
            "volunteers:party-list",
            "volunteers.view_partymemberregistration",
            order=50,
        ),
        NavItem(_("Reward shop"), "volunteers:shop", "volunteers.view_rewardshop", order=60),
    ],
}
