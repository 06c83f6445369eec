"""The work-order area's entries in the left navigation, inside 督查督办."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wenming.core.navigation import NavItem

MENU = {
    "supervision": [
        NavItem(_("Work orders"), "workorders:queue", "workorders.view_workorder", order=40),
        NavItem(_("Work-order statistics"), "workorders:kpi", "workorders.view_kpi", order=50),
        NavItem(
            pgettext_lazy("workorders", "Residents' reports"),
            "workorders:report-list",
            "workorders.view_workorder",
            order=60,
        ),
    ],
}
