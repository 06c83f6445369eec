"""Inspection photos: checked by content with the platform's photo rules (`core.uploads`, the
same as residents' photos), the original kept private, a copy without EXIF for viewing, and the
capture time and place kept as columns."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from wenming.core.uploads import CheckedImage, build_photo


def build_visit_photo(
    visit,
    item,
    checked: tuple[bytes, CheckedImage],
    *,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    taken_at=None,
    actor=None,
):
    """An unsaved `VisitPhoto` with its files written to storage. EXIF time and place win over
    the phone's form fields (they come from the camera)."""
    from wenming.inspections.models import VisitPhoto

    return build_photo(
        VisitPhoto,
        None,
        checked=checked,
        taken_at=taken_at or timezone.now(),
        latitude=latitude,
        longitude=longitude,
        uploaded_by=actor,
        jurisdiction_id=visit.jurisdiction_id,
        visit=visit,
        item=item,
    )
