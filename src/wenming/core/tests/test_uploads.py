"""Photo uploads: checked by content, size-capped, published without EXIF location."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from wenming.core.uploads import check_image, public_copy, read_exif
from wenming.testing import error_codes


def jpeg_bytes(size=(64, 48), exif=None, color=(200, 30, 30)) -> bytes:
    image = Image.new("RGB", size, color)
    output = io.BytesIO()
    if exif is not None:
        image.save(output, "JPEG", exif=exif)
    else:
        image.save(output, "JPEG")
    return output.getvalue()


def gps_exif():
    exif = Image.Exif()
    exif[0x0110] = "Phone"
    exif.get_ifd(0x8769)[36867] = "2026:03:05 10:20:30"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (34.0, 10.0, 12.0)
    gps[3] = "E"
    gps[4] = (112.0, 50.0, 24.0)
    return exif


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def codes(callable_):
    with pytest.raises(ValidationError) as caught:
        callable_()
    return error_codes(caught.value)


def test_a_jpeg_is_accepted_and_its_exif_time_and_place_read():
    _data, info = check_image(upload(jpeg_bytes(exif=gps_exif())))
    assert info.format == "JPEG"
    assert (info.width, info.height) == (64, 48)
    assert info.latitude == Decimal("34.170000")
    assert info.longitude == Decimal("112.840000")
    assert info.taken_at is not None and info.taken_at.hour == 10


def test_the_public_copy_has_no_exif():
    original = jpeg_bytes(exif=gps_exif())
    assert read_exif(Image.open(io.BytesIO(original)))[1] is not None
    copy = Image.open(io.BytesIO(public_copy(original)))
    assert copy.format == "JPEG"
    assert read_exif(copy) == (None, None, None)
    assert not copy.getexif()


def test_not_an_image_is_refused():
    assert codes(lambda: check_image(upload(b"hello, I am text", "x.jpg"))) == {"not_an_image"}


def test_zip_renamed_jpg_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.txt", "x" * 1000)
    assert codes(lambda: check_image(upload(buffer.getvalue(), "photo.jpg"))) == {"not_an_image"}


def test_too_large_is_refused(settings):
    settings.WENMING_UPLOAD_MAX_BYTES = 1000
    data = jpeg_bytes(size=(400, 400), color=(1, 2, 3))
    big = data + b"\0" * 2000
    assert codes(lambda: check_image(upload(big))) == {"file_too_large"}


def test_decompression_bomb_is_refused():
    # A tiny PNG that claims 8000 × 8000 pixels.
    image = Image.new("1", (8000, 8000))
    output = io.BytesIO()
    image.save(output, "PNG")
    assert len(output.getvalue()) < 200_000
    assert codes(lambda: check_image(upload(output.getvalue(), "bomb.png"))) == {
        "image_too_many_pixels"
    }


def test_truncated_jpeg_is_refused():
    data = jpeg_bytes(size=(300, 300))
    assert codes(lambda: check_image(upload(data[:200]))) & {"broken_image", "not_an_image"}


def test_png_with_transparency_becomes_a_jpeg():
    image = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    output = io.BytesIO()
    image.save(output, "PNG")
    data, info = check_image(upload(output.getvalue(), "x.png", "image/png"))
    assert info.format == "PNG"
    assert Image.open(io.BytesIO(public_copy(data))).mode == "RGB"
