"""Evidence files of appeals and adjustments: PDF or image, at most 10 MB, stored under a random
name (the uploaded name is never kept)."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from wenming.core.files import random_name

EVIDENCE_TYPES = {"pdf", "jpg", "jpeg", "png"}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def evidence_file(upload) -> ContentFile | None:
    if not upload:
        return None
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in EVIDENCE_TYPES:
        raise ValidationError({"evidence": [_("Evidence is a PDF, JPEG or PNG file.")]})
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"evidence": [_("Evidence is at most 10 MB.")]})
    return ContentFile(upload.read(), name=random_name(extension))
