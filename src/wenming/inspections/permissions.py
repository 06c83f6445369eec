from django.utils.translation import gettext_lazy as _

PERMISSIONS = [
    ("inspections.view_inspection", _("View inspections and scores")),
    ("inspections.plan_inspection", _("Plan inspection rounds and keep checklists")),
    ("inspections.perform_inspection", _("Perform inspections (record findings)")),
]

DEFAULT_GRANTS = {
    "office_staff": [name for name, _label in PERMISSIONS],
    "inspector": [
        "inspections.view_inspection",
        "inspections.plan_inspection",
        "inspections.perform_inspection",
    ],
    "township_admin": ["inspections.view_inspection"],
    "unit_admin": ["inspections.view_inspection"],
    "unit_staff": ["inspections.view_inspection"],
}
