"""Evidence of bonuses, deductions and appeals: private files served by `core.files` after a
check on the unit they belong to."""

from __future__ import annotations

from wenming.core.files import FileKind


def _extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


FILE_KINDS = [
    FileKind(
        name="assessment-adjustment-evidence",
        model="assessments.Adjustment",
        field="evidence",
        permission="assessments.view_run",
        lookup="pk",
        filename=lambda item: f"加减分依据-{item.pk}{_extension(item.evidence.name)}",
    ),
    FileKind(
        name="assessment-appeal-evidence",
        model="assessments.Appeal",
        field="evidence",
        permission="assessments.view_run",
        lookup="pk",
        filename=lambda appeal: f"申诉材料-{appeal.pk}{_extension(appeal.evidence.name)}",
    ),
]
