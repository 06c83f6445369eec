"""The assessment area's entries in the left navigation."""

from django.utils.translation import gettext_lazy as _

from wenming.core.navigation import NavItem

MENU = {
    "assessment": [
        NavItem(_("Observation tours"), "assessments:tour-list", "assessments.view_tour", order=40),
        NavItem(_("My tour scoring"), "assessments:my-tours", order=45),
    ],
}
