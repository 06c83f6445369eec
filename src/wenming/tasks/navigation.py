"""The tasks area's entries in the left navigation, inside 标准与责任."""

from django.utils.translation import gettext_lazy as _

from wenming.core.navigation import NavItem

MENU = {
    "standards": [
        NavItem(_("Tasks and projects"), "tasks:task-list", "tasks.view_task", order=30),
        NavItem(
            _("Monthly activity plans"), "tasks:plan-list", "tasks.view_activityplan", order=40
        ),
    ],
}
