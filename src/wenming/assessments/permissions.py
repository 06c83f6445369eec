from django.utils.translation import gettext_lazy as _

PERMISSIONS = [
    ("assessments.view_scheme", _("View assessment schemes")),
    ("assessments.manage_scheme", _("Define assessment schemes, bonus and deduction items")),
    ("assessments.view_run", _("View assessment runs and each unit's result")),
    ("assessments.manage_run", _("Compute, publish and finalise assessment runs")),
    ("assessments.lodge_appeal", _("Lodge an appeal against an assessment result")),
    ("assessments.decide_appeal", _("Accept or reject appeals")),
    ("assessments.view_tour", _("View observation tours")),
    ("assessments.manage_tour", _("Set up and close observation tours")),
]

DEFAULT_GRANTS = {
    "office_staff": [name for name, _label in PERMISSIONS],
    "township_admin": [
        "assessments.view_scheme",
        "assessments.view_run",
        "assessments.lodge_appeal",
    ],
    "unit_admin": ["assessments.view_scheme", "assessments.view_run", "assessments.lodge_appeal"],
    "unit_staff": ["assessments.view_scheme", "assessments.view_run"],
}
