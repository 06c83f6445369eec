from django.utils.translation import gettext_lazy as _

PERMISSIONS = [
    ("assessments.view_tour", _("View observation tours")),
    ("assessments.manage_tour", _("Set up and close observation tours")),
]

DEFAULT_GRANTS = {
    "office_staff": ["assessments.view_tour", "assessments.manage_tour"],
}
