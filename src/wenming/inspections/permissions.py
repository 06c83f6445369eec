from django.utils.translation import gettext_lazy as _

PERMISSIONS = [
    ("inspections.view_site", _("View sites")),
    ("inspections.change_site", _("Add and change sites")),
    ("inspections.view_roadsegment", _("View road segments")),
    ("inspections.change_roadsegment", _("Add and change road segments")),
    ("inspections.view_inspection", _("View inspections and scores")),
    ("inspections.plan_inspection", _("Plan inspection rounds and keep checklists")),
    ("inspections.perform_inspection", _("Perform inspections (record findings)")),
]

_VIEW = ["inspections.view_site", "inspections.view_roadsegment", "inspections.view_inspection"]

DEFAULT_GRANTS = {
    "office_staff": [name for name, _label in PERMISSIONS],
    "inspector": [*_VIEW, "inspections.plan_inspection", "inspections.perform_inspection"],
    "township_admin": list(_VIEW),
    "unit_admin": list(_VIEW),
    "unit_staff": list(_VIEW),
}
