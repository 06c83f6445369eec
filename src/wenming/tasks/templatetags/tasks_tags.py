from django import template

from wenming.core.permissions import has_perm

register = template.Library()


@register.simple_tag(takes_context=True)
def my_due_tasks(context):
    """Open tasks of the person's units due within two weeks (None without the permission)."""
    from wenming.tasks.models import Task
    from wenming.tasks.queries import due_tasks

    user = context["request"].user
    if not has_perm(user, "tasks.report_progress"):
        return None
    return list(due_tasks(Task.objects.restrict(user, "tasks.report_progress"))[:8])
