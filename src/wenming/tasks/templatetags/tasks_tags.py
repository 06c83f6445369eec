from django import template

from wenming.core.permissions import has_perm

register = template.Library()

HOME_TASKS_SHOWN = 8


@register.simple_tag(takes_context=True)
def my_due_tasks(context):
    """The home panel's two lists of open tasks of the person's units: due within two weeks
    (from today on) and overdue (None without the permission)."""
    from wenming.tasks.models import Task
    from wenming.tasks.queries import due_tasks, overdue_tasks

    user = context["request"].user
    if not has_perm(user, "tasks.report_progress"):
        return None
    mine = Task.objects.restrict(user, "tasks.report_progress")
    return {
        "due": list(due_tasks(mine)[:HOME_TASKS_SHOWN]),
        "overdue": list(overdue_tasks(mine)[:HOME_TASKS_SHOWN]),
    }
