"""Files of the standards area (evidence, agreement PDFs), served by `core.files`."""

from __future__ import annotations

from wenming.core.files import FileKind

FILE_KINDS = [
    FileKind(
        name="evidence",
        model="standards.Evidence",
        field="file",
        permission="standards.view_evidence",
        filename=lambda evidence: evidence.file_name,
    ),
    FileKind(
        name="agreement",
        model="standards.ResponsibilityAgreement",
        field="pdf",
        permission="standards.view_agreement",
        filename=lambda agreement: f"{agreement.title}-v{agreement.version}.pdf",
    ),
]
