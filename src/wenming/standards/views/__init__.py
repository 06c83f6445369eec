"""Pages of the standards area (frameworks, evidence, agreements)."""

from wenming.standards.views.agreements import (  # noqa: F401
    AgreementDetailView,
    AgreementListView,
    AgreementPdfView,
)
from wenming.standards.views.evidence import (  # noqa: F401
    EvidenceDetailView,
    EvidenceFileView,
    EvidenceListView,
    EvidenceSubmitView,
)
from wenming.standards.views.frameworks import (  # noqa: F401
    AgreementGenerateView,
    ArchiveExportView,
    AssignmentEditView,
    AssignmentListView,
    CompletenessView,
    FrameworkDetailView,
    FrameworkDiffView,
    FrameworkEditView,
    FrameworkExportView,
    FrameworkImportJobView,
    FrameworkImportView,
    FrameworkListView,
    FrameworkStatusView,
    FrameworkTemplateView,
)
