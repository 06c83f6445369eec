"""Documents (PDF, Word, Excel, photos): checked by content, size-capped, optionally virus-scanned.

Why: a file name or a browser's content type says nothing about the bytes. A document is
accepted only when its first bytes (and, for Office files, the parts inside the zip) show what
it is; photos go through `core.uploads.check_image` (Pillow opens them). When
`settings.WENMING_CLAMAV_SOCKET` names clamd's unix socket, every file is streamed to it with
the INSTREAM command first; a found virus refuses the file, an unreachable clamd refuses it too
(fail closed: an operator who configured scanning expects it to happen). Off by default.
"""

from __future__ import annotations

import hashlib
import io
import socket
import struct
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wenming.core.errors import field_error

PDF = "pdf"
DOCX = "docx"
XLSX = "xlsx"
JPEG = "jpeg"
PNG = "png"

CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    JPEG: "image/jpeg",
    PNG: "image/png",
}
EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", JPEG: "jpg", PNG: "png"}
#: Labels for error messages ("PDF、Word、Excel").
LABELS = {PDF: "PDF", DOCX: "Word (.docx)", XLSX: "Excel (.xlsx)", JPEG: "JPEG", PNG: "PNG"}
ALL_KINDS = frozenset(CONTENT_TYPES)
CHUNK = 64 * 1024


@dataclass(frozen=True)
class CheckedDocument:
    kind: str
    content_type: str
    extension: str
    size: int
    sha256: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """What the bytes are, by their magic numbers; None when not one of the known kinds."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


def read_limited(upload, limit: int) -> bytes:
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
        _("The file is larger than %(size)s MB."),
        "file_too_large",
        params={"size": round(limit / 1024 / 1024, 1)},
    )


def check_document(
    upload, *, allowed: frozenset[str] | set[str] = ALL_KINDS, max_bytes: int | None = None
) -> CheckedDocument:
    """Read `upload`, identify it by content and refuse what is not allowed (with a code)."""
    limit = max_bytes or settings.WENMING_UPLOAD_MAX_BYTES
    data = read_limited(upload, limit)
    kind = sniff(data)
    if kind is None or kind not in allowed:
        raise field_error(
            None,
            _("This type of file is not accepted; use %(kinds)s."),
            "forbidden_type",
            params={"kinds": "、".join(LABELS[k] for k in sorted(allowed))},
        )
    if kind in (JPEG, PNG):
        from wenming.core.uploads import check_image

        check_image(io.BytesIO(data), max_bytes=limit)
    scan_for_viruses(data)
    return CheckedDocument(
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        extension=EXTENSIONS[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )


def clamd_instream(data: bytes, socket_path: str, *, timeout: float = 30.0) -> str:
    """Send `data` to clamd over its unix socket (INSTREAM) and return its answer line."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout)
        connection.connect(socket_path)
        connection.sendall(b"zINSTREAM\0")
        for start in range(0, len(data), CHUNK):
            chunk = data[start : start + CHUNK]
            connection.sendall(struct.pack("!L", len(chunk)) + chunk)
        connection.sendall(struct.pack("!L", 0))
        answer = b""
        while not answer.endswith(b"\0"):
            part = connection.recv(4096)
            if not part:
                break
            answer += part
    return answer.rstrip(b"\0").decode("utf-8", "replace")


def scan_for_viruses(data: bytes) -> None:
    """Refuse infected files when ClamAV is configured (`WENMING_CLAMAV_SOCKET`); else no-op."""
    socket_path = getattr(settings, "WENMING_CLAMAV_SOCKET", "")
    if not socket_path:
        return
    try:
        answer = clamd_instream(data, socket_path)
    except OSError as error:
        raise ValidationError(
            _("The virus scanner is not reachable; try again later."), code="virus_scan_failed"
        ) from error
    if answer.endswith("FOUND"):
        raise ValidationError(_("The file contains a virus and was refused."), code="infected")
    if not answer.endswith("OK"):
        raise ValidationError(
            _("The virus scanner could not check the file; try again later."),
            code="virus_scan_failed",
        )
