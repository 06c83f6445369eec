from django import template

from wenming.core.permissions import has_perm

register = template.Library()


@register.simple_tag(takes_context=True)
def workorder_home_counts(context):
    """The user's overdue / needs-action / open counts, or None without the permission."""
    from wenming.workorders.queries import home_counts

    user = context.get("user")
    if user is None or not has_perm(user, "workorders.view_workorder"):
        return None
    return home_counts(user)
