"""Files of the volunteer registry, served by `core.files` after a check on the owning record."""

from __future__ import annotations

from django.utils import timezone

from wenming.core.files import FileKind


def certificate_filename(certificate) -> str:
    """The download name: what the document is and when; never the verification code (which
    the public check page takes) nor the volunteer's name."""
    issued = timezone.localtime(certificate.created_at).date()
    return f"志愿服务记录证明-{issued:%Y%m%d}.pdf"


FILE_KINDS = [
    FileKind(
        name="certificate",
        model="volunteers.Certificate",
        field="pdf",
        permission="volunteers.issue_certificate",
        # `Certificate.scope_filter`: the volunteer it certifies, or staff of the issuing team.
        filename=certificate_filename,
    ),
]
