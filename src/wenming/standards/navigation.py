"""The standards area's entries in the left navigation (tasks fill the places between)."""

from django.utils.translation import gettext_lazy as _

from wenming.core.navigation import NavItem

MENU = {
    "standards": [
        NavItem(
            _("Evaluation frameworks"),
            "standards:framework-list",
            "standards.view_framework",
            order=10,
        ),
        NavItem(
            _("Responsibility agreements"),
            "standards:agreement-list",
            "standards.view_agreement",
            order=20,
        ),
        NavItem(_("Evidence"), "standards:evidence-list", "standards.view_evidence", order=50),
    ],
}
