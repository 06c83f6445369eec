"""Photos: checked by content, stored through Django storage, published without EXIF location.

Why: a resident's or inspector's phone photo carries the GPS position of where it was taken
(often their home) and the file name says nothing about what the bytes are. So every upload is
opened by Pillow (a zip renamed .jpg, a script, a decompression bomb are refused with a Chinese
message and a stable code), size-capped by `WENMING_UPLOAD_MAX_BYTES`, and re-encoded into a
public copy with no metadata. The capture time and place are read once (from EXIF, or from the
phone's form fields) and kept as columns on the photo record. Thumbnails are made by a job.

The original goes to the private default storage (served only through the permission-checked
file view, `core.files`); the public copy and the thumbnail go to the public storage, each under
its own random name, so that neither name says anything about the other files. Local files by
default, S3-compatible object storage when the settings configure django-storages. Concrete
photo models live in each app and inherit the abstract `Photo`.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from wenming.core.errors import field_error
from wenming.core.files import public_storage, random_name
from wenming.core.jobs import enqueue, task

#: Formats accepted from phones and cameras.
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
#: Refuse images with more pixels than this (a decompression bomb expands far beyond it).
MAX_PIXELS = 50_000_000
#: Long side of the public copy and of the thumbnail.
PUBLIC_SIZE = 2560
THUMBNAIL_SIZE = 360

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
DATETIME_ORIGINAL = 36867
DATETIME = 306


@dataclass
class CheckedImage:
    """What validation learnt about an upload."""

    format: str
    width: int
    height: int
    taken_at: dt.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None


def _read_bytes(upload, limit: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise_too_large(limit)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise_too_large(limit)
    if not data:
        raise field_error(None, _("The file is empty."), "empty_file")
    return data


def raise_too_large(limit: int):
    raise field_error(
        None,
        _("The photo is larger than %(size)s MB."),
        "file_too_large",
        params={"size": round(limit / 1024 / 1024, 1)},
    )


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            return image
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise field_error(
                None, _("The photo has too many pixels."), "image_too_many_pixels"
            ) from error
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
            raise field_error(
                None, _("The file is not a photo (JPEG, PNG or WebP)."), "not_an_image"
            ) from error


def check_image(upload, *, max_bytes: int | None = None) -> tuple[bytes, CheckedImage]:
    """Read and verify `upload` by its content; raise `ValidationError` with a code if it is not
    an acceptable photo. Returns the bytes and what was learnt (size, EXIF time and place)."""
    limit = max_bytes or settings.WENMING_UPLOAD_MAX_BYTES
    data = _read_bytes(upload, limit)
    image = _open(data)
    if image.format not in ALLOWED_FORMATS:
        raise field_error(None, _("The file is not a photo (JPEG, PNG or WebP)."), "not_an_image")
    try:
        image.verify()
    except Exception as error:  # Pillow raises many kinds for broken files
        raise field_error(None, _("The photo file is damaged."), "broken_image") from error
    image = _open(data)
    taken_at, latitude, longitude = read_exif(image)
    return data, CheckedImage(
        format=image.format,
        width=image.width,
        height=image.height,
        taken_at=taken_at,
        latitude=latitude,
        longitude=longitude,
    )


def _ratio(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        numerator, denominator = value
        return float(numerator) / float(denominator)


def _degrees(values, reference) -> Decimal | None:
    try:
        degrees, minutes, seconds = (_ratio(part) for part in values)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = degrees + minutes / 60 + seconds / 3600
    if str(reference).upper().startswith(("S", "W")):
        result = -result
    return Decimal(f"{result:.6f}")


def read_exif(image: Image.Image) -> tuple[dt.datetime | None, Decimal | None, Decimal | None]:
    """Capture time (local time of the jurisdiction) and WGS-84 position from EXIF, if any."""
    try:
        exif = image.getexif()
    except Exception:  # a broken EXIF block must not refuse the photo
        return None, None, None
    taken_at = None
    raw = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    if raw:
        try:
            naive = dt.datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
            taken_at = timezone.make_aware(naive)
        except ValueError:
            taken_at = None
    latitude = longitude = None
    gps = exif.get_ifd(GPS_IFD)
    if gps and 2 in gps and 4 in gps:
        latitude = _degrees(gps[2], gps.get(1, "N"))
        longitude = _degrees(gps[4], gps.get(3, "E"))
    return taken_at, latitude, longitude


def public_copy(data: bytes, *, size: int = PUBLIC_SIZE, quality: int = 85) -> bytes:
    """Re-encode as JPEG, upright, at most `size` px on the long side, with no metadata."""
    image = _open(data)
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image.thumbnail((size, size))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=quality, optimize=False)
    return output.getvalue()


def _upload_to(instance, filename: str) -> str:
    folder = instance._meta.label_lower.replace(".", "/")
    return f"photos/{folder}/{timezone.now():%Y/%m}/{filename}"


def _public_upload_to(instance, filename: str) -> str:
    """Public copies: no folder that names the app or the date, only a random name."""
    return f"photos/{filename}"


class Photo(models.Model):
    """Abstract photo record: a private original, a public copy without EXIF, a thumbnail,
    and the capture time and place."""

    original = models.FileField(_("original"), upload_to=_upload_to, max_length=255)
    image = models.FileField(
        _("photo"), upload_to=_public_upload_to, storage=public_storage, max_length=255
    )
    thumbnail = models.FileField(
        _("thumbnail"),
        upload_to=_public_upload_to,
        storage=public_storage,
        max_length=255,
        blank=True,
    )
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    size = models.PositiveIntegerField(_("size"), default=0)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        abstract = True

    @property
    def url(self) -> str:
        return self.image.url if self.image else ""

    @property
    def thumbnail_url(self) -> str:
        if self.thumbnail:
            return self.thumbnail.url
        return self.url


def build_photo(
    model,
    upload,
    *,
    taken_at: dt.datetime | None = None,
    latitude=None,
    longitude=None,
    uploaded_by=None,
    checked: tuple[bytes, CheckedImage] | None = None,
    **fields,
):
    """Check `upload`, write its files to storage and return an unsaved `model` instance.

    EXIF time and place win when present (they come from the camera); the phone's form fields
    fill in what EXIF lacks. Call `save()` on the result inside the caller's transaction and
    then `schedule_thumbnail(photo)`.
    """
    data, info = checked or check_image(upload)
    photo = model(
        width=info.width,
        height=info.height,
        size=len(data),
        taken_at=info.taken_at or taken_at,
        latitude=info.latitude if info.latitude is not None else latitude,
        longitude=info.longitude if info.longitude is not None else longitude,
        uploaded_by=uploaded_by if getattr(uploaded_by, "is_authenticated", False) else None,
        **fields,
    )
    extension = {"PNG": "png", "WEBP": "webp", "GIF": "gif"}.get(info.format, "jpg")
    photo.original.save(random_name(extension), ContentFile(data), save=False)
    photo.image.save(random_name("jpg"), ContentFile(public_copy(data)), save=False)
    return photo


def schedule_thumbnail(photo) -> None:
    """Queue the thumbnail job once the transaction that saved `photo` commits."""
    enqueue(make_thumbnail, photo._meta.label_lower, photo.pk)


@task()
def make_thumbnail(model_label: str, pk: int) -> None:
    """Background job: a small JPEG for lists and timelines."""
    model = apps.get_model(model_label)
    photo = model._base_manager.filter(pk=pk).first()
    if photo is None or photo.thumbnail or not photo.image:
        return
    with photo.image.open("rb") as handle:
        data = handle.read()
    thumbnail = public_copy(data, size=THUMBNAIL_SIZE, quality=80)
    photo.thumbnail.save(random_name("jpg"), ContentFile(thumbnail), save=False)
    model._base_manager.filter(pk=pk).update(thumbnail=photo.thumbnail.name)
