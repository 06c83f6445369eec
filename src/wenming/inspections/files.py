"""Files of inspections, served by `core.files` after a check on the visit."""

from __future__ import annotations

from wenming.core.files import FileKind

FILE_KINDS = [
    FileKind(
        name="visit-photo",
        model="inspections.VisitPhoto",
        field="image",
        # `VisitPhoto.scope_path` follows the visit to the site's patron unit, as the visit does.
        permission="inspections.view_inspection",
        filename=lambda photo: f"检查照片-{photo.public_id.hex[:8]}.jpg",
    ),
]
