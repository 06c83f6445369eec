"""The assessment area's entries in the left navigation, inside 考核评比."""

from django.utils.translation import gettext_lazy as _

from wenming.core.navigation import NavItem

MENU = {
    "assessment": [
        NavItem(_("Assessment results"), "assessments:run-list", "assessments.view_run", order=10),
        NavItem(_("Yearly assessment"), "assessments:year", "assessments.view_run", order=15),
        NavItem(
            _("Assessment schemes"), "assessments:scheme-list", "assessments.view_scheme", order=20
        ),
        NavItem(_("Observation tours"), "assessments:tour-list", "assessments.view_tour", order=40),
        NavItem(_("My tour scoring"), "assessments:my-tours", order=45),
    ],
}
