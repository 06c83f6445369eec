from django.utils.translation import gettext_lazy as _

PERMISSIONS = [
    ("tasks.view_task", _("View tasks and projects")),
    ("tasks.manage_task", _("Create and assign tasks and projects")),
    ("tasks.report_progress", _("Report progress on tasks, projects and activities")),
    ("tasks.view_activityplan", _("View monthly activity plans")),
    ("tasks.manage_activityplan", _("Plan monthly activities")),
]

DEFAULT_GRANTS = {
    "office_staff": [
        "tasks.view_task",
        "tasks.manage_task",
        "tasks.report_progress",
        "tasks.view_activityplan",
        "tasks.manage_activityplan",
    ],
    "inspector": ["tasks.view_task", "tasks.view_activityplan"],
    "evidence_reviewer": ["tasks.view_task", "tasks.view_activityplan"],
    "township_admin": ["tasks.view_task", "tasks.report_progress", "tasks.view_activityplan"],
    "unit_admin": ["tasks.view_task", "tasks.report_progress", "tasks.view_activityplan"],
    "unit_staff": ["tasks.view_task", "tasks.report_progress", "tasks.view_activityplan"],
}
