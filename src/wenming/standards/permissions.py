from django.utils.translation import gettext_lazy as _

PERMISSIONS = [
    ("standards.view_framework", _("View evaluation frameworks")),
    ("standards.manage_framework", _("Import frameworks and assign criteria")),
    ("standards.view_agreement", _("View responsibility agreements")),
    ("standards.manage_agreement", _("Draft, issue and amend responsibility agreements")),
    ("standards.acknowledge_agreement", _("Acknowledge the unit's responsibility agreement")),
    ("standards.view_evidence", _("View evidence")),
    ("standards.submit_evidence", _("Submit evidence")),
    ("standards.review_evidence", _("Review evidence")),
]

DEFAULT_GRANTS = {
    "office_staff": [
        "standards.view_framework",
        "standards.manage_framework",
        "standards.view_agreement",
        "standards.manage_agreement",
        "standards.view_evidence",
        "standards.review_evidence",
    ],
    "evidence_reviewer": [
        "standards.view_framework",
        "standards.view_evidence",
        "standards.review_evidence",
    ],
    "inspector": ["standards.view_framework"],
    "township_admin": [
        "standards.view_framework",
        "standards.view_agreement",
        "standards.acknowledge_agreement",
        "standards.view_evidence",
        "standards.submit_evidence",
    ],
    "unit_admin": [
        "standards.view_framework",
        "standards.view_agreement",
        "standards.acknowledge_agreement",
        "standards.view_evidence",
        "standards.submit_evidence",
    ],
    "unit_staff": [
        "standards.view_framework",
        "standards.view_evidence",
        "standards.submit_evidence",
    ],
}
