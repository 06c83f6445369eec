"""The volunteers area's entries in the left navigation."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.navigation import NavItem
from wenming.volunteers.models import Volunteer
from wenming.volunteers.queries import is_volunteer


def is_party_member(user) -> bool:
    known = getattr(user, "_wenming_is_party_member", None)
    if known is not None:
        return known
    return (
        is_volunteer(user)
        and Volunteer.objects.with_scopes_disabled()
        .filter(user_id=user.pk, is_party_member=True)
        .exists()
    )


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
        NavItem(
            _("Service projects"), "volunteers:project-list", "volunteers.view_station", order=35
        ),
        # The volunteer's own pages: for anyone with a volunteer registration.
        NavItem(_("My volunteer service"), "volunteers:me", order=1, when=is_volunteer),
        NavItem(_("Find activities"), "volunteers:open-activities", order=2, when=is_volunteer),
        NavItem(_("Spend my points"), "volunteers:my-shop", order=3, when=is_volunteer),
        NavItem(_("My Party member service"), "volunteers:my-party", order=4, when=is_party_member),
    ],
}
