"""Files of work orders, served by `core.files` after a check on the work order.

The public copy and the thumbnail of a photo live in the public storage (their URL is public by
design: the resident's status page and the Open311 feed show them); the original, with its
EXIF block, is private and reaches only who may see the work order.
"""

from __future__ import annotations

from wenming.core.files import FileKind
from wenming.core.permissions import has_perm

VIEW = "workorders.view_workorder"


def _may_see_work_order(user, photo) -> bool:
    return has_perm(user, VIEW, photo.work_order)


FILE_KINDS = [
    FileKind(
        name="workorder-photo-original",
        model="workorders.WorkOrderPhoto",
        field="original",
        permission=VIEW,
        lookup="pk",
        allowed=_may_see_work_order,
        filename=lambda photo: f"工单照片原图-{photo.pk}{_extension(photo.original.name)}",
    ),
]


def _extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""
