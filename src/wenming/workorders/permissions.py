"""Named permissions of the work-order area and the default roles that hold them."""

from django.utils.translation import gettext_lazy as _

PERMISSIONS = [
    ("workorders.view_workorder", _("View work orders")),
    ("workorders.add_work_order", _("Open work orders (hotline, leader's instruction, office)")),
    ("workorders.accept", _("Accept, reject, merge and reopen work orders")),
    ("workorders.dispatch", _("Dispatch work orders")),
    ("workorders.handle", _("Handle work orders of the unit")),
    ("workorders.verify", _("Verify resolved work orders")),
    ("workorders.approve_deferral", _("Decide deferral requests")),
    ("workorders.view_kpi", _("View work-order statistics")),
    ("workorders.manage_category", _("Manage work-order categories")),
    ("workorders.manage_open311", _("Manage Open311 clients")),
]

#: What a resident may do without an account (see `core.permissions.PUBLIC_ACTIONS`).
PUBLIC_ACTIONS = [
    ("workorders.report_problem_public", _("Report a problem through the public form")),
    ("workorders.submit_open311_request", _("Submit an Open311 service request")),
]

OFFICE_ACTIONS = [
    "workorders.view_workorder",
    "workorders.add_work_order",
    "workorders.accept",
    "workorders.dispatch",
    "workorders.verify",
    "workorders.approve_deferral",
    "workorders.view_kpi",
    "workorders.manage_category",
    "workorders.manage_open311",
]

DEFAULT_GRANTS = {
    "office_staff": OFFICE_ACTIONS,
    "unit_admin": ["workorders.view_workorder", "workorders.handle"],
    "unit_staff": ["workorders.view_workorder", "workorders.handle"],
    "township_admin": ["workorders.view_workorder", "workorders.handle", "workorders.view_kpi"],
    "inspector": ["workorders.view_workorder"],
}
