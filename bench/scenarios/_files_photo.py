"""Shared by the files_* scenarios: one work-order photo of about 300 KB, stored as the platform
stores a resident's photo (a private original, a public EXIF-stripped copy)."""

import io
import random


def make_photo(target_bytes: int) -> bytes:
    """A noisy JPEG of about `target_bytes` (noise does not compress, like a phone photo)."""
    from PIL import Image

    rng = random.Random(7)
    side = 400
    while True:
        pixels = bytes(rng.getrandbits(8) for _ in range(side * side * 3))
        image = Image.frombytes("RGB", (side, side), pixels)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        if buffer.tell() >= target_bytes or side > 2000:
            return buffer.getvalue()
        side += 100


def store_photo(env) -> None:
    """Store the photo on a work order and put both URLs and sizes in `env.state`/`env.notes`."""
    env.django()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_scopes import scopes_disabled

    from wenming.core.files import file_url
    from wenming.core.uploads import build_photo
    from wenming.workorders.models import WorkOrder, WorkOrderPhoto

    data = make_photo(300 * 1024)
    with scopes_disabled():
        order = WorkOrder.objects.exclude(responsible_unit=None).order_by("pk").first()
        photo = build_photo(
            WorkOrderPhoto,
            SimpleUploadedFile("photo.jpg", data, "image/jpeg"),
            jurisdiction_id=order.jurisdiction_id,
            work_order=order,
            stage="before",
        )
        photo.save()
        env.state["private_url"] = file_url(photo, "workorder-photo-original")
        env.state["public_url"] = photo.url
        env.notes["original_bytes"] = photo.original.size
        env.notes["public_bytes"] = photo.image.size
