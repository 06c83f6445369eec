"""Every state change of the standards area (frameworks, assignments, evidence, agreements)."""

from wenming.standards.actions.agreements import (
    acknowledge_agreement,
    amend_agreement,
    generate_agreement,
    generate_agreements,
    issue_agreement,
    update_agreement,
)
from wenming.standards.actions.evidence import resubmit_evidence, review_evidence, submit_evidence
from wenming.standards.actions.frameworks import (
    ImportOutcome,
    carry_over_assignments,
    import_framework,
    set_assignments,
    set_framework_status,
    update_framework,
)

__all__ = [
    "ImportOutcome",
    "acknowledge_agreement",
    "amend_agreement",
    "carry_over_assignments",
    "generate_agreement",
    "generate_agreements",
    "import_framework",
    "issue_agreement",
    "resubmit_evidence",
    "review_evidence",
    "set_assignments",
    "set_framework_status",
    "submit_evidence",
    "update_agreement",
    "update_framework",
]
