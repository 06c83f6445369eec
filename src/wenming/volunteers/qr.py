"""QR codes as SVG (the `qrcode` package), for check-in screens and certificates."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    """An inline SVG element (scales to any size, no raster)."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    return image.to_string(encoding="unicode")


def qr_data_uri(data: str) -> str:
    """The same QR as a data URI, for documents (PDF) that embed images."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(data).encode()).decode()
