"""Photos attached to progress reports, served by `core.files` after a check on the task,
project or plan they report on."""

from __future__ import annotations

from wenming.core.files import FileKind
from wenming.core.permissions import has_perm


def _extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


FILE_KINDS = [
    FileKind(
        name="task-report-photo",
        model="tasks.TaskReport",
        field="photo",
        permission="tasks.view_task",
        lookup="pk",
        allowed=lambda user, report: has_perm(user, "tasks.view_task", report.task),
        filename=lambda report: f"任务进展照片-{report.pk}{_extension(report.photo.name)}",
    ),
    FileKind(
        name="project-report-photo",
        model="tasks.ProjectReport",
        field="photo",
        permission="tasks.view_task",
        lookup="pk",
        allowed=lambda user, report: has_perm(user, "tasks.view_task", report.project),
        filename=lambda report: f"项目进展照片-{report.pk}{_extension(report.photo.name)}",
    ),
    FileKind(
        name="plan-item-photo",
        model="tasks.PlanItem",
        field="photo",
        permission="tasks.view_activityplan",
        lookup="pk",
        filename=lambda item: f"活动照片-{item.pk}{_extension(item.photo.name)}",
    ),
]
