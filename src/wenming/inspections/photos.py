"""Inspection photos: checked by content, stored without EXIF, with where and when kept.

Uses the platform's `wenming.core.uploads` checks when that module is present (the same rules
as residents' photos); otherwise an equivalent Pillow check of our own, so that inspections
work on their own.
"""

from __future__ import annotations

import io
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import field_error

try:  # the shared photo checks, once they exist
    from wenming.core.uploads import check_image, public_copy
except ImportError:  # pragma: no cover - exercised only before core.uploads exists
    check_image = None
    public_copy = None

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}


def _check_with_pillow(upload) -> tuple[bytes, dict]:
    from PIL import Image, UnidentifiedImageError

    limit = settings.WENMING_UPLOAD_MAX_BYTES
    if getattr(upload, "size", 0) and upload.size > limit:
        raise field_error(None, _("The photo is too large."), "file_too_large")
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise field_error(None, _("The photo is too large."), "file_too_large")
    try:
        image = Image.open(io.BytesIO(data))
        image.verify()
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise field_error(
            None, _("The file is not a photo (JPEG, PNG or WebP)."), "not_an_image"
        ) from error
    if image.format not in ALLOWED_FORMATS:
        raise field_error(None, _("The file is not a photo (JPEG, PNG or WebP)."), "not_an_image")
    output = io.BytesIO()
    image.convert("RGB").save(output, "JPEG", quality=85)
    return output.getvalue(), {}


def checked_photo(upload) -> tuple[bytes, dict]:
    """The public JPEG (no metadata) of `upload` and what its EXIF says about time and place.

    Raises a `ValidationError` (code `not_an_image`, `file_too_large`, …) for a bad file."""
    if check_image is None:
        return _check_with_pillow(upload)
    data, info = check_image(upload)
    return public_copy(data), {
        "taken_at": info.taken_at,
        "latitude": info.latitude,
        "longitude": info.longitude,
    }


def build_visit_photo(
    visit,
    item,
    checked: tuple[bytes, dict],
    *,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    taken_at=None,
    actor=None,
):
    """An unsaved `VisitPhoto` with its file written to storage. EXIF time and place win over
    the phone's form fields (they come from the camera)."""
    from wenming.inspections.models import VisitPhoto

    data, exif = checked
    photo = VisitPhoto(
        jurisdiction_id=visit.jurisdiction_id,
        visit=visit,
        item=item,
        taken_at=exif.get("taken_at") or taken_at or timezone.now(),
        latitude=exif.get("latitude") if exif.get("latitude") is not None else latitude,
        longitude=exif.get("longitude") if exif.get("longitude") is not None else longitude,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    photo.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(data), save=False)
    return photo
